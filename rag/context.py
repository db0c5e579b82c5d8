"""Pack retrieved passages into the prompt as numbered passages [1]..[n] within a token budget."""
from __future__ import annotations

import re

from rag.injection import without_instructions
from rag.sentences import split_sentences
from rag.textmatch import bigrams, question_bigrams
from rag.types import Hit

# PDF extraction leaves spaces inside Chinese words ("经 济发展"); they cost tokens and confuse the model.
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u9fff\uff00-\uffef])")
_BLANKS = re.compile(r"\s*\n\s*")


def tidy(text: str) -> str:
    """Passage text as shown to the model: no spaces between CJK characters, one line."""
    return _BLANKS.sub(" ", _CJK_GAP.sub("", text)).strip()


def passage_header(hit: Hit, with_note: bool = True) -> str:
    return hit.chunk.heading(with_note)  # the same 《title》 作者 line the chunk was indexed with


def focus(text: str, question: str, max_sentences: int) -> str:
    """The `max_sentences` sentences of `text` that share most character bigrams with the question, in
    their original order, "……" where something was left out. 0 = the whole text."""
    spans = split_sentences(text)
    qb = question_bigrams(question)
    if max_sentences <= 0 or len(spans) <= max_sentences or not qb:
        return text
    scored = sorted(range(len(spans)), key=lambda i: (-len(qb & bigrams(text[slice(*spans[i])])), i))
    keep = sorted(scored[:max_sentences])
    out, prev = [], -1
    for i in keep:
        if i != prev + 1:
            out.append("……")
        out.append(text[slice(*spans[i])])
        prev = i
    if prev != len(spans) - 1:
        out.append("……")
    return "".join(out)


def format_passage(number: int, hit: Hit, question: str = "", max_sentences: int = 0,
                   with_note: bool = True) -> str:
    header = passage_header(hit, with_note)
    # sentences that instruct the assistant are data, never instructions: the model does not see them
    body = tidy(focus(without_instructions(hit.chunk.text), question, max_sentences))
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


def passages_text(hits: list[Hit], question: str = "", max_sentences: int = 0, full_passages: int = 0) -> str:
    """The numbered passages block; the numbers are what the model cites and what Citation.number means.
    Of the first `full_passages` ranks, the best-ranked hit and those from its article are shown whole, the
    rest focused to `max_sentences` sentences: the answer often sits in a sentence sharing no words
    with the question ("什么时候去世" vs "（1872年 — 1944年）"), and the best-ranked passage's article is where it
    usually is. Another article's passage stays focused: shown whole it is a competing story the small model
    answers from.
    An author note is shown with the first passage of its article only: repeated under every passage it
    was up to a fifth of the prompt, and prefill is most of the time to first token."""
    blocks, noted = [], set()
    for i, h in enumerate(hits, 1):
        key = (h.chunk.doc_id, h.chunk.note)
        whole = i <= full_passages and (i == 1 or h.chunk.doc_id == hits[0].chunk.doc_id)
        sentences = 0 if whole else max_sentences
        blocks.append(format_passage(i, h, question, sentences, with_note=key not in noted))
        noted.add(key)
    return "\n\n".join(blocks)
