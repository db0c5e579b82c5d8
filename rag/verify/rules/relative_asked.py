from __future__ import annotations

import re

from rag.lexicon import RELATIVES
from rag.textmatch import normalize
from rag.verify.rules.base import SentenceCheck, SentenceRule

_ASKS_RELATIVE = re.compile("(?<!谁)的(" + "|".join(RELATIVES) + ")")


class RelativeAsked(SentenceRule):
    """A question on someone's relative (潞王的王妃, 张伯远的父亲) is answered by a sentence of the passage that names that
    relation, either way round (父 or 子: `张雍之子`), or the name the question gives the relative (王妃李氏): a sentence on the
    person alone states that person's own fact (the prince's death for his consort's)."""
    id = "relative_asked"

    def reason(self, check: SentenceCheck) -> str:
        m = _ASKS_RELATIVE.search(check.question.text)
        sources = [normalize(s) for s in check.source_sentences]
        if not m or not sources:
            return ""
        relation, letters = m.group(1), RELATIVES[m.group(1)]
        person = check.question.text[:m.start()]
        named = [n for n in check.question.facts.names if n not in person]
        if any(c in s for s in sources for c in letters) or any(n in s for s in sources for n in named):
            return ""
        return f"问题问的是{person}的{relation}，引用段落中给出这一事实的句子没有提到{relation}"
