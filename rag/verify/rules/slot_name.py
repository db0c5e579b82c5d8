from __future__ import annotations

import re

from rag.question import name_slot
from rag.textmatch import normalize, strip_markers
from rag.verify.rules.base import SentenceCheck, SentenceRule

_ANCHOR = 4  # characters of the question after its question word that mark the slot (担任总运营商 -> 担任总运)
_REACH = 20  # characters before the anchor in the passage where the one it names stands


class NameInTheSlot(SentenceRule):
    """A name asked for is the one a cited passage writes in the question's slot: where the passage has the words the
    question puts right after its question word (`由哪家公司担任总运营商` / `…有限公司担任总运营商`), the name the answer puts
    before them stands before them there too. Another name of the passage in that place (a co-founder for the operator)
    answers who did something else. A passage that words the act otherwise is not judged."""
    id = "slot_name"

    def reason(self, check: SentenceCheck) -> str:
        if check.question.answer_type != "name":
            return ""
        before, after = (normalize(part) for part in name_slot(check.question.text))
        anchor = after[:_ANCHOR]
        said = normalize(strip_markers(check.sentence))
        at = said.find(anchor) if len(anchor) >= 2 else -1
        if at <= 0:
            return ""
        opener = before[-1:]  # 由 of 由哪家公司: the name starts after it
        start = said.rfind(opener, 0, at) + 1 if opener and opener in said[:at] else max(0, at - _REACH)
        filler = said[start:at].strip("，,。 ")
        if len(filler) < 2 or filler in normalize(check.question.text):
            return ""
        places = [text[max(0, m.start() - _REACH):m.start()] for n in check.cited
                  for text in [normalize(check.hits[n - 1].chunk.text)] for m in re.finditer(re.escape(anchor), text)]
        if not places or any(filler in place for place in places):
            return ""
        return f"引用段落中{after}的不是{filler}"
