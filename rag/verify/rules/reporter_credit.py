from __future__ import annotations

import re

from rag.structure import reporter_credits
from rag.textmatch import normalize
from rag.verify.rules.base import SentenceCheck, SentenceRule

_ASKS_FOR_REPORTER = re.compile(r"记者|通讯员|实习生|摄影|拍摄|报道|采写|采访|撰稿|编辑|作者|署名|谁写|谁拍")


class NotTheReporter(SentenceRule):
    """A name the cited passage gives only in a reporter's or photographer's credit (`（记者 侯小梅）`,
    `记者 黄舒 摄`) answers who reported or photographed it, nothing else: the teacher of a class shown in a photo is
    not the photographer. An author's byline (□樊自甫) is not a credit of this kind: an opinion piece's author is
    who argues what it says."""
    id = "reporter_credit"

    def reason(self, check: SentenceCheck) -> str:
        question = check.question.text
        if _ASKS_FOR_REPORTER.search(question):
            return ""
        sentence = normalize(check.sentence)
        for n in check.cited:
            names, rest = reporter_credits(check.hits[n - 1].chunk.text)
            for name in sorted(names):
                if name in sentence and name not in question and name not in rest:
                    return f"{name} 在引用段落中只是记者或摄影者的署名"
        return ""
