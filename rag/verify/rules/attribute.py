from __future__ import annotations

from rag.question import attribute_found
from rag.verify.rules.base import SentenceCheck, SentenceRule


class AskedAttribute(SentenceRule):
    """The cited article speaks of the attribute asked about (the noun before the question word, or a synonym):
    a figure copied from a passage about R&D spending is no answer to "营收多少"."""
    id = "attribute"

    def reason(self, check: SentenceCheck) -> str:
        attribute = check.question.attribute
        if not attribute_found(attribute, check.article):
            return f"引用段落没有提到问题所问的“{attribute}”"
        return ""
