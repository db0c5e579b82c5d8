"""Key facts of a sentence, which a passage it cites must hold: numbers (digits, and Chinese numerals where
they cannot be words), month-day dates, quoted terms (“”《》「」), Latin words and person names; and where a
passage lacks them."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rag.entities import common_words, lac_tagged
from rag.lexicon import place_forms, search_words, tagged
from rag.textmatch import QUESTION_WORDS, normalize, strip_markers

_QUOTED = re.compile(r"“([^”]{1,40})”|\"([^\"]{1,40})\"|《([^》]{1,60})》|「([^」]{1,40})」|『([^』]{1,40})』")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+\-]*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# One whole number as written in digits, where it stands in a text (not a piece of 2022.5 or 12345).
# A full stop after a number ends it (a passage cut at "约3." still writes 3); a digit after the point is a decimal.
NUMBER_AT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?!\d|\.\d)")
# A number written in groups of three is one number, whichever comma groups it (47,932, 1,234,567, 292，923); not
# 0.94,2022 nor 约为0.94，2022年 (a clause comma between two numbers).
_THOUSANDS = re.compile(r"(?<![\d.,，])\d{1,3}(?:[,，]\d{3})+(?![\d,，])")


def ungrouped(text: str) -> str:
    """The text with its numbers written in groups of three written whole (292，923 -> 292923), so that a number
    read from one text is found where another writes it."""
    return _THOUSANDS.sub(lambda m: re.sub("[,，]", "", m.group(0)), text)


CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# Chinese numerals count as numbers only before a unit or as a multi-digit run ("一九六三年"), so
# words such as 统一/一些 are not mistaken for the number 1.
# An ordinal in Chinese numerals ("第二代", "第十一届") is a number too; not 第一, which passages as often write 首/头.
_CN_ORDINAL = re.compile(r"(?<=第)[零〇一二两三四五六七八九十百千]+")
# Read digit by digit only before 年 (一九六三年): a count is written with 十/百/千 (十一次), so 唯一一次 and 两三个 state
# no 11 or 23. Tenths (八成) count as 8% does; 成 starting a word (成员, 成功) or an idiom (一成不变) is no unit.
_CN_NUMBER = re.compile(r"(?<![零〇一二两三四五六七八九十])[百千]分之[零〇一二两三四五六七八九十百千]+|[零〇一二两三四五六七八九]{2,}(?=年)|"
                        r"(?=[零〇一二两三四五六七八九十百千]{2,})[零〇一二两三四五六七八九]*[十百千][零〇一二两三四五六七八九十百千]*"
                        r"(?=[年月日号岁%个名人次倍项家所])|[零〇一二两三四五六七八九十百千]+(?=[年岁倍%]|成(?!员|为|功|立|绩|果|本|都|熟|长|不变))|"
                        # a number standing alone, its unit left to the reader ("还未满三十，"): a run with 十/百/千
                        r"(?<![零〇一二两三四五六七八九十百千])(?=[零〇一二两三四五六七八九十百千]{2,}(?:[，。、；,;！？!?）)]|$))"
                        r"[零〇一二两三四五六七八九]?[十百千][零〇一二两三四五六七八九十百千]*")


# A fraction in Chinese numerals (三分之一, 十分之三) states its two numbers, as 1/3 does; 百分之 and 千分之 are a per cent
# and a per mille (百分之三十 states 30, not 100), read by _CN_NUMBER.
_CN_FRACTION = re.compile(r"(?<![零〇一二两三四五六七八九十百千])([一二两三四五六七八九十][零〇一二两三四五六七八九十百千]*)分之"
                          r"([零〇一二两三四五六七八九十百千]+)")


def _cn_to_int(s: str) -> int | None:
    if all(c in CN_DIGITS for c in s):  # digit by digit: 一九六三 -> 1963
        return int("".join(str(CN_DIGITS[c]) for c in s))
    total, digit = 0, 0
    for c in s:
        if c in CN_DIGITS:
            digit = CN_DIGITS[c]
        elif c in CN_UNITS:
            total += (digit or 1) * CN_UNITS[c]
            digit = 0
        else:
            return None
    return total + digit


def numbers_in(text: str) -> set[str]:
    """Numbers written in digits or (cheaply) in Chinese numerals, as canonical digit strings."""
    # 1,000 -> 1000 before NFKC, which turns the full-width clause comma into "," too: "约为0.94，2022年" is two
    # numbers, not 0.942022.
    norm = unicodedata.normalize("NFKC", ungrouped(text))
    found = {_canonical(m) for m in _NUMBER.findall(norm)}
    for m in _CN_NUMBER.findall(norm):
        value = _cn_to_int(m[3:] if m[1:3] == "分之" else m)
        if value is not None:
            found.add(str(value))
    for m in _CN_ORDINAL.findall(norm):
        value = _cn_to_int(m)
        if value is not None and value != 1:
            found.add(str(value))
    found |= {str(v) for pair in _CN_FRACTION.findall(norm) for v in map(_cn_to_int, pair) if v is not None}
    return found


# One numeral before a measure word or a unit ("三人共同组成", "默哀三分钟": things counted, time, length, weight,
# area), read where a passage states a count the sentence writes in digits (3人, 3分钟); not 一, as often "a" as one
# (一家公司), nor before 部 (三部曲), 周 (四周, "around") or 分 alone (十分, "very"). Only on the passage's side: a
# question's or an answer's "两位", "两个版面" is how it counts its own words, no fact to find.
_CN_COUNT = re.compile(r"(?<![零〇一二两三四五六七八九十百千第])[二两三四五六七八九十]"
                       r"(?=[人名位个次项家所件条种届场座架辆台枚艘间层本张首集章卷册篇份颗只局轮批期栋棵株天秒米吨亩]"
                       r"|分钟|小时|公里|千米|公尺|公分|厘米|毫米|公斤|千克|公顷)")


# A figure compared with a year ("比2021年增加92.1千公顷", "与2021年相比") is the next year's: a statistics report on 2022
# often never writes 2022.
_COMPARED_WITH_YEAR = re.compile(r"(?:比|较)\s*((?:19|20)\d{2})\s*年|与\s*((?:19|20)\d{2})\s*年(?:同期)?相比")


# A page date as written or as `normalize` leaves it ("dec12,2022").
_ANY_PAGE_DATE = re.compile(r"(?<![A-Za-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                            r"\s?\d{1,2},\s?(?:19|20)\d{2}(?!\d)", re.IGNORECASE)


def numbers_stated(text: str) -> set[str]:
    """The numbers a passage states: `numbers_in`, a single numeral before a measure word (三人 -> 3), and the year
    after one its figures are compared with (比2021年增加 -> 2022); not the month's day of a snippet's page date
    (`Dec 12, 2022 ...` gives no 12集), only its year."""
    text = _ANY_PAGE_DATE.sub(lambda m: m.group()[-4:], text)
    norm = unicodedata.normalize("NFKC", text)
    years = {str(int(a or b) + 1) for a, b in _COMPARED_WITH_YEAR.findall(norm)}
    return numbers_in(text) | {str(_cn_to_int(m)) for m in _CN_COUNT.findall(norm)} | years


def with_digits(text: str) -> str:
    """The text with the Chinese numerals that the number checks read written in digits ("第五年" -> "第5年",
    "二十年" -> "20年", "四个半小时" -> "4个半小时"), so that a number can be found where the text states it and what
    it counts there read (a 4 the key facts find in 四个半小时 counts hours, not 问题)."""
    text = _CN_NUMBER.sub(lambda m: m.group(0) if m.group(0)[1:3] == "分之" else _digits(m), text)
    return _CN_COUNT.sub(_digits, ordinals_in_digits(text))


def ordinals_in_digits(text: str) -> str:
    """The text with each place written in Chinese numerals in digits ("第六任" -> "第6任")."""
    return _CN_ORDINAL.sub(_digits, text)


def _digits(m: re.Match[str]) -> str:
    value = _cn_to_int(m.group(0))
    return m.group(0) if value is None else str(value)


@lru_cache(maxsize=64)
def read_numbers(text: str) -> str:
    """The text as the number checks read it: its Chinese numerals in digits, normalised, digits grouped in threes
    written whole (the same cited text is read by several rules)."""
    return ungrouped(normalize(with_digits(text)))


def number_value(written: str) -> str | None:
    """A number written in digits or Chinese numerals ("12", "十二", "一二") as a canonical digit string."""
    if re.fullmatch(r"\d+(?:\.\d+)?", unicodedata.normalize("NFKC", written)):
        return _canonical(unicodedata.normalize("NFKC", written))
    value = _cn_to_int(written)
    return None if value is None else str(value)


def _canonical(number: str) -> str:
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return number.lstrip("0") or "0"


def person_names(text: str) -> set[str]:
    """Person names, 2-4 characters, used as key facts: jieba's (nr) unless Baidu's LAC reads the same letters as a
    common word or a title (汉中王后 -> jieba's 王后, LAC's noun: no name; 《心居》 -> jieba's 心居) or the letters
    straddle two of LAC's words (分手费|为 -> jieba's 费为), and LAC's where jieba found none (佟大为, which jieba cuts
    into 佟 + 大为) unless jieba reads the same letters as a word of another kind (罗诉, a verb, in 罗诉韦德案)."""
    lac = lac_tagged(text)
    common = common_words(text) | {w for w, tag in lac if tag == "nw"}  # a work's title is no person either
    words = [w for w, _ in lac]
    # and not letters that straddle two of LAC's words (分手费|为 -> jieba's "费为")
    jieba = tagged(text)
    names = {w for w, flag in jieba if flag == "nr" and 2 <= len(w) <= 4 and w not in common
             and any(w in word for word in words)}
    # and a name LAC finds where jieba found none (佟大为: jieba's 佟 + 大为), not one holding jieba's (安倍国葬), nor
    # one jieba reads as a word of another kind (罗诉韦德案's 罗诉, a verb)
    other_kind = {w for w, flag in jieba if flag != "nr"}
    return names | {w for w, tag in lac if tag == "PER" and 2 <= len(w) <= 4 and all(map(is_cjk, w))
                    and not any(n in w for n in names) and w not in other_kind}


def place_names(text: str) -> set[str]:
    """Place names, 2+ Chinese characters, used as key facts: those jieba (ns) and Baidu's LAC (LOC) both read as a
    place — either alone takes institutions, teams and slogans for places (重庆社会科学院's 重庆, 辽宁本钢, 依法治国)."""
    lac = {w for w, tag in lac_tagged(text) if tag == "LOC"}
    return {w for w, flag in tagged(text) if flag == "ns" and w in lac and len(w) >= 2 and all(map(is_cjk, w))}


@dataclass
class KeyFacts:
    numbers: set[str] = field(default_factory=set)
    quoted: set[str] = field(default_factory=set)
    latin: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)  # month-day, "9月8日"
    places: set[str] = field(default_factory=set)
    full_dates: set[str] = field(default_factory=set)  # year and day, "1950年12月24日"


_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})[日号]?(?:(?:至|到|-|–|—|~)(\d{1,2})[日号])?")
_ISO_DATE = re.compile(r"\d{4}[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")


def dates_in(text: str) -> set[str]:
    """Month-day dates written in digits ("9月8日", "10月16日至22日", "2022-09-08"), as "9-8". English page
    dates ("Sep 9, 2022 ...", a search snippet's crawl date) are deliberately not read as the event's date.
    Canonical form "9月8日" (no leading zeros)."""
    norm = unicodedata.normalize("NFKC", text)
    out = set()
    for m in _MONTH_DAY.finditer(norm):
        if m.group(0).endswith(("日", "号")) or m.group(3):
            out.add(f"{int(m.group(1))}月{int(m.group(2))}日")
            if m.group(3):
                out.add(f"{int(m.group(1))}月{int(m.group(3))}日")
    out |= {f"{int(m.group(1))}月{int(m.group(2))}日" for m in _ISO_DATE.finditer(norm)}
    return out


_DAY_WITH_YEAR = re.compile(r"(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")


def _days(text: str) -> list[tuple[str | None, str]]:
    """(year or None, "M月D日") for every day written in `text`, with the year written right before it."""
    return [(m.group(1), f"{int(m.group(2))}月{int(m.group(3))}日")
            for m in _DAY_WITH_YEAR.finditer(unicodedata.normalize("NFKC", text))]


def full_dates_in(text: str) -> set[str]:
    """Dates written with their year ("1950年12月24日"), canonical "1950年12月24日"."""
    return {f"{year}年{day}" for year, day in _days(text) if year}


def full_date_stated(date: str, text: str) -> bool:
    """Whether `text` gives the day of `date` ("1951年12月24日") with that year or with none: a passage that gives
    12月24日 only as 1950年12月24日 does not state it for 1951."""
    (year, day), = _days(date)
    years = [y for y, d in _days(text) if d == day]
    return not years or any(y in (None, year) for y in years)


_FULL_OR_BARE_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日|(?<![\d月.])(\d{1,2})日")


def dates_stated(text: str) -> set[str]:
    """The dates a passage states: dates_in, plus a day written without its month after a full date, which news
    writes that way ("本周四（7月6日）……并于本周日（9日）离开" states 7月9日). Used on the passage side only: it makes
    a passage state more, never a sentence claim more."""
    norm = unicodedata.normalize("NFKC", text)
    out, month = dates_in(norm), 0
    for m in _FULL_OR_BARE_DAY.finditer(norm):
        if m.group(1):
            month = int(m.group(1))
        elif month and 1 <= int(m.group(3)) <= 31:
            out.add(f"{month}月{int(m.group(3))}日")
    return out


# A search snippet's page date ("Sep 16, 2022 ..."): when the page was crawled, not the date of any fact it holds.
PAGE_DATE = re.compile(r"\b[A-Z][a-z]{2} \d{1,2}, (?:19|20)\d{2}\b")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# A year a text is about; not one it compares with or counts from (比2021年, 与2021年相比, 自2020年, 2020年来,
# 2020年影院复工以来, 由2021年的15.8%提升至20.2%, 同2022年相比, 恢复至2019年同期的119%).
_YEAR_STATED = re.compile(r"(?<![\d比较与自从由同])((?:19|20)\d{2})(?=年(?!来|同期)|赛季|届)(?!年[^，,。；;！？]{0,12}以来)")


def years_named(text: str) -> set[str]:
    """Every year-like number the text writes (2022, 2022年, 2022赛季, 比2021年)."""
    return set(_YEAR.findall(unicodedata.normalize("NFKC", strip_markers(text))))


def years_stated(text: str) -> set[str]:
    """The years the text is about (2022年…), not those it compares with or counts from."""
    return set(_YEAR_STATED.findall(unicodedata.normalize("NFKC", strip_markers(text))))


def neighbour_years(years: frozenset[str] | set[str]) -> set[str]:
    """The years either side of each of `years`."""
    return {str(int(y) + d) for y in years for d in (-1, 1)}


def key_facts(sentence: str) -> KeyFacts:
    body = strip_markers(sentence)
    quoted = {next(g for g in m.groups() if g) for m in _QUOTED.finditer(body)}
    latin = {w.lower() for w in _LATIN.findall(unicodedata.normalize("NFKC", body)) if len(w) >= 2}
    untitled = re.sub(r"《[^》]*》", " ", body)  # a title's words are the title's (全宇宙 of 《瞬息全宇宙》 is no person)
    return KeyFacts(numbers=numbers_in(body), quoted={q.strip() for q in quoted if q.strip()},
                    latin=latin, names=person_names(untitled), dates=dates_in(body), places=place_names(untitled),
                    full_dates=full_dates_in(body))


def question_facts(question: str) -> KeyFacts:
    """The question's key facts, question words removed first: "哪一年" is not the number 1. A quoted term is read
    as written: a title may hold question words and punctuation (《哪吒之魔童降世》, 《虫，眼球系列》)."""
    if not question:
        return KeyFacts()
    facts = key_facts(QUESTION_WORDS.sub(" ", question))
    facts.quoted = key_facts(question).quoted
    return facts


_FACT_REASON = {"numbers": "数字 {} 不在引用段落中", "quoted": "引号内容“{}”不在引用段落中",
                "latin": "词语 {} 不在引用段落中", "names": "人名 {} 不在引用段落中",
                "dates": "日期 {} 不在引用段落中", "places": "地名 {} 不在引用段落中",
                "full_dates": "日期 {} 在引用段落中是另一年的"}


def _title_named(title: str, norm: str, text: str) -> bool:
    """Is the quoted term in the text (`norm`: normalised) other than as the start of a numbered sequel's title?
    《流浪地球2》 is another film than 《流浪地球》: a title ending in a Chinese letter is not named by the same letters
    followed by a number, read in the text with its quotation marks (“扩招”18.7% names 扩招)."""
    if title not in norm:
        return False
    plain = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not is_cjk(title[-1]) or title not in plain:
        return True  # a Latin name is written with its version apart (iPhone 14); a title written otherwise stands
    return re.search(re.escape(title) + r"(?!\d)", plain) is not None


def absent_facts(facts: KeyFacts, passage_text: str) -> list[tuple[str, str]]:
    """(kind, fact) for every key fact not found in the passage text, kind as in KeyFacts' fields."""
    norm = normalize(passage_text)
    nums = numbers_stated(passage_text) | numbers_stated(norm)
    out = [("numbers", n) for n in sorted(facts.numbers) if n not in nums]
    out += [("quoted", q) for q in sorted(facts.quoted) if not _title_named(normalize(q), norm, passage_text)]
    out += [("latin", w) for w in sorted(facts.latin) if w not in norm]
    out += [("names", n) for n in sorted(facts.names) if normalize(n) not in norm]
    # one of the sentence's places named is enough: a wider region the model puts around the passage's place
    # (美国 before 得克萨斯州休斯顿) is context, not a fact
    if not any(normalize(form) in norm for n in facts.places for form in place_forms(n)):
        out += [("places", n) for n in sorted(facts.places)]
    if facts.dates:
        dates = dates_stated(passage_text) | dates_stated(norm)
        out += [("dates", d) for d in sorted(facts.dates) if d not in dates]
    out += [("full_dates", d) for d in sorted(facts.full_dates) if not full_date_stated(d, passage_text)]
    return out


def missing_facts(facts: KeyFacts, passage_text: str) -> list[str]:
    """Reasons, one per key fact not found in the passage text (empty list = all facts present)."""
    return [_FACT_REASON[kind].format(fact) for kind, fact in absent_facts(facts, passage_text)]


def variant_found(term: str, text: str) -> bool:
    """Whether `text` writes the question's `term` (3+ characters) with one later character changed: a
    transliteration variant (毕加索/毕卡索) or a near-synonym (嫌疑犯/嫌疑人). The first character must
    agree, so a different surname or thing (王小明/李小明) is not taken for it, and a numeral is never a
    variant (第十管区 is not 第七管区)."""
    term, text = normalize(term), normalize(text)
    if term in text:
        return True
    if len(term) < 3:
        return False
    size = len(term)
    for at in (i for i, ch in enumerate(text) if ch == term[0]):
        window = text[at:at + size]
        changed = [(a, b) for a, b in zip(window, term) if a != b]
        if (len(window) == size and len(changed) == 1 and all(map(is_cjk, window))
                and not any(c in NUMERALS for c in changed[0])):
            return True
    return False


def abbreviation_found(term: str, text: str) -> bool:
    """Whether `text` writes the full form of an abbreviated `term`: for 3+ characters, its characters in order,
    from its first, within twice its length, with no numeral put in (中国男足 in 中国国家男子足球队; 第十管区 not in
    第十一管区); for 2, as the first letters of two words (法网 in 法国网球公开赛)."""
    term, text = normalize(term), normalize(text)
    if len(term) == 2 and all(map(is_cjk, term)):
        return _initials_found(term, text)
    if len(term) < 3:
        return False
    gap = f"[^{NUMERALS}\\d]{{0,{len(term)}}}?"  # no numeral put in: 第十一管区 is not 第十管区
    pattern = re.compile(gap.join(map(re.escape, term)))
    return any(len(m.group()) <= 2 * len(term) for m in pattern.finditer(text))


def _initials_found(term: str, text: str) -> bool:
    """Whether `text` writes a 2-letter `term` as the first letters of two words of a longer name, one or two words
    apart (法网 in 法国|网球|公开赛, 国考 in 国家|公务员|考试)."""
    words = [w for w, _ in tagged(text)]
    for i, word in enumerate(words):
        if len(word) >= 2 and word[0] == term[0]:
            if any(len(w) >= 2 and w[0] == term[1] for w in words[i + 1:i + 3]):
                return True
    return False


def short_form_found(term: str, text: str) -> bool:
    """Whether `text` writes `term` the way Chinese shortens a name of several words: the first letter of each
    (深圳大学 -> 深大, 北京大学 -> 北大), for a term of 2+ words of 2+ letters."""
    parts = {w for w in search_words(term) if w != term}  # jieba's words inside the name (深圳, 大学)
    words, at = [], 0
    while at < len(term):
        word = max((w for w in parts if term.startswith(w, at)), key=len, default="")
        if len(word) < 2 or not all(map(is_cjk, word)):
            return False
        words.append(word)
        at += len(word)
    return len(words) >= 2 and "".join(w[0] for w in words) in normalize(text)


# Every character a Chinese count may be written with (万/亿 too, unlike _CN_NUMBER's runs).
NUMERALS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "万亿"


def subtract(facts: KeyFacts, premise: KeyFacts) -> KeyFacts:
    return KeyFacts(numbers=facts.numbers - premise.numbers, quoted=facts.quoted - premise.quoted,
                    latin=facts.latin - premise.latin, names=facts.names - premise.names,
                    dates=facts.dates - premise.dates, places=facts.places - premise.places,
                    full_dates=facts.full_dates - premise.full_dates)


def is_cjk(ch: str) -> bool:
    """A Chinese character, of the basic block or of Extension A (the 䲟 of fishes' names)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def each_fact(facts: KeyFacts) -> list[KeyFacts]:
    return [KeyFacts(**{kind: {fact}}) for kind, fact in absent_facts(facts, "")]


def has_facts(facts: KeyFacts) -> bool:
    return bool(facts.numbers or facts.quoted or facts.latin or facts.names or facts.dates or facts.places
                or facts.full_dates)


_AMOUNT = re.compile(f"[\\d{NUMERALS}半]|数(?=[十百千万亿])")


def states_quantity(sentence: str) -> bool:
    """Does the sentence state some amount, in digits or Chinese numerals (数千, 半年 included; not the 数 of 人口数)?"""
    return bool(_AMOUNT.search(unicodedata.normalize("NFKC", strip_markers(sentence))))


def counts_in(sentence: str, measure: str) -> bool:
    """Does the sentence give a count in `measure` ("7种", "七种", "十余家", a source's spacing kept: "7 位")?"""
    text = unicodedata.normalize("NFKC", strip_markers(sentence))
    return bool(re.search(f"[\\d{NUMERALS}]+\\s*[余多]?\\s*{re.escape(measure)}", text))
