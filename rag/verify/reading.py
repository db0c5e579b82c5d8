"""The question, read once into one value that every verifier rule consults."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rag.facts import KeyFacts, question_facts
from rag.question import (asked_attribute, asked_life_event, asked_measure, asked_units, asks_day, asks_year,
                          attribute_qualifier, counted_thing, expected_answer_type, leading_subject, question_years,
                          scope_terms, versioned_names)


@dataclass(frozen=True)
class QuestionReading:
    text: str = ""
    facts: KeyFacts = field(default_factory=KeyFacts)  # its key facts, question words removed
    conditions: KeyFacts = field(default_factory=KeyFacts)  # its year, quoted terms, Latin words
    scope: dict[str, str] = field(default_factory=dict)  # periods and places that scope the answer
    attribute: str = ""  # the noun asked about ("营收" in "网易2022年全年营收多少")
    qualifier: str = ""  # the word right before it that says which one ("离婚" in "平均离婚年龄是多少")
    subject: str = ""  # the noun it opens with ("松鸦" in "松鸦主要分布在哪里")
    measure: str = ""  # the measure word a count is asked in (几种 -> 种)
    units: tuple[str, ...] = ()  # the units a how-much answer must be in (多少美元 -> 美元, 美金)
    counted: str = ""  # the thing a how-many question counts (多少瓶洗手液 -> 洗手液)
    answer_type: str = ""  # time | quantity | "" (rag.question.expected_answer_type)
    day: bool = False  # a time question asking for a day (哪天, 几号)
    year: bool = False  # a time question asking for a year (哪一年): a decade or century is none
    years: frozenset[str] = frozenset()  # the years it names (2022年…, 2023春节档)
    life_event: str = ""  # birth | death, when it asks when someone was born or died
    versions: dict[tuple[str, str], str] = field(default_factory=dict)  # GPT-4 -> {("gpt", "4"): "GPT-4"}


@lru_cache(maxsize=256)
def read_question(question: str) -> QuestionReading:
    """Cached: eval re-verification and the chat read each question once."""
    if not question:
        return QuestionReading()
    facts = question_facts(question)
    return QuestionReading(
        text=question, facts=facts,
        conditions=KeyFacts(numbers=facts.numbers, quoted=facts.quoted, latin=facts.latin),
        scope=scope_terms(question), attribute=asked_attribute(question), qualifier=attribute_qualifier(question),
        subject=leading_subject(question),
        measure=asked_measure(question), units=asked_units(question), counted=counted_thing(question),
        answer_type=expected_answer_type(question), day=asks_day(question), year=asks_year(question),
        years=question_years(question),
        life_event=asked_life_event(question), versions=versioned_names(question))
