from __future__ import annotations

import re

from rag.facts import is_cjk, numbers_in
from rag.textmatch import bigrams, content, normalize, strip_markers
from rag.verify.rules.base import SentenceCheck, SentenceRule

_DATE_UNITS = "年月日号时点分秒"
_NUMBER_AT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def counted_elsewhere(sentence: str, question: str, passage: str) -> list[str]:
    """The sentence's numbers (those not in the question) that the passage uses for something else: the words
    right after the number ("11家规模以上工业企业") share no character bigram with the words around it anywhere
    in the passage ("组织了11家银行"; "达成合作意向15项" does match "15项合作意向"). Dates, model numbers
    (iPhone 13) and numbers the passage writes otherwise are not judged."""
    sent, text = normalize(strip_markers(sentence)), normalize(passage)
    asked = numbers_in(question) if question else set()
    out = []
    for m in _NUMBER_AT.finditer(sent):
        number = m.group()
        after = content(sent[m.end():m.end() + 10])[:6]
        if (number in asked or len(after) < 3 or after[0] in _DATE_UNITS or not is_cjk(after[0])
                or (m.start() and sent[m.start() - 1].isascii() and sent[m.start() - 1].isalpha())):
            continue
        wanted = bigrams(after)
        windows = [content(text[max(0, p.start() - 20):p.start()])[-16:] + content(text[p.end():p.end() + 14])[:10]
                   for p in _NUMBER_AT.finditer(text) if p.group() == number]
        if windows and not any(wanted & bigrams(w) for w in windows):
            out.append(f"数字 {number} 在引用段落中说的是别的")
    return out


class NumberCountsTheSame(SentenceRule):
    """A number counts the same thing in the sentence as in the passage: "西彭园区共有11家规模以上工业企业" is
    not supported by a passage whose 11 is "11家银行"."""
    id = "counted_elsewhere"
    needs_question = False

    def reason(self, check: SentenceCheck) -> str:
        return "；".join(counted_elsewhere(check.sentence, check.question.text, check.cited_text))
