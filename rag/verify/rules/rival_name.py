from __future__ import annotations

import re
from dataclasses import replace

from rag.facts import has_facts
from rag.entities import common_words, lac_tagged
from rag.lexicon import PROPER_NOUN_FLAGS, tagged
from rag.question import other_version
from rag.textmatch import normalize, strip_markers
from rag.verify.passages import clauses_holding, facts_to_check
from rag.verify.rules.base import SentenceCheck, SentenceRule

# Words that differ in one character of such a pair name the other one of two (男单/女单, 上半年/下半年).
_OPPOSITES = ("男女", "上下", "前后", "首末", "正副", "单双", "进出", "出入", "内外", "东西南北", "春夏秋冬",
              "增减", "升降", "涨跌")
# A change and its opposite: one clause states one change, so these are rivals wherever they stand in it.
_RISE = {"增长", "增加", "上升", "上涨", "提高", "提升", "升高", "增多", "扩大", "走高", "攀升"}
_FALL = {"下降", "减少", "降低", "下跌", "回落", "下滑", "减小", "缩小", "走低", "萎缩"}


def _words(text: str) -> list[tuple[str, str]]:
    """jieba's words with their flags; a proper noun LAC reads as a common noun is none (城市 in "海滨城市…城市共有"),
    and a name LAC reads where jieba saw none is one (史东)."""
    plain = strip_markers(text)
    common = common_words(plain)
    names = {w for w, tag in lac_tagged(plain) if tag in ("PER", "LOC", "ORG")}
    return [(normalize(w), "n" if flag in PROPER_NOUN_FLAGS and w in common else
             "nr" if w in names and flag not in PROPER_NOUN_FLAGS else flag)
            for w, flag in tagged(plain) if w.strip() and re.search(r"\w", w)]


def _rivals(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two names of the same kind for different things: two proper nouns neither of which is a form of the
    other (same first character: 徐夫人/徐氏 may be one person), or one word with one character turned into its
    opposite."""
    (wa, fa), (wb, fb) = a, b
    if fa in PROPER_NOUN_FLAGS and fb in PROPER_NOUN_FLAGS and min(len(wa), len(wb)) >= 2:
        return wa[0] != wb[0] and wa not in wb and wb not in wa
    if len(wa) == len(wb) >= 2:
        changed = [(x, y) for x, y in zip(wa, wb) if x != y]
        return len(changed) == 1 and any(changed[0][0] in p and changed[0][1] in p for p in _OPPOSITES)
    return False


def swapped_names(sentence: str, question: str, clause: str) -> list[tuple[str, str]]:
    """(question's word, clause's word) where the sentence puts a word of the question that the clause lacks in
    the place the clause has a rival of it: the two share the word before or the word after them. A particle
    (的, 了) is no shared place: "《四海》的导演" and "韩寒的第4部作品" put their names in different places."""
    said, source = _words(sentence), _words(clause)
    asked, clause_norm = normalize(question), normalize(clause)

    def around(words: list[tuple[str, str]], i: int) -> tuple[str, str]:
        def place(k: int) -> str:
            return words[k][0] if 0 <= k < len(words) and not words[k][1].startswith("u") else ""
        return place(i - 1), place(i + 1)

    out = []
    for i, a in enumerate(said):
        if a[0] not in asked or a[0] in clause_norm:
            continue
        before, after = around(said, i)
        for j, b in enumerate(source):
            b_before, b_after = around(source, j)
            if ((before and before == b_before) or (after and after == b_after)) and _rivals(a, b):
                out.append((a[0], b[0]))
            elif {a[0], b[0]} & _RISE and {a[0], b[0]} & _FALL:
                out.append((a[0], b[0]))
    return out


class RivalName(SentenceRule):
    """The clause of the cited passage that states the sentence's fact is about another thing of the same kind as
    the one the question names: it has another place, person or organisation, or the opposite of the question's
    word (女单 for 男单), where the sentence puts the question's; or it states the opposite change (增长 where the
    sentence says 下降); or it names another version of a name the question numbers, and not the asked one (the
    K-4's range, `射程超过3000公里的K-4`, for the K-15's). `地震在叙利亚造成1,234人死亡` from
    `此次地震在土耳其境内造成1,234人死亡，在叙利亚境内造成567人死亡` states Turkey's toll; that the article names
    叙利亚 elsewhere (which `question_conditions` accepts) does not make it Syria's. A proper noun is one jieba and
    Baidu's LAC agree on, or one LAC alone reads (城市, which jieba tags as a place, is no rival of 莱姆里杰斯). And every
    passage sentence the fact comes from naming the opposite of a question word and never the word (男单 for 女单)
    states the other one's fact."""
    id = "rival_name"

    def reason(self, check: SentenceCheck) -> str:
        # a where-answer's place does not choose the clause: there a person named otherwise in an article about
        # him (史东 for 斯通) looked like a rival, and no wrong answer of the stored runs was caught by it
        facts = replace(facts_to_check(check.sentence, check.question.text, check.cited, check.hits), places=set())
        if not has_facts(facts):
            return ""
        holding = clauses_holding(facts, check.cited_text)
        if not holding:
            return ""
        said = {w for w, _ in _words(check.sentence)}
        clause = max(holding, key=lambda c: len(said & {w for w, _ in _words(c)}))
        swaps = swapped_names(check.sentence, check.question.text, clause)
        if swaps:
            asked, stated = swaps[0]
            return f"引用段落说的是{stated}，不是问题问的{asked}"
        return _other_version(clause, check.question.versions) or _opposite_sourced(check)


def _opposite_sourced(check: SentenceCheck) -> str:
    """Why every passage sentence the answer's facts come from names the opposite of a word of the question (男单 for
    女单: one character turned into its opposite) and never the word itself, or "": the 男单 final's score is no answer
    for the 女单 final, wherever in the sentence the score stands."""
    sources = [normalize(s) for s in check.source_sentences]
    if not sources:
        return ""
    for word in {w for w, _ in _words(check.question.text) if len(w) >= 2}:
        for i, ch in enumerate(word):
            for other in {word[:i] + c + word[i + 1:] for pair in _OPPOSITES if ch in pair for c in pair if c != ch}:
                if all(other in s and word not in s for s in sources):
                    return f"引用段落说的是{other}，不是问题问的{word}"
    return ""


def _other_version(clause: str, asked: dict[tuple[str, str], str]) -> str:
    """Why the clause stating the fact is about another version of a name the question gives with a version number
    ("射程超过3000公里的K-4" for a question on the K-15), without naming the asked one, or ""."""
    other, written = other_version(clause, asked)
    return f"引用段落说的是{other}，不是问题问的{written}" if other else ""
