"""Pack retrieved passages into the prompt as numbered passages [1]..[n] within a token budget."""
from __future__ import annotations

import re

from rag.types import Hit

# PDF extraction leaves spaces inside Chinese words ("经 济发展"); they cost tokens and confuse the model.
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u9fff\uff00-\uffef])")
_BLANKS = re.compile(r"\s*\n\s*")


def tidy(text: str) -> str:
    """Passage text as shown to the model: no spaces between CJK characters, one line."""
    return _BLANKS.sub(" ", _CJK_GAP.sub("", text)).strip()


def passage_header(hit: Hit) -> str:
    return hit.chunk.header  # the same 《title》 作者 line the chunk was indexed with


def format_passage(number: int, hit: Hit) -> str:
    header = passage_header(hit)
    body = tidy(hit.chunk.text)
    return f"[{number}] {header}\n{body}" if header else f"[{number}] {body}"


def pack_passages(hits: list[Hit], budget_tokens: int) -> list[Hit]:
    """Hits in rank order while their formatted text fits the budget; the best hit is always kept
    (a chunk is far smaller than any sensible budget, and an empty context would force a refusal)."""
    from rag.tokens import count_tokens

    packed: list[Hit] = []
    used = 0
    for hit in hits:
        cost = count_tokens(format_passage(len(packed) + 1, hit)) + 2  # +2: blank line between passages
        if packed and used + cost > budget_tokens:
            continue  # a later, shorter passage may still fit
        packed.append(hit)
        used += cost
    return packed


def passages_text(hits: list[Hit]) -> str:
    """The numbered passages block; the numbers are what the model cites and what Citation.number means."""
    return "\n\n".join(format_passage(i, h) for i, h in enumerate(hits, 1))
