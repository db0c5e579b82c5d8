from __future__ import annotations

from rag.facts import abbreviation_found, variant_found
from rag.verify.passages import names_topic_implicitly
from rag.verify.rules.base import SentenceCheck, SentenceRule


class QuestionSubject(SentenceRule):
    """The cited article names what the question is about (the noun it opens with, after any time it opens with;
    a one-character variant of it; or the full form it abbreviates, 中国国家男子足球队 for 中国男足): an answer
    about another thing of the same kind (钩盲蛇's range for 松鸦's, 沪深两市's turnover for 港股's) is not an
    answer. A passage that repeats the question at length (7+ letters in a row) is about its subject even unnamed
    (a 国考 post described word for word)."""
    id = "subject"

    def reason(self, check: SentenceCheck) -> str:
        subject = check.question.subject
        article = check.article
        if subject and not variant_found(subject, article) and not abbreviation_found(subject, article) \
                and not names_topic_implicitly(check.question.text, subject, article):
            return f"引用的文章没有提到问题所问的“{subject}”"
        return ""
