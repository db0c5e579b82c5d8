from __future__ import annotations

import re

from rag.facts import with_digits
from rag.textmatch import bigrams
from rag.verify.passages import added_to_question
from rag.verify.rules.base import SentenceCheck, SentenceRule


def novel_content_found(sentence: str, question: str, passage: str, min_bigrams: int = 3) -> bool:
    """False when the sentence adds content to the question (≥ `min_bigrams` new character bigrams) and not one
    of those bigrams occurs in the passage, read as written or with its numbers in digits ("第10位" is the
    passage's "第十位")."""
    def found(s: str, q: str, p: str) -> bool:
        added = added_to_question(_ONE_OF_A_KIND.sub("", s), q)
        return len(added) < min_bigrams or bool(added & bigrams(p))
    return found(sentence, question, passage) or found(with_digits(sentence), with_digits(question), with_digits(passage))


# "是一部", "一款": a numeral and its measure word frame what is added, they add nothing the passage must say
_ONE_OF_A_KIND = re.compile(r"是?一[个部款种位名项场只家座本首条支所间台届份篇次]")


class AddedContentCited(SentenceRule):
    """What the sentence adds to the question comes from the passages it cites: "2022年印度新当选总统是佐科-维多多"
    restates the question and adds a name the cited passage never mentions. Numbers count in digits or Chinese
    numerals alike (第10位 is the passage's 第十位); a numeral with its measure word (是一部) only frames what is added:
    "是一部喜剧电影" is not supported by a passage that says "一部电影" but never 喜剧."""
    id = "novel_content"

    def reason(self, check: SentenceCheck) -> str:
        if novel_content_found(check.sentence, check.question.text, check.cited_text,
                               check.settings.verify_novel_min_bigrams):
            return ""
        return "答案中问题以外的内容不在引用段落中"
