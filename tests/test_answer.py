"""ask()/ask_stream() end to end on the sample corpus: real embeddings, FAISS+BM25, the real local LLM."""
from __future__ import annotations

import pytest

from rag.answer import ask, ask_stream
from rag.textmatch import normalize
from rag.errors import RagError
from rag.rewrite import looks_like_follow_up, normalize_history, rewrite_query, rule_rewrite
from rag.types import Answer

ANSWERABLE = "高性能超算中心的存储容量要达到多少？"


def assert_citations_valid(answer: Answer, kb) -> None:
    assert answer.citations
    for c in answer.citations:
        doc = kb.get_document(c.doc_id)
        assert c.text == doc.text[c.chunk_start:c.chunk_end]
        assert doc.text[c.doc_start:c.doc_end] == c.text[c.span_start:c.span_end]
        assert answer.passages[c.number - 1].chunk.chunk_id == c.chunk_id


# --- local LLM (each question costs a few seconds on 2 cores: keep these few) -----------------------

def test_local_answers_with_the_right_fact_and_a_valid_citation(sample_kb, settings):
    # Sample-set question s03. The 1.5B model is wording-sensitive: the shorter ANSWERABLE phrasing is
    # refused at the default settings (counted as a false refusal in eval, see the README's open work).
    answer = ask("文章提出建设的高性能超算中心存储容量要达到多少？", kb=sample_kb, settings=settings, llm="local")
    assert not answer.refused, answer.sentences
    assert "50PB" in normalize(answer.text).upper()
    assert_citations_valid(answer, sample_kb)
    assert any("50PB" in normalize(c.text).upper() for c in answer.citations)
    assert set(answer.timings) >= {"rewrite", "retrieve", "first_token", "generate", "total"}


def test_birth_year_not_in_the_corpus_is_refused(sample_kb, settings):
    # The known failure: a naive pipeline answered "1963年" citing a passage without that number.
    answer = ask("樊自甫教授是哪一年出生的", kb=sample_kb, settings=settings, llm="local")
    assert answer.refused and answer.text == settings.refusal_text
    assert answer.citations == []
    assert not any(s.supported for s in answer.sentences)


def test_off_topic_question_is_refused(sample_kb, settings):
    answer = ask("海底捞的新任首席执行官是谁？", kb=sample_kb, settings=settings, llm="local")
    assert answer.refused and answer.text == settings.refusal_text


def test_follow_up_is_rewritten_and_answered(sample_kb, settings):
    history = [{"role": "user", "content": "樊自甫和万晓榆在文章中提出了什么建议？"},
               {"role": "assistant", "content": "他们建议抢抓疫情带来的数字化转型机遇，培育数字经济新增长点[1]。"}]
    answer = ask("那他们是哪所大学的教授？", kb=sample_kb, history=history, settings=settings, llm="local")
    assert "樊自甫" in answer.query and "他们" not in answer.query
    assert not answer.refused, answer.sentences
    assert "重庆邮电大学" in normalize(answer.text)
    assert_citations_valid(answer, sample_kb)
    assert any("邮电" in normalize(c.text + c.note) for c in answer.citations)  # the note is on the source card


def test_stream_yields_text_pieces_then_the_answer(sample_kb, settings):
    items = list(ask_stream(ANSWERABLE, kb=sample_kb, settings=settings, llm="extractive"))
    assert all(isinstance(i, str) for i in items[:-1]) and len(items) >= 2
    assert isinstance(items[-1], Answer) and items[-1].generator == "extractive"


# --- extractive (no LLM) ----------------------------------------------------------------------------

def test_extractive_pipeline_answers_and_refuses(sample_kb, settings):
    answer = ask(ANSWERABLE, kb=sample_kb, settings=settings, llm="extractive")
    assert not answer.refused and "50PB" in normalize(answer.text).upper()
    assert_citations_valid(answer, sample_kb)
    refused = ask("樊自甫教授是哪一年出生的", kb=sample_kb, settings=settings, llm="extractive")
    assert refused.refused and refused.citations == []


def test_empty_question_is_a_clear_error(sample_kb, settings):
    with pytest.raises(RagError, match="问题为空"):
        ask("  ", kb=sample_kb, settings=settings, llm="extractive")


# --- follow-up rewriting rules ---------------------------------------------------------------------

def test_history_formats_are_both_accepted():
    pairs = normalize_history([("高永强是谁？", "他是作者[1]。")])
    dicts = normalize_history([{"role": "user", "content": "高永强是谁？"},
                               {"role": "assistant", "content": "他是作者[1]。"}])
    assert pairs == dicts and [m["role"] for m in pairs] == ["user", "assistant"]


def test_rule_rewrite_resolves_the_pronoun_with_the_last_subject():
    history = normalize_history([("高永强在文章中提出了什么建议？", "拓展渠道共享[1]。")])
    assert rule_rewrite("那他担任什么职务？", history) == "高永强担任什么职务？"
    assert rule_rewrite("职务呢？", history) == "高永强的职务呢？"
    pair = normalize_history([("樊自甫和万晓榆在文章中提出了什么建议？", "抢抓机遇[1]。")])
    assert rule_rewrite("那他们是哪所大学的教授？", pair) == "樊自甫和万晓榆是哪所大学的教授？"


def test_standalone_questions_are_not_rewritten(settings):
    history = [("高永强在文章中提出了什么建议？", "拓展渠道共享[1]。")]
    assert not looks_like_follow_up(ANSWERABLE)
    assert rewrite_query(ANSWERABLE, history, settings) == ANSWERABLE
    assert rewrite_query("那他担任什么职务？", None, settings) == "那他担任什么职务？"


def test_model_rewrites_that_answer_instead_are_rejected():
    from rag.rewrite import is_faithful_rewrite

    assert is_faithful_rewrite("那他担任什么职务？", "高永强担任什么职务？")
    assert is_faithful_rewrite("职务呢？", "高永强的职务是什么？")
    assert not is_faithful_rewrite("那他担任什么职务？", "高永强担任智慧政务建设的推进者。")


# --- CLI ---------------------------------------------------------------------------------------------

def test_cli_ask_streams_answer_and_citations(sample_kb, settings, monkeypatch, capsys):
    from rag.cli import main

    monkeypatch.setenv("RAG_INDEX_DIR", str(settings.index_dir))
    assert main(["ask", ANSWERABLE, "--kb", "sample", "--llm", "extractive"]) == 0
    out = capsys.readouterr().out
    assert "50PB" in out and "引用：" in out
    assert any(line.startswith("[") and "字符" in line for line in out.splitlines())  # citation list
    assert "核对：" not in out  # the extractive generator has no model to judge with


def test_cli_ask_with_the_local_model_says_how_firmly_the_judge_read_the_sources(sample_kb, settings, monkeypatch,
                                                                               capsys):
    from rag.cli import main
    from rag.judge import CONFIDENCE_NOTES

    monkeypatch.setenv("RAG_INDEX_DIR", str(settings.index_dir))
    assert main(["ask", ANSWERABLE, "--kb", "sample", "--llm", "local"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "50PB" in "".join(lines).upper() and "引用：" in lines
    assert lines[-1] in CONFIDENCE_NOTES.values()  # the band of the judge's margin, last


def test_cli_ask_json_and_one_line_errors(sample_kb, settings, monkeypatch, capsys):
    import json

    from rag.cli import main

    monkeypatch.setenv("RAG_INDEX_DIR", str(settings.index_dir))
    assert main(["ask", ANSWERABLE, "--kb", "sample", "--llm", "extractive", "--json", "-k", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["refused"] is False and len(data["passages"]) <= 3 and data["citations"]
    assert main(["ask", ANSWERABLE, "--kb", "no_such_kb", "--llm", "extractive"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no_such_kb" in err


def test_an_output_of_markers_only_is_asked_again_and_the_real_model_then_answers(sample_kb, settings):
    # rgb_zh q269/q104: the 1.5B model sometimes writes only "【资料】[4]". The retry prompt must get the answer.
    from rag.answer import build_messages, retry_messages, says_nothing
    from rag.context import pack_passages
    from rag.generate import get_generator
    from rag.retrieve import search

    assert says_nothing("【资料】[4]") and says_nothing("资料编号：[5]") and says_nothing("[1] [2]")
    assert not says_nothing("12[1]") and not says_nothing(settings.refusal_text)
    query = "文章提出建设的高性能超算中心存储容量要达到多少？"
    local = settings.replace(llm="local")
    passages = pack_passages(search(query, sample_kb, local, k=local.top_k), local.context_tokens)
    retry = retry_messages(build_messages(query, passages, local), "【资料】[1]", local)
    reply = get_generator(local).complete(retry, max_tokens=80)
    assert not says_nothing(reply) and "50PB" in normalize(reply).upper(), reply


def test_material_copied_out_is_asked_again_and_the_real_model_then_answers(sample_kb, settings):
    # The model sometimes answers by copying a passage under its label ("【资料】[1] …"), which the verifier refuses
    # whole (copied_material): the retry prompt must get the answer itself.
    from rag.answer import build_messages, not_an_answer, retry_messages
    from rag.context import pack_passages
    from rag.generate import get_generator
    from rag.retrieve import search

    copied = "【资料】[1] 深化国家绿色数据中心试点,建设峰值浮点运算能力达亿亿次级、存储容量达50PB级的高性能超算中心。"
    assert not_an_answer(copied) and not_an_answer("【资料】[4]") and not_an_answer("[1] 深化国家绿色数据中心试点。")
    assert not not_an_answer("根据【资料】[1]，存储容量达50PB级。") and not not_an_answer(settings.refusal_text)
    query = "文章提出建设的高性能超算中心存储容量要达到多少？"
    local = settings.replace(llm="local")
    passages = pack_passages(search(query, sample_kb, local, k=local.top_k), local.context_tokens)
    reply = get_generator(local).complete(retry_messages(build_messages(query, passages, local), copied, local),
                                          max_tokens=80)
    assert not not_an_answer(reply) and "50PB" in normalize(reply).upper(), reply


def test_an_output_naming_only_titles_is_asked_again_and_the_real_model_then_answers(sample_kb, settings):
    # sample s47: the model listed its passages' titles, one of them the prompt's example (《城市交通年报》), for a count
    from rag.answer import ask, example_titles, not_an_answer, only_titles, system_prompt

    local = settings.replace(llm="local")
    examples = example_titles(system_prompt(local))
    assert "城市交通年报" in examples
    titles = ["加力巩固向好态势 确保就业形势总体稳定"] + examples
    listed = "1. 《城市交通年报》[1]\n2. 《加力巩固向好态势 确保就业形势总体稳定》[2]"
    assert only_titles(listed, titles, "大会已经推出了多少条新闻报道？")  # 报道 here counts, it asks for no title
    assert not_an_answer(listed, titles, "大会已经推出了多少条新闻报道？")
    assert not only_titles("《我和你》[1]", titles, "开幕式主题歌是什么？")  # a title the passages' text names
    assert not only_titles("《加力巩固向好态势 确保就业形势总体稳定》[1]", titles, "哪篇文章谈到稳就业？")  # asks an article
    assert not only_titles("《城市交通年报》说新增35条[1]", titles, "新增多少条线路？")  # says something besides
    answer = ask("大会已经推出了多少条新闻报道？", kb=sample_kb, settings=local)
    assert not answer.refused and "1.6万" in answer.text, answer.text


def test_an_output_restating_the_question_is_asked_again_and_the_real_model_then_answers(sample_kb, settings):
    # cmrc2018 DEV_1008, R32: the model wrote the question back ("…称为什么？[1]") where its answer belonged
    from rag.answer import build_messages, not_an_answer, only_restates, retry_messages
    from rag.context import pack_passages
    from rag.generate import get_generator
    from rag.retrieve import search

    query = "文章提出建设的高性能超算中心存储容量要达到多少？"
    restated = "文章提出建设的高性能超算中心存储容量要达到多少？[1]"
    assert only_restates(restated, query) and not_an_answer(restated, [], query)
    assert only_restates("高性能超算中心存储容量[1]", "高性能超算中心存储容量")  # a search-box question written back
    assert not only_restates("存储容量要达到50PB级[1]。", query) and not only_restates(settings.refusal_text, query)
    local = settings.replace(llm="local")
    passages = pack_passages(search(query, sample_kb, local, k=local.top_k), local.context_tokens)
    reply = get_generator(local).complete(retry_messages(build_messages(query, passages, local), restated, local),
                                          max_tokens=80)
    assert not only_restates(reply, query) and "50PB" in normalize(reply).upper(), reply
