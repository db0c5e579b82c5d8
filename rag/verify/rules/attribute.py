from __future__ import annotations

from rag.question import attribute_found, life_event_found
from rag.verify.rules.base import SentenceCheck, SentenceRule

_EVENT_NAMES = {"birth": "出生", "death": "去世"}


class AskedAttribute(SentenceRule):
    """The cited article speaks of the attribute asked about (the noun before the question word, or a synonym):
    a figure copied from a passage about R&D spending is no answer to "营收多少". A verb there asks for its object,
    not for a noun the passage must repeat (饰演谁 is answered by 出演男一号贾发; jieba calls 饰演 and 毕业 nouns,
    Baidu's LAC reads them as verbs). A birth or death date asked
    for needs a source sentence that states the birth or death (in words, or as a life span): the year of an
    election he lost is no birth year, nor the year he became famous his brother's."""
    id = "attribute"

    def reason(self, check: SentenceCheck) -> str:
        attribute = check.question.attribute
        if not attribute_found(attribute, check.article):
            return f"引用段落没有提到问题所问的“{attribute}”"
        event = check.question.life_event
        if not any(life_event_found(event, text) for text in check.source_sentences or [check.article]):
            return f"引用段落没有提到问题所问的{_EVENT_NAMES[event]}"
        return ""
