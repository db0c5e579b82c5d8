from __future__ import annotations

import re

from rag.entities import lac_tagged
from rag.question import NAME_KIND, OFFICE_ACTS, asked_holder_office, name_slot
from rag.textmatch import normalize, strip_markers
from rag.verify.rules.base import SentenceCheck, SentenceRule

_ANCHOR = 4  # characters of the question after its question word that mark the slot (担任总运营商 -> 担任总运)
_REACH = 20  # characters before the anchor in the passage where the one it names stands
_ENDS_IN_KIND = re.compile(f"(?:{NAME_KIND.pattern})$")


class NameInTheSlot(SentenceRule):
    """A name asked for is the one the passages write in the question's slot: where a shown passage has the words the
    question puts right after its question word (`由哪家公司担任总运营商` / `…有限公司担任总运营商`), the name the answer puts before
    them stands before them there too. Another name in that place (a co-founder for the operator) answers who did
    something else, and a name taken from a passage that never states the act (the current speaker for who swears in
    a new one) is grafted onto it. The kind the question names may follow the name (`OpenAI公司` for `OpenAI`). When
    no passage words the act as the question does, the rule does not judge. And a sentence that restates the
    question's words right before its question word goes on to state the act asked: `…冠军联赛由全北现代汽车自动晋级八强` names a
    team for another act than 夺冠. An office's holder asked for (`…的导演是谁`) is one the cited article writes with the
    office (导演朱定忠, 张艺谋导演, 由郭虎执导) when it writes any: a lead actor is no director. An office with a word before
    it the question does not write is another one (副导演, 执行导演, 国务院总理 for 新西兰总理). A name a passage writes right
    after 由 in the sentence that goes on to the act's words does the act however far before them (`由东湾电视台从3月8日开始，
    …播出`) when no other organisation or person stands between."""
    id = "slot_name"

    def reason(self, check: SentenceCheck) -> str:
        if check.question.answer_type != "name":
            return ""
        office = asked_holder_office(check.question.text)
        holders = office_holders(office, check.article, check.question.text) if office else set()
        if holders and not any(_names_person(holder, check.sentence) for holder in holders):
            return f"资料中的{office}是{'、'.join(sorted(holders))}"
        before, after = (normalize(part) for part in name_slot(check.question.text))
        anchor = after[:_ANCHOR]
        said = normalize(strip_markers(check.sentence))
        other_act = _another_act(said, before, after)
        if other_act:
            return other_act
        at = said.find(anchor) if len(anchor) >= 2 else -1
        if at <= 0:
            return ""
        opener = before[-1:]  # 由 of 由哪家公司: the name starts after it
        start = said.rfind(opener, 0, at) + 1 if opener and opener in said[:at] else max(0, at - _REACH)
        filler = said[start:at].strip("，,。 ")
        kind = _ENDS_IN_KIND.search(filler)  # 哪家公司: "OpenAI公司" names OpenAI, as the passage may
        filler = filler[:kind.start()] if kind and kind.group() in check.question.text else filler
        if len(filler) < 2 or filler in normalize(check.question.text):
            return ""
        reach = max(_REACH, len(filler))  # a long name (a venue's full name) stands whole before the anchor
        places = [text[max(0, m.start() - reach):m.start()]  # every shown passage: a name grafted from one that
                  for text in (normalize(h.chunk.text) for h in check.hits)  # never states the act is judged too
                  for m in re.finditer(re.escape(anchor), text)]
        if not places or any(filler in place for place in places) \
                or any(_agent_of(filler, anchor, normalize(h.chunk.text)) for h in check.hits):
            return ""
        return f"资料中{after}的不是{filler}"


_AGENT = "由"  # 由X…播出: X does the act, however far the act's words stand after it
_SENTENCE_END = re.compile(r"[。！？!?\n]")


def _agent_of(name: str, anchor: str, text: str) -> bool:
    """Does the text write `name` right after 由 in a sentence that goes on to the act's words (`由东湾电视台从3月8日开始，
    …播出`), no other organisation or person standing between (the co-founder 由甲台…策划发起，乙公司担任总运营商 is
    not the operator)?"""
    for m in re.finditer(re.escape(anchor), text):
        start = max((e.end() for e in _SENTENCE_END.finditer(text, 0, m.start())), default=0)
        agent = text.rfind(_AGENT, start, m.start())
        between = text[agent + 1 + len(name):m.start()]
        if agent >= 0 and text.startswith(name, agent + 1) \
                and not any(tag in ("ORG", "PER") for _, tag in lac_tagged(between)):
            return True
    return False


_OPENING = 3  # characters of the question right before its question word that a sentence restating it repeats
_FILLER = set("的了是在于")


def _another_act(said: str, before: str, after: str) -> str:
    """Why a sentence that restates the question's words right before its question word (`冠军联赛由`) puts its name
    to another act than the one asked: the rest of the sentence holds under half of the letters of the act (from the
    first verb after the question word: 夺冠 for `…由全北现代汽车自动晋级八强`); nouns alone after the question word
    (哪位神祇, 哪位皇帝的叔父) name the answer's kind, no act. "" otherwise."""
    at_verb, seen = -1, 0
    for word, tag in lac_tagged(after):  # the act starts at its verb: 哪位神祇, 谁之手 and 哪位皇帝的叔父 name no act
        if tag in ("v", "vn"):
            at_verb = seen
            break
        seen += len(word)
    if at_verb < 0:
        return ""
    after = after[at_verb:]
    act = [c for c in after[:_ANCHOR] if c not in _FILLER]
    opening = before[-_OPENING:]
    at = said.find(opening) if len(opening) == _OPENING and len(act) >= 2 else -1
    if at < 0:
        return ""
    rest = said[at + len(opening):]
    if sum(c in rest for c in act) * 2 >= len(act):
        return ""
    return f"句子没有说出问题所问的“{after}”"


# Words between an office and its holder's name (导演：冯小刚, 导演为陈思诚).
_HOLDER_LINKS = {"：", ":", "为", "是", " "}


def office_holders(office: str, text: str, question: str = "") -> set[str]:
    """The persons `text` writes as holding `office`: right before it (张艺谋导演) or its act (由郭虎执导), or right after
    it (导演朱定忠, 导演：冯小刚, 导演为陈思诚) where the office stands alone or with a word the question writes too. A word
    before it the question does not write makes it another office (副导演, 执行导演, 前总统, 国务院总理 for 新西兰总理)."""
    words = list(lac_tagged(text))
    holders = set()
    for i, (word, _) in enumerate(words):
        before = words[i - 1] if i > 0 else ("", "w")
        if word in (office, OFFICE_ACTS.get(office)) and before[1] == "PER":
            holders.add(before[0])
        alone = before[1] == "w" or not before[0].strip() or before[0] == "的"  # LAC tags a line break as a verb
        if word != office or not (alone or before[0] in question):
            continue
        j = i + 1 + (i + 1 < len(words) and words[i + 1][0] in _HOLDER_LINKS)
        if j < len(words) and words[j][1] == "PER":
            holders.add(words[j][0])
    return holders


def _names_person(name: str, sentence: str) -> bool:
    """Does the sentence name the person, whole or by a foreign name's part (卡梅隆 of 詹姆斯·卡梅隆)?"""
    said = normalize(strip_markers(sentence))
    return normalize(name) in said or any(len(part) >= 2 and part in said for part in normalize(name).split("·"))
