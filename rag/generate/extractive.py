"""No LLM: answer with the passage sentences that best match the question, each cited. Deterministic."""
from __future__ import annotations

import re
from collections.abc import Iterator

from rag.textmatch import bigrams, question_bigrams
from rag.config import Settings
from rag.context import passage_header, tidy
from rag.generate.base import Generator, Message
from rag.types import Hit

MIN_SCORE = 0.34  # share of the question's content bigrams a sentence must contain
SECOND_RATIO = 0.8  # a second sentence is added when it scores nearly as well as the best
MAX_SENTENCE_CHARS = 160


def candidate_sentences(hit: Hit) -> list[str]:
    from rag.sentences import split_sentences

    text = hit.chunk.text
    found = [tidy(text[s:e]).lstrip("#").strip() for s, e in split_sentences(text)]  # "## 标题" lines
    header = passage_header(hit)
    if header:  # byline questions ("……的作者是谁") are answered by the title/author line
        found.append(header)
    return [s for s in found if len(s) >= 6]


def best_sentences(question: str, hits: list[Hit]) -> list[tuple[float, int, str]]:
    """(score, passage number, sentence), best first; ties keep retrieval order."""
    qb = question_bigrams(question)
    if not qb:
        return []
    scored = []
    for number, hit in enumerate(hits, 1):
        for order, sentence in enumerate(candidate_sentences(hit)):
            score = len(qb & bigrams(sentence)) / len(qb)
            scored.append((score, number, order, sentence))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    return [(s, n, text) for s, n, _, text in scored]


def _cite(sentence: str, number: int) -> str:
    if len(sentence) > MAX_SENTENCE_CHARS:
        sentence = sentence[:MAX_SENTENCE_CHARS].rstrip("，,、；;") + "……"
    m = re.search(r"[。！？!?；;…]+[”’」』）)\"']*$", sentence)
    if m:
        return sentence[:m.start()] + f"[{number}]" + sentence[m.start():]
    return f"{sentence}[{number}]。"


class ExtractiveGenerator(Generator):
    name = "extractive"
    uses_llm = False

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def stream(self, messages: list[Message], **opts) -> Iterator[str]:
        question: str = opts.get("question") or next(
            (m["content"] for m in reversed(messages) if m["role"] == "user"), "")
        hits: list[Hit] = opts.get("passages") or []
        ranked = best_sentences(question, hits)
        if not ranked or ranked[0][0] < MIN_SCORE:
            yield self.settings.refusal_text
            return
        best = ranked[0]
        chosen = [best]
        for cand in ranked[1:]:
            if cand[0] < max(MIN_SCORE, SECOND_RATIO * best[0]):
                break
            if cand[2] != best[2] and cand[2] not in best[2] and best[2] not in cand[2]:
                chosen.append(cand)
                break
        for _, number, sentence in chosen:
            yield _cite(sentence, number)
