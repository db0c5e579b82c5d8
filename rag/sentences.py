"""Sentence spans for Chinese (and plain English) text.

Used by the chunker, the citation verifier and the eval, so offsets must be exact:
every span satisfies text[start:end] == the sentence, without surrounding whitespace.
"""
from __future__ import annotations

import re

# Sentence-final marks. Runs such as "……" or "？！" stay together.
_TERMINATORS = "。！？!?；;…"
# Where a clause or a list item ends inside a sentence as well ("500余桶消毒液、100余万个口罩"): text across one of
# these speaks of something else (full-width ，；！？ appear as ,;!? once NFKC-normalised).
CLAUSE_MARKS = "、，,；;。！？!?\n"
SENTENCE_END = re.compile(r"[。！？!?\n]")  # where a sentence ends, for the rules that read a fact's whole sentence
# Closing marks that belong to the sentence they follow: 他说：“好。” -> one sentence.
# ASCII quotes are included because PDF extraction often leaves them unconverted; directly after a
# terminator a quote is almost always a closing one.
_CLOSERS = "”’」』）)》〕】\"'"

_BOUNDARY = re.compile(
    rf"[{re.escape(_TERMINATORS)}]+[{re.escape(_CLOSERS)}]*"  # Chinese-style end (+ closers)
    r"|(?<=[A-Za-z\)\]\"'])\.+(?=\s)"  # English full stop followed by whitespace
    r"|\n+"  # a line break always ends a sentence (paragraphs, titles, bylines)
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences in `text`, in order, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        end = m.start() if m.group().startswith("\n") else m.end()
        _add_trimmed(text, pos, end, spans)
        pos = m.end()
    _add_trimmed(text, pos, len(text), spans)
    return spans


def sentence_texts(text: str) -> list[str]:
    """The sentences of `text` as strings (the whole text when it has none)."""
    return [text[a:b] for a, b in split_sentences(text)] or [text]


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
