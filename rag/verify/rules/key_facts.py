from __future__ import annotations

import re

from rag.facts import KeyFacts, missing_facts, number_value, numbers_in, with_digits
from rag.textmatch import overlap, strip_markers
from rag.verify.passages import organisation_unnamed
from rag.verify.rules.base import SentenceCheck, SentenceRule


class KeyFactsCited(SentenceRule):
    """The sentence's key facts (numbers, ordinals such as 第二代, dates — a day with its year only as the passage dates
    it, not 1951年12月24日 from 1950年12月24日 —, quoted terms, Latin words, person and place names) occur in what it cites,
    and it shares enough of its words with a cited passage; an organisation it names (中央党校; not a person's title LAC
    reads as one, 西晋元帝) is named by the cited article, whole or its opening place apart from the rest: a fact the
    passages do not state is not supported ("樊自甫…出生于1963年" when no 1963 is there). A numeral before a measure word is a
    number (`由三人组成` states `3人`; not 一, as often "a" as one; in the sentence only the count a how-many question asks
    for, `有三种颜色` for 几种颜色), and so are tenths (`八成` states `8成`) and the first place (`第一` states `第1`), and a figure
    compared with a year is the next year's (`比2021年增加…` states 2022); a snippet's page date states its year only
    (`Dec 12, 2022 ...` gives no 12集). Chinese numerals are read digit by digit only as years (一九六三年; 唯一一次 states no
    11), and the words of a quoted title are no names or places (全宇宙 of 《瞬息全宇宙》). Numbers are read in digits on both
    sides when the overlap is measured (`65岁` shares its words with `享年六十五岁`); a numbered sequel's title does not name
    the first work (a passage on 《流浪地球2》 names no 《流浪地球》); and a name only Baidu's LAC reads, where jieba reads the same
    letters as a word of another kind (罗诉 of 罗诉韦德案), is no name."""
    id = "key_facts"
    needs_question = False

    def reason(self, check: SentenceCheck) -> str:
        if not check.cited:
            return "句子没有引用，也没有段落明显支持它"
        facts = check.checked_facts
        count = _count_asked(check, facts.numbers)
        missing = missing_facts(facts, check.cited_text) + missing_facts(count, check.cited_text)
        if missing:
            return "；".join(missing)
        organisation = organisation_unnamed(check.sentence, check.question.text, check.article)
        if organisation:
            return f"机构名 {organisation} 不在引用段落中"
        # numbers count in digits or Chinese numerals alike: "65岁" shares its words with "享年六十五岁"
        best = max(max(overlap(check.sentence, check.passage(n)),
                       overlap(with_digits(check.sentence), with_digits(check.passage(n)))) for n in check.cited)
        if best < check.settings.verify_cited_min_overlap:
            return f"与引用段落内容重合度过低（{best:.2f}）"
        return ""


def _count_asked(check: SentenceCheck, checked: set[str]) -> KeyFacts:
    """The count a how-many question asks for, as the sentence writes it in Chinese numerals before the question's
    measure word (几种颜色 -> `三种颜色`): the answer itself, a fact the passage must state, not the way a sentence
    counts its own words; the passage may state it the same way (`这三卷`). Not 一, as often "a" as one; not a number
    already among the sentence's `checked` facts."""
    measure = check.question.measure
    if check.question.answer_type != "quantity" or not measure:
        return KeyFacts()
    stated = numbers_in(check.question.text) | _counts_in(check.cited_text, measure) | checked
    return KeyFacts(numbers={n for n in _counts_in(strip_markers(check.sentence), measure) if n not in stated})


def _counts_in(text: str, measure: str) -> set[str]:
    """The numbers written in Chinese numerals before the measure word (`三种` -> 3; not 一)."""
    found = re.finditer(rf"(?<![第零〇一二两三四五六七八九十百千])([二两三四五六七八九十百千][零〇一二两三四五六七八九十百千]*)"
                        rf"{re.escape(measure)}", text)
    return {value for m in found if (value := number_value(m.group(1)))}
