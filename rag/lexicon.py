"""The Chinese lexicon: jieba, initialised once for the process, shared by retrieval (BM25 tokens), question
reading, the verifier and follow-up rewriting."""
from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import jieba.posseg

jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" banner would clutter CLI output


def search_words(text: str) -> list[str]:
    """jieba search mode: words and the sub-words of long words (BM25 tokens)."""
    return jieba.lcut_for_search(text)


@lru_cache(maxsize=8192)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech flag) pairs. Cached: the verifier reads the same question and sentences many times.
    A person's name jieba finds right after a Latin letter is the tail of a mixed name it cut wrongly ("C罗以807球"
    -> C + 罗以), and one opening with the particle 了 or 着 is the particle glued to a foreign name's first letter
    ("战胜了蒂亚戈" -> 了蒂): both are tagged "x", no word of any kind."""
    pairs = [(p.word, p.flag) for p in jieba.posseg.cut(text)]
    return tuple((w, "x" if flag.startswith("nr") and ((i and pairs[i - 1][1] == "eng") or w[0] in "了着") else flag)
                 for i, (w, flag) in enumerate(pairs))


# jieba's flags for proper nouns: place, person (and transliterated or foreign name), organisation, other.
PROPER_NOUN_FLAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz"})


# Countries Chinese names by a short form as often as by the full one (澳洲 for 澳大利亚, 沙特 for 沙特阿拉伯), and the
# regional forms Hong Kong and Taiwan texts use (纽西兰, 北韩): a text with either form names the country.
COUNTRY_FORMS: tuple[frozenset[str], ...] = tuple(frozenset(f) for f in (
    ("澳大利亚", "澳洲"), ("沙特阿拉伯", "沙特"), ("印度尼西亚", "印尼"), ("阿拉伯联合酋长国", "阿联酋"),
    ("新西兰", "纽西兰"), ("朝鲜", "北韩"), ("韩国", "南韩"),
))


def place_forms(place: str) -> frozenset[str]:
    """`place` and the other names of the same country (COUNTRY_FORMS); a place with none, alone."""
    return next((forms for forms in COUNTRY_FORMS if place in forms), frozenset((place,)))


# A relative by the relation's name, and the letters a text names that relation by, either way round ("父王机" names
# 王沈's father, "张雍之子" 张伯远's, "娶…之女为王妃" a prince's consort).
RELATIVES = {
    "父亲": "父子女", "母亲": "母子女", "儿子": "子父母", "女儿": "女父母",
    "妻子": "妻夫娶嫁配", "丈夫": "夫妻娶嫁配", "王妃": "妃娶嫁", "皇后": "后帝娶嫁", "夫人": "夫妻娶嫁",
    "哥哥": "兄哥弟姐妹", "弟弟": "弟兄哥姐妹", "姐姐": "姐姊兄弟妹", "妹妹": "妹兄弟姐姊",
}


# The steps of one thing's course, in order, each step's words: a date stated for one step is not another's (a law
# is passed, then published, then in force; a bridge is planned, started, joined through, closed, finished, opened; a
# ship is launched, tried, delivered, commissioned, retired; a channel, school or business planned, founded, closed).
ACT_COURSES: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("审议通过", "表决通过", "通过"), ("印发", "发布", "公布", "颁布", "出台"), ("施行", "实施", "生效")),
    (("开幕", "开赛", "启动"), ("闭幕", "落幕", "收官")),
    (("筹建", "筹备", "筹划"), ("开工", "动工", "开建", "奠基"), ("贯通",), ("合龙",), ("竣工", "完工", "建成", "落成"),
     ("通车", "开通", "启用", "投入使用")),
    (("出生", "生于"), ("去世", "逝世", "病逝", "辞世")),
    (("下水",), ("试航", "海试"), ("交付",), ("服役", "入列", "入役", "列装"), ("退役", "除役")),
    (("筹建", "筹备", "筹划", "筹办"), ("创办", "创立", "成立", "开播", "开业"), ("停播", "停刊", "停业", "停运", "倒闭")),
)

