from __future__ import annotations

from rag.facts import has_facts
from rag.verify.repair import content_holders, holders_of, own_facts, unmet_conditions
from rag.verify.rules.base import SentenceCheck, SentenceRule


class QuestionConditions(SentenceRule):
    """The question's conditions (its year, quoted terms, Latin words) and scope (periods such as 中秋 or 一季度,
    place names, offices) hold for the article each fact of the answer comes from: an answer about another year, holiday
    or place answers another question. A sentence with no fact of its own is judged by the passage its added words
    come from (芝加哥 from an article on another congress). A place is named by itself, not inside a longer
    place's name (印度 is not named by 印度尼西亚); an event named after its place (北京冬奥会) by both in one clause;
    an office (部长) by itself, not by a deputy's or acting holder's title (副部长, 代部长)."""
    id = "question_conditions"

    def reason(self, check: SentenceCheck) -> str:
        q = check.question
        if not (has_facts(q.conditions) or q.scope):
            return ""
        for one in own_facts(check.sentence, q):
            holders = holders_of(one, check.cited, check.hits) if has_facts(one) else \
                content_holders(check.sentence, q.text, check.cited, check.hits)
            absent = unmet_conditions(holders, check.hits, q)
            if absent:
                return "问题条件不符：" + "；".join(absent)
        return ""
