from __future__ import annotations

from rag.facts import variant_found
from rag.verify.rules.base import SentenceCheck, SentenceRule


class QuestionSubject(SentenceRule):
    """The cited article names what the question is about (the noun it opens with, or a one-character variant
    of it): an answer about another thing of the same kind (钩盲蛇's range for 松鸦's) is not an answer."""
    id = "subject"

    def reason(self, check: SentenceCheck) -> str:
        subject = check.question.subject
        if subject and not variant_found(subject, check.article):
            return f"引用的文章没有提到问题所问的“{subject}”"
        return ""
