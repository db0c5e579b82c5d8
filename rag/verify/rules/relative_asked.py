from __future__ import annotations

import re

from rag.textmatch import normalize
from rag.verify.rules.base import SentenceCheck, SentenceRule

# A relative asked by the relation's name, and the letters a sentence names that relation by, either way round:
# "张雍之子" names 张伯远's father, "娶…之女为王妃" a prince's consort.
_RELATIVES = {
    "父亲": "父子女", "母亲": "母子女", "儿子": "子父母", "女儿": "女父母",
    "妻子": "妻夫娶嫁配", "丈夫": "夫妻娶嫁配", "王妃": "妃娶嫁", "皇后": "后帝娶嫁", "夫人": "夫妻娶嫁",
    "哥哥": "兄哥弟姐妹", "弟弟": "弟兄哥姐妹", "姐姐": "姐姊兄弟妹", "妹妹": "妹兄弟姐姊",
}
_ASKS_RELATIVE = re.compile("(?<!谁)的(" + "|".join(_RELATIVES) + ")")


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
        relation, letters = m.group(1), _RELATIVES[m.group(1)]
        person = check.question.text[:m.start()]
        named = [n for n in check.question.facts.names if n not in person]
        if any(c in s for s in sources for c in letters) or any(n in s for s in sources for n in named):
            return ""
        return f"问题问的是{person}的{relation}，引用段落中给出这一事实的句子没有提到{relation}"
