"""Run an eval set against a knowledge base (or a benchmark corpus indexed into a cached fresh KB).

Per question: retrieve top-10 (for retrieval metrics and latency), then, unless retrieval-only, answer with
rag.answer.ask and record the answer, citations and sentence verdicts. Metrics are computed from the rows.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from rag.config import PROJECT_ROOT, Settings
from rag.errors import RagError
from eval.dataset import (SPLITS, EvalSetError, file_sha256, in_split, load_corpus, load_questions, question_split,
                          withheld_ids)
from eval.metrics.answers import answer_matches, answer_metrics, verdict
from eval.metrics.citations import citation_metrics, question_citations
from eval.metrics.confidence import confidence_metrics
from eval.metrics.latency import latency_metrics
from eval.metrics.retrieval import KS, aggregate_retrieval, judge, question_retrieval
from eval.metrics.rules import rule_metrics

Progress = Callable[[int, int, str], None]  # (done, total, what)
RETRIEVE_K = max(KS)  # retrieval metrics always look at the top 10
BUILD_BATCH = 200  # documents per add_documents call while indexing a corpus


@dataclass
class RunOptions:
    questions: Path
    kb: str | None = None
    corpus: Path | None = None
    llm: str = "local"  # local | openai | extractive
    k: int | None = None  # passages given to the generator; None = settings.top_k
    retrieval_only: bool = False
    limit: int | None = None
    out: Path | None = None
    split: str | None = None  # dev | test | None (all); see eval.dataset.question_split


def default_out_dir(settings: Settings) -> Path:
    """Reports live beside the knowledge bases (the data folder), never in the source tree."""
    return Path(settings.index_dir) / "eval-reports" / datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")


def corpus_kb_name(corpus: Path, settings: Settings, withheld: frozenset[str] = frozenset()) -> str:
    """Cache key: corpus content + passages withheld + embedding model + chunking, so a re-run reuses the built
    index."""
    model = re.sub(r"[^A-Za-z0-9]+", "-", str(settings.embed_model)).strip("-")[-40:]
    stem = re.sub(r"[^A-Za-z0-9]+", "-", corpus.parent.name + "-" + corpus.stem).strip("-")[-30:]
    digest = hashlib.sha256("\n".join(sorted(withheld)).encode()).hexdigest()[:8]
    without = f"-w{digest}" if withheld else ""
    return (f"eval-{stem}-{file_sha256(corpus)[:12]}{without}-{model}"
            f"-c{settings.chunk_tokens}o{settings.chunk_overlap_tokens}")


def build_corpus_kb(corpus: Path, settings: Settings, progress: Progress | None = None,
                    show_progress: bool = False, withheld: frozenset[str] = frozenset()):
    """Index every corpus record but the withheld ones as one document each (doc_id = record id) into a cached KB;
    returns it."""
    from rag.ingest import document_from_record
    from rag.stores import list_kbs, open_kb

    records = load_corpus(corpus)
    unknown = sorted(withheld - {r["id"] for r in records})
    if unknown:
        raise EvalSetError(corpus, f"withheld passage '{unknown[0]}' is not in the corpus")
    records = [r for r in records if r["id"] not in withheld]
    name = corpus_kb_name(corpus, settings, withheld)
    if name in list_kbs(settings):
        kb = open_kb(name, settings)
        if len(kb.documents()) == len(records):
            return kb
    else:
        kb = open_kb(name, settings, create=True)
    docs = [document_from_record(r, source=corpus.name) for r in records]
    for i in range(0, len(docs), BUILD_BATCH):
        if progress:
            progress(i, len(docs), f"indexing {corpus.name}")
        kb.add_documents(docs[i:i + BUILD_BATCH], progress=show_progress)
    if progress:
        progress(len(docs), len(docs), f"indexing {corpus.name}")
    return kb


def open_run_kb(opts: RunOptions, settings: Settings, progress: Progress | None = None, show_progress: bool = False,
                withheld: frozenset[str] = frozenset()):
    from rag.stores import open_kb

    if opts.corpus:
        return build_corpus_kb(Path(opts.corpus), settings, progress, show_progress, withheld)
    return open_kb(opts.kb or settings.default_kb, settings)


def _passage(hit: Any) -> dict[str, Any]:
    c = hit.chunk
    return {"rank": hit.rank, "chunk_id": c.chunk_id, "doc_id": c.doc_id, "title": c.title,
            "score": round(float(hit.score), 6), "text": c.index_text}


def _citation(c: Any) -> dict[str, Any]:
    return {"number": c.number, "chunk_id": c.chunk_id, "doc_id": c.doc_id, "title": c.title,
            "author": c.author, "note": c.note, "text": c.text}


def set_answer(row: dict[str, Any], ans: Any) -> None:
    """Fill a row's answer fields and verdicts from an Answer. The model's raw output and the passages it was
    shown are kept, so `python -m eval reverify` can re-check a run's answers without the LLM."""
    row.update({
        "answer_text": ans.text, "refused": ans.refused, "generator": ans.generator,
        "citations": [_citation(c) for c in ans.citations],
        "sentences": [s.to_dict() for s in ans.sentences],
        "query": ans.query, "raw_answer": ans.raw_text, "judged": ans.judged,
        "shown": [h.chunk.chunk_id for h in ans.passages] if ans.raw_text else [],
    })
    row["verdict"] = verdict(row)
    row["correct"] = row["verdict"] == "correct"
    row["citation_counts"] = question_citations(row)


def answer_was_shown(q: dict[str, Any], ans: Any, settings: Settings) -> bool:
    """Was an acceptable answer in the passages text the model read (focused as in the prompt)?"""
    from rag.answer import prompt_passages

    return answer_matches(prompt_passages(ans.query, ans.passages, settings), q["answers"], q["answer_parts"])


def run_question(q: dict[str, Any], retriever: Any, kb_name: str, answer_settings: Settings | None) -> dict[str, Any]:
    """One row of the report: retrieval judgement, and the answer with its verdicts when answering."""
    t0 = time.perf_counter()
    hits = retriever.search(q["question"], k=RETRIEVE_K)
    t_retrieval = time.perf_counter() - t0
    retrieved = [_passage(h) for h in hits]
    scores = question_retrieval({"retrieved": retrieved, "gold_ids": q["gold_ids"], "evidence": q["evidence"]})
    units = judge(retrieved, q["gold_ids"], q["evidence"])
    for p, u in zip(retrieved, units):
        p["relevant"] = u is not None
    row: dict[str, Any] = {
        "id": q["id"], "question": q["question"], "answerable": q["answerable"], "answers": q["answers"],
        "answer_parts": q["answer_parts"], "gold_ids": q["gold_ids"], "evidence": q["evidence"],
        "citation_gold_ids": list(dict.fromkeys(q["gold_ids"] + q.get("answer_bearing_ids", []))),
        "retrieved": retrieved, "retrieval": scores,
        # gold widened to every passage that bears the answer (benchmarks list them): on-topic duplicates
        # of the gold passage are not retrieval failures for a QA system
        "retrieval_answer_bearing": question_retrieval(
            {"retrieved": retrieved, "gold_ids": list(dict.fromkeys(q["gold_ids"] + q["answer_bearing_ids"]))})
        if q.get("answer_bearing_ids") and not q["evidence"] else None,
        "timings": {"retrieval": t_retrieval},
    }
    for p in retrieved:
        p["text"] = p["text"][:300]  # enough to read a failure; keeps report.json small
    if answer_settings is None:
        return row
    from rag.answer import ask

    ans = ask(q["question"], kb=kb_name, settings=answer_settings)
    set_answer(row, ans)
    if q["answerable"]:  # a refusal before generation showed nothing
        row["answer_shown"] = bool(ans.raw_text) and answer_was_shown(q, ans, answer_settings)
    row["timings"].update({"first_token": ans.timings.get("first_token"), "total": ans.timings.get("total"),
                           "answer_retrieve": ans.timings.get("retrieve")})
    return row


# The figures each split reports, and whose dev-test gap is shown.
SPLIT_FIGURES = (("retrieval", "hit@5"), ("retrieval", "mrr@10"), ("answer", "accuracy"),
                 ("answer", "gold_char_recall"), ("answer", "false_refusal_rate"), ("refusal", "correct_refusal_rate"), ("citations", "precision"))


def split_summary(rows: list[dict[str, Any]], retrieval_only: bool) -> dict[str, Any]:
    """Headline figures of the dev half and of the test half, and the gap dev - test (what tuning on dev bought
    that does not carry over)."""
    out: dict[str, Any] = {}
    for name in SPLITS:
        part = [r for r in rows if question_split(r["id"]) == name]
        if not part:
            continue
        sec = {"retrieval": aggregate_retrieval([r["retrieval"] for r in part if r.get("retrieval")])}
        if not retrieval_only:
            sec["answer"], sec["refusal"] = answer_metrics(part)
            sec["citations"] = citation_metrics(part)
        figures = {f"{s}.{k}": (sec.get(s) or {}).get(k) for s, k in SPLIT_FIGURES}
        out[name] = {"n": len(part), **{k: v for k, v in figures.items() if v is not None}}
    if len(out) == 2:
        out["gap"] = {k: out["dev"][k] - out["test"][k] for k in out["dev"] if k != "n" and k in out["test"]}
    return out


def summarize(rows: list[dict[str, Any]], config: dict[str, Any], retrieval_only: bool) -> dict[str, Any]:
    """report.json: retrieval, answer, refusal, citations, splits (dev/test/gap), rules (verifier removals
    per rule), latency, config, rows."""
    # per-question figures were computed on full passage texts during the run (stored texts are cut)
    retrieval = aggregate_retrieval([r["retrieval"] for r in rows if r.get("retrieval")])
    ab = [r["retrieval_answer_bearing"] for r in rows if r.get("retrieval_answer_bearing")]
    if ab:
        agg = aggregate_retrieval(ab)
        retrieval["answer_bearing"] = {k: agg[k] for k in ("hit@1", "hit@5", "hit@10", "mrr@10", "n")}
    if retrieval_only:
        answer = {"accuracy": None, "false_refusal_rate": None, "n": 0}
        refusal = {"correct_refusal_rate": None, "n": 0}
        citations = {"precision": None, "coverage": None, "unsupported_sentence_rate": None,
                     "unsupported_presented_as_supported": None}
    else:
        answer, refusal = answer_metrics(rows)
        citations = citation_metrics(rows)
    return {"retrieval": retrieval, "answer": answer, "refusal": refusal, "citations": citations,
            "splits": split_summary(rows, retrieval_only),
            "rules": {} if retrieval_only else rule_metrics(rows),
            "confidence": {} if retrieval_only else confidence_metrics(rows),
            "latency": latency_metrics([r["timings"] for r in rows]), "config": config, "rows": rows}


def run_eval(opts: RunOptions, settings: Settings, progress: Progress | None = None,
             use_tqdm: bool = True) -> tuple[dict[str, Any], Path]:
    """Run, write report.json/report.md/plots into opts.out (or <index_dir>/eval-reports/<timestamp>); return (report, dir)."""
    if bool(opts.kb) == bool(opts.corpus):
        raise RagError("give exactly one of --kb NAME or --corpus FILE")
    if opts.llm not in {"local", "openai", "extractive"}:
        raise RagError(f"unknown generator '{opts.llm}' (use local, openai or extractive)")
    every = load_questions(opts.questions, corpus=opts.corpus)
    try:
        questions = [q for q in every if in_split(q["id"], opts.split)]
    except ValueError as e:
        raise RagError(f"--split: {e}") from None
    if not questions:
        raise EvalSetError(opts.questions, f"no questions in split '{opts.split}'")
    withheld = withheld_ids(every)  # the whole set's, so both halves run on one corpus
    if withheld and not opts.corpus:
        raise EvalSetError(opts.questions, "'withheld_ids' need --corpus (a passage cannot be withheld from an "
                                           "existing knowledge base)")
    if opts.limit is not None:
        if opts.limit < 1:
            raise EvalSetError(opts.questions, f"--limit must be at least 1 (got {opts.limit})")
        questions = questions[:opts.limit]
    from rag.retrieve import Retriever  # heavy (torch, faiss): only once the inputs are known to be good
    from eval.report import write_report

    k = opts.k or settings.top_k
    kb = open_run_kb(opts, settings, progress, show_progress=use_tqdm, withheld=withheld)
    kb_name = getattr(kb, "name", None) or (corpus_kb_name(Path(opts.corpus), settings, withheld) if opts.corpus
                                            else opts.kb)
    retriever = Retriever(kb, settings)
    answer_settings = None if opts.retrieval_only else settings.replace(llm=opts.llm, top_k=k)

    out = Path(opts.out) if opts.out else default_out_dir(settings)
    out.mkdir(parents=True, exist_ok=True)
    partial = out / "rows.partial.jsonl"  # rows so far: a long run stopped midway still shows what happened
    partial.write_text("", encoding="utf-8")
    # Warm-up (untimed): load the embedder and the generator once and let it read the system prompt, as the
    # server does at start, so per-question latencies are steady-state figures.
    t_warm = time.perf_counter()
    retriever.search(questions[0]["question"], k=1)
    if answer_settings is not None:
        from rag.answer import warm_up_generator
        warm_up_generator(answer_settings)
    warmup = time.perf_counter() - t_warm
    started = time.time()
    rows: list[dict[str, Any]] = []
    bar = None
    if use_tqdm:
        from tqdm import tqdm
        bar = tqdm(total=len(questions), desc="eval", unit="q")
    for i, q in enumerate(questions):
        rows.append(run_question(q, retriever, kb_name, answer_settings))
        with partial.open("a", encoding="utf-8") as f:
            f.write(json.dumps(rows[-1], ensure_ascii=False) + "\n")
        if bar:
            bar.update(1)
        if progress:
            progress(i + 1, len(questions), "questions")
    if bar:
        bar.close()

    config = {
        "questions": str(opts.questions), "n_questions": len(questions), "kb": kb_name,
        "corpus": str(opts.corpus) if opts.corpus else None, "withheld": len(withheld),
        "llm": None if opts.retrieval_only else opts.llm,
        "k": k, "retrieval_only": opts.retrieval_only, "limit": opts.limit, "split": opts.split,
        "embed_model": str(settings.embed_model), "fusion": settings.fusion, "reranker": settings.reranker,
        "chunk_tokens": settings.chunk_tokens, "chunk_overlap_tokens": settings.chunk_overlap_tokens,
        "started": datetime.fromtimestamp(started, timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.time() - started, 2), "warmup_seconds": round(warmup, 2),
    }
    if answer_settings is not None:
        config.update({"llm_model_path": str(settings.llm_model_path), "temperature": settings.temperature,
                       "min_relevance": settings.min_relevance})
    report = summarize(rows, config, opts.retrieval_only)
    write_report(report, out)
    partial.unlink()
    return report, out
