"""Character-level text matching shared by citation checking, passage focusing and the extractive
generator: normalisation, citation-marker stripping, character bigrams and their overlap."""
from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Citation markers as models write them: [1] [1,2] [1-3] 【2】 ［3］
MARKER = re.compile(r"[\[［【]\s*(\d{1,3}(?:\s*[,，、\-–~]\s*\d{1,3})*)\s*[\]］】]")
# Question words carry no content; left in, they would make any interrogative sentence match. 请 asks only where a
# request opens (请列出…, "，请问"): inside a word (申请, 邀请, 聘请) it is content, and a search-box phrase holding it
# (日本申请持枪执照的费用) still names the amount it asks.
QUESTION_WORDS = re.compile(
    r"什么|哪一年|哪一天|哪里|哪儿|哪些|哪个|哪位|哪|是谁|谁|多少|多长|多大|多高|多久|多远|多重|多深|多宽|几|吗|呢|如何|"
    r"怎么样|怎么|怎样|为什么|是否|请问|(?:^|(?<=[\s，,。！!？?：:]))请|"
    r"[？?。！!，,]")


# A quoted term or title: its words name something, they do not ask (《谁是卧底》, “为什么”).
_QUOTED_SPAN = re.compile(r"“[^”]*”|《[^》]*》|「[^」]*」|『[^』]*』|\"[^\"]*\"")


def outside_quotes(text: str) -> str:
    """`text` with every quoted term or title blanked out character for character (offsets unchanged)."""
    return _QUOTED_SPAN.sub(lambda m: "\u3000" * len(m.group()), text)


def has_content(text: str) -> bool:
    """True when the text holds at least one letter or digit (punctuation-only files and chunks carry nothing)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


@lru_cache(maxsize=1)
def _simplified() -> dict[int, str]:
    """Traditional -> simplified, one character for one (OpenCC's TSCharacters table, first reading), so a
    passage written in traditional characters (赫爾曼) matches a sentence in simplified ones (赫尔曼)."""
    table: dict[int, str] = {}
    try:
        import opencc

        lines = (Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt").read_text(encoding="utf-8")
    except (ImportError, OSError, TypeError):  # another "opencc" package (the C++ binding) has no such file: match as written
        logging.getLogger(__name__).warning("no traditional->simplified table (opencc-python-reimplemented)")
        return table
    for line in lines.splitlines():
        trad, _, simp = line.partition("\t")
        first = simp.split(" ")[0]
        if len(trad) == 1 and len(first) == 1:
            table[ord(trad)] = first
    return table


def simplified(text: str) -> str:
    """`text` with traditional characters written simplified, one character for one (offsets unchanged). Characters
    that are simplified ones too take their traditional sense (乾隆 reads 干隆): both sides of a comparison are read
    alike, and LAC still tags such a name."""
    return text.translate(_simplified())


def normalize(text: str) -> str:
    """For matching only: full/half width unified (NFKC), lower case, simplified characters, no whitespace,
    straight quotes."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_simplified())
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[“”「」『』‘’\"']", "", text)


def strip_markers(text: str) -> str:
    return MARKER.sub("", text).strip()


def content(text: str, keep: str = "") -> str:
    """Letters and digits only (and the characters in `keep`), normalised, markers removed: what bigram matching
    compares."""
    return "".join(c for c in normalize(strip_markers(text)) if c.isalnum() or c in keep)


def bigrams(text: str) -> set[str]:
    s = content(text)
    return {s[i:i + 2] for i in range(len(s) - 1)} if len(s) > 1 else ({s} if s else set())


def overlap(sentence: str, passage: str) -> float:
    """Share of the sentence's character bigrams found in the passage (0..1)."""
    sb = bigrams(sentence)
    return len(sb & bigrams(passage)) / len(sb) if sb else 0.0


def question_bigrams(question: str) -> set[str]:
    """The question's content bigrams: question words and punctuation removed."""
    return bigrams(QUESTION_WORDS.sub(" ", question))
