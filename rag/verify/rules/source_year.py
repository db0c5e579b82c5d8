from __future__ import annotations

import re

from rag.facts import PAGE_DATE, KeyFacts, missing_facts, neighbour_years, years_named, years_stated
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
    at = _fact_clause(clauses, facts)
    if at is None:
        return "，".join(clauses)
    start = next((i for i in range(at, -1, -1) if years_stated(clauses[i])), at)
    return "，".join(clauses[start:at + 1])


# A part of a year a figure may be for: a month (not a day's date, 8月31日), a quarter, a half, the first months.
_PART_OF_YEAR = re.compile(r"(?<![\d月])(?:1[0-2]|[1-9])月(?![\d一二三四五六七八九十]*[日号])|[一二三四1-4]季度|上半年|下半年|"
                           r"前(?:\d+|[一二三四五六七八九十]+)个?月|(?<!\d)1\s*[-—至到~]\s*(?:1[0-2]|[1-9])月")


# A year that labels an edition or a season (2021赛季, 2022届, 2023年度), not a date.
_YEAR_LABEL = re.compile(r"((?:19|20)\d{2})\s*(赛季|年度|财年|届)")


class SourceYear(SentenceRule):
    """The passage sentence an answer's fact comes from is about the question's year: when the year in force where every
    such sentence states the fact (the fact's clause's, or the last one stated before it) is another
    (`在1953年的重修，庙旁建设协天宫` for a question on the 1986 rebuilding) and the asked one is not named there, the fact is that
    other year's. For a when-question a year next to the asked one may be the date's (2022年考研 is held in December 2021),
    but not one written as the question labels its own (2022赛季 for 2021赛季: another season,
    `2021赛季在4月份打响，2022赛季开始的时间是6月3日`; a year before the words the question writes after its own,
    `2023年铁路春运` for 2022年铁路春运). A snippet's page date ("Sep 16, 2022 ...") dates nothing. And a question on a
    whole year (全年, or a how-much question on a year with no part of it named) is not answered by a figure every source
    gives for a part of it (2022年8月, 一季度, 1-11月; not 截至2022年11月, a running total, nor an annual figure, 年度通胀率,
    after a part named) — the part named in the fact's sentence or earlier in the same full sentence (`第四季度营收…；净利润…`
    is the quarter's; a half named alone is one of the year last stated: `上半年实现…，在终端市场份额达25.6%`). A year the figure
    is only compared with or counted from (`比2021年`, `恢复至2019年同期的…`, `为2020年影院复工以来最低`) is not the year it is of.
    Likewise a figure asked for the first day (week, month) of a named period (春运首日) is not one every source sentence
    gives for the period with no day named (`2022年春运，全国铁路预计发送旅客2.8亿人次`): the whole period's; nor one every
    source sentence gives for another first part (`首周销量突破了650万套` for 首月销量)."""
    id = "source_year"

    def reason(self, check: SentenceCheck) -> str:
        asked = check.question.years
        if "全年" in check.question.text:
            # the part in force: named in the fact's sentence or earlier in the same full sentence (before a ；)
            spans = [_full_sentence(s, check.cited_text) for s in check.source_sentences]
            parts = [None if "全年" in s else _PART_OF_YEAR.search(s) for s in spans]
            if parts and all(parts):
                return f"问题问的是全年，引用段落中这一事实说的是{parts[0].group()}"
        first = _whole_for_first_part(check) or _another_first_part(check)
        if first:
            return first
        if len(asked) != 1:
            return ""
        allowed = set(asked) | (neighbour_years(asked) if check.question.answer_type == "time" else set())
        sources = _date_sources(check) or check.source_sentences
        if not sources:
            return ""
        regions = [year_region(s, check.own_facts) for s in sources]
        stated = [years_stated(r) for r in regions]
        if any(not years or (years_named(r) & (allowed - _other_editions(r, check.question.text, asked))
                             and not _edition_renamed(r, check.question.text, asked))
               for years, r in zip(stated, regions)):
            return _part_given(check)
        other = min(set().union(*stated))
        return f"问题条件不符：引用段落中这一事实说的是{other}年，问题问的是{min(asked)}年"


# The first day, week or month of a period the question names (春运首日, 上映首周), and what names a day or a week in a
# source sentence (a date, a weekday, 首日, 当天).
_FIRST_PART = re.compile(r"([\u4e00-\u9fff]{2})(首日|首周|首月|第一天|第一周)")
_DAY_NAMED = re.compile(r"\d{1,2}\s*[日号]|首日|首周|首月|第一天|第一周|首个|当天|当日|周[一二三四五六日末]|星期")


def _whole_for_first_part(check: SentenceCheck) -> str:
    """Why a figure asked for the first day (week, month) of a period the question names (春运首日) is the whole
    period's, or "": every source sentence names the period and no day at all (`2022年春运，全国铁路预计发送旅客2.8亿人次`).
    A first day may be written as its date (`1月7日，全国铁路发送旅客…`), so a sentence naming any day is not judged."""
    m = _FIRST_PART.search(check.question.text)
    sources = check.source_sentences
    if check.question.answer_type != "quantity" or not m or not sources:
        return ""
    period = m.group(1)
    if all(period in s and not _DAY_NAMED.search(s) for s in sources):
        return f"问题问的是{period}{m.group(2)}，引用段落中这一数字说的是整个{period}"
    return ""


# A first day, week or month, as each is written: the first week's figure is not the first month's.
_FIRST_OF = {"首日": "首日", "第一天": "首日", "首周": "首周", "第一周": "首周", "首月": "首月", "第一个月": "首月"}
_FIRST_ANY = re.compile("|".join(_FIRST_OF))


def _another_first_part(check: SentenceCheck) -> str:
    """Why a figure asked for a first day, week or month (首月销量) is another first part's, or "": every source
    sentence names another (`首周销量突破了650万套`) and not the asked one."""
    asked = {_FIRST_OF[w] for w in _FIRST_ANY.findall(check.question.text)}
    sources = check.source_sentences
    if check.question.answer_type != "quantity" or len(asked) != 1 or not sources:
        return ""
    named = [{_FIRST_OF[w] for w in _FIRST_ANY.findall(s)} for s in sources]
    if all(parts and not parts & asked for parts in named):
        return f"问题问的是{min(asked)}，引用段落中这一数字说的是{min(set().union(*named))}"
    return ""


# A year and the two letters written right after it (2022年铁路春运 -> 铁路): what the year labels, unless they
# begin a part of the year (2022年上半年, 全年, 一季度, 年底): a period, no edition's name.
_YEAR_NAMING = re.compile(r"((?:19|20)\d{2})\s*年?\s*([\u4e00-\u9fff]{2})")
_PERIOD_WORDS = re.compile(r"[上下]半|全年|前[一二三四五六七八九十]|[一二三四]季|第[一二三四]|年[初底末中内]|[春夏秋冬][季天]|首[季月周日]")


def _year_labels(text: str) -> list[tuple[str, str]]:
    """(year, the two letters after it) for each year `text` writes before a name (not before a period)."""
    return [(year, words) for year, words in _YEAR_NAMING.findall(text) if not _PERIOD_WORDS.match(words)]


def _asked_labels(question: str, asked: frozenset[str]) -> set[str]:
    """The two letters the question writes after each of its `asked` years (2022年铁路春运 -> 铁路)."""
    return {words for year, words in _year_labels(question) if year in asked}


def _other_editions(region: str, question: str, asked: frozenset[str]) -> set[str]:
    """The years `region` labels as the question labels its own, other than the `asked` ones (2022赛季 for a question on
    2021赛季; `2023年铁路春运` for one on 2022年铁路春运: the same words after the year): other editions, never the date's
    year of a when-question."""
    labels = {label for _, label in _YEAR_LABEL.findall(question)}
    named = _asked_labels(question, asked)
    return ({year for year, label in _YEAR_LABEL.findall(region) if label in labels}
            | {year for year, words in _year_labels(region) if words in named}) - asked


def _edition_renamed(region: str, question: str, asked: frozenset[str]) -> bool:
    """Does `region` write the words the question writes after its year after another year only (`2023年铁路春运…` with a
    page date of 2022 beside it, for 2022年铁路春运)? Then it speaks of that other edition, whatever else it dates."""
    named = _asked_labels(question, asked)
    stated = years_stated(region)  # not a year compared with: 同比2021年上半年
    found = [(year, words) for year, words in _year_labels(region) if words in named and year in stated]
    return bool(found) and all(year not in asked for year, _ in found)


def _date_sources(check: SentenceCheck) -> list[str]:
    """For a when-question, the source sentences holding the answer's date itself (`1月7日`), not only its numbers
    (1 and 7 of another sentence's `2023年1月21日…共7天`); [] when the answer gives no date."""
    dates = [f for f in check.own_facts if f.dates]
    if check.question.answer_type != "time" or not dates:
        return []
    return [s for s in check.source_sentences if any(not missing_facts(f, s) for f in dates)]


def _full_sentence(sentence: str, text: str) -> str:
    """`sentence` with what precedes it in `text` up to the last full stop: a sentence cut at "；" keeps the clauses
    before it ("第四季度营收…；净利润…；归属于…的净利润为36.87亿美元" is the fourth quarter's)."""
    at = text.find(sentence)
    if at < 0:
        return sentence
    start = max(text.rfind(stop, 0, at) for stop in "。！？!?") + 1
    return text[start:at + len(sentence)]


def _part_given(check: SentenceCheck) -> str:
    """Why the figure a how-much question asks for a year (2022年我国汽车出口量) is a part of that year's, or "": in
    every source sentence, up to the fact's clause and after the last year it states (which must be the asked one, if
    any), a part of the year is in force — a month, quarter or the first months right after the year (2022年8月,
    2022年一季度, 2022年1-8月), or a half, a quarter or the first months alone (`一汽解放上半年实现…，在终端市场份额达25.6%`):
    not a day's date, not a report's bare month, and not 截至2022年11月, a running total."""
    question = check.question
    if question.answer_type != "quantity" or len(question.years) != 1 or _PART_OF_YEAR.search(question.text) \
            or "月" in question.text:
        return ""
    year = next(iter(question.years))
    dated = re.compile(rf"(?<!截至)(?<!截止){year}年\s*(?:{_PART_OF_YEAR.pattern})")
    found = [_part_in_force(_up_to_fact(_full_sentence(s, check.cited_text), check.own_facts), year, dated)
             for s in check.source_sentences]
    if found and all(found):
        return f"问题问的是{year}年，引用段落中这一事实说的是{found[0]}"
    return ""


# A part of a year that names no month, so a report's date (5月发布的…) is never read as the figure's period.
_BARE_PART = re.compile(r"(?<!截至)(?<!截止)(?:[一二三四1-4]季度|上半年|下半年|前(?:\d+|[一二三四五六七八九十]+)个?月)")


def _fact_clause(clauses: list[str], facts: list[KeyFacts]) -> int | None:
    """The index of the clause stating most of the claim's facts, or None when none states any."""
    holding = [sum(not missing_facts(f, c) for f in facts) for c in clauses]
    return holding.index(max(holding)) if facts and max(holding, default=0) else None


def _up_to_fact(sentence: str, facts: list[KeyFacts]) -> str:
    """`sentence` up to the end of the clause stating most of the claim's facts (the whole sentence when none does)."""
    clauses = _CLAUSE.split(sentence)
    at = _fact_clause(clauses, facts)
    return sentence if at is None else "，".join(clauses[:at + 1])


def _part_in_force(text: str, year: str, dated: re.Pattern[str]) -> str:
    """The part of `year` in force at the end of `text`: written right after the year, or alone after the last year
    the text states; "" when another year is stated last or the text speaks of the whole year (全年, 年度通胀率)."""
    stated = [m for m in re.finditer(r"((?:19|20)\d{2})\s*年", text)  # read in context: 较2021年 states no year
              if m.group(1) in years_stated(text[max(0, m.start() - 1):m.end() + 14])]
    if stated and stated[-1].group(1) != year:
        return ""
    start = stated[-1].start() if stated else 0
    if re.search("全年|年度", text[start:]):
        return ""
    m = dated.search(text, start) or _BARE_PART.search(text, start)  # lookbehinds still see 截至 before `start`
    return m.group() if m else ""
