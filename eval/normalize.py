"""Text normalisation used on both sides of every answer/evidence match."""
from __future__ import annotations

import re
import unicodedata

from rag.facts import ordinals_in_digits
from rag.textmatch import simplified

# Curly and CJK quotes -> straight ones; every dash-like character -> "-".
_QUOTES = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u300c": '"', "\u300d": '"',
    "\u300e": '"', "\u300f": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
})
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]")
_SPACE = re.compile(r"\s+")
_CITATION = re.compile(r"\[\d+\]")
# Marks that frame or separate an answer without being part of it (as in CMRC 2018's official scorer, which strips
# them before matching: 梁公林 answers 「梁公林」). Kept: . % + = > < - and digits' separators, which change a value.
_ANSWER_PUNCT = re.compile(r"[,;:?!'\"()\[\]{}、。《》〈〉【】〔〕「」『』·・…]")


def normalize(text: str) -> str:
    """NFKC, quotes and dashes unified, whitespace removed, lower-cased, in simplified characters (an answer copied
    from a page in traditional ones, 110億次, is the answer 110亿次)."""
    text = simplified(unicodedata.normalize("NFKC", text or ""))
    text = text.translate(_QUOTES)
    text = _DASHES.sub("-", text)
    text = _SPACE.sub("", text)
    return text.lower()


def answer_form(text: str) -> str:
    """`normalize`d, [n] markers and framing punctuation removed, ordinals in digits: the form answers are matched in."""
    form = _ANSWER_PUNCT.sub("", normalize(strip_citations(text)))
    return ordinals_in_digits(form)  # a place in Chinese numerals or digits is one place: 第六任 is 第6任


def strip_citations(text: str) -> str:
    """Drop [n] markers so that '5月[1]28日' style splits don't hide an answer."""
    return _CITATION.sub("", text or "")


def contains(haystack: str, needle: str) -> bool:
    """True when the normalised needle is a non-empty substring of the normalised haystack."""
    n = normalize(needle)
    return bool(n) and n in normalize(haystack)
