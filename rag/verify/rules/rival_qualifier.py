from __future__ import annotations

from rag.lexicon import tagged
from rag.verify.rules.base import SentenceCheck, SentenceRule


class RivalQualifier(SentenceRule):
    """The figure is the one the question qualifies: when the word that says which one is asked (秋粮 in "秋粮播种面积",
    离婚 in "平均离婚年龄") is nowhere in the cited articles and they name a sibling of it instead — a word of the same
    length, part of speech and last character that the question lacks (夏粮, 初婚) — the answer is the sibling's."""
    id = "rival_qualifier"

    def reason(self, check: SentenceCheck) -> str:
        asked = check.question.qualifier
        if not asked:
            return ""
        article = check.article
        if asked in article:
            return ""
        kind = _kind(asked)
        rival = next((w for w, flag in tagged(article) if len(w) == len(asked) and w[-1] == asked[-1] and w != asked
                      and w not in check.question.text and flag[:1] == kind), "")
        if not rival:
            return ""
        return f"问题问的是{asked}的{check.question.attribute}，引用段落说的是{rival}"


def _kind(word: str) -> str:
    """"n" or "v": the part of speech a sibling must share (初婚 and 离婚 are verbs, 就任 is no sibling of 新任)."""
    return next((flag[:1] for _, flag in tagged(word)), "")
