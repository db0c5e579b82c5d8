from __future__ import annotations

import re
from collections.abc import Iterator

from rag.facts import KeyFacts, absent_facts, has_facts, number_value
from rag.lexicon import ACT_COURSES
from rag.sentences import sentence_texts
from rag.verify.passages import added_to_question, holding_most, passage_match_text
from rag.verify.repair import fact_sources, own_facts
from rag.verify.rules.base import SentenceCheck, SentenceRule

# An ordinal stage or item: 首轮, 第二轮, 第19届, 第三季, 次轮 (the next round is the second), 第一艘, 第三部.
_COUNTERS = "轮届季期场局盘集站代批次名艘部架座颗枚款辆台位"
# not one a change starts from or is compared with (由第30届的8部增加到9部: 9 is not the 30th's).
_STAGE = re.compile(rf"(?<![由从比较与])(首|次(?=轮)|第\s*[\d零〇一二两三四五六七八九十百]+)\s*([{_COUNTERS}])")
_CLAUSE = re.compile(r"[，,；;：:、]")
# Brothers ranked by age: 老大 is the first, 老二 the second (排行老三).
_ELDER = re.compile(r"老([大二三四五六七八九十])")


# A tournament's named rounds, longest first (半决赛 is no 决赛); 四分之一决赛 is written 1/4决赛 too.
# Hong Kong and Taiwan write the semi-final 准决赛 and the quarter-final 半准决赛.
_ROUNDS = ("八分之一决赛", "四分之一决赛", "1/8决赛", "1/4决赛", "半准决赛", "准决赛", "半决赛", "决赛", "小组赛", "资格赛",
           "预赛", "复赛")
_ROUND = re.compile("|".join(map(re.escape, _ROUNDS)))
_SAME_ROUND = {"八分之一决赛": "1/8决赛", "四分之一决赛": "1/4决赛", "半准决赛": "1/4决赛", "准决赛": "半决赛"}


def stages(text: str) -> list[tuple[str, str]]:
    """The stages written in `text`, in order, as (which, kind): ordinals by their number and counter (首轮 → ("1",
    "轮"), 第十九届 → ("19", "届"); not one a change starts from or is compared with, 由第30届的…), and a
    tournament's named rounds as kind "赛" (半决赛 → ("半决赛", "赛"))."""
    found = []
    for m in _STAGE.finditer(text):
        head = m.group(1).removeprefix("第").strip()
        value = "1" if head == "首" else "2" if head == "次" else number_value(head)
        if value is not None:
            found.append((m.start(), str(int(float(value))), m.group(2)))
    for m in _ROUND.finditer(text):
        found.append((m.start(), _SAME_ROUND.get(m.group(), m.group()), "赛"))
    for m in _ELDER.finditer(text):
        found.append((m.start(), "1" if m.group(1) == "大" else str(int(number_value(m.group(1)))), "排行"))
    return [(which, kind) for _, which, kind in sorted(found)]


def stage_name(which: str, kind: str) -> str:
    return which if kind == "赛" else f"排行第{which}" if kind == "排行" else f"第{which}{kind}"


def stage_in_force(sentence: str, fact_clause: int, counter: str) -> set[str]:
    """The stages of `counter` that a sentence's clause number `fact_clause` speaks of: those the clause names, or
    else the last one named before it in the sentence (`首轮赛事，张帅击败哈莉普` is the first round's)."""
    clauses = _CLAUSE.split(sentence)
    for clause in reversed(clauses[:fact_clause + 1]):
        named = {v for v, c in stages(clause) if c == counter}
        if named:
            return named
    return set()


class StageAsked(SentenceRule):
    """The answer is stated for the stage the question asks. When the question names an ordinal stage (首轮, 第二轮, 第19届,
    第三季), an ordinal item (第一艘, 第三部) or a tournament's named round (半决赛, 决赛) and every place the cited passages
    state the answer's own fact speaks of another stage of the same count — named in the fact's clause, or last
    before it in its sentence, or by a sentence naming none, in the sentence right before it — the fact is the other
    stage's (the second-round opponent given for the first round, the final's for the semi-final, the third
    submarine's launch for the first's, `半准决赛的首回合…。次回合比赛在9月26日进行` for the final's second leg; 准决赛 and
    半准决赛 are the semi- and quarter-final). A sentence without a key fact of
    its own is placed by the clauses holding most of what it adds to the question. And the sentence itself does not
    name another stage of the same count without the asked one (`老二滕翼…` for who ranks 老大 among the sworn brothers),
    as it names no other year or version (`question_conditions`). Likewise a date is the step of a course the
    question asks (a law passed, published, in force; a building planned, started, finished; a ship launched,
    commissioned, retired; a channel or a school planned, founded, closed; a birth, a death: `1993年筹建` is no year
    it opened): a date whose clauses name another step of that course and
    never the asked one is the other step's (the day a regulation takes effect given as the day it was passed, a
    submarine's launch as its commissioning). And the defending champion (卫冕冠军) is the previous edition's: a name
    every clause stating it calls so is no answer for the edition's champion."""
    id = "stage_asked"

    def reason(self, check: SentenceCheck) -> str:
        asked = stages(check.question.text)
        if not check.cited:
            return ""
        previous = _previous_holder(check)
        if previous:
            return previous
        if not asked:
            return _other_step(check)
        said = stages(check.sentence)
        for value, counter in asked:
            others = sorted({v for v, c in said if c == counter and v != value})
            if others and (value, counter) not in said:
                return f"问题问的是{stage_name(value, counter)}，句子说的是{stage_name(others[0], counter)}"
        step = _other_step(check)
        if step:
            return step
        for passages, places in _fact_places(check):
            for value, counter in asked:
                spoken = [stage_in_force(s, i, counter) or _stage_before(s, passages, counter) for s, i in places]
                if spoken and all(found and value not in found for found in spoken):
                    other = "、".join(stage_name(v, counter) for v in sorted(set().union(*spoken)))
                    return f"问题问的是{stage_name(value, counter)}，引用段落在{other}说到这一事实"
        return ""


# A title held from the edition before: the defending champion is last time's champion.
_PREVIOUS_HOLDER = re.compile(r"卫冕冠军|上届冠军|上一届冠军|卫冕者")


def _previous_holder(check: SentenceCheck) -> str:
    """For a question on an edition's champion: why the answer is the previous edition's — every clause stating it
    calls it the defending champion (`作为卫冕冠军 韩国的全北现代汽车自动晋级八强`) — or ""."""
    asked = check.question.text
    if "冠军" not in asked or _PREVIOUS_HOLDER.search(asked) or "卫冕" in asked:
        return ""
    for _, places in _fact_places(check):
        clauses = [_CLAUSE.split(s)[i] for s, i in places]
        if clauses and all(_PREVIOUS_HOLDER.search(c) for c in clauses):
            return "引用段落中这是卫冕冠军（上一届的冠军），不是问题问的这一届的冠军"
    return ""


def _fact_places(check: SentenceCheck) -> Iterator[tuple[list[list[str]], list[tuple[str, int]]]]:
    """For each of the sentence's own facts: the sentences of the passages it comes from (passage by passage) and the
    (sentence, clause number) places stating it — for a sentence without a fact of its own, the clauses holding most
    of what it adds to the question."""
    added = added_to_question(check.sentence, check.question.text)
    for fact, holders in zip(own_facts(check.sentence, check.question),
                             fact_sources(check.sentence, check.question, check.cited, check.hits)):
        passages = [sentence_texts(passage_match_text(check.hits[n - 1])) for n in holders]
        sentences = [s for texts in passages for s in texts]
        yield passages, (_fact_clauses(fact, sentences) if has_facts(fact) else _added_clauses(added, sentences))


def _stage_before(sentence: str, passages: list[list[str]], counter: str) -> set[str]:
    """For a sentence naming no stage of `counter`, the last one the sentence right before it in its passage names: a
    sentence without a stage of its own continues the one before it (`半准决赛的首回合比赛于9月19日进行。次回合比赛在9月26日
    进行`)."""
    for texts in passages:
        at = texts.index(sentence) if sentence in texts else 0
        if at:
            named = [v for v, c in stages(texts[at - 1]) if c == counter]
            return {named[-1]} if named else set()
    return set()


def _fact_clauses(fact: KeyFacts, sentences: list[str]) -> list[tuple[str, int]]:
    """(sentence, clause number) of every clause stating the fact."""
    return [(s, i) for s in sentences for i, clause in enumerate(_CLAUSE.split(s)) if not absent_facts(fact, clause)]


def _added_clauses(added: set[str], sentences: list[str]) -> list[tuple[str, int]]:
    """For a sentence without a key fact of its own ("击败了韩国队"), the clauses holding most of what it adds to the
    question (2+ of its character bigrams)."""
    places = [(s, i, clause) for s in sentences for i, clause in enumerate(_CLAUSE.split(s))]
    return [places[k][:2] for k in holding_most(added, [clause for _, _, clause in places], at_least=2)]


def _steps_in(text: str, course: tuple[tuple[str, ...], ...]) -> set[int]:
    """The steps of `course` (their numbers, in order) that `text` names."""
    return {i for i, words in enumerate(course) if any(w in text for w in words)}


_SAME_DAY = re.compile(r"\s*(?:当日|当天|同日)")


def _other_step(check: SentenceCheck) -> str:
    """For a when-question asking one step of a course (通过 of a law passed, published, put in force; 开工 of a
    building started and finished): why the answer's date is another step's — some clause stating the date names
    another step of that course (the next clause too, when its own names none, or the next sentence when it opens
    with 当日) and none names the asked one — or ""."""
    if check.question.answer_type != "time":
        return ""
    course, asked = next(((c, i) for c in ACT_COURSES for i, words in enumerate(c)
                          if any(w in check.question.text for w in words)), (None, -1))
    if course is None:
        return ""
    named: set[int] = set()
    dated = [f for f in check.own_facts if f.dates or f.full_dates]  # the day, not its year alone
    sentences = [s for n in check.cited for s in sentence_texts(check.passage(n))]
    for fact in dated or check.own_facts:
        for at, sentence in enumerate(sentences):
            clauses = _CLAUSE.split(sentence)
            for i, clause in enumerate(clauses):
                if absent_facts(fact, clause):
                    continue
                after = clauses[i + 1] if i + 1 < len(clauses) else ""
                if not after and at + 1 < len(sentences) and _SAME_DAY.match(sentences[at + 1]):
                    after = sentences[at + 1]  # `…3月30日拍摄的大桥。当日，大桥主体贯通`
                named |= _steps_in(clause, course) or _steps_in(after, course)
    if not named or asked in named:
        return ""
    return f"问题问的是{course[asked][0]}的时间，引用段落中这个时间是{course[min(named)][0]}的"
