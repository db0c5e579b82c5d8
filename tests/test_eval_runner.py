"""Eval data loading, the sample question set, and small end-to-end runs on a fixture corpus with the real
embedding model, FAISS/BM25 knowledge base and the extractive generator."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import EvalSetError, load_corpus, load_questions, question_split
from eval.normalize import normalize
from rag.config import PROJECT_ROOT, Settings

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "eval_corpus.jsonl"
QUESTIONS = FIXTURES / "eval_questions.jsonl"
SAMPLE_SET = PROJECT_ROOT / "eval" / "sets" / "sample_qa.jsonl"
TOP_KEYS = {"retrieval", "answer", "refusal", "citations", "splits", "rules", "confidence", "latency", "config", "rows"}


# --- data validation (no models) ------------------------------------------------------------------

@pytest.mark.parametrize("line, problem", [
    ('{"id": "a", "question": "问', "line 2: invalid JSON"),
    ('{"id": "a", "answers": ["x"]}', "line 2: missing 'question'"),
    ('{"id": "a", "question": "问？", "answerable": true}', "line 2: answerable question 'a' has no 'answers'"),
    ('{"id": "a", "question": "问？", "answers": ["x"], "answer_parts": ["x"]}', "line 2: 'answer_parts'"),
    ('{"id": "a", "question": "问？", "answers": ["x"], "answerable": "yes"}', "'answerable' must be true or false"),
    ('{"id": "a", "question": "问？", "answers": "x"}', "line 2: 'answers' must be a list"),
    ('{"id": "a", "question": "问？", "answers": [3]}', "line 2: 'answers' must hold strings or spans"),
])
def test_bad_question_lines_name_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    p = tmp_path / "set.jsonl"
    p.write_text('{"id": "ok", "question": "好？", "answers": ["好"]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(EvalSetError) as e:
        load_questions(p)
    assert str(p) in str(e.value) and problem in str(e.value)


def test_withheld_passages_are_an_unanswerable_questions_only(tmp_path: Path) -> None:
    p = tmp_path / "set.jsonl"
    p.write_text('{"id": "a", "question": "好？", "answers": ["好"], "withheld_ids": ["c1"]}\n', encoding="utf-8")
    with pytest.raises(EvalSetError, match="answerable question 'a' lists 'withheld_ids'"):
        load_questions(p)
    p.write_text('{"id": "a", "question": "好？", "answers": ["好"], "gold_ids": ["c1"]}\n'
                 '{"id": "u", "question": "坏？", "answerable": false, "withheld_ids": ["c1"]}\n', encoding="utf-8")
    with pytest.raises(EvalSetError, match="question 'a' needs passage 'c1', which another question withholds"):
        load_questions(p)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(EvalSetError, match="file not found"):
        load_questions(tmp_path / "nope.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(EvalSetError, match="no records"):
        load_corpus(tmp_path / "empty.jsonl")
    (tmp_path / "dup.jsonl").write_text('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', encoding="utf-8")
    with pytest.raises(EvalSetError, match="line 2: duplicate id 'a'"):
        load_corpus(tmp_path / "dup.jsonl")


def test_answers_given_as_corpus_spans(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"id": "p1", "title": "星河", "text": "星河公司成立于1998年，总部在林城。"}\n', encoding="utf-8")
    p = tmp_path / "set.jsonl"
    p.write_text('{"id": "a", "question": "星河公司哪年成立？", "gold_ids": ["p1"], "answers": '
                 '[{"id": "p1", "start": 7, "end": 12}, "1998"]}\n'
                 '{"id": "b", "question": "总部在哪？", "answer_parts": [[{"id": "p1", "start": 16, "end": 18}]]}\n',
                 encoding="utf-8")
    a, b = load_questions(p, corpus=corpus)
    assert a["answers"] == ["1998年", "1998"] and b["answer_parts"] == [["林城"]]
    with pytest.raises(EvalSetError, match="line 1: 'answers' names a corpus span; give the corpus"):
        load_questions(p)
    for span, problem in (('{"id": "p9", "start": 0, "end": 2}', "names passage 'p9', which is not in the corpus"),
                          ('{"id": "p1", "start": 5, "end": 99}', r"span \[5, 99\) is outside passage 'p1'")):
        p.write_text('{"id": "a", "question": "问？", "answers": [' + span + ']}\n', encoding="utf-8")
        with pytest.raises(EvalSetError, match=problem) as e:
            load_questions(p, corpus=corpus)
        assert str(p) in str(e.value)


ROUNDS = {name: (PROJECT_ROOT / "eval" / "sets" / f"rounds_{name}.jsonl",
                 PROJECT_ROOT.parent / "shared" / "eval" / name / "corpus.jsonl") for name in ("rgb_zh", "cmrc2018")}


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_written_rounds_read_their_answers_from_the_benchmark(name: str) -> None:
    """The written rounds carry none of the benchmark's text: their questions are their own, an answer the passage
    holds word for word is a span of it (read at load time), and a literal answer is one the set's author derived
    (a sum, a unit added), which no gold passage holds as written."""
    questions, corpus = ROUNDS[name]
    if not corpus.is_file():
        pytest.skip(f"{corpus} not present (../shared beside the clone)")
    texts = {r["id"]: r["text"] for r in load_corpus(corpus)}
    theirs = {json.loads(line)["question"].strip()
              for line in (corpus.parent / "questions.jsonl").open(encoding="utf-8")}
    raw = [json.loads(line) for line in questions.open(encoding="utf-8")]
    assert not {r["question"].strip() for r in raw} & theirs  # written here, none of the benchmark's own
    loaded = load_questions(questions, corpus=corpus)
    assert len(loaded) == len(raw) >= 250 and sum(not q["answerable"] for q in loaded) >= 50
    for row, q in zip(raw, loaded):
        assert set(q["gold_ids"]) <= set(texts), q["id"]
        if q["answerable"]:
            assert q["gold_ids"] and (q["answers"] or q["answer_parts"]), q["id"]
        given = list(row.get("answers") or []) + [a for part in row.get("answer_parts") or [] for a in part]
        for a in given:
            if isinstance(a, str):
                assert not any(a.casefold() in texts[g].casefold() for g in q["gold_ids"]), (q["id"], a)
            else:
                assert a["id"] in q["gold_ids"], q["id"]


def test_sample_set_shape() -> None:
    qs = load_questions(SAMPLE_SET)
    assert len(qs) >= 40
    assert sum(not q["answerable"] for q in qs) >= 10
    for q in qs:
        if q["answerable"]:
            assert q["evidence"] and q["gold_ids"], q["id"]
    kinds = {q.get("kind") for q in qs}
    assert {"fact", "paraphrase", "byline", "cross", "unanswerable"} <= kinds


def test_sample_set_evidence_and_answers_survive_ingest(sample_kb) -> None:
    """Evidence must be found in the cleaned documents the KB holds, or retrieval is judged wrongly."""
    docs = {d.doc_id: normalize(d.text + " ".join(a.author for a in d.articles)) for d in sample_kb.documents()}
    for q in load_questions(SAMPLE_SET):
        for ev in q["evidence"]:
            assert any(normalize(ev) in docs[g] for g in q["gold_ids"]), (q["id"], ev)
        if q["answerable"]:
            alts = q["answers"] + [a for part in q["answer_parts"] for a in part]
            assert any(normalize(a) in docs[g] for g in q["gold_ids"] for a in alts), q["id"]


# --- end to end on the fixture corpus ---------------------------------------------------------------

@pytest.fixture(scope="module")
def extractive_run(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    from eval.runner import RunOptions, run_eval

    out = tmp_path_factory.mktemp("eval_extractive")
    return run_eval(RunOptions(questions=QUESTIONS, corpus=CORPUS, llm="extractive", k=3, out=out), settings,
                    use_tqdm=False)


def _in_unit(v: float | None) -> bool:
    return v is not None and 0.0 <= v <= 1.0


def test_extractive_run_report(extractive_run: tuple[dict, Path]) -> None:
    report, out = extractive_run
    on_disk = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(on_disk) == TOP_KEYS
    r = on_disk["retrieval"]
    assert {"hit@1", "hit@3", "hit@5", "hit@10", "recall@5", "recall@10", "mrr@10", "ndcg@10"} <= set(r)
    assert r["n"] == 4  # the unanswerable question has no gold
    assert r["hit@3"] == 1.0  # four distinct topics: the right record is always in the top 3
    assert r["hit@1"] <= r["hit@3"] <= r["hit@5"] <= r["hit@10"]
    assert _in_unit(r["mrr@10"]) and _in_unit(r["ndcg@10"])
    assert r["answer_bearing"]["n"] == 1 and r["answer_bearing"]["hit@5"] == 1.0  # only f4 lists them
    assert set(on_disk["answer"]) >= {"accuracy", "false_refusal_rate"}
    assert _in_unit(on_disk["answer"]["accuracy"]) and _in_unit(on_disk["answer"]["false_refusal_rate"])
    assert _in_unit(on_disk["answer"]["answer_shown_rate"])  # every answerable question reached the model
    assert _in_unit(on_disk["refusal"]["correct_refusal_rate"])
    assert set(on_disk["citations"]) >= {"precision", "coverage", "unsupported_sentence_rate"}
    lat = on_disk["latency"]
    assert lat["retrieval"]["n"] == 5 and lat["retrieval"]["p50"] > 0
    assert lat["total"]["n"] == 5 and lat["total"]["p50"] > 0
    assert on_disk["config"]["llm"] == "extractive" and on_disk["config"]["n_questions"] == 5
    from eval.dataset import question_split
    splits = on_disk["splits"]  # each question in exactly one half, fixed by its id
    halves = [question_split(q) for q in ("f1", "f2", "f3", "f4", "f5")]
    assert sum(splits[h]["n"] for h in set(halves)) == 5
    for h in set(halves):
        assert splits[h]["n"] == halves.count(h) and _in_unit(splits[h]["retrieval.hit@5"])
    if len(set(halves)) == 2:
        assert splits["gap"]["answer.accuracy"] == splits["dev"]["answer.accuracy"] - splits["test"]["answer.accuracy"]
    rows = on_disk["rows"]
    assert [row["id"] for row in rows] == ["f1", "f2", "f3", "f4", "f5"]
    for row in rows:
        assert row["retrieved"] and "verdict" in row and "answer_text" in row
        assert row["verdict"] in {"correct", "wrong", "false_refusal", "correct_refusal", "answered_unanswerable"}
    for png in ("hit_at_k.png", "latency.png", "outcomes.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## retrieval" in md and "hit@1" in md and "![hit_at_k.png](hit_at_k.png)" in md


def test_cli_retrieval_only_reuses_cached_kb_and_compare(extractive_run: tuple[dict, Path], settings: Settings,
                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from eval.__main__ import main
    from eval.runner import corpus_kb_name
    from rag.stores import open_kb

    _, first_out = extractive_run
    monkeypatch.setenv("RAG_INDEX_DIR", str(settings.index_dir))
    kb_version = open_kb(corpus_kb_name(CORPUS, settings), settings).stats()["version"]
    out = tmp_path / "ro"
    assert main(["run", "--corpus", str(CORPUS), "--questions", str(QUESTIONS), "--retrieval-only",
                 "--limit", "3", "--out", str(out)]) == 0
    assert "hit@1=" in capsys.readouterr().out
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(report) == TOP_KEYS
    assert report["config"]["retrieval_only"] is True and len(report["rows"]) == 3
    assert report["answer"]["accuracy"] is None and report["retrieval"]["hit@3"] == 1.0
    # the cached KB was reused, not rebuilt
    assert open_kb(corpus_kb_name(CORPUS, settings), settings).stats()["version"] == kb_version

    assert main(["compare", str(first_out), str(out)]) == 0
    text = capsys.readouterr().out
    assert "retrieval.hit@1" in text and "B-A" in text and "latency.retrieval.p50" in text


def test_reverify_reproduces_a_run_and_rechecks_changed_outputs(extractive_run: tuple[dict, Path],
                                                                settings: Settings, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from eval.__main__ import main
    from eval.reverify import reverify_report

    report, run_dir = extractive_run
    answered = [r for r in report["rows"] if r["raw_answer"]]
    assert answered and all(r["shown"] and r["query"] for r in answered)
    # the same verifier on the same outputs gives the same answers and metrics
    again = reverify_report(report, settings)
    assert [(r["verdict"], r["answer_text"]) for r in again["rows"]] == \
        [(r["verdict"], r["answer_text"]) for r in report["rows"]]
    assert again["citations"] == report["citations"] and again["answer"] == report["answer"]
    # an output whose number is in no shown passage is re-checked and refused
    target = next(r for r in report["rows"] if r["correct"])
    changed = json.loads(json.dumps(report))
    row = next(r for r in changed["rows"] if r["id"] == target["id"])
    row["raw_answer"] = "答案是987654[1]。"
    rechecked = next(r for r in reverify_report(changed, settings)["rows"] if r["id"] == target["id"])
    assert rechecked["refused"] and rechecked["verdict"] == "false_refusal"
    assert "987654" in rechecked["sentences"][0]["reason"] and rechecked["sentences"][0]["rule"] == "key_facts"
    # ... with that rule switched off it is not what removes the sentence (what the rule buys is measurable)
    lax = reverify_report(changed, settings.replace(verify_skip="key_facts"))
    assert next(r for r in lax["rows"] if r["id"] == target["id"])["sentences"][0]["rule"] != "key_facts"
    assert reverify_report(changed, settings)["rules"]["key_facts"]["removed"] >= 1
    # with `judge` the local model reads the cited passages of answers the run holds no verdict for (an extractive
    # run has none); the report keeps its margins, and re-verifying that report replays them
    judged = reverify_report(report, settings, judge=True)
    read = [r for r in judged["rows"] if r.get("judged")]
    assert read and all(isinstance(r["judged"]["margin"], float) and r["judged"]["cited"] for r in read)
    replayed = reverify_report(judged, settings)
    def verdicts(rows: list[dict]) -> list[tuple]:
        return [(r["verdict"], (r["judged"] or {}).get("margin"), (r["judged"] or {}).get("cited")) for r in rows]

    assert verdicts(replayed["rows"]) == verdicts(judged["rows"])

    monkeypatch.setenv("RAG_INDEX_DIR", str(settings.index_dir))
    out = tmp_path / "rev"
    assert main(["reverify", str(run_dir), "--out", str(out)]) == 0
    assert "accuracy=" in capsys.readouterr().out
    on_disk = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(on_disk) == TOP_KEYS and on_disk["answer"] == report["answer"]
    assert on_disk["config"]["reverified_from"] == report["config"]["started"]
    half = tmp_path / "rev_test"
    assert main(["reverify", str(run_dir), "--out", str(half), "--split", "test", "--without", "topic"]) == 0
    test_half = json.loads((half / "report.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in test_half["rows"]} == {r["id"] for r in report["rows"] if question_split(r["id"]) == "test"}
    assert test_half["config"]["verify_skip"] == "topic" and test_half["config"]["split"] == "test"
    capsys.readouterr()
    assert main(["ablate", str(run_dir)]) == 0
    table = capsys.readouterr().out
    assert "all rules" in table and "without key_facts" in table and "without answer_type" in table
    assert main(["reverify", str(run_dir), "--out", str(half), "--without", "no_such_rule"]) == 2


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from eval.__main__ import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    assert main(["run", "--corpus", str(CORPUS), "--questions", str(bad), "--retrieval-only"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(bad) in err and "line 1: invalid JSON" in err
    assert main(["compare", str(tmp_path), str(tmp_path)]) == 2
    assert "no report.json" in capsys.readouterr().err
    assert main(["reverify", str(tmp_path), "--out", str(tmp_path / "x")]) == 2
    assert "no report.json" in capsys.readouterr().err


def test_ui_tab_builds_and_reports_errors(settings: Settings, tmp_path: Path) -> None:
    import gradio as gr

    from eval.ui_tab import UPLOAD, available_sets, build_eval_tab, run_from_ui

    assert "sample_qa" in available_sets()
    shared = tmp_path / "shared"
    (shared / "bench_x").mkdir(parents=True)
    (shared / "bench_x" / "corpus.jsonl").write_text('{"id": "p1", "text": "星河"}\n', encoding="utf-8")
    (tmp_path / "rounds_bench_x.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "mine.jsonl").write_text("", encoding="utf-8")
    sets = available_sets(tmp_path, shared)
    assert sets["rounds_bench_x"] == (tmp_path / "rounds_bench_x.jsonl", shared / "bench_x" / "corpus.jsonl")
    assert sets["mine"] == (tmp_path / "mine.jsonl", None)
    with gr.Blocks():
        parts = build_eval_tab(settings)
    assert UPLOAD in parts["set"].choices[-1]
    assert parts["set"].value == "sample_qa"  # not the first set in order (rounds_cmrc2018 indexes a whole corpus)
    status, md, plots = run_from_ui(UPLOAD, None, None, "extractive", True, 5, settings)
    assert "上传" in status and md == "" and plots == []
    status, _, _ = run_from_ui("sample_qa", None, None, "extractive", True, 5, settings)
    assert "知识库" in status


def test_a_withheld_passage_is_left_out_of_the_runs_corpus(settings: Settings, tmp_path: Path) -> None:
    """An unanswerable question built as RGB builds them: the passage with its answer is withheld from the corpus
    the run indexes (its own cached KB), the other passages stay."""
    from eval.runner import RunOptions, corpus_kb_name, run_eval
    from rag.stores import list_kbs

    qs = tmp_path / "withheld.jsonl"
    qs.write_text('{"id": "w1", "question": "大足石刻是哪一年被列入世界文化遗产名录的？", "answers": ["1999"], '
                  '"gold_ids": ["c2"]}\n'
                  '{"id": "w2", "question": "C919首次商业航班是哪天？", "answerable": false, "withheld_ids": ["c4"]}\n',
                  encoding="utf-8")
    report, _ = run_eval(RunOptions(questions=qs, corpus=CORPUS, llm="extractive", k=3, out=tmp_path / "out"),
                         settings, use_tqdm=False)
    name = corpus_kb_name(CORPUS, settings, frozenset({"c4"}))
    assert report["config"]["withheld"] == 1 and report["config"]["kb"] == name and name in list_kbs(settings)
    assert name != corpus_kb_name(CORPUS, settings)
    rows = {r["id"]: r for r in report["rows"]}
    assert rows["w1"]["correct"]
    retrieved = {p["doc_id"] for p in rows["w2"]["retrieved"]}
    assert retrieved and "c4" not in retrieved
    # a withheld id the corpus lacks, and withholding from an existing knowledge base, are named errors
    qs.write_text('{"id": "w2", "question": "C919首次商业航班是哪天？", "answerable": false, "withheld_ids": ["c9"]}\n',
                  encoding="utf-8")
    with pytest.raises(EvalSetError, match="withheld passage 'c9' is not in the corpus"):
        run_eval(RunOptions(questions=qs, corpus=CORPUS, llm="extractive", out=tmp_path / "bad"), settings,
                 use_tqdm=False)
    with pytest.raises(EvalSetError, match="'withheld_ids' need --corpus"):
        run_eval(RunOptions(questions=qs, kb="sample", llm="extractive", out=tmp_path / "bad2"), settings,
                 use_tqdm=False)
