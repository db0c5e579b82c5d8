"""The Chinese lexicon: jieba, initialised once for the process, shared by retrieval (BM25 tokens), question
reading, the verifier and follow-up rewriting."""
from __future__ import annotations

import logging
import re
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


# A relative by the relation's name, and the letters a text names that relation by, either way round ("父王机" names
# 王沈's father, "张雍之子" 张伯远's, "娶…之女为王妃" a prince's consort).
RELATIVES = {
    "父亲": "父子女", "母亲": "母子女", "儿子": "子父母", "女儿": "女父母",
    "妻子": "妻夫娶嫁配", "丈夫": "夫妻娶嫁配", "王妃": "妃娶嫁", "皇后": "后帝娶嫁", "夫人": "夫妻娶嫁",
    "哥哥": "兄哥弟姐妹", "弟弟": "弟兄哥姐妹", "姐姐": "姐姊兄弟妹", "妹妹": "妹兄弟姐姊",
}


# 生于 states a birth, not inside 发生于 or 产生于 (something happened or arose): one pattern for every reader of births.
_NOT_BORN = "发产派衍催"
BORN_IN = f"(?<![{_NOT_BORN}])生于"
HAPPENED_IN = f"[{_NOT_BORN}]生于"


# The steps of one thing's course, in order, each step's words: a date stated for one step is not another's (a law
# is passed, then published, then in force; a festival or a tournament starts, holds its final, gives its awards,
# closes; a bridge is started, joined through, closed, finished, opened; a person is born, dies, is buried).
ACT_COURSES: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("审议通过", "表决通过", "通过"), ("印发", "发布", "公布", "颁布", "出台"), ("施行", "实施", "生效")),
    (("开幕", "开赛", "启动", "开始"), ("决赛",), ("颁奖",), ("闭幕", "落幕", "收官")),
    (("开工", "动工", "开建"), ("贯通",), ("合龙",), ("竣工", "完工", "建成"), ("通车", "开通", "运营", "投入使用")),
    (("出生", "生于"), ("去世", "逝世", "病逝", "辞世"), ("葬礼", "安葬", "下葬", "追悼会", "告别仪式")),
)


# A financial report's short forms, and the words its text writes them with: 归母净利润 is the profit
# `归属于上市公司股东的`, 扣非 the one `扣除非经常性损益` (answers quote the report; questions use the short form).
SHORT_FORMS = {"归母": ("归属于母公司", "归属于上市公司股东", "归属于公司股东", "归属于本公司股东"),
               "扣非": ("扣除非经常性损益",)}


# An event's short name and its long one (女单 is 女子单打): jieba keeps the long one whole where it cuts 女|双.
EVENT_LONG_FORMS = {"女单": "女子单打", "男单": "男子单打", "女双": "女子双打", "男双": "男子双打", "混双": "混合双打"}
_EVENT_SHORT = re.compile("|".join(EVENT_LONG_FORMS))


def with_long_event_names(text: str) -> str:
    """`text` with each event's short name written as its long one (女双 -> 女子双打)."""
    return _EVENT_SHORT.sub(lambda m: EVENT_LONG_FORMS[m.group()], text)


def written_in(word: str, text: str) -> bool:
    """Is `word` in `text`, itself or in the long form its short form stands for (归母 as 归属于上市公司股东)?"""
    return word in text or any(long in text for long in SHORT_FORMS.get(word, ()))
