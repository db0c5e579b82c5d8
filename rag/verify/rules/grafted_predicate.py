from __future__ import annotations

from rag.lexicon import tagged
from rag.question import opening_verb
from rag.textmatch import content, normalize, strip_markers
from rag.verify.rules.base import SentenceCheck, SentenceRule


def grafted_predicate(sentence: str, question: str, passage: str, min_chars: int = 6, window: int = 8) -> str:
    """The question's verb when the sentence is the question's opening with a clause of the passage glued on
    ("张安疆担任" + "重庆将围绕…" from "张安疆表示，重庆将围绕…"): the passage never says what the verb
    claims. A clause is a run of `min_chars` that starts after punctuation in the passage and has a verb of its
    own near its start; a noun phrase after a synonym verb ("进行5战3胜制的系列赛") is an answer. "" when the
    sentence is not built so, or the passage states the verb within `window` characters before the run."""
    opening, verb = opening_verb(question)
    if not verb:
        return ""
    body = content(sentence)
    rest = body[len(opening):] if body.startswith(opening) else ""
    text = content(passage)
    at = text.find(rest[:min_chars]) if len(rest) >= min_chars else -1
    if at < 0 or verb in text[max(0, at - window):at] or not _after_punctuation(passage, at):
        return ""
    return verb if any(f == "v" and len(w) > 1 for w, f in tagged(rest[:min_chars])) else ""


def _after_punctuation(passage: str, at: int) -> bool:
    """Does the `at`-th letter/digit of `passage` (counted as content() counts) follow punctuation?"""
    seen = 0
    previous = ""
    for c in normalize(strip_markers(passage)):
        if c.isalnum():
            if seen == at:
                return bool(previous) and not previous.isalnum()
            seen += 1
        if not c.isspace():
            previous = c
    return False


class GraftedPredicate(SentenceRule):
    """The passage says what the sentence's verb claims: the question's opening glued onto another clause of
    the passage ("张安疆担任" + "重庆将围绕…") states something the passage never says."""
    id = "grafted_predicate"

    def reason(self, check: SentenceCheck) -> str:
        s = check.settings
        verb = grafted_predicate(check.sentence, check.question.text, check.cited_text,
                                 s.verify_graft_min_chars, s.verify_graft_window)
        return f"答案把问题中的“{verb}”接到了资料中另一句话上" if verb else ""
