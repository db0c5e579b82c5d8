from __future__ import annotations

import re

from rag.facts import NUMBER_AT, numbers_in
from rag.textmatch import normalize, strip_markers
from rag.verify.rules.base import SentenceCheck, SentenceRule

# Opposite bounds of a range: the highest, most or upper one against the lowest, least or lower one (not the
# 最高 of 最高法院, nor the 至多 of 回升至多少).
_HIGH = re.compile(r"最高(?!法院|人民|检察)|最多|最大|上限|至多(?!少)|最长")
_LOW = re.compile(r"最低|最少|最小|下限|至少|最短")
_CLAUSE_END = re.compile(r"[，,；;。！？!?\n]")


def bound_before(text: str, start: int, width: int = 6) -> str:
    """"high" or "low": the bound the words just before a number (within its clause) give it; "" for none."""
    window = text[max(0, start - width):start]
    window = window[max((m.end() for m in _CLAUSE_END.finditer(window)), default=0):]
    high, low = bool(_HIGH.search(window)), bool(_LOW.search(window))
    return "high" if high and not low else "low" if low and not high else ""


class BoundAsked(SentenceRule):
    """The figure is the bound the question asks for. When the question asks for the highest, most or upper figure
    (最高, 最多, 上限) and every place the cited passages give the sentence's number calls it the opposite bound
    (最低20亿美元，最高30亿美元: 20 is the lowest) — or the other way round — the sentence gives the other bound."""
    id = "bound_asked"

    def reason(self, check: SentenceCheck) -> str:
        question = check.question.text
        high, low = bool(_HIGH.search(question)), bool(_LOW.search(question))
        if high == low:
            return ""  # no bound asked, or both
        asked = "high" if high else "low"
        text = normalize(check.cited_text)
        for number in sorted(numbers_in(strip_markers(check.sentence)) - numbers_in(question)):
            given = [bound_before(text, m.start()) for m in NUMBER_AT.finditer(text) if m.group() == number]
            if given and all(g and g != asked for g in given):
                words = {"high": "最高", "low": "最低"}
                return f"问题问的是{words[asked]}的数，引用段落中{number}是{words[given[0]]}的"
        return ""
