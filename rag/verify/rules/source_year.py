from __future__ import annotations

import re

from rag.facts import PAGE_DATE, KeyFacts, missing_facts, neighbour_years, years_named, years_stated
from rag.verify.reading import QuestionReading
from rag.verify.rules.base import SentenceCheck, SentenceRule



_CLAUSE = re.compile(r"[，,；;]")


def year_region(sentence: str, facts: list[KeyFacts]) -> str:
    """The part of a source sentence whose year a fact is of: from the last clause up to the fact's that states a
    year to the fact's clause — the clause stating most of the claim's facts other than years ("2021年，我国工业增加值
    比上年增长9.6%"); the fact's clause alone when none before it does, so a year stated after it (最快要到2022年底
    才会回落) or a page date dates nothing. The whole sentence for a claim without a fact of its own, or when no
    clause holds one."""
    clauses = _CLAUSE.split(PAGE_DATE.sub("", sentence))
    facts = [f for f in facts if not (f.numbers and f.numbers <= years_named(" ".join(f.numbers)))]  # not its years
    holding = [sum(not missing_facts(f, c) for f in facts) for c in clauses]  # the clause stating most of them
    at = holding.index(max(holding)) if facts and max(holding) else None
    if at is None:
        return "，".join(clauses)
    start = next((i for i in range(at, -1, -1) if years_stated(clauses[i])), at)
    return "，".join(clauses[start:at + 1])


# A part of a year a figure may be for: a month (not a day's date, 8月31日), a quarter, a half, the first months.
_PART_OF_YEAR = re.compile(r"(?<![\d月])(?:1[0-2]|[1-9])月(?![\d一二三四五六七八九十]*[日号])|[一二三四1-4]季度|上半年|下半年|"
                           r"前(?:\d+|[一二三四五六七八九十]+)个?月|(?<!\d)1\s*[-—至到~]\s*(?:1[0-2]|[1-9])月")


class SourceYear(SentenceRule):
    """The passage sentence an answer's fact comes from is about the question's year: when the year in force where every
    such sentence states the fact (the fact's clause's, or the last one stated before it) is another
    (`在1953年的重修，庙旁建设协天宫` for a question on the 1986 rebuilding) and the asked one is not named there, the fact is that
    other year's. A snippet's page date ("Sep 16, 2022 ...") dates nothing. And a question on a whole year (全年, or a
    how-much question on a year with no part of it named) is not answered by a figure every source gives for a part of
    it (2022年8月, 一季度, 1-11月; not 截至2022年11月, a running total) — the part named in the fact's sentence or earlier in the
    same full sentence (`第四季度营收…；净利润…` is the quarter's), as is the year (`2021年末…；全年出生人口1062万人`). A
    year the figure is only compared with or counted from (`比2021年`, `恢复至2019年同期的…`, `为2020年影院复工以来最低`) is
    not the year it is of."""
    id = "source_year"

    def reason(self, check: SentenceCheck) -> str:
        asked = check.question.years
        if "全年" in check.question.text:
            # the part in force: named in the fact's sentence or earlier in the same full sentence (before a ；)
            spans = [_full_sentence(s, check.cited_text) for s in check.source_sentences]
            parts = [None if "全年" in s else _PART_OF_YEAR.search(s) for s in spans]
            if parts and all(parts):
                return f"问题问的是全年，引用段落中这一事实说的是{parts[0].group()}"
        if len(asked) != 1:
            return ""
        allowed = set(asked) | (neighbour_years(asked) if check.question.answer_type == "time" else set())
        sources = check.source_sentences
        if not sources:
            return ""
        regions = [_dated_region(s, check) for s in sources]
        stated = [years_stated(r) for r in regions]
        if any(not years or years_named(r) & allowed for years, r in zip(stated, regions)):
            return _part_given(check.question, regions)
        other = min(set().union(*stated))
        return f"问题条件不符：引用段落中这一事实说的是{other}年，问题问的是{min(asked)}年"


def _dated_region(sentence: str, check: SentenceCheck) -> str:
    """year_region of a source sentence; one cut at "；" whose region states no year takes the year in force before
    the cut (`2021年末…总人口为14.126亿人；全年出生人口1062万人` is 2021's)."""
    region = year_region(sentence, check.own_facts)
    return region if years_stated(region) else year_region(_full_sentence(sentence, check.cited_text), check.own_facts)


def _full_sentence(sentence: str, text: str) -> str:
    """`sentence` with what precedes it in `text` up to the last full stop: a sentence cut at "；" keeps the clauses
    before it ("第四季度营收…；净利润…；归属于…的净利润为36.87亿美元" is the fourth quarter's)."""
    at = text.find(sentence)
    if at < 0:
        return sentence
    start = max(text.rfind(stop, 0, at) for stop in "。！？!?") + 1
    return text[start:at + len(sentence)]


def _part_given(question: QuestionReading, regions: list[str]) -> str:
    """Why the figure a how-much question asks for a year (2022年我国汽车出口量) is a part of that year's, or "": every
    source region dates it to a month, quarter or the first months of the year (2022年8月, 2022年一季度, 2022年1-8月;
    not a day's date, and not 截至2022年11月, a running total)."""
    if question.answer_type != "quantity" or len(question.years) != 1 or _PART_OF_YEAR.search(question.text) \
            or "月" in question.text:
        return ""
    year = next(iter(question.years))
    part = re.compile(rf"(?<!截至)(?<!截止){year}年\s*(?:{_PART_OF_YEAR.pattern})")
    found = [part.search(r) for r in regions]
    if regions and all(found):
        return f"问题问的是{year}年，引用段落中这一事实说的是{found[0].group()}"
    return ""
