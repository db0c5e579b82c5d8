"""Split a Document into retrieval chunks.

Paragraph first, sentence aware: whole paragraphs are packed while they fit the token budget; a
paragraph too long for the budget is cut between sentences, and the next chunk repeats the last
sentences of the previous one (up to settings.chunk_overlap_tokens) so a fact spanning the cut is
still found. A cut at a paragraph boundary needs no overlap. Chunks never cross an article
boundary, and every chunk satisfies chunk.text == doc.text[chunk.start:chunk.end].
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.config import Settings
from rag.textmatch import has_content
from rag.pages import page_of
from rag.sentences import split_sentences
from rag.tokens import count_tokens
from rag.types import Article, Chunk, Document

_CLAUSE_END = re.compile(r"[，、,：:]")


@dataclass
class _Unit:
    """A sentence (or a piece of an over-long sentence): the smallest thing a chunk holds."""

    start: int
    end: int
    tokens: int
    para: int  # paragraph number inside the article


def chunk_document(doc: Document, settings: Settings) -> list[Chunk]:
    budget = max(8, settings.chunk_tokens)
    overlap = max(0, min(settings.chunk_overlap_tokens, budget // 2))
    articles = doc.articles or [Article(title=doc.title, author="", start=0, end=len(doc.text))]
    chunks: list[Chunk] = []
    for art in articles:
        units = _units(doc.text, art.start, art.end, budget)
        for start, end in _pack(doc.text, units, budget, overlap):
            if not has_content(doc.text[start:end]):
                continue  # a run of punctuation or rules carries nothing and would match anything
            chunks.append(Chunk(chunk_id=f"{doc.doc_id}#{len(chunks)}", doc_id=doc.doc_id,
                                source=doc.source, text=doc.text[start:end], start=start, end=end,
                                title=art.title, author=art.author, note=art.note,
                                page=page_of(doc.pages, start),
                                page_breaks=[p for p in doc.pages if start < p < end]))
    return chunks


def _units(text: str, start: int, end: int, budget: int) -> list[_Unit]:
    units: list[_Unit] = []
    para = 0
    prev_end = start
    for s, e in split_sentences(text[start:end]):
        s, e = s + start, e + start
        if units and "\n" in text[prev_end:s]:
            para += 1
        prev_end = e
        for ps, pe in _fit(text, s, e, budget):
            units.append(_Unit(ps, pe, count_tokens(text[ps:pe]), para))
    return units


def _fit(text: str, s: int, e: int, budget: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than the budget at clause marks (，、：), or by length as a last resort."""
    if count_tokens(text[s:e]) <= budget:
        return [(s, e)]
    cuts = [m.end() + s for m in _CLAUSE_END.finditer(text[s:e]) if m.end() + s < e] + [e]
    pieces: list[tuple[int, int]] = []
    piece_start = s
    last_ok = None
    for cut in cuts:
        if count_tokens(text[piece_start:cut]) <= budget:
            last_ok = cut
            continue
        if last_ok is not None:
            pieces.append((piece_start, last_ok))
            piece_start, last_ok = last_ok, None
            if count_tokens(text[piece_start:cut]) <= budget:
                last_ok = cut
                continue
        # a single clause over the budget: cut it by characters
        while count_tokens(text[piece_start:cut]) > budget:
            n = _max_prefix(text, piece_start, cut, budget)
            pieces.append((piece_start, piece_start + n))
            piece_start += n
        last_ok = cut
    if last_ok is not None and last_ok > piece_start:
        pieces.append((piece_start, last_ok))
    return pieces


def _max_prefix(text: str, s: int, e: int, budget: int) -> int:
    """Largest n with count_tokens(text[s:s+n]) <= budget (at least 1 character)."""
    lo, hi = 1, e - s
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count_tokens(text[s:s + mid]) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _pack(text: str, units: list[_Unit], budget: int, overlap: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    current: list[_Unit] = []
    para_tokens: dict[int, int] = {}
    for u in units:
        para_tokens[u.para] = para_tokens.get(u.para, 0) + u.tokens
    for i, u in enumerate(units):
        if not current:
            current = [u]
            continue
        new_para = u.para != current[-1].para
        fits = count_tokens(text[current[0].start:u.end]) <= budget
        used = count_tokens(text[current[0].start:current[-1].end])
        # Paragraph first: rather than start a paragraph we cannot finish, close the chunk at the
        # paragraph boundary (unless it is still tiny, e.g. just a headline and byline).
        if fits and new_para and used + para_tokens[u.para] > budget and used >= budget // 4:
            fits = False
        if fits:
            current.append(u)
            continue
        spans.append((current[0].start, current[-1].end))
        carried = _overlap(current, u, overlap) if not new_para else []
        while carried and count_tokens(text[carried[0].start:u.end]) > budget:
            carried = carried[1:]
        current = carried + [u]
    if current:
        spans.append((current[0].start, current[-1].end))
    return spans


def _overlap(previous: list[_Unit], nxt: _Unit, overlap: int) -> list[_Unit]:
    """Trailing whole sentences of the previous chunk, same paragraph, within the overlap budget;
    never the whole previous chunk (each chunk must add new text)."""
    carried: list[_Unit] = []
    total = 0
    for u in reversed(previous[1:]):
        if u.para != nxt.para or total + u.tokens > overlap:
            break
        carried.insert(0, u)
        total += u.tokens
    return carried
