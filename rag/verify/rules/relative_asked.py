from __future__ import annotations

import re

from rag.lexicon import RELATIVES, tagged
from rag.textmatch import normalize
from rag.verify.rules.base import SentenceCheck, SentenceRule

_ASKS_RELATIVE = re.compile("(?<!谁)的(" + "|".join(RELATIVES) + ")")
# A parent or a child named right after the person whose relative it is (曹文埴父曹景宸, 张雍之子), by its first letter.
_KIN_WORDS = {"父", "母", "子", "女", "父亲", "母亲", "儿子", "女儿"}


def _kin_after(person: str, sentence: str) -> set[str]:
    """The parent or child letters (父, 子) the sentence writes as words right after `person` (之 or 的 between): not
    the first letter of another word (王芳女士 names no daughter)."""
    words, at, found = [w for w, _ in tagged(sentence)], 0, set()
    for i, word in enumerate(words):
        at += len(word)
        if sentence[:at].endswith(person):
            rest = [w for w in words[i + 1:i + 3] if w not in ("之", "的")][:1]
            found |= {rest[0][0]} if rest and rest[0] in _KIN_WORDS else set()
    return found


class RelativeAsked(SentenceRule):
    """A question on someone's relative (潞王的王妃, 张伯远的父亲) is answered by a sentence of the passage that names that
    relation, either way round (父 or 子: `张雍之子`), or the name the question gives the relative (王妃李氏): a sentence on the
    person alone states that person's own fact (the prince's death for his consort's). A parent's or child's letter
    right after the asked person names that person's relative of that kind: `曹文埴父曹景宸` names 曹文埴's father, not
    his son."""
    id = "relative_asked"

    def reason(self, check: SentenceCheck) -> str:
        m = _ASKS_RELATIVE.search(check.question.text)
        sources = [normalize(s) for s in check.source_sentences]
        if not m or not sources:
            return ""
        relation, letters = m.group(1), RELATIVES[m.group(1)]
        person = check.question.text[:m.start()]
        named = [n for n in check.question.facts.names if n not in person]
        if any(n in s for s in sources for n in named):
            return ""
        after = {kin for s in sources for kin in _kin_after(normalize(person), s)}
        if after and letters[0] not in after:
            return f"问题问的是{person}的{relation}，引用段落中这一事实说的是{person}的{'、'.join(sorted(after))}"
        if any(c in s for s in sources for c in letters):
            return ""
        return f"问题问的是{person}的{relation}，引用段落中给出这一事实的句子没有提到{relation}"
