from __future__ import annotations

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


class SourceYear(SentenceRule):
    """The passage sentence an answer's fact comes from is about the question's year: when every such sentence
    states another year (`在1953年的重修，庙旁建设协天宫` for a question on the 1986 rebuilding) and never names the
    asked one, the fact is that other year's."""
    id = "source_year"

    def reason(self, check: SentenceCheck) -> str:
        asked = check.question.years
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
