from __future__ import annotations

import re

from rag.textmatch import normalize, strip_markers
from rag.verify.passages import passage_match_text
from rag.verify.rules.base import SentenceCheck, SentenceRule

_VALUE = re.compile(r"\d+(?:\.\d+)?%?")
_ITEMS = re.compile(r"[、和]")


def respective_pairs(text: str) -> list[list[tuple[str, str]]]:
    """The (item, value) lists of every "A、B和C…分别…X、Y和Z" in `text`: the k-th value is the k-th item's. Only
    where the items and the values are as many (电影及演出票 is one item)."""
    out = []
    for clause in re.split(r"[。；;！？]", normalize(text)):
        if "分别" not in clause:
            continue
        before, after = clause.split("分别", 1)
        items = [i.strip() for i in _ITEMS.split(re.split(r"[，,：:]", before)[-1]) if i.strip()]
        values = _VALUE.findall(after)
        if len(items) >= 2 and len(items) == len(values):
            out.append(list(zip(items, values)))
    return out


class RespectiveFigure(SentenceRule):
    """A figure of a "respectively" list is its own item's: in `飞机票、电影及演出票、交通工具租赁费价格分别上涨7.7%、5.8%
    和3.8%` the k-th value belongs to the k-th item. A sentence that gives the question's item another item's value
    (7.7% for 电影及演出票), or gives a listed value for something the list does not hold (7.7% for 酒店住宿), states
    what the passage does not."""
    id = "respective"

    def reason(self, check: SentenceCheck) -> str:
        sentence, question = normalize(strip_markers(check.sentence)), normalize(check.question.text)
        said = set(_VALUE.findall(sentence)) - set(_VALUE.findall(question))
        for n in check.cited:
            for pairs in respective_pairs(passage_match_text(check.hits[n - 1])):
                given = [(item, value) for item, value in pairs if value in said]
                if not given or any(item in sentence and item in question for item, _ in given):
                    continue
                asked = [(item, value) for item, value in pairs if item in question]
                item, value = given[0]
                if asked:
                    return f"引用段落中的{value}是{item}的，问题问的{asked[0][0]}是{asked[0][1]}"
                if not any(i in sentence for i, _ in pairs if i != item):
                    return f"引用段落中的{value}是{item}的，不是问题所问的"
        return ""
