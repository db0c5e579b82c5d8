from __future__ import annotations

import re
from collections.abc import Iterable

from rag.facts import NUMBER_AT, KeyFacts, ungrouped, years_named
from rag.lexicon import tagged
from rag.question import qualifier_modifiers
from rag.textmatch import normalize
from rag.verify.passages import clauses_holding, facts_to_check
from rag.verify.rules.base import SentenceCheck, SentenceRule

# Words that make a figure one per day, person or year, or per so many of something (每万名就业人员, 每10万人): an
# average or a rate, not the total a how-much question asks.
_PER_UNIT = re.compile(r"日均|人均|平均|单日|每日|每天|每年|年均|场均|月均|户均|每人|每场|每户|每[十百千万]+|每\d+[十百千万]*")


class RivalQualifier(SentenceRule):
    """The figure is the one the question qualifies: when the word that says which one is asked (秋粮 in 秋粮播种面积, 离婚 in
    平均离婚年龄) is nowhere in the cited articles and they name a sibling of it instead — a word of the same length, part
    of speech and last character that the question lacks (夏粮, 初婚) — the answer is the sibling's; for an amount
    asked, such a word nowhere in the cited articles is enough (夏粮's sown area is no 大豆播种面积, all papers no 接收论文数量),
    and so is a word qualifying it further (all cars' 保有量 is no 新能源汽车保有量). Likewise a figure every clause of the
    cited passages gives per day, person or year, or per so many of something (`日均旅游收入约95.6亿元`,
    `每万名就业人员中研发人员数…77人年`), is no answer to a how-much question that asks no such figure (国内旅游总收入,
    研发人员总量). And a figure every place of which in the cited passages is a 其中 clause naming a part the
    question does not ask (`销量为292，923辆。其中MINI电动汽车…达到60，839辆`) is the part's, not the whole's; nor is the whole's
    figure the asked part's where a 其中 clause gives the part its own (`机动车…4.17亿辆，其中汽车3.19亿辆`) — a 其中 list gives
    each later item's number to that item (`其中包括7436名本科生、…、245名博士生`: 245 is the 博士生's); nor is a figure
    whose every clause names, before it, a sibling of the asked attribute — the same length
    and last two letters (得票率 for 投票率) — in articles that never name the attribute itself (`得票率99.16%` is no
    投票率)."""
    id = "rival_qualifier"

    def reason(self, check: SentenceCheck) -> str:
        per_unit = _per_unit_only(check)
        if per_unit:
            return f"引用段落中这个数字是按{per_unit}计的，问题问的不是按{per_unit}计的数字"
        part = _part_only(check)
        if part:
            return f"引用段落中这个数字是其中{part}的部分，问题问的不是{part}"
        whole = _whole_for_part(check)
        if whole:
            return whole
        sibling = _sibling_attribute(check)
        if sibling:
            return sibling
        asked = check.question.qualifier
        if not asked:
            return ""
        article = check.article
        if check.question.answer_type == "quantity":
            further = next((w for w in qualifier_modifiers(check.question.text) if w not in article), "")
            if further:
                return f"问题问的是{further}{asked}的{check.question.attribute}，引用段落没有提到{further}"
        if asked in article:
            return ""
        kind = _kind(asked)
        rival = next((w for w, flag in tagged(article) if len(w) == len(asked) and w[-1] == asked[-1] and w != asked
                      and w not in check.question.text and flag[:1] == kind), "")
        if rival:
            return f"问题问的是{asked}的{check.question.attribute}，引用段落说的是{rival}"
        if check.question.answer_type == "quantity" and len(asked) >= 2:
            # an amount is the qualified one or another's: 夏粮's area is no 大豆播种面积
            return f"问题问的是{asked}的{check.question.attribute}，引用段落没有提到{asked}"
        return ""


def _kind(word: str) -> str:
    """"n" or "v": the part of speech a sibling must share (初婚 and 离婚 are verbs, 就任 is no sibling of 新任)."""
    return next((flag[:1] for _, flag in tagged(word)), "")


def _answer_number(check: SentenceCheck) -> str:
    """The sentence's first number that is a key fact and no year: its answer (the rest compare or add)."""
    numbers = facts_to_check(check.sentence, check.question.text, check.cited, check.hits).numbers
    numbers -= years_named(" ".join(numbers))
    return first_written(check.sentence, numbers)


def first_written(sentence: str, numbers: Iterable[str]) -> str:
    """The number of `numbers` the sentence writes first, read as a whole number (the 1 of `1次` is not the first
    letter of an earlier `18.8分`); ties and numbers not written in digits go by length, then value, so the choice
    never depends on a set's iteration order (which changes with each process's hash seed)."""
    text = ungrouped(sentence)  # 60，839 is the number 60839

    def at(n: str) -> int:
        m = _whole_number(n).search(text)
        return m.start() if m else (text.find(n) if n in text else len(text))
    return min(numbers, key=lambda n: (at(n), -len(n), n), default="")


_SENTENCE_END = re.compile(r"[。！？!?；;\n]")  # a 其中 speaks of its own sentence or its half before a ；
_ITEM_END = re.compile(r"[、，,。！？!?；;\n]")


def _part_only(check: SentenceCheck) -> str:
    """The words naming a part (电动汽车) when every place the cited passages give the answer's number is a 其中
    clause (up to the end of the number's item, within its sentence or its half before a ；) that names that part, the
    part being what the text before does not name and the how-much question does not ask: "销量为292，923辆。
    其中MINI电动汽车…达到60，839辆" gives no 全球销量 of 60，839. A 其中 list gives each item's number to that item: in
    "其中包括7436名本科生、…、245名博士生" 245 is the 博士生's. Else ""."""
    if check.question.answer_type != "quantity":
        return ""
    number = _answer_number(check)
    text = ungrouped(normalize(check.cited_text))
    found = [m for m in NUMBER_AT.finditer(text) if m.group() == number]
    parts = []
    for m in found:
        start = max((e.end() for e in _SENTENCE_END.finditer(text, 0, m.start())), default=0)
        at = text.rfind("其中", start, m.start())
        if at < 0:
            return ""
        before = text[max(0, at - 80):at]
        end = _ITEM_END.search(text, m.end())
        said = text[at + 2:end.start() if end else len(text)]  # up to the end of the number's item: 245名博士生
        if _item_names_asked(said, m.start() - at - 2, check.question.text):
            return ""
        new = [w for w, flag in tagged(said) if flag.startswith("n") and len(w) >= 2 and w not in before
               and w != check.question.attribute]  # the figure's name (销量) is the whole's as well as the part's
        if not new or any(w in check.question.text for w in new):
            return ""
        parts.append(new[0])
    return parts[0] if parts else ""


def _item_names_asked(said: str, at: int, question: str) -> bool:
    """Is the number at `at` of a 其中 clause (`said`) in a later item of a list that names, as no other item does, a
    noun the question asks (其中包括7436名本科生、5010名硕士生、245名博士生: 245 is the 博士生's)?"""
    start = max((e.end() for e in _ITEM_END.finditer(said, 0, at)), default=0)
    if not start:
        return False  # the clause's first item: what it names is judged as the part
    item, rest = said[start:], said[:start]  # `said` ends with the number's item
    return any(w in question and w not in rest for w, flag in tagged(item) if flag.startswith("n") and len(w) >= 2)


def _per_unit_only(check: SentenceCheck) -> str:
    """The per-unit word (日均, 人均…) every cited clause holding the sentence's first number (its answer; the rest
    compare or add) gives it under, when the how-much question asks no per-unit figure; else ""."""
    if check.question.answer_type != "quantity" or _PER_UNIT.search(check.question.text):
        return ""
    first = _answer_number(check)
    if not first:
        return ""
    found = [_PER_UNIT.search(c) for c in clauses_holding(KeyFacts(numbers={first}), check.cited_text, items=False)]
    return found[0].group() if found and all(found) else ""


def _whole_for_part(check: SentenceCheck) -> str:
    """Why the answer's figure is the whole's when the cited passages give the asked part its own figure in a 其中
    clause of the same sentence (`机动车保有量达4.17亿辆，其中汽车3.19亿辆` for 汽车保有量: 4.17亿 is all vehicles'), or ""."""
    asked = normalize(check.question.qualifier)
    if check.question.answer_type != "quantity" or not asked:
        return ""
    number = _answer_number(check)
    if not number:
        return ""
    text = ungrouped(normalize(check.cited_text))
    own = re.compile(rf"其中{re.escape(asked)}[^\d，,。；;]{{0,6}}?(\d+(?:\.\d+)?)")
    for sentence in _SENTENCE_END.split(text):
        at = sentence.find("其中")
        part = own.search(sentence)
        if part and part.group(1) != number and _whole_number(number).search(sentence[:at]):
            return f"引用段落中{number}是总数，其中{asked}的数字是{part.group(1)}"
    return ""


# Where a clause ends: a figure is given to the attribute named before it in its own clause.
_CLAUSE_END = re.compile(r"[，,；;。！!？?：:]")


def _sibling_attribute(check: SentenceCheck) -> str:
    """Why the answer's figure is another attribute's: the cited articles never name the asked attribute (投票率), and
    every clause holding the answer's number names a sibling of it before the number — a word of the same length
    ending in the same two letters that the question lacks (得票率) — or ""."""
    attribute = normalize(check.question.attribute)
    if check.question.answer_type != "quantity" or len(attribute) < 3 or attribute in normalize(check.article):
        return ""
    number = _answer_number(check)
    if not number:
        return ""
    siblings = []
    for clause in _CLAUSE_END.split(ungrouped(normalize(check.cited_text))):
        at = _whole_number(number).search(clause)
        if not at:
            continue
        named = [w for w, flag in tagged(clause[:at.start()]) if len(w) == len(attribute) and w != attribute
                 and w[-2:] == attribute[-2:] and w not in check.question.text and flag.startswith("n")]
        if not named:
            return ""
        siblings.append(named[-1])
    if not siblings:
        return ""
    return f"问题问的是{attribute}，引用段落中{number}是{'、'.join(dict.fromkeys(siblings))}"


def _whole_number(number: str) -> re.Pattern[str]:
    """`number` where the text writes it whole: not the 8 of 18.8, nor the 18 of 180."""
    return re.compile(rf"(?<![\d.]){re.escape(number)}(?![\d])")
