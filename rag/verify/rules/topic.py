from __future__ import annotations

from rag.textmatch import QUESTION_WORDS, overlap
from rag.verify.rules.base import SentenceCheck, SentenceRule


class SameTopic(SentenceRule):
    """The cited article shares a fair part of the question's words: one that shares almost none is about
    something else (another eel's depth offered for "线蚓鳗生活的水深是多少")."""
    id = "topic"

    def reason(self, check: SentenceCheck) -> str:
        shared = overlap(QUESTION_WORDS.sub(" ", check.question.text), check.article)
        if shared < check.settings.verify_topic_min_overlap:
            return "引用的文章与问题几乎没有共同的词语，说的是别的事"
        return ""
