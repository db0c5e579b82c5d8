from __future__ import annotations

import re

from rag.entities import lac_tagged
from rag.facts import variant_found
from rag.question import LIFE_EVENTS, asked_life_verb, attribute_found, life_event_found
from rag.verify.rules.base import SentenceCheck, SentenceRule

_EVENT_NAMES = {"birth": "出生", "death": "去世"}


class AskedAttribute(SentenceRule):
    """The cited article speaks of the attribute asked about (the noun before the question word, or a synonym; for a
    change asked, `利润同比增长多少`, the noun before the change): a figure copied from a passage about R&D spending is no
    answer to "营收多少". A verb there asks for its object, not for a noun the passage must repeat (饰演谁 is answered by
    出演男一号贾发; jieba calls 饰演 and 毕业 nouns, Baidu's LAC reads them as verbs). A birth or death date asked for needs a
    source sentence that states the birth or death (in words, or as a life span): the year of an election he lost is
    no birth year, nor the year he became famous his brother's. And a birth or death asked about (when, where) is
    the asked person's: a source sentence whose every clause stating one names another person and not the asked one
    (`秀吉死后` for 大村喜前's death, `史东出生于休斯顿` for 特雷·帕克's birthplace) states someone else's — unless the article is about
    the asked person, whom it may name otherwise (史东 for 马特·斯通). A measure is also spoken of by its unit (an age by
    `24岁`, a share by its percentage, a counted thing by its measure word after a number: `约2.2亿股` gives 股份); a
    place of an act (举办地, 注册地), 种类, 政党, 单位, 年限, 金额 and a role (扮演者, 饰演者) name the kind of answer; a count named by
    its measure word and 数 (斗争年数, 原著字数, 奖牌总数), or a size (数据库规模), asks about the noun before it. A name in Latin
    letters (英文, 学名) is spoken of by the letters in brackets (`相当理由（probable cause）`). A title is spoken of as what
    someone is called (称号 as `曼岛领主之称`), a relative by a letter naming the relation either way round (父亲 by `父王机`, as
    `relative_asked` reads it). The amount of a noun jieba takes for a verb and LAC reads as a noun (收入 of 营业收入) is
    an amount of it. An area is spoken of by its unit after a number (面积 by `22公顷的森林`), a price or a fee by a sum
    of money (车费 by `全程：$6.1`), a grade by 级 after a number (震级 by `9.1级地震`), and who plays a role by the playing
    (演员 by `扮演曹闯的郝平`)."""
    id = "attribute"

    def reason(self, check: SentenceCheck) -> str:
        attribute = check.question.attribute
        if not attribute_found(attribute, check.article):
            return f"引用段落没有提到问题所问的“{attribute}”"
        event = check.question.life_event
        if not any(life_event_found(event, text) for text in check.source_sentences or [check.article]):
            return f"引用段落没有提到问题所问的{_EVENT_NAMES[event]}"
        event = asked_life_verb(check.question.text)
        asked = {n for n in check.question.facts.names | {check.question.subject} if len(n) >= 2}
        titles = " ".join(check.hits[n - 1].chunk.title for n in check.cited)
        # an article about the asked person tells their births and deaths, whatever name it gives (史东 for 斯通)
        if event and asked and not any(variant_found(name, titles) for name in asked):
            stating = [s for s in check.source_sentences if LIFE_EVENTS[event].search(s)]
            others = [_whose_life_event(s, event, asked) for s in stating]
            if others and all(others):
                return f"引用段落说的是{others[0]}的{_EVENT_NAMES[event]}，不是问题问的人"
        return ""


def _whose_life_event(sentence: str, event: str, asked: set[str]) -> str:
    """The person another than the asked one whom every clause of the sentence stating a birth or death names
    ("秀吉死后" for a question on 大村喜前's death), or ""."""
    other = ""
    for clause in re.split(r"[，,；;。]", sentence):
        if not LIFE_EVENTS[event].search(clause):
            continue
        if any(variant_found(name, clause) for name in asked):
            return ""
        persons = [w for w, tag in lac_tagged(clause) if tag == "PER" and len(w) >= 2]
        if not persons:
            return ""
        other = persons[-1]
    return other
