from __future__ import annotations

import re

from rag.entities import names_in
from rag.structure import reporter_credits
from rag.textmatch import normalize
from rag.types import Hit
from rag.verify.rules.base import SentenceCheck, SentenceRule

_ASKS_FOR_REPORTER = re.compile(r"记者|通讯员|实习生|摄影|拍摄|报道|采写|采访|撰稿|编辑|作者|署名|谁写|谁拍")


class NotTheReporter(SentenceRule):
    """A name the cited passage gives only in a reporter's or photographer's credit (`（记者 侯小梅）`, `记者 黄舒 摄`) answers who
    reported or photographed it, nothing else: the teacher of a class shown in a photo is not the photographer. An
    author's byline (□樊自甫) is not a credit of this kind: an opinion piece's author is who argues what it says. A passage
    past the dateline is shown with its reporter as the article's author (作者：邓小强): the same credit. And a name the
    passage gives only in its author's note (作者系…研究院教授) says who wrote the article, for a question that does not name
    the author: not who issued a document the article quotes."""
    id = "reporter_credit"

    def reason(self, check: SentenceCheck) -> str:
        question = check.question.text
        if _ASKS_FOR_REPORTER.search(question):
            return ""
        sentence = normalize(check.sentence)
        credits = [reporter_credits(h.before + h.chunk.text) for h in check.hits]
        for n in check.cited:
            hit = check.hits[n - 1]
            names, rest = credits[n - 1]
            # a passage past the dateline is shown with its reporter as the article's author (作者：邓小强)
            article = {name for h, (named, _) in zip(check.hits, credits) if h.chunk.doc_id == hit.chunk.doc_id
                       for name in named}
            names = names | {name for name in article if name in hit.chunk.author}
            for name in sorted(names):
                if name in sentence and name not in question and name not in rest:
                    return f"{name} 在引用段落中只是记者或摄影者的署名"
            note_only = _in_note_only(sentence, question, hit)
            if note_only:
                return f"{note_only} 在引用段落中只出现在作者简介里"
        return ""


def _in_note_only(sentence: str, question: str, hit: Hit) -> str:
    """A name of the sentence the passage gives only in its author's note (作者系…研究院教授), for a question that does
    not name the author: the note says who wrote the article, not who did what the article tells."""
    note = normalize(hit.chunk.note)
    if not note or any(name in question for name in hit.chunk.author.split()):
        return ""
    text = normalize(hit.before + hit.chunk.text + hit.after)
    return next((name for name in names_in(sentence)
                 if len(name) >= 3 and name in note and name not in text and name not in question), "")
