from __future__ import annotations

import re

from rag.textmatch import normalize, strip_markers
from rag.verify.passages import passage_match_text
from rag.verify.rules.base import SentenceCheck, SentenceRule

# Verbs of a contest's outcome: the one before a "win" verb won (A击败B), the one before a "lose" verb lost (A不敌B).
_WIN = "击败|战胜(?!国)|打败|淘汰|力克|险胜|击溃|横扫|完胜|大胜|胜过|赢了|赢下|逆转"
_LOSE = "不敌|负于|输给|败给|惜败|憾负|负给|败于|输于"
_OUTCOME = re.compile(f"(?P<win>{_WIN})|(?P<lose>{_LOSE})")
_CLAUSE = re.compile(r"[，,；;。！？!?：:\n]")


def outcome_role(clause: str, term: str) -> str:
    """"winner" or "loser": what the clause says `term` was in a contest, from where it stands against the clause's
    outcome verb (after 击败 it lost, after 不敌 it won; before them the other way round); "" when the clause has
    no outcome verb or does not hold the term."""
    at = clause.find(term)
    if at < 0:
        return ""
    verbs = list(_OUTCOME.finditer(clause))
    before = [v for v in verbs if v.end() <= at]
    if before:
        return "loser" if before[-1].group("win") else "winner"
    after = [v for v in verbs if v.start() >= at + len(term)]
    if after:
        return "winner" if after[0].group("win") else "loser"
    return ""


def roles_in(text: str, term: str) -> set[str]:
    """Every role `term` has in the clauses of `text` that hold it and say who won."""
    return {r for clause in _CLAUSE.split(normalize(text)) if (r := outcome_role(clause, term))}


def contest_of(sentence: str) -> tuple[str, str]:
    """(the other party, its role) of the sentence's first contest: the words after its outcome verb to the clause's
    end ("击败了萨巴伦卡" -> 萨巴伦卡, the loser; "输给了哈莉普" -> 哈莉普, the winner); ("", "") without one."""
    for clause in _CLAUSE.split(sentence):
        verb = _OUTCOME.search(clause)
        if verb:
            other = clause[verb.end():].lstrip("了过")
            return other, ("loser" if verb.group("win") else "winner")
    return "", ""


def longest_tail_in(words: str, text: str, shortest: int = 2) -> str:
    """The longest ending of `words` the text holds ("白俄罗斯选手萨巴伦卡" -> "萨巴伦卡" when the text writes
    "选手萨巴伦卡" otherwise); "" when not even its last `shortest` characters are there."""
    return next((words[i:] for i in range(len(words) - shortest + 1) if words[i:] in text), "")


class SameOutcome(SentenceRule):
    """Who won is who the passage says won. When the sentence reports a contest (张帅击败了X, 张帅输给了X) and every
    clause of the cited passages that says how a contest with X went gives X the other role (张帅不敌X: X won), the
    sentence reverses what the passage reports."""
    id = "same_outcome"
    needs_question = False

    def reason(self, check: SentenceCheck) -> str:
        other, role = contest_of(normalize(strip_markers(check.sentence)))
        if not other or not check.cited:
            return ""
        text = normalize("\n".join(passage_match_text(check.hits[n - 1]) for n in check.cited))
        name = longest_tail_in(other, text)
        reported = roles_in(text, name) if name else set()
        if reported and role not in reported:
            said = {"winner": "胜者", "loser": "负者"}
            return f"句子说{name}是{said[role]}，引用段落说{name}是{said[next(iter(reported))]}"
        return ""
