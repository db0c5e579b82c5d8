"""Near-verbatim answer sentences shown in the source's own words.

A small model copying a passage still drops a few characters ("以建筑物" for "以该区的建筑物", list items
without their bracketed notes). When a stretch of a verified sentence copies its cited passage verbatim except
for such gaps (and punctuation), the passage's exact words replace that stretch: the answer then says precisely
what the highlighted source says. A stretch with any word of the model's own ("提拔了一些" for "提拔一些") is
left as the model wrote it: restoring would silently drop what the model said.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from rag.lexicon import tagged

QUOTE_MIN_CHARS = 8  # a shorter stretch is a name, a number or a phrase: nothing to restore
QUOTE_MIN_SHARE = 0.85  # share of the sentence's stretch the passage has verbatim, in runs of 2+ characters
QUOTE_MAX_GAP = 6  # characters between two copied runs that still make one stretch
QUOTE_MAX_INSERT = 4  # longest word the model may have dropped ("该区的"); longer is other content
_NOTE = re.compile(r"[（(][^（）()\n]{1,20}[）)]")  # a bracketed note: 蛋黄（黄色）
_BRACKETS = "（）()「」『』《》“”"
_ENDS = "。！？!?\n"
_QUOTE_MARKS = "“”\"‘’'「」『』"
_POINTER = re.compile(r"(?:后者|前者|他|她|它|他们|她们|它们)的?")


def _key(ch: str) -> str:
    """One character compared as NFKC, lower case, all quote marks alike (，and , the same), keeping one
    position per character."""
    if ch in _QUOTE_MARKS:
        return '"'
    folded = unicodedata.normalize("NFKC", ch).lower()
    return folded if len(folded) == 1 else ch


def _without_notes(text: str) -> str:
    return _NOTE.sub("", text)


def _is_punctuation(text: str) -> bool:
    return all(not c.isalnum() for c in text)


def _droppable(text: str) -> bool:
    """Words the model may have left out of a copied stretch: a short word with no sentence end, bracket, digit
    or Latin letter in it (a number is a fact the model did not state), or whole bracketed notes with content
    ("（黄色）"; not an empty "（）" left by extraction). Not a word pointing back (后者, 他): the model named whom it
    means, and the passage's pointer would leave the sentence pointing at nothing ("弗里茨，后者的世界排名")."""
    if any(c in _ENDS for c in text) or _POINTER.fullmatch("".join(c for c in text if c.isalnum())):
        return False
    rest = _without_notes(text)
    notes_ok = all(any(c.isalnum() for c in m.group()) for m in _NOTE.finditer(text))
    return (notes_ok and len(rest) <= QUOTE_MAX_INSERT
            and not any(c in _BRACKETS or c.isdigit() or c.isascii() and c.isalpha() for c in rest))


def quoted(sentence: str, passage: str) -> str:
    """`sentence` (no citation markers) with the stretch that copies `passage` verbatim except for words the
    model left out (and punctuation) replaced by the passage's exact words, a bracketed note right after it
    included; `sentence` itself when no stretch does. Nothing the model added is ever dropped, so the result
    only restores what the passage says around the model's own words."""
    if len(sentence) < QUOTE_MIN_CHARS or not passage:
        return sentence
    said, source = [_key(c) for c in sentence], [_key(c) for c in passage]
    runs = [m for m in SequenceMatcher(None, said, source, autojunk=False).get_matching_blocks() if m.size >= 2]
    if not runs:
        return sentence
    # The copied stretch: the longest run and its neighbours that stay close on both sides.
    anchor = max(range(len(runs)), key=lambda i: runs[i].size)
    first = last = anchor
    while first > 0 and _close(runs[first - 1], runs[first], passage):
        first -= 1
    while last + 1 < len(runs) and _close(runs[last], runs[last + 1], passage):
        last += 1
    s_start, s_end = runs[first].a, runs[last].a + runs[last].size
    p_start, p_end = runs[first].b, runs[last].b + runs[last].size
    copied = sum(m.size for m in runs[first:last + 1])
    if s_end - s_start < QUOTE_MIN_CHARS or copied / (s_end - s_start) < QUOTE_MIN_SHARE:
        return sentence
    note = _NOTE.match(passage, p_end)
    if note and any(c.isalnum() for c in note.group()) and not sentence[s_end:].startswith(("（", "(")):
        p_end = note.end()
    edits = SequenceMatcher(None, said[s_start:s_end], source[p_start:p_end], autojunk=False).get_opcodes()
    restored = []
    for op, a0, a1, b0, b1 in edits:
        if op == "equal":
            restored.append(sentence[s_start + a0:s_start + a1])  # the model's own quote marks stay paired
            continue
        if not _is_punctuation(sentence[s_start + a0:s_start + a1]):
            return sentence  # the model wrote something the passage does not: leave its sentence alone
        dropped = passage[p_start + b0:p_start + b1]
        if not _droppable(dropped):
            return sentence
        word = "".join(c for c in dropped if c.isalnum())
        if len(word) >= 2 and word in sentence[:s_start] + sentence[s_end:]:
            return sentence  # the model moved the word, not dropped it ("李华在2011年…" for "2011年李华在…")
        restored.append(passage[p_start + b0:p_start + b1])
    return sentence[:s_start] + "".join(restored) + sentence[s_end:]


def _close(left, right, passage: str) -> bool:
    """Two copied runs belong to one stretch when little lies between them on either side (a bracketed
    note in the passage aside)."""
    between = passage[left.b + left.size:right.b]
    return right.a - (left.a + left.size) <= QUOTE_MAX_GAP and len(_without_notes(between)) <= QUOTE_MAX_GAP


_BARE_NUMBER = re.compile(r"(\d+(?:\.\d+)?)[。.]?")
_HEDGE_BEFORE = re.compile(r"(至少|超过|大约|约|逾|将近|近|多达|不到|不足|不少于)$")
_MAGNITUDE = re.compile(r"(?:余|多)?[万亿千百]{0,2}(?:余|多)?")
_NOT_AMOUNTS = "月日号时点"  # a number before these is a date or a time, not an amount


def with_measure(sentence: str, passages: list[str]) -> str:
    """A bare number ("12") in the measure its cited passages write it with ("至少12人"): an amount means
    nothing without its unit, and the passage's own hedge (至少, 约) is part of what it states. Only when the
    passages write that number in digits, never as an ordinal, and always with the same measure; `sentence`
    itself otherwise."""
    bare = _BARE_NUMBER.fullmatch(sentence.strip())
    if not bare:
        return sentence
    number, found = bare.group(1), set()
    for text in passages:
        for m in re.finditer(rf"(?<![\d.]){re.escape(number)}(?![\d.])", text):
            magnitude = _MAGNITUDE.match(text, m.end()).group()
            words = tagged(text[m.end() + len(magnitude):m.end() + len(magnitude) + 6])
            word, flag = words[0] if words else ("", "")
            if text[m.start() - 1:m.start()] == "第":
                found.add(("", ""))  # an ordinal (第3名) is no amount
            elif word == "%" or (flag in ("m", "q") or flag == "n" and len(word) <= 2) and word[0] not in _NOT_AMOUNTS:
                hedge = _HEDGE_BEFORE.search(text[max(0, m.start() - 3):m.start()])
                found.add(((hedge.group() if hedge else ""), magnitude + word))
            else:
                found.add(("", ""))
    if len(found) != 1 or not next(iter(found))[1]:
        return sentence
    (hedge, measure), = found
    if measure.startswith("年") and len(number) == 4:
        return sentence  # a year
    return f"{hedge}{number}{measure}{sentence.strip()[bare.end(1):]}"
