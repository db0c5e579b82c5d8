from __future__ import annotations

import re

from rag.lexicon import tagged
from rag.question import question_words
from rag.textmatch import content, outside_quotes
from rag.verify.passages import added_to_question, without_preamble
from rag.verify.rules.base import SentenceCheck, SentenceRule

# Answered in the question's own characters by nature: yes/no and either-or questions ("是否…？" -> "是，…") and
# questions for another form of a name given in the question (简称 "中国一汽" for 中国第一汽车集团).
_OWN_WORDS_QUESTION = re.compile(r"是否|吗|有没有|是不是|能否|可否|会不会|还是|简称|全称|别称|缩写|又称|又名|别名")
_NUMBER_WITH_NEXT = re.compile(r"(\d+)(\D?)")
_SYMBOLS = "<>=≠≥≤%‰+×÷"
# Question words that do not occur inside ordinary words (unlike 几 in 几乎 or 哪 in 哪怕).
_ASKING = frozenset(("什么", "哪里", "哪儿", "哪些", "哪个", "哪位", "哪一年", "哪一天", "谁", "是谁", "多少", "如何", "怎么",
                     "怎样", "为什么"))  # they say something: "1+1>2" is an answer to "不是1+1=2，而是什么"


def still_asks(sentence: str, question: str) -> bool:
    """Does the sentence still hold the question's own question word (the last, when it has several)? Then it asks or
    reports the question ("很多用户想要知道使用了什么处理器" for "小米MIX4的处理器是什么") instead of answering it."""
    # of several question words the last asks: 去哪儿 (a platform's name) opens "…去哪儿平台…搜索量增长多少"
    asked = next(reversed(question_words(question)), None)
    return (asked is not None and asked.group() in _ASKING
            and asked.group() in outside_quotes(without_preamble(sentence)))


def adds_to_question(sentence: str, question: str) -> bool:
    """Does the sentence say anything the question does not? Not when it only reorders the question's own
    characters: "中国主办了2022年的中国旅游文化周" for "哪个国家主办了2022年的中国旅游文化周" joins 中国 to 主办, a
    bigram the question lacks, but names nothing the question did not already name; "上交所" for "在哪个交易所上市"
    is made of the question's characters and is a name the question does not hold."""
    if not added_to_question(sentence, question):
        return False
    if _OWN_WORDS_QUESTION.search(question):
        return True
    said, asked = content(without_preamble(sentence), _SYMBOLS), content(question, _SYMBOLS)
    # a number is new as a whole: "4个" for a question that only has the 4 of "4月"
    return (bool(set(said) - set(asked)) or any(f"{n}{u}" not in asked for n, u in _NUMBER_WITH_NEXT.findall(said))
            or names_new_word(said, asked))


def names_new_word(said: str, asked: str) -> bool:
    """Does `said` hold a word of two or more characters that is none of `asked`'s words? An abbreviation made of
    the question's characters is still a new name ("上交所" for "在哪个交易所上市"), and a word inside one of the
    question's is still a new word ("冠军" for "在WTT冠军赛中取得了什么成绩")."""
    words = {w for w, _ in tagged(asked)}
    return any(len(w) > 1 and w not in words for w, _ in tagged(said))


class AddsToQuestion(SentenceRule):
    """A sentence that only restates the question ("…把高朱蒙称为什么[1]？"), answers it with the question's own words, or still
    asks it (its question word in the sentence; the last of several: 去哪儿 of a platform's name opens "…去哪儿平台…增长多少")
    answers nothing. A word the question does not hold is new even when made of its characters (`上交所` for `在哪个交易所上市`)."""
    id = "restates_question"

    def reason(self, check: SentenceCheck) -> str:
        if still_asks(check.sentence, check.question.text):
            return "句子只是复述问题：仍在问所问的内容，没有给出答案"
        return "" if adds_to_question(check.sentence, check.question.text) else "句子只是复述问题"
