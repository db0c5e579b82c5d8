"""verify_answer: the model's answer -> verified sentences with citations you can trust.

1. read the question once (reading.py); split the answer into claims with their markers (claims.py);
2. repair each claim's citations (repair.py);
3. judge it with the sentence rules in order (registry.py): the first rejection removes the sentence and names
   its rule and reason;
4. a kept sentence gets the same-article passages that hold the facts it restates from the question, is shown in
   the source's words where it nearly copied them, a bare number in the measure its source writes (rag.quote),
   and each citation records its supporting span;
5. the answer rules judge the kept sentences together; the last of them asks the answerability judge (rag.judge), a
   model pass, only when every rule before it has passed.

Unsupported sentences are dropped from the answer text but kept in `sentences` with their reason and rule, so
the UI can show what was removed and why. No supported sentence left -> the caller refuses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from time import perf_counter

from rag.config import Settings, load_settings
from rag.judge import confidence
from rag.judge.base import AnswerabilityJudge
from rag.quote import quoted, with_measure
from rag.textmatch import content, simplified
from rag.types import Citation, Hit, SentenceSupport
from rag.verify.claims import claims_of, is_refusal, without_prompt_label
from rag.verify.passages import in_simplified, make_citation, supporting_span
from rag.verify.reading import read_question
from rag.verify.registry import active_rules
from rag.verify.repair import repair, with_premise_sources
from rag.verify.rules.base import AnswerCheck, SentenceCheck

MODEL_REFUSED = "model_refused"


@dataclass
class Verified:
    text: str  # supported sentences only, with verified markers
    sentences: list[SentenceSupport]
    citations: list[Citation]
    model_refused: bool = False
    judged: dict | None = None  # the judge's verdict when asked: margin, the cited chunk ids, seconds, confidence


def verify_answer(answer_text: str, hits: list[Hit], refusal_text: str = "", question: str = "",
                  settings: Settings | None = None, judge: AnswerabilityJudge | None = None) -> Verified:
    """Check every sentence of `answer_text` against the passages `hits` ([1] = hits[0]) for `question`;
    `judge` (optional) reads the passages the kept sentences cite (rule answerable_judge)."""
    settings = settings or load_settings()
    sentence_rules, answer_rules = active_rules(settings)
    # The rules read question, answer and passages in one script; what is shown stays as written.
    reading = read_question(simplified(question))
    read_hits = [in_simplified(h) for h in hits]
    supports: list[SentenceSupport] = []
    kept_text: list[str] = []
    best_span: dict[int, tuple[float, int, int]] = {}
    model_refused = False
    seen: set[str] = set()
    for claim in claims_of(answer_text, [h.chunk.text for h in hits]):
        letters = content(claim.text)
        if not letters or letters in seen:
            continue  # stray punctuation, a lone marker, or the small model looping on a sentence
        seen.add(letters)
        if refusal_text and is_refusal(claim.text, refusal_text):
            # A refusal opening the answer decides it; one trailing after supported sentences is the small
            # model's habit of signing off ("…[1]。资料中没有找到相关信息。") and is dropped.
            model_refused = model_refused or not kept_text
            supports.append(SentenceSupport(claim.text, [], False, "模型表示资料中没有答案", MODEL_REFUSED))
            continue
        said = simplified(claim.text)
        check = SentenceCheck(said, repair(said, claim.marked, read_hits, reading, settings), read_hits, reading,
                              settings, simplified(answer_text))
        rejected = next(((rule.id, why) for rule in sentence_rules if question or not rule.needs_question
                         if (why := rule.reason(check))), None)
        if rejected or not check.cited:
            rule, why = rejected or ("", "句子没有引用，也没有段落明显支持它")
            supports.append(SentenceSupport(without_prompt_label(claim.text), [], False, why, rule))
            continue
        numbers = with_premise_sources(said, check.cited, read_hits)
        body = without_prompt_label(in_source_words(claim.text, numbers, hits))
        body = with_measure(body, [hits[n - 1].chunk.text for n in numbers])
        supports.append(SentenceSupport(body, numbers, True))
        kept_text.append(_with_markers(body, numbers))
        for n in numbers:
            start, end, score = supporting_span(body, hits[n - 1])
            if n not in best_span or score > best_span[n][0]:
                best_span[n] = (score, start, end)
    kept = [s.text for s in supports if s.supported]
    cited = [hits[n - 1] for n in sorted(best_span)]
    judged: dict = {}

    def judge_cited() -> float | None:
        if judge is not None and not judged:
            start = perf_counter()
            margin = judge.margin(question, cited)
            judged.update(margin=margin, cited=[h.chunk.chunk_id for h in cited],
                          seconds=round(perf_counter() - start, 3), confidence=confidence(margin, settings))
        return judged.get("margin")

    answer_check = AnswerCheck([simplified(s) for s in kept], reading, [read_hits[n - 1] for n in sorted(best_span)],
                               settings, judge_cited)
    rejected_answer = next(((r.id, why) for r in answer_rules if kept and (why := r.reason(answer_check))), None)
    if rejected_answer:
        rule, why = rejected_answer
        supports = [s if not s.supported else SentenceSupport(s.text, [], False, why, rule) for s in supports]
        kept_text, best_span = [], {}
    citations = [make_citation(n, hits[n - 1], best_span[n][1], best_span[n][2]) for n in sorted(best_span)]
    return Verified("".join(kept_text), supports, citations, model_refused, judged or None)


def in_source_words(sentence: str, numbers: list[int], hits: list[Hit]) -> str:
    """A verified sentence that copies one of its cited passages almost verbatim, in that passage's exact
    words (rag.quote); otherwise unchanged."""
    for n in numbers:
        restored = quoted(sentence, hits[n - 1].chunk.text)
        if restored != sentence:
            return restored
    return sentence


def _with_markers(body: str, numbers: list[int]) -> str:
    marks = "".join(f"[{n}]" for n in numbers)
    m = re.search(r"[。！？!?；;…]+[”’」』）)\"']*$", body)
    if m:  # marker before the full stop, as the prompt asks: 句子[1]。
        return body[:m.start()] + marks + body[m.start():]
    return body + marks + "。"
