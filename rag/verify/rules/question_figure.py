from __future__ import annotations

import re

from rag.facts import NUMBER_AT, read_numbers, years_stated
from rag.sentences import sentence_texts
from rag.textmatch import QUESTION_WORDS, strip_markers
from rag.verify.rules.base import SentenceCheck, SentenceRule

# What a figure is counted in: a share, or the magnitude and measure word after it (万辆, 年, 成, 个).
_UNIT = re.compile(r"\s*([%‰]|[万亿千百]*[^\W\d_])?")
_DATE_UNITS = {"月", "日", "号"}


class QuestionFigure(SentenceRule):
    """A figure the question states (`年销300万辆`, `比2019年`, `第一版`; not a time it is set in, 2022年 or 6月) pins
    down the fact it asks: the answer is the value the cited articles give beside it. When a sentence of theirs
    holding that figure also gives another value of the answer's kind (`到2030年，星河汽车的目标是实现每年销售300万辆`)
    and no sentence holding the answer's value holds any figure of the question, the answer is a neighbouring fact's
    value (`到2025年，随着竞争对手…`, the year of another forecast). The articles, not only the passages cited: a figure
    restated from the question is a premise whose passage the citation repair may leave out."""
    id = "question_figure"

    def reason(self, check: SentenceCheck) -> str:
        question = check.question.text
        # not 哪一年's 1, nor a time the question is set in (2022年, 6月): those scope the fact, other rules check them
        anchors = {(value, unit) for value, unit in _figures(QUESTION_WORDS.sub(" ", question), years_stated(question))
                   if unit not in _DATE_UNITS}
        if not anchors:
            return ""
        asked = _values(question)  # read as the sentence is: 第一代 -> 第1代
        said = read_numbers(strip_markers(check.sentence))
        answer = next(((m.group(), _unit_at(said, m.end())) for m in NUMBER_AT.finditer(said)
                       if m.group() not in asked), None)
        if answer is None or not answer[1]:
            return ""
        rival = False
        for sentence in sentence_texts(check.article):  # the cited articles: the question's figure may be a premise
            figures = _figures(sentence)
            if not anchors & figures:
                continue
            if answer[0] in _values(sentence):
                return ""  # the answer's value stands beside the question's figure
            rival = rival or any(unit == answer[1] and value not in asked and value not in said
                                 for value, unit in figures)
        if not rival:
            return ""
        anchor = "、".join(sorted(f"{value}{unit}" for value, unit in anchors))
        return f"引用段落中写有问题所说的{anchor}的句子没有答案的{answer[0]}{answer[1]}，给出的是另一个数"


def _values(text: str) -> set[str]:
    return {m.group() for m in NUMBER_AT.finditer(read_numbers(text))}


def _unit_at(text: str, end: int) -> str:
    m = _UNIT.match(text, end)
    return m.group(1) or "" if m else ""


def _figures(text: str, exclude: set[str] | frozenset[str] = frozenset()) -> set[tuple[str, str]]:
    """The figures a text writes in digits with what they are counted in: {("300", "万辆")}; the unitless left out."""
    read = read_numbers(text)
    found = {(m.group(), _unit_at(read, m.end())) for m in NUMBER_AT.finditer(read)}
    return {(value, unit) for value, unit in found if unit and value not in exclude}
