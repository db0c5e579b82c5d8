from __future__ import annotations

import re

from rag.facts import absent_facts, has_facts, number_value
from rag.sentences import split_sentences
from rag.verify.passages import passage_match_text
from rag.verify.repair import fact_sources, own_facts
from rag.verify.rules.base import SentenceCheck, SentenceRule

# An ordinal stage: 首轮, 第二轮, 第19届, 第三季, 次轮 (the next round is the second).
_COUNTERS = "轮届季期场局盘集站代批次名"
# not one a change starts from or is compared with (由第30届的8部增加到9部: 9 is not the 30th's).
_STAGE = re.compile(rf"(?<![由从比较与])(首|次(?=轮)|第\s*[\d零〇一二两三四五六七八九十百]+)\s*([{_COUNTERS}])")
_CLAUSE = re.compile(r"[，,；;：:、]")


def stages(text: str) -> list[tuple[int, str]]:
    """The ordinal stages written in `text`, in order, as (number, counter): 首轮 → (1, 轮), 第十九届 → (19, 届);
    not one a change starts from or is compared with (由第30届的…)."""
    out = []
    for m in _STAGE.finditer(text):
        head = m.group(1).removeprefix("第").strip()
        value = "1" if head == "首" else "2" if head == "次" else number_value(head)
        if value is not None:
            out.append((int(float(value)), m.group(2)))
    return out


def stage_in_force(sentence: str, fact_clause: int, counter: str) -> set[int]:
    """The stages of `counter` that a sentence's clause number `fact_clause` speaks of: those the clause names, or
    else the last one named before it in the sentence (`首轮赛事，张帅击败哈莉普` is the first round's)."""
    clauses = _CLAUSE.split(sentence)
    for clause in reversed(clauses[:fact_clause + 1]):
        named = {v for v, c in stages(clause) if c == counter}
        if named:
            return named
    return set()


class StageAsked(SentenceRule):
    """The answer is stated for the stage the question asks. When the question names an ordinal stage (首轮, 第二轮,
    第19届, 第三季) and every place the cited passages state the answer's own fact speaks of another stage of the
    same count — named in the fact's clause, or last before it in its sentence — the fact is the other stage's
    (the second-round opponent given for the first round)."""
    id = "stage_asked"

    def reason(self, check: SentenceCheck) -> str:
        asked = stages(check.question.text)
        if not asked or not check.cited:
            return ""
        for fact, holders in zip(own_facts(check.sentence, check.question),
                                 fact_sources(check.sentence, check.question, check.cited, check.hits)):
            if not has_facts(fact):
                continue
            for value, counter in asked:
                spoken = [stage_in_force(s, i, counter) for n in holders
                          for s in _sentences(passage_match_text(check.hits[n - 1]))
                          for i, clause in enumerate(_CLAUSE.split(s)) if not absent_facts(fact, clause)]
                if spoken and all(found and value not in found for found in spoken):
                    other = "、".join(str(v) for v in sorted(set().union(*spoken)))
                    return f"问题问的是第{value}{counter}，引用段落在第{other}{counter}说到这一事实"
        return ""


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]
