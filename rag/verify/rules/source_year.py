from __future__ import annotations

import re

from rag.facts import has_facts, missing_facts, neighbour_years, years_named, years_stated
from rag.sentences import split_sentences
from rag.textmatch import bigrams
from rag.verify.passages import added_to_question, passage_match_text
from rag.verify.repair import own_facts
from rag.verify.rules.base import SentenceCheck, SentenceRule


def source_sentences(check: SentenceCheck) -> list[str]:
    """The sentences of the cited passages that the claim's own facts come from; for a claim without a fact of
    its own, those holding most of the words it adds to the question."""
    pieces = [passage_match_text(check.hits[n - 1]) for n in check.cited]
    sentences = [p[s:e] for p in pieces for s, e in split_sentences(p) or [(0, len(p))]]
    facts = [f for f in own_facts(check.sentence, check.question) if has_facts(f)]
    if facts:
        return [s for s in sentences if any(not missing_facts(f, s) for f in facts)]
    added = added_to_question(check.sentence, check.question.text)
    counts = [len(added & bigrams(s)) for s in sentences]
    best = max(counts, default=0)
    return [s for s, c in zip(sentences, counts) if c == best] if best >= 2 else []


# A part of a year a figure may be for: a month (not a day's date, 8月31日), a quarter, a half, the first months.
_PART_OF_YEAR = re.compile(r"(?<![\d月])(?:1[0-2]|[1-9])月(?![\d一二三四五六七八九十]*[日号])|[一二三四1-4]季度|上半年|下半年|"
                           r"前(?:\d+|[一二三四五六七八九十]+)个?月|(?<!\d)1\s*[-—至到~]\s*(?:1[0-2]|[1-9])月")


class SourceYear(SentenceRule):
    """The passage sentence an answer's fact comes from is about the question's year: when every such sentence
    states another year (`在1953年的重修，庙旁建设协天宫` for a question on the 1986 rebuilding) and never names the
    asked one, the fact is that other year's. And a question on a whole year (全年) is not answered by a figure
    every source sentence gives for a part of it (2022年8月, 一季度, 1-11月) without saying 全年."""
    id = "source_year"

    def reason(self, check: SentenceCheck) -> str:
        asked = check.question.years
        if "全年" in check.question.text:
            parts = [None if "全年" in s else _PART_OF_YEAR.search(s) for s in source_sentences(check)]
            if parts and all(parts):
                return f"问题问的是全年，引用段落中这一事实说的是{parts[0].group()}"
        if len(asked) != 1:
            return ""
        allowed = set(asked) | (neighbour_years(asked) if check.question.answer_type == "time" else set())
        sources = source_sentences(check)
        if not sources:
            return ""
        stated = [years_stated(s) for s in sources]
        if any(not years or years_named(s) & allowed for years, s in zip(stated, sources)):
            return ""
        other = min(set().union(*stated))
        return f"问题条件不符：引用段落中这一事实说的是{other}年，问题问的是{next(iter(asked))}年"
