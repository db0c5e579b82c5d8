"""An answer split into claims: its sentences, each with the [n] markers the model wrote."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.textmatch import MARKER, normalize, strip_markers

# A sentence: text up to a terminator, closing quotes/brackets, then any markers written after the stop. A quoted
# title is read whole: the ！ of 《大小姐×执事！》 ends no sentence.
_SENTENCE = re.compile(
    r"(?:《[^《》\n]{0,40}》|[^。！？!?；;\n])+(?:[。！？!?；;…]+[”’」』）)\"']*)?(?:\s*[\[［【]\s*\d[\d\s,，、\-–~]*[\]］】])*"
)
_REFUSAL_PHRASES = ("没有找到相关信息", "没有找到相关", "资料中没有", "资料中未", "未提及", "没有提及", "没有提到",
                    "未提到", "无法回答", "无法确定", "没有提供", "未提供", "不包含", "无法从", "找不到")


@dataclass
class Claim:
    text: str  # the sentence without markers
    marked: list[int]  # the passage numbers the model cited that exist


def parse_markers(text: str) -> list[int]:
    """Numbers in [1] [1,2] [1-3] 【2】 ［3］ markers, in order, without repeats."""
    numbers: list[int] = []
    for m in MARKER.finditer(text):
        for part in re.split(r"\s*[,，、]\s*", m.group(1)):
            if re.search(r"[\-–~]", part):
                a, b = (int(x) for x in re.split(r"\s*[\-–~]\s*", part))
                values = range(a, b + 1) if 0 < b - a < 20 else [a, b]
            else:
                values = [int(part)]
            numbers += [v for v in values if v not in numbers]
    return numbers


# The labels the prompt gives the passages and the question under (prompts/answer_user.txt): users never see them.
_PROMPT_LABEL = re.compile(r"^\s*【(?:资料|问题)】")
_LABEL_PREAMBLE = re.compile(r"^(?:根据|依据|按照)【资料】(?:中|所述|显示)?[，,：:]\s*")  # the small model's opening


def opens_with_prompt_label(text: str) -> bool:
    """Does the text start the way the prompt lays out its material (【资料】[2] …)?"""
    return bool(_PROMPT_LABEL.match(text))


# A whole output opening with a passage's number ("[1] 坐标：…") is laid out as the prompt lays out each passage:
# answers put their markers after what they say. Only the output's start: a sentence of an answer may begin with
# the marker that closes the one before it.
_PASSAGE_NUMBER_FIRST = re.compile(r"^\s*\[\d+\]")


def opens_as_material(output: str) -> bool:
    """Does the model's whole output start as the prompt's material does (【资料】[2] …, or [1] …)?"""
    return opens_with_prompt_label(output) or bool(_PASSAGE_NUMBER_FIRST.match(output))


def without_prompt_label(sentence: str) -> str:
    """The sentence as shown: "根据【资料】，X" -> "X"; any other 【资料】 -> 资料."""
    return _LABEL_PREAMBLE.sub("", sentence).replace("【资料】", "资料") or sentence


def split_answer(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


# "1. " "2、" "(3)" opening a line: a numbered list's layout, not a number the answer claims.
_ENUMERATOR = re.compile(r"(?m)^[ \t]*(?:(\d{1,2})[.．][ \t]+|(\d{1,2})[、)）][ \t]*|[（(](\d{1,2})[)）][ \t]*)(?=\S)")


def without_enumerators(text: str) -> str:
    """The answer without its list numbers when it is a numbered list (lines numbered 1, 2, … in order): "1. 卡门"
    would otherwise be checked as a claim of the number 1. A single numbered line is left alone ("1、2月份…") unless
    written "1. " (a dot, then a space: no number is written so), a list of one item."""
    found = list(_ENUMERATOR.finditer(text))
    numbers = [int(next(g for g in m.groups() if g)) for m in found]
    one_item = numbers == [1] and found[0].group(1) is not None
    if (len(numbers) < 2 and not one_item) or numbers != list(range(1, len(numbers) + 1)):
        return text
    return _ENUMERATOR.sub("", text)


def claims_of(answer_text: str, passages: list[str]) -> list[Claim]:
    """Every sentence with its markers; markers pointing at no shown passage are dropped, except a footnote copied
    from a passage: web and encyclopedia text carries its own references ("…六年的条约。[14]"), and a model citing
    [14] among three passages cites the passages whose text that footnote closes (not one merely opening with it,
    the overlap of the next chunk)."""
    def shown(n: int) -> list[int]:
        if 1 <= n <= len(passages):
            return [n]
        return [i for i, text in enumerate(passages, start=1) if text.find(f"[{n}]") > 0]
    return [Claim(strip_markers(s), list(dict.fromkeys(k for n in parse_markers(s) for k in shown(n))))
            for s in split_answer(without_enumerators(answer_text))]


def is_refusal(text: str, refusal_text: str) -> bool:
    norm = normalize(strip_markers(text))
    return normalize(refusal_text) in norm or any(p in norm for p in _REFUSAL_PHRASES)
