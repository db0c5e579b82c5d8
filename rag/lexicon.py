"""The Chinese lexicon: jieba, initialised once for the process, shared by retrieval (BM25 tokens), question
reading, the verifier and follow-up rewriting."""
from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import jieba.posseg

jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" banner would clutter CLI output


def search_words(text: str) -> list[str]:
    """jieba search mode: words and the sub-words of long words (BM25 tokens)."""
    return jieba.lcut_for_search(text)


@lru_cache(maxsize=8192)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech flag) pairs. Cached: the verifier reads the same question and sentences many times.
    A person's name jieba finds right after a Latin letter is the tail of a mixed name it cut wrongly ("C罗以807球"
    -> C + 罗以), and one opening with the particle 了 or 着 is the particle glued to a foreign name's first letter
    ("战胜了蒂亚戈" -> 了蒂): both are tagged "x", no word of any kind."""
    pairs = [(p.word, p.flag) for p in jieba.posseg.cut(text)]
    return tuple((w, "x" if flag.startswith("nr") and ((i and pairs[i - 1][1] == "eng") or w[0] in "了着") else flag)
                 for i, (w, flag) in enumerate(pairs))


# jieba's flags for proper nouns: place, person (and transliterated or foreign name), organisation, other.
PROPER_NOUN_FLAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz"})
