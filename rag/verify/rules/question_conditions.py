from __future__ import annotations

import re
import unicodedata

from rag.facts import has_facts
from rag.textmatch import strip_markers
from rag.verify.repair import content_holders, holders_of, own_facts, unmet_conditions
from rag.verify.rules.base import SentenceCheck, SentenceRule


class QuestionConditions(SentenceRule):
    """The question's conditions (its year, quoted terms, Latin words) and scope (periods such as 中秋 or 一季度,
    place names, offices) hold for the article each fact of the answer comes from: an answer about another year, holiday
    or place answers another question. A sentence with no fact of its own is judged by the passage its added words
    come from (芝加哥 from an article on another congress). A place is named by itself, not inside a longer
    place's name (印度 is not named by 印度尼西亚); an event named after its place (北京冬奥会) by both in one clause;
    an office (部长) by itself, not by a deputy's or acting holder's title (副部长, 代部长). And the sentence does not
    itself name another year than the question's, without the question's (2023年… for a question on 2022)."""
    id = "question_conditions"

    def reason(self, check: SentenceCheck) -> str:
        q = check.question
        if not (has_facts(q.conditions) or q.scope):
            return ""
        other_year = _another_year(check.sentence, q.years)
        if other_year:
            return other_year
        for one in own_facts(check.sentence, q):
            holders = holders_of(one, check.cited, check.hits) if has_facts(one) else \
                content_holders(check.sentence, q.text, check.cited, check.hits)
            absent = unmet_conditions(holders, check.hits, q)
            if absent:
                return "问题条件不符：" + "；".join(absent)
        return ""


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# A year the sentence is about; not one it compares with or counts from (比2021年, 与2021年相比, 自2020年).
_YEAR_STATED = re.compile(r"(?<![\d比较与自从])((?:19|20)\d{2})(?=年(?!来)|赛季|届)")


def _another_year(sentence: str, asked: frozenset[str]) -> str:
    """Why the sentence answers for another year than the one the question names (`asked`), or ""."""
    if len(asked) != 1:
        return ""
    said = set(_YEAR_STATED.findall(unicodedata.normalize("NFKC", strip_markers(sentence))))
    if not said or said & asked or set(_YEAR.findall(unicodedata.normalize("NFKC", sentence))) & asked:
        return ""
    return f"问题条件不符：句子说的是{min(said)}年，问题问的是{next(iter(asked))}年"
