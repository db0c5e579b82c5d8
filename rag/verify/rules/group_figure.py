from __future__ import annotations

import re

from rag.facts import KeyFacts, numbers_in
from rag.lexicon import PROPER_NOUN_FLAGS, tagged
from rag.textmatch import normalize, strip_markers
from rag.verify.passages import clauses_holding, facts_to_check
from rag.verify.rules.base import SentenceCheck, SentenceRule

_JOIN = "(?:、|和|及|以及)"  # not 与/同, which also mean "with" (重庆与蒙古达成…: Chongqing is no member)
_EACH = re.compile(r"分别|各自|各")  # a figure per member ("分别出资60%和40%")
_NAME = r"[\u4e00-\u9fffA-Za-z]{2,}"


def _proper_nouns(text: str) -> set[str]:
    return {normalize(w) for w, flag in tagged(text) if len(w) >= 2 and flag in PROPER_NOUN_FLAGS}


def _common_nouns(text: str) -> set[str]:
    return {normalize(w) for w, flag in tagged(text) if len(w) >= 2 and flag == "n"}


def _partner(clause: str, member: str, proper: bool = True) -> str:
    """A noun `member` is listed with in `clause` ("山东省和烟台港", "蒙古、塞尔维亚等"; a common noun with a common
    noun: "家庭和个人") before the clause's first number, "" if none: a figure after a list is the list's."""
    first_number = re.search(r"\d", clause)
    for m in re.finditer(re.escape(member), clause):
        if first_number and m.start() > first_number.start():
            break
        after = re.match(_JOIN + f"({_NAME})", clause[m.end():])
        before = re.search(f"({_NAME})" + _JOIN + "$", clause[:m.start()])
        for found, pick in ((after, 0), (before, -1)):
            if found:
                word, flag = tagged(found.group(1))[pick]
                if len(word) >= 2 and (flag in PROPER_NOUN_FLAGS if proper else flag.startswith("n")):
                    return normalize(word)
    return ""


class GroupFigure(SentenceRule):
    """A figure the passage gives for a group (`甲省和乙公司出资40%`, `蒙古、塞尔维亚等国家达成…15项`, `家庭和个人指标额度共计…`) is not the figure of
    one of its members: a sentence that gives it to one member the question names, without the others, states what the
    passage does not (`乙公司单独出资40%`, `家庭指标额度63600个`). A figure per member (分别, 各) is the member's. And a figure given
    right before a part named after 其中 is the whole's, no answer for that part (`全国夏粮播种面积26530千公顷…。其中小麦播种面积22962千公顷`
    gives no 26530 of 小麦)."""
    id = "group_figure"

    def reason(self, check: SentenceCheck) -> str:
        return _listed_group(check) or _whole_before_part(check)


_PART = re.compile(r"\s*其中([^，,。；;\d]{1,8})")  # "…。其中小麦播种面积22962千公顷"


def _whole_before_part(check: SentenceCheck) -> str:
    """Why every passage sentence the figure comes from gives a whole whose part the question asks about is named
    right after it (`全国夏粮播种面积26530千公顷…。其中小麦播种面积22962千公顷` for 小麦's area), or ""."""
    if not {x for f in check.own_facts for x in f.numbers}:
        return ""
    words = [normalize(w) for w, flag in tagged(check.question.text) if len(w) >= 2 and flag.startswith("n")]
    text = normalize(check.cited_text)
    parts = []
    for sentence in map(normalize, check.source_sentences):
        at = text.find(sentence)
        m = _PART.match(text[at + len(sentence):]) if at >= 0 else None
        part = next((w for w in words if m and w in m.group(1) and w not in sentence), "")
        if not part:
            return ""
        parts.append(part)
    return f"引用段落中的这一数字是总数，其中{parts[0]}另有数字" if parts else ""


def _listed_group(check: SentenceCheck) -> str:
    """Why the figure is a listed group's that the sentence gives to one member (`乙公司单独出资40%`), or ""."""
    numbers = facts_to_check(check.sentence, check.question.text, check.cited, check.hits).numbers
    if not numbers:
        return ""
    sentence, question = normalize(strip_markers(check.sentence)), normalize(check.question.text)
    # a proper noun the sentence names; a common noun of the question, named or implied ("63600个" answers
    # "家庭指标额度"), listed with another the question does not ask about
    members = {n: True for n in _proper_nouns(check.question.text) if n in sentence}
    members.update({n: False for n in _common_nouns(check.question.text) if n not in members})
    holding = clauses_holding(KeyFacts(numbers=numbers), check.cited_text, items=False)
    if not members or not holding:
        return ""
    groups = []
    for clause in map(normalize, holding):
        if _EACH.search(clause):
            return ""
        found = [(m, p) for m, proper in members.items() if m in clause for p in [_partner(clause, m, proper)]
                 if p and p not in sentence and (proper or p not in question)]
        if not found:
            return ""  # one clause gives the figure without a group: it may be the member's own
        groups.append(found[0])
    member, partner = groups[0]
    number = min(numbers & numbers_in(" ".join(holding)) or numbers)
    return f"引用段落中的{number}是{member}与{partner}等合在一起的数字，不是{member}一方的"
