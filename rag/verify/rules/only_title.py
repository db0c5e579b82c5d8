from __future__ import annotations

import re

from rag.textmatch import content
from rag.verify.rules.base import SentenceCheck, SentenceRule

ASKS_FOR_TITLE = re.compile(r"文章|标题|题目|哪篇|篇名|书名|哪部|哪本|作品|报道")


class NotOnlyTitle(SentenceRule):
    """An answer that is nothing but the title of an article it cites, to a question that does not ask which
    article or work, points at a passage instead of answering from it."""
    id = "only_title"

    def reason(self, check: SentenceCheck) -> str:
        titles = {content(check.hits[n - 1].chunk.title) for n in check.cited} - {""}
        if content(check.sentence) in titles and not ASKS_FOR_TITLE.search(check.question.text):
            return "答案只是所引文章的标题"
        return ""
