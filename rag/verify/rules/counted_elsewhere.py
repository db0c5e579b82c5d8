from __future__ import annotations

import re

from rag.facts import NUMBER_AT, is_cjk, number_value, numbers_in, read_numbers, ungrouped
from rag.question import LENGTHS, WEIGHTS, ordinals
from rag.sentences import CLAUSE_MARKS, SENTENCE_END
from rag.textmatch import bigrams, content, normalize, strip_markers
from rag.verify.reading import QuestionReading
from rag.verify.rules.base import SentenceCheck, SentenceRule

_DATE_UNITS = "年月日号时点分秒"


def _read_sentence(sentence: str) -> str:
    """The sentence as the number checks read it: its numbers read as the passage's are (292,923 whole)."""
    return ungrouped(normalize(strip_markers(sentence)))


# What an age, a date or a length of time is counted in (not 分, which scores points as well as minutes).
_TIME_UNITS = set("岁年月日号天时秒周")


def counted_elsewhere(sentence: str, question: str, passage: str) -> list[str]:
    """The sentence's numbers (those not in the question) that the passage uses for something else: the words
    right after the number ("11家规模以上工业企业") share no character bigram with the words around it, within its
    own clause or list item, anywhere in the passage ("组织了11家银行"; "达成合作意向15项" does match "15项合作意向";
    "500余桶消毒液、100余万个口罩" does not make 500 a count of 口罩); a number the passage only uses in dates
    (11月6日) counts nothing. Dates in the sentence, model numbers (iPhone 13) and numbers the passage writes
    otherwise are not judged."""
    sent, text = _read_sentence(sentence), read_numbers(passage)
    asked = numbers_in(question) if question else set()
    stated = _scores_in(text)
    # a score (4比2) the passage states is one fact, matched whole: its 2 counts nothing by itself
    scores = [s.span() for s in _SCORE.finditer(sent) if _score(s) in stated]
    out = []
    for m in NUMBER_AT.finditer(sent):
        number = m.group()
        if any(start <= m.start() < end for start, end in scores):
            continue
        if _SHARE.match(sent, m.end()):
            if number not in asked and not _stated_as_share(text, number):
                out.append(f"数字 {number} 在引用段落中不是百分比")  # "50个州" gives no "投票率50%"
            continue
        found = [p for p in NUMBER_AT.finditer(text) if p.group() == number]  # where the passage gives it
        dimension = _dimension(sent, m)
        given = {_dimension(text, p) for p in found}
        if number not in asked and dimension and given and "" not in given and dimension not in given:
            out.append(f"数字 {number} 在引用段落中是{'、'.join(sorted(given))}，不是{dimension}")  # "24岁" gives no "24年"
            continue
        after = content(_clause_after(sent, m.end(), 10))[:6]
        if (number in asked or number.lstrip("0") in asked or not after or after[0] in _DATE_UNITS  # 2007/08
                or not is_cjk(after[0])
                or (m.start() and sent[m.start() - 1].isascii() and sent[m.start() - 1].isalpha())):
            continue
        if found and all(_in_date(text, p) for p in found):
            out.append(f"数字 {number} 在引用段落中是日期的一部分")  # "11月6日" gives no "11条"
            continue
        measures, own = _measures_after(text, number), _MEASURE_AFTER.match(sent, m.end())
        if measures and measures <= _TIME_UNITS and own and own.group(1) not in _TIME_UNITS:
            out.append(f"数字 {number} 在引用段落中是年龄或时间")  # "现年46岁" gives no "获得46票"
            continue
        ordinal = sent[max(0, m.start() - 1):m.start()] == "第" or f"第{number}" in text  # 第3届 is 第3次
        if own and not ordinal and _counts_installments_apart(own.group(1), measures) \
                and not _same_noun_counted(sent[own.end():], text, number):
            out.append(f"数字 {number} 在引用段落中数的是{'、'.join(sorted(measures))}，不是{own.group(1)}")
            continue
        if len(after) < 3 or _same_measurement(sent, m.end(), text, number):
            continue
        wanted = bigrams(after)
        windows = _windows(text, number)
        if windows and not any(wanted & bigrams(w) for w in windows):
            out.append(f"数字 {number} 在引用段落中说的是别的")
    return out


# A share is a fraction of something: a number the passage writes only as a count or a measure is no share of it.
_SHARE = re.compile(r"\s*(?:%|‰|个百分点)")


def _stated_as_share(text: str, number: str) -> bool:
    """Does the passage write `number` as a share (50%, 百分之50) anywhere, or nowhere at all (then key_facts judges
    it)?"""
    found = [p for p in NUMBER_AT.finditer(text) if p.group() == number]
    return not found or any(_SHARE.match(text, p.end()) or text[:p.start()].endswith("百分之") for p in found)


# A length or a weight measures: what follows it is no noun it counts (男子500米金牌, 73公斤级冠军).
_MEASUREMENT = re.compile(r"\s*(" + "|".join(sorted(LENGTHS + WEIGHTS, key=len, reverse=True)) + ")")


def _same_measurement(sentence: str, end: int, text: str, number: str) -> bool:
    """Does the sentence give `number` (ending at `end`) in a length or weight unit that the passage writes it in
    wherever it writes it? Then both state the same measurement (`速度滑冰男子500米金牌` and `男子500米决赛`), whatever
    words follow the unit."""
    unit = _MEASUREMENT.match(sentence, end)
    found = [p for p in NUMBER_AT.finditer(text) if p.group() == number]
    return bool(unit and found) and all((u := _MEASUREMENT.match(text, p.end())) and u.group(1) == unit.group(1)
                                        for p in found)


_SCORE = re.compile(r"(\d+)\s*(?:比|:|-|–)\s*(\d+)")


def _score(m: re.Match[str]) -> tuple[str, str]:
    return m.group(1), m.group(2)


# Measure words of things counted, and among them those of installments and occurrences: an episode (集), an issue
# (期), an edition (届), a time (次), a match (场) or a round (轮) is never counted in another measure word, save its
# synonym (次/回, 集/话). "39个" roles are no "39集", "召回17次" recalls are no "17个品牌".
_COUNT_MEASURES = set("个种家名位项次件条所座支类批届集话期章卷轮块瓶桶箱袋只头张本部辆架台艘枚颗篇首场人回")
_INSTALLMENTS = ({"集", "话"}, {"期"}, {"届"}, {"次", "回"}, {"场"}, {"轮"})


def _counts_installments_apart(own: str, measures: set[str]) -> bool:
    """Does the sentence count a number in one measure word and the passage only in others, where either side counts
    installments or occurrences (集, 次, 届…) the other does not?"""
    if own not in _COUNT_MEASURES or not measures or not measures <= _COUNT_MEASURES or own in measures:
        return False
    for group in _INSTALLMENTS:
        if (own in group) != bool(measures & group):
            return True
    return False


def _same_noun_counted(after: str, text: str, number: str) -> bool:
    """Does the passage count with `number` the noun the sentence names right after its measure word (`60场平行论坛`
    for `60个平行论坛`)? Then the measure words differ, not what is counted."""
    noun = content(after)[:2]
    return len(noun) == 2 and any(
        content(text[m.end():m.end() + 8]).startswith(noun)
        for p in NUMBER_AT.finditer(text) if p.group() == number and (m := _MEASURE_AFTER.match(text, p.end())))


def _scores_in(text: str) -> set[tuple[str, str]]:
    return {_score(m) for m in _SCORE.finditer(text)}


def counts_other_thing(sentence: str, question: QuestionReading, passage: str) -> str:
    """The thing a how-many question counts ("多少瓶洗手液" -> 洗手液) when none of the sentence's numbers counts it
    in the passage (its 500 is "500余桶消毒液"), else "". A measure word that is the thing's head counts it ("807球"
    counts 进球). Numbers the question holds, dates and numbers the passage does not hold are not judged."""
    thing = content(question.counted)
    if not thing:
        return ""
    sent, text = _read_sentence(sentence), read_numbers(passage)
    asked = numbers_in(question.text)
    judged = False
    for m in NUMBER_AT.finditer(sent):
        number, after = m.group(), sent[m.end():m.end() + 1]
        windows = _windows(text, number)
        if number in asked or (after and after in _DATE_UNITS) or not windows:
            continue
        if any(thing in w for w in windows) or thing[-1] in _measures_after(text, number) \
                or _short_form_counted(text, number, thing) \
                or any(_respectively_of(thing, before) for before in _sentences_before(text, number)):
            return ""
        judged = True
    return thing if judged else ""


# What ends a counted word: a list's or clause's mark, or the conjunction before its last item.
_WORD_END = re.compile(rf"[{re.escape(CLAUSE_MARKS)}、和与及]")


def _short_form_counted(text: str, number: str, thing: str) -> bool:
    """Does the passage count with `number` the thing by its first character alone, a word by itself
    (`31个省、自治区…` counts 省份, `5国` 国家)?"""
    for p in NUMBER_AT.finditer(text):
        measure = _MEASURE_AFTER.match(text, p.end())
        if p.group() != number or not measure:
            continue
        at = measure.start(1) if measure.group(1) == thing[0] else measure.end()
        if text[at:at + 1] == thing[0] and (at + 1 == len(text) or _WORD_END.match(text, at + 1)):
            return True
    return False


def _sentences_before(text: str, number: str) -> list[str]:
    """For each place the text gives `number`, its sentence up to it (60 characters at most)."""
    return [_sentence_before(text, p.start(), 60) for p in NUMBER_AT.finditer(text) if p.group() == number]


def _respectively_of(thing: str, before: str) -> bool:
    """Does the text before a number name `thing` and then open a respectively list (分别为…) the number is in? Such a
    list names what it counts once, before its first value: "人均观影数量分别为1.22部、…和1.16部"."""
    at = before.find(thing)
    return at >= 0 and "分别" in before[at:]


# A number with the order of magnitude written after it (100余万 is 100万 and more): 2亿 is not 2.
_MAGNITUDES = "万亿|千万|百万|亿|万"  # longest first
_MAGNITUDE_AT = re.compile(rf"({NUMBER_AT.pattern})\s*(?:余|多)?({_MAGNITUDES})?")

# What a number measures, read from its unit: an age, a sum of money, a length, a weight and a length of time are five
# things, and a number the passage gives as one of them is none of the others (`24岁` is no prison term of `24年`,
# `$16.9` no `16.9小时`, a depth of `30公尺` no lifespan of `30年`). A year, a month or a day of a date is no length of time (2022年, 9月 are not judged).
_AGE_AFTER = re.compile(r"\s*(?:周|虚)?岁")
_MONEY_AFTER = re.compile(rf"\s*(?:余|多)?(?:{_MAGNITUDES})?\s*(?:元|美元|港元|港币|欧元|英镑|日元|美金|人民币|块钱)")
_TIME_AFTER = re.compile(r"\s*(?:余|多)?个?\s*(?:小时|分钟|秒钟?|天|周|星期|个月|年(?!级|代)|世纪)")
_CURRENCY_BEFORE = ("$", "¥", "€", "£")


def _unit_after(units: tuple[str, ...]) -> re.Pattern[str]:
    """A number's unit right after it, longest unit first (公斤 before 斤); 米 is no length in 米饭."""
    alternatives = "|".join(re.escape(u) + ("(?!饭)" if u == "米" else "") for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"\s*(?:余|多)?(?:{_MAGNITUDES})?\s*(?:{alternatives})")


_LENGTH_AFTER = _unit_after(LENGTHS)
_WEIGHT_AFTER = _unit_after(WEIGHTS)


def _dimension(text: str, number: re.Match[str]) -> str:
    """年龄, 金额, 长度, 重量 or 时长 for the number in `text` by its unit, or "" (another unit, none, or a date)."""
    if _AGE_AFTER.match(text, number.end()):
        return "年龄"
    if text[:number.start()].endswith(_CURRENCY_BEFORE) or _MONEY_AFTER.match(text, number.end()):
        return "金额"
    if _LENGTH_AFTER.match(text, number.end()):
        return "长度"
    if _WEIGHT_AFTER.match(text, number.end()):
        return "重量"
    unit = _TIME_AFTER.match(text, number.end())
    if not unit or (unit.group().endswith("年") and len(number.group()) == 4) or _in_date(text, number):
        return ""
    return "时长"



def unsaid_numbers(sentence: str, question: str, passages: list[str]) -> list[str]:
    """The sentence's numbers (not the question's, not dates) that every cited passage holding them gives only as its
    opening words, with no more than a unit after them in their clause: a passage cut mid-sentence ("39亿元，并在2021年
    达到78.43亿元的档期票房最高记录") does not say what its first figure is of."""
    sent = _read_sentence(sentence)
    asked = numbers_in(question) if question else set()
    texts = [read_numbers(p) for p in passages]
    out = []
    for m in NUMBER_AT.finditer(sent):
        number = m.group()
        if number in asked or sent[m.end():m.end() + 1] in tuple(_DATE_UNITS):  # a tuple: "" is in any str
            continue
        found = [(t, p) for t in texts for p in NUMBER_AT.finditer(t) if p.group() == number]
        if found and all(not content(t[:p.start()]) and len(content(_clause_after(t, p.end(), 10))) <= 2
                         for t, p in found):
            out.append(f"数字 {number} 在引用段落的开头，段落没有说它是什么的数字")
    return out


def magnitude_elsewhere(sentence: str, question: str, passage: str) -> list[str]:
    """The sentence's numbers that the passage writes only at another order of magnitude: its 2 is "2亿欧元", so
    "签约2年" states a number the passage never gives (and "1.2万" is no "1.2万亿"). Numbers in the question and
    numbers the passage does not hold are not judged here."""
    sent, text = _read_sentence(sentence), read_numbers(passage)
    asked = {number_value(m.group(1)) for m in _MAGNITUDE_AT.finditer(normalize(question))} if question else set()
    out = []
    for m in _MAGNITUDE_AT.finditer(sent):
        number, magnitude = number_value(m.group(1)), m.group(2) or ""  # 3.00 is 3
        given = {p.group(2) or "" for p in _MAGNITUDE_AT.finditer(text) if number_value(p.group(1)) == number}
        if number not in asked and given and magnitude not in given:
            written = "、".join(number + g for g in sorted(given))
            out.append(f"数字 {number}{magnitude} 在引用段落中是{written}")
    return out


def ranks_elsewhere(sentence: str, question: str, passage: str) -> list[str]:
    """For a question asking which place (第几), the sentence's places the passage does not give as places: its
    10 is "前10" (the top ten), not 第10."""
    if "第几" not in question:
        return []
    sent, text = _read_sentence(sentence), read_numbers(passage)
    stated = ordinals(text)
    return [f"数字 {n} 在引用段落中不是名次" for n in sorted(ordinals(sent) - ordinals(question) - stated)
            if n in numbers_in(text)]


def _measures_after(text: str, number: str) -> set[str]:
    """The character each occurrence of `number` in the text is counted in, past 余/多 and 万/亿 ("807球" -> 球)."""
    return {m.group(1) for p in NUMBER_AT.finditer(text) if p.group() == number
            and (m := _MEASURE_AFTER.match(text, p.end()))}


_MEASURE_AFTER = re.compile(rf"\s*(?:余|多)?(?:{_MAGNITUDES})?\s*(?!日元)(\w)")  # 日元 is money, not a day


def _windows(text: str, number: str) -> list[str]:
    """What each occurrence of `number` in the text is said of: its clause or list item around it; for a number
    that ends its clause with no more than a measure word ("共收到论文1381篇，其中主会接收829篇"), what its
    sentence spoke of before it and what the text goes on to say next ("64条。此条赋予总督…")."""
    out = []
    for p in NUMBER_AT.finditer(text):
        if p.group() != number:
            continue
        after = content(_clause_after(text, p.end(), 24))[:20]
        if len(after) <= 1:  # what the next sentence goes on to say of it ("64条。此条赋予…") speaks of it too
            after = content(text[p.end():p.end() + 24])[:16]
            before = _sentence_before(text, p.start(), 40)
        else:
            before = _clause_before(text, p.start(), 20)
        out.append(content(before)[-16:] + after)
    return out


def _in_date(text: str, number: re.Match[str]) -> bool:
    """Is this number a year (2023年), a month (11月) or a day after its month (11月6日)?"""
    after, before = text[number.end():number.end() + 1], text[max(0, number.start() - 1):number.start()]
    return (after == "月" or (after == "年" and len(number.group()) == 4)
            or (after in ("日", "号") and before == "月"))


# Where a number's clause or list item ends: what lies beyond counts something else.
_CLAUSE_END = re.compile(f"[{re.escape(CLAUSE_MARKS)}]")


def _clause_after(text: str, end: int, width: int) -> str:
    window = text[end:end + width]
    stop = _CLAUSE_END.search(window)
    return window[:stop.start()] if stop else window




def _sentence_before(text: str, start: int, width: int) -> str:
    window = text[max(0, start - width):start]
    cut = max((m.end() for m in SENTENCE_END.finditer(window)), default=0)
    return window[cut:]


def _clause_before(text: str, start: int, width: int) -> str:
    window = text[max(0, start - width):start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
    return window[cut:]


class NumberCountsTheSame(SentenceRule):
    """A number counts the same thing in the sentence as in the passage: "西彭园区共有11家规模以上工业企业" is not supported by a
    passage whose 11 is "11家银行", nor "共有11条" by one whose only 11 is a date (11月6日). And what a how-many question counts
    is what the answer's number counts in the passage: "500余桶消毒液" gives no count of 洗手液, and "31个省、自治区" counts 省份
    (a thing counted by its first character alone) (read past an abbreviation and a
    verb before the noun: 多少枚奥运速滑银牌 counts 银牌, so 6枚…金牌 is no answer; the phrase's head: 多少次奥斯卡提名 counts 提名). A place
    asked for (第几) is a place the passage gives: "进入前10" ranks nothing 第10. And a number is the same number only at the
    same order of magnitude: the passage's "2亿欧元" gives no "签约2年". The passage's numbers are read in digits and in
    Chinese numerals alike: "第五年" counts no 5家, "四个半小时" no 4个问题; and an age or a length of time counts nothing else: "现年46岁" gives no
    "46票". A search-box phrase ending in a count's name (`OTA召回涉及汽车品牌数量`, `荷兰队速滑银牌数`) counts the noun before it, a
    compound by its head. Installments and occurrences (集, 期, 届, 次, 场, 轮) are counted in their own measure word: the
    passage's `39 个` roles give no `39集` (but `60场平行论坛` gives `60个平行论坛`: the same noun counted). A figure that opens a
    passage cut mid-sentence, with no more than its unit after it (`39亿元，并在2021年…`), is said of nothing the passage
    shows; a number ending its sentence counts what the next sentence says of it (`64条。此条赋予…`). A respectively list
    names what it counts once, before its first value (`人均观影数量分别为1.22部、…和1.16部`). A length or a weight measures and
    counts nothing: written in the same unit wherever the passage writes the number, it is the same measurement whatever
    follows the unit (`男子500米金牌` from `男子500米决赛`). A share is a fraction of something, stated only as a share:
    a number the passage writes but never in per cent (50%, 百分之五十) is no share (`50个州` gives no `投票率50%`). An age,
    a sum of money, a length, a weight and a length of time are five things: the passage's `24歲` gives no prison term of
    `24年`, its `$16.9` no `16.9小时`, its depth of `3至30公尺` no lifespan of `3至30年`. A full stop after a number ends it: a passage cut at `约3.` writes 3, not `3.00亿`."""
    id = "counted_elsewhere"
    needs_question = False

    def reason(self, check: SentenceCheck) -> str:
        reasons = counted_elsewhere(check.sentence, check.question.text, check.cited_text)
        reasons += ranks_elsewhere(check.sentence, check.question.text, check.cited_text)
        reasons += magnitude_elsewhere(check.sentence, check.question.text, check.cited_text)
        reasons += unsaid_numbers(check.sentence, check.question.text, [check.passage(n) for n in check.cited])
        thing = counts_other_thing(check.sentence, check.question, check.cited_text)
        if thing:
            reasons.append(f"问题数的是{thing}，答案的数字在引用段落中数的是别的")
        return "；".join(reasons)
