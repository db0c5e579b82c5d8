from __future__ import annotations

from rag.verify.passages import added_to_question
from rag.verify.rules.base import SentenceCheck, SentenceRule


class AddsToQuestion(SentenceRule):
    """A sentence that only restates the question ("…把高朱蒙称为什么[1]？") answers nothing."""
    id = "restates_question"

    def reason(self, check: SentenceCheck) -> str:
        return "" if added_to_question(check.sentence, check.question.text) else "句子只是复述问题"
