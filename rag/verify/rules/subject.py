from __future__ import annotations

import re

from rag.entities import lac_spans, lac_tagged
from rag.facts import NUMERALS, abbreviation_found, is_cjk, missing_facts, short_form_found, variant_found
from rag.lexicon import tagged
from rag.textmatch import normalize, strip_markers
from rag.verify.passages import article_text, names_topic_implicitly
from rag.verify.rules.base import SentenceCheck, SentenceRule


# What may precede a sentence's subject: a time, an ordinal or list mark, punctuation.
_LEADING = re.compile(r"^[\s\d年月日（）()、，,.：:\-—]+|^(?:其中|此外|另外|同时)[，,]?")


class QuestionSubject(SentenceRule):
    """The cited article names what the question is about (the noun it opens with, after any time it opens with; a
    one-character variant of it; the full form it abbreviates, 中国国家男子足球队 for 中国男足, 法国网球公开赛 for 法网; or its short
    form, 深大 for 深圳大学): an answer about another thing of the same kind (钩盲蛇's range for 松鸦's, 沪深两市's turnover for
    港股's) is not an answer. A passage that repeats the question at length (7+ letters in a row) is about its subject
    even unnamed (a 国考 post described word for word), and so is one that names a person the question names apart
    from its subject (拉莫斯 in a chunk on the shooting `乌瓦尔迪枪击案枪手拉莫斯…` asks about, which never says 乌瓦尔迪). And a
    passage sentence that opens with a sibling of the subject — another name of 3+ letters ending as it does — and
    never names it states the sibling's fact: "色林错位于…，湖水面积2391平方公里" gives no area of 格仁错, though the article lists
    格仁错 among the lakes around it. 本联盟 (该站, 此线) opening a sentence is the article's own subject, no sibling; a place
    with a one-letter noun after it (北海道狼, 华南虎) names a kind, the subject. A subject ending in its kind (威克水槽公园) is
    named by its name where the article calls it that kind apart. A brand before a Latin model name (小米MIX 4, which
    the passage may write Xiaomi MIX 4) is no subject: the model's name is checked as a condition; a name whose
    first letter jieba cut off (麦 + 银汉鱼) is read whole, so a passage on 凡氏下银汉鱼 is not about it. The 7-letter run
    must say something of the topic — hold a verb or a name as LAC reads it (生效, 鼓励…投保, 韩国): a statistic's name
    alone (`单集收视率最高`) is said of any drama. And the answer itself does not put another noun where the question has
    its subject (`川纹笛鲷的俗名是…` for 白䲟的俗名). A fact and what it is said of come from one article: an answer citing
    the subject's page beside another article that holds its fact and never names the subject (a singer's page and
    another band's third album) joins two things."""
    id = "subject"

    def reason(self, check: SentenceCheck) -> str:
        swapped = _swapped_subject(check.sentence, check.question.text)
        if swapped:
            return swapped
        subject = check.question.subject
        if subject and not _names_subject(check.question.text, subject, check.article):
            return f"引用的文章没有提到问题所问的“{subject}”"
        if subject and check.own_facts:
            others = [_sibling_opening(s, subject) for s in check.source_sentences]
            if others and all(others):
                return f"引用段落中这一事实说的是{others[0]}，不是问题问的“{subject}”"
            # a fact and what it is said of come from one article: not the subject from one cited article and the
            # fact from another that never names it (王若琳's page and another band's third album)
            holding = [n for n in check.cited if any(not missing_facts(f, check.passage(n)) for f in check.own_facts)]
            if holding and not any(_names_subject(check.question.text, subject, article_text([n], check.hits))
                                   for n in holding):
                return f"答案中的事实出自另一篇没有提到“{subject}”的文章"
        return ""


def _names_subject(question: str, subject: str, article: str) -> bool:
    """Does the article name the question's subject — as written, a one-letter variant, the full form or a short form,
    by its name apart from its kind, by repeating the question at length, or by a person the question names?"""
    return (variant_found(subject, article) or abbreviation_found(subject, article)
            or short_form_found(subject, article) or _named_with_its_kind(subject, article)
            or names_topic_implicitly(question, subject, article) or _names_asked_person(question, subject, article))


_NOUN_TAGS = {"n", "nz", "nw", "an", "LOC", "PER", "ORG"}


def _swapped_subject(sentence: str, question: str) -> str:
    """Why a sentence that restates the question's words after its opening noun (`的俗名` of `白䲟的俗名是什么`) puts
    another noun in its place (`川纹笛鲷的俗名是…`): it answers about that other thing. "" otherwise."""
    q = normalize(question)
    at = q.find("的")
    subject, frame = _LEADING.sub("", q[:at]), q[at:at + 3]
    if at < 2 or len(frame) < 3 or not all(map(is_cjk, frame[1:])) or not _all_nouns(subject):
        return ""
    said = normalize(strip_markers(sentence))
    where = said.find(frame)
    other = _LEADING.sub("", said[:where]) if where > 0 else ""
    if not other or subject in other or other in subject or variant_found(subject, other) \
            or not all(map(is_cjk, other)) or not _all_nouns(other):
        return ""
    return f"句子说的是{other}，不是问题问的“{subject}”"


def _all_nouns(text: str) -> bool:
    return bool(text) and all(tag in _NOUN_TAGS for _, tag in lac_tagged(text))


_BACK_REFERENCE = "本该此"  # 本联盟, 该站, 此线 speak of what the article is about


def _sibling_opening(sentence: str, subject: str) -> str:
    """The name a passage sentence opens with when it is a sibling of the question's subject — another thing of its
    kind, ending in the same character (色林错 for 格仁错) — and the sentence never names the subject:
    "色林错位于…，湖水面积2391平方公里" states 色林错's area, not 格仁错's. 本联盟 (该站, 此线) is the article's own."""
    if len(subject) < 3 or variant_found(subject, sentence):
        return ""
    opening = _LEADING.sub("", sentence)
    end = opening.find(subject[-1], 1, len(subject) + 3)
    name = opening[:end + 1] if end > 0 else ""
    if name[:1] in _BACK_REFERENCE:
        return ""  # 本联盟, 该站: the article's own subject spoken of again
    return name if len(name) >= 3 and all(map(is_cjk, name)) and name != subject else ""


def _named_with_its_kind(subject: str, article: str) -> bool:
    """Does the article name a subject that ends in its kind (威克水槽公园) by its name (3+ letters, no numeral) and call
    it that kind apart (`威克水槽…是…一处公园`)?"""
    words = tagged(subject)
    if len(words) < 2 or words[-1][1] != "n" or len(words[-1][0]) < 2:
        return False
    kind = words[-1][0]
    name = subject[:-len(kind)]
    return (len(name) >= 3 and all(map(is_cjk, name)) and not any(c in NUMERALS for c in name)
            and name in article and kind in article)


def _names_asked_person(question: str, subject: str, article: str) -> bool:
    """Does the article name a person the question names apart from its subject (拉莫斯 of `乌瓦尔迪枪击案枪手拉莫斯…`;
    not 百合子 of 白鸟百合子, the rest of the subject's own name)? Then it is about what the question asks, where
    it leaves the subject unsaid."""
    start = question.find(subject)
    if start < 0:
        return False
    end = start + len(subject)
    return any(variant_found(word, article) for at, stop, word, tag in lac_spans(question)
               if tag == "PER" and len(word) >= 2 and (at > end or stop < start))
