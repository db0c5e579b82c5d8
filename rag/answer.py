"""Question -> grounded Answer: rewrite follow-ups, retrieve, refuse when nothing is relevant,
generate from numbered passages, verify every sentence's citations.

Refusal (Answer.refused, text = settings.refusal_text) when: retrieval finds nothing whose dense cosine
reaches settings.min_relevance; the model says the material does not contain the answer; or no answer
sentence survives citation checking (rag/verify/). The closest passages stay in Answer.passages.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from rag.verify import verify_answer
from rag.verify.claims import opens_as_material, split_answer
from rag.verify.rules.only_title import ASKS_FOR_TITLE
from rag.verify.rules.restates_question import adds_to_question, still_asks
from rag.config import Settings, load_settings
from rag.context import pack_passages, passages_text
from rag.errors import RagError
from rag.generate import get_generator
from rag.generate.base import Message
from rag.judge import get_judge
from rag.judge.base import AnswerabilityJudge
from rag.prompts import render_prompt
from rag.question import expected_answer_type
from rag.rewrite import rewrite_query
from rag.textmatch import content, strip_markers
from rag.types import Answer, Hit

log = logging.getLogger(__name__)


def is_relevant(hits: list[Hit], settings: Settings) -> bool:
    """Anything close enough to answer from? Fused scores are rank-based, so the dense cosine decides."""
    if not hits:
        return False
    dense = [h.dense_score for h in hits if h.dense_score is not None]
    return not dense or max(dense) >= settings.min_relevance


def prompt_passages(query: str, passages: list[Hit], settings: Settings) -> str:
    """The numbered passages exactly as the model reads them (focused per the settings)."""
    return passages_text(passages, query, settings.passage_sentences, settings.full_passages)


def system_prompt(settings: Settings) -> str:
    """The system prompt: the same for every question (so a local model keeps it in its KV cache)."""
    return render_prompt("answer_system", settings, refusal=settings.refusal_text)


def warm_up_generator(settings: Settings) -> None:
    """Load the configured generator and judge and let the generator read the system prompt (Generator.warm_up). A
    model that cannot be loaded is only logged here: the first question reports it to the user."""
    try:
        get_generator(settings).warm_up(system_prompt(settings))
        get_judge(settings)  # its own context loaded now, not on the first answer
    except RagError as e:
        log.warning("generator warm-up skipped: %s", e)


def build_messages(query: str, passages: list[Hit], settings: Settings) -> list[Message]:
    system = system_prompt(settings)
    user = render_prompt("answer_user", settings, passages=prompt_passages(query, passages, settings),
                         question=query, refusal=settings.refusal_text)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _resolve(settings: Settings | None, overrides: dict[str, Any]) -> Settings:
    settings = settings or load_settings()
    changes = {k: v for k, v in overrides.items() if v is not None}
    return settings.replace(**changes) if changes else settings


@dataclass
class Sources:
    """The passages retrieved for a question, before the model has read them: not yet citations."""
    query: str
    passages: list[Hit]


def ask_stream(question: str, kb: Any = "sample", history: Sequence[Any] | None = None,
               settings: Settings | None = None, sources: bool = False,
               **overrides: Any) -> Iterator[str | Sources | Answer]:
    """Yield the generator's raw text pieces as they come, then the verified Answer (whose text may
    differ: unsupported sentences removed, markers fixed, or the refusal sentence). With `sources`, a Sources
    item comes first, as soon as retrieval is done (tens of milliseconds), so a client can show what is being read."""
    from rag.retrieve import search, store_of, with_text_before

    start = perf_counter()
    settings = _resolve(settings, overrides)
    question = (question or "").strip()
    if not question:
        raise RagError("问题为空：请输入一个问题")
    generator = get_generator(settings)
    judge = get_judge(settings)  # a misnamed judge is reported now, before the model has answered
    timings: dict[str, float] = {}

    t = perf_counter()
    query = rewrite_query(question, history, settings, generator)
    timings["rewrite"] = perf_counter() - t

    t = perf_counter()
    hits = search(query, kb, settings, k=settings.top_k)
    timings["retrieve"] = perf_counter() - t
    if sources:
        yield Sources(query, hits)

    if not is_relevant(hits, settings):
        yield settings.refusal_text
        timings["total"] = perf_counter() - start
        yield Answer(question=question, query=query, text=settings.refusal_text, refused=True, passages=hits,
                     generator=generator.name, timings=timings)
        return

    passages = pack_passages(hits, settings.context_tokens)
    messages = build_messages(query, passages, settings)
    pieces: list[str] = []
    t = perf_counter()
    for piece in generator.stream(messages, question=query, passages=passages):
        if not pieces:
            timings["first_token"] = perf_counter() - start  # as the user feels it: from the question
        pieces.append(piece)
        yield piece
    raw = "".join(pieces)
    titles = [h.chunk.title for h in passages] + example_titles(messages[0]["content"])  # the system prompt it read
    if not_an_answer(raw, titles, query):  # and the question it read
        retry = retry_messages(messages, raw, settings)
        pieces = []
        yield "\n"
        for piece in generator.stream(retry, question=query, passages=passages):
            pieces.append(piece)
            yield piece
        raw = "".join(pieces)
    timings["generate"] = perf_counter() - t
    with_text_before(passages, store_of(kb, settings))  # the verifier's article context
    answer = finish_answer(question, query, raw, passages, settings, generator.name, judge)
    if answer.judged:
        timings["judge"] = answer.judged["seconds"]
    timings["total"] = perf_counter() - start
    answer.timings = timings
    yield answer


_NO_CONTENT = re.compile(r"资料编号|资料|回答|答案|根据|依据|见|如下")


def not_an_answer(raw_text: str, titles: Sequence[str] = (), question: str = "") -> bool:
    """An output to ask again about: only markers ("【资料】[4]"), the material copied out under its label
    ("【资料】[1] 三是……", "[1] 三是……"), only `titles` (the passages' own and the prompt's examples') for a question
    asking for no title, or the question restated: the 1.5B model does all four, and none is an answer drawn from the
    passages."""
    return (says_nothing(raw_text) or opens_as_material(raw_text) or only_titles(raw_text, titles, question)
            or only_restates(raw_text, question))


def only_restates(raw_text: str, question: str) -> bool:
    """Does every sentence of the output restate the question or still ask it ("马赛罗被球迷称为什么？[1]",
    "Incase挂绳重量[2]")? The model has written the question where its answer belongs."""
    sentences = [strip_markers(s) for s in split_answer(raw_text) if content(strip_markers(s))]
    return bool(question) and bool(sentences) and all(
        still_asks(s, question) or not adds_to_question(s, question) for s in sentences)


_TITLE = re.compile(r"《([^《》]*)》")
_LIST_NUMBER = re.compile(r"(?m)^\s*\d{1,2}[.、．]\s*")


def only_titles(raw_text: str, titles: Sequence[str], question: str) -> bool:
    """An output naming nothing but some of `titles` (`1. 《城市交通年报》[1] 2. 《加力巩固向好态势…》[2]`), to a question
    that asks for no article or work (多少条新闻报道 asks a count): it points at passages instead of answering from
    them. A title the passages' text names (a film asked for) is not among `titles`."""
    text = strip_markers(raw_text)
    named = _TITLE.findall(text)
    known = {content(t) for t in titles} - {""}
    asks_title = ASKS_FOR_TITLE.search(question) and expected_answer_type(question) not in {"time", "quantity"}
    if not named or asks_title or any(content(t) not in known for t in named):
        return False
    return len(content(_NO_CONTENT.sub("", _LIST_NUMBER.sub("", _TITLE.sub("", text))))) < 2


def example_titles(system: str) -> list[str]:
    """The titles of a system prompt's worked examples, which the small model sometimes gives back."""
    return _TITLE.findall(system)


def says_nothing(raw_text: str) -> bool:
    """An output that is only markers and filler ("【资料】[4]", "资料编号：[5]"), not an answer or a refusal."""
    return len(content(_NO_CONTENT.sub("", strip_markers(raw_text)))) < 2


def retry_messages(messages: list[Message], raw_text: str, settings: Settings) -> list[Message]:
    """The conversation so far plus prompts/answer_retry.txt, for an output that said nothing."""
    # No refusal option in the nudge: offered one, the model takes it even when the passage it pointed at
    # holds the answer; the verifier judges whatever it writes.
    nudge = render_prompt("answer_retry", settings)
    return messages + [{"role": "assistant", "content": raw_text}, {"role": "user", "content": nudge}]


def finish_answer(question: str, query: str, raw_text: str, passages: list[Hit], settings: Settings,
                  generator_name: str = "", judge: AnswerabilityJudge | None = None) -> Answer:
    """The generator's raw output -> the verified Answer: unsupported sentences removed, the refusal
    when the model refused or no sentence kept a citation. Also used to re-verify stored eval outputs."""
    verified = verify_answer(raw_text, passages, settings.refusal_text, query, settings, judge)
    refused = verified.model_refused or not verified.citations
    return Answer(question=question, query=query, text=settings.refusal_text if refused else verified.text,
                  refused=refused, citations=[] if refused else verified.citations,
                  sentences=verified.sentences, passages=passages, generator=generator_name, raw_text=raw_text,
                  judged=verified.judged)


def ask(question: str, kb: Any = "sample", history: Sequence[Any] | None = None,
        settings: Settings | None = None, **overrides: Any) -> Answer:
    """Blocking form of ask_stream: the final verified Answer."""
    final = None
    for item in ask_stream(question, kb, history, settings, **overrides):
        if isinstance(item, Answer):
            final = item
    assert final is not None  # ask_stream always ends with an Answer
    return final
