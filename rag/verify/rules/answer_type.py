from __future__ import annotations

import re
from collections.abc import Sequence

from rag.entities import PERSON_ENDINGS, lac_tagged, latin_names, names_in, person_nouns, without_latin_phrases
from rag.facts import NUMERALS, PAGE_DATE, counts_in, states_quantity, years_named
from rag.lexicon import search_words, tagged
from rag.question import CURRENCIES, name_slot
from rag.textmatch import normalize, strip_markers
from rag.types import Hit
from rag.verify.reading import QuestionReading
from rag.verify.rules.base import AnswerCheck, AnswerRule

# Deliberately broad: the rule removes answers with no expression of the kind asked at all, not vague ones.
_TIME = re.compile(r"[\d零〇一二两三四五六七八九十百千]+\s*(?:年|月|日|号|世纪|年代|时|点|分|秒|周|天|小时|个小时|个月)|"
                   r"[\d.]+\s*[万亿]+\s*(?:多|余)?年前|今年|去年|明年|前年|当年|"
                   r"同年|次年|年初|年底|年末|月初|月底|上旬|中旬|下旬|春|夏|秋|冬|期间|时期|时代|之前|之后|以前|以后|"
                   r"当天|当日|凌晨|早上|上午|中午|下午|晚上|傍晚|朝|季度|目前|现在|近期|最近|周末|节假日|假期|寒假|暑假|工作日")
# A number of years is a length of time, not a year: "28年的牢狱生涯", "30多年来" (a year has 4 digits or an era name:
# 公元前251年的 is a year).
_YEARS_LONG = re.compile(r"(?<![\d.])(?<!公元)(?<!元前)\d{1,3}\s*(?:多|余)?年(?:的|来|间|之久|以上|以来|多|余|左右)|"
                         r"[零〇一二两三四五六七八九十百]+(?:多|余)?年(?:的|来|间|之久|以上|以来|左右)")
# A day: 6月24日, 初五, 周一, a traditional date without 日 (农历三月十五, 腊月廿三), a holiday, or a relative day
# (当天, 次日).
_DAY = re.compile(r"[\d零〇一二两三四五六七八九十廿卅]+\s*[日号]|初[一二三四五六七八九十]|周[一二三四五六日天]|星期|礼拜|"
                  r"(?:[正腊冬]|[一二三四五六七八九十]{1,2})月(?:廿|卅)?[一二三四五六七八九十]|"
                  r"春节|元旦|除夕|元宵|清明|端午|七夕|中秋|重阳|国庆|圣诞|"
                  r"当天|当日|同日|次日|翌日|今天|昨天|明天|前一天|后一天|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
# A year: a number of it (2019年, 公元前251年, 明治4年, 元兴元年) or one named relative to now; not a decade (1940年代)
# nor a century (8世纪), which name no year.
_A_YEAR = re.compile(r"[\d零〇一二两三四五六七八九十百千元]+\s*年(?!代)|今年|去年|明年|前年|当年|同年|次年")
_AUTHORS = re.compile(r"[\s、，,]+")  # a byline's names: □樊自甫 万晓榆
# A birth or death: a date stated in such a clause is that life date ("1953年8月生于悉尼"), the answer to no question
# about another event of the life (就任, 毕业).
_LIFE_DATE = re.compile(r"(?:出生|诞生)(?!地)|生于|出世|降生|去世|逝世|病逝|离世|辞世|过世|卒于")  # 出生地 is a place
_CLAUSE = re.compile(r"[，,；;。！!？?]")
_RANK = re.compile(r"冠军|亚军|季军|殿军|第[\d一二三四五六七八九十百]+")
_ASKS_RANK = re.compile(r"第(?:几|多少)")
_NUMERAL = "[零〇一二两三四五六七八九十百千万亿]"
_AMOUNT = re.compile(r"\d[\d.,]*\s*(?:[万亿千百]|多|余)*|[零〇一二两三四五六七八九十百千万亿]{2,}(?:多|余)?")


def in_units(sentence: str, units: tuple[str, ...]) -> bool:
    """Does the sentence give an amount in one of `units`, or with its unit left implicit ("网民规模为10.51亿" for
    多少人)? False when every amount it gives is in another unit ("24.08万亿元" for 多少美元, "600万波兰人" for
    多少钱)."""
    text = normalize(strip_markers(sentence))
    if re.search(f"{_NUMERAL}(?:{'|'.join(map(re.escape, units))})", text):
        return True  # one numeral with its unit: "三人反对"
    for m in _AMOUNT.finditer(text):
        after = text[m.end():m.end() + 4]
        if re.match(r"\s*[-~～—–至到]\s*\d", after):
            continue  # a range's first number takes the unit after the range: 4-7英寸
        digits = re.match(r"\d[\d.,]*\s*", m.group())
        # a unit opening with a magnitude's character (千米, 千克, 百米): 153千米 is 153 in 千米, not 153千 in 米
        unit_after_digits = digits and text[m.start() + digits.end():].startswith(units)
        if after.startswith(units) or unit_after_digits or not after \
                or (not after[0].isalpha() and after[0] not in "%‰") or after[0] in "的是和及与或":
            return True
    return False


# A date gives no amount: "3月16日起运" answers no how-many.
_DATES = re.compile(r"(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|(?:19|20)\d{2}\s*年")


def without_question_numerals(sentence: str, question: str) -> str:
    """The sentence without the question's words that hold a Chinese numeral or 数/半 (伊丽莎白二世, 一带一路, 十四五,
    人数): restating them gives no amount."""
    for word in {w for w in search_words(question) if len(w) >= 2 and any(c in NUMERALS + "半数" for c in w)}:
        sentence = sentence.replace(word, " ")
    return sentence


# Numerals that count nothing: a list item's enumerator (一是…二是…, 其一) says which item, a rank (前十, 第3) which
# place, and words built on 一 (这一作品, 进一步, 统一, 唯一, 一些) are no amount. "一是会出现…风险" does not say how many risks
# there are.
_NO_AMOUNT = re.compile(r"(?:^|(?<=[，,。；;：:、\s]))(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十])|"
                        r"[前第][\d一二三四五六七八九十百]+|"  # a rank, 入围前十 or 第3, counts nothing
                        r"[这那每任该]一|进一步|统一|一直|一起|一样|一般|一定|一切|唯一|同一|一致|万一|一旦|一些|一方面|逐一|一同|一再")


def _amount_text(sentence: str, question: QuestionReading) -> str:
    """What of the sentence may state the amount asked: not the question's own numeral words, not its dates, not
    numerals that count nothing."""
    return _NO_AMOUNT.sub(" ", _DATES.sub(" ", without_question_numerals(strip_markers(sentence), question.text)))


def _without_question_years(text: str, question: QuestionReading) -> str:
    """The normalised sentence without the years the question names ("2022年度词汇公布日期是…" restates 2022年)."""
    for year in years_named(question.text):
        text = text.replace(f"{year}年", " ")
    return text


def of_type(sentence: str, question: QuestionReading, kind: str, cited: Sequence[Hit] = ()) -> bool:
    """Does the sentence state something of `kind`? A count asked in a measure
    word (几种) must be given in it ("7种", not the items), an amount asked in a unit (多少美元) in that unit; a name
    is one the sentence names or one the passages it cites name (read in their context, or their article's byline:
    □全定成) that the sentence repeats."""
    text = normalize(PAGE_DATE.sub(" ", strip_markers(sentence)))  # a snippet's page date is no answer
    if kind == "time":
        # the question's own year restated gives no time
        return bool(_timed_clauses(_without_question_years(text, question), question)) \
            and not life_dates_only(text, question, cited)
    if kind == "quantity":
        if _ASKS_RANK.search(question.text) and _RANK.search(text):
            return True  # a place asked (第几名, 第多少代) is answered by a place: 季军 is third
        own = _amount_text(sentence, question)
        return (states_quantity(own) and (not question.measure or counts_in(own, question.measure))
                and (not question.units or in_units(own, question.units)))
    if kind == "name":
        said = without_latin_phrases(strip_markers(sentence))  # a paper's English title names no author
        roles = _ASKS_ACTOR.search(question.text) and played_roles(cited)  # an actor asked: a role is no answer
        places = not _asks_someone(question.text)
        if any(n not in question.text and not (roles and n in roles)
               for n in names_in(said, places) + latin_names(said) + person_nouns(said)):
            return True
        if any(n and n in said and n not in question.text  # the passages read only when the sentence alone fails
               and not (roles and n in roles)
               for h in cited for n in names_in(h.chunk.text, places) + _AUTHORS.split(h.chunk.author)):
            return True
        filler = slot_filler(sentence, question.text, cited) or appositive_name(sentence, question.text, cited)
        return bool(filler) and not (roles and filler in roles)
    return True


# 谁 asks for a person or a body: a place alone names neither (`由美国主持签署`), but a country or a city stands for its
# team in a contest (`输给了谁`: 瑞典).
_CONTEST = re.compile(r"输给|负于|战胜|击败|打败|赢了|对阵|对手|交手|迎战|淘汰|冠军|亚军|季军|夺冠|获胜|胜出")


def _asks_someone(question: str) -> bool:
    """Does the question ask who (谁), outside a contest, so that a place is no answer?"""
    return "谁" in question and not _CONTEST.search(question)


# Words after which a passage writes the one asked for (均由瑞声提供, 据上游新闻, 是上月司所著); a filler that opens with a
# demonstrative or a numeral describes, it does not name (一位企业家, 该公司).
_SLOT_OPENERS = "由据被向给让是为"
_DESCRIBES = re.compile(r"[一这那该某此其本每各]")
_SLOT_REACH = 12  # characters: longer fillers are clauses, not names


def _shared_start(text: str, sentence: str) -> str:
    """The longest start of `text` that `sentence` also writes."""
    k = 0
    while k < len(text) and text[:k + 1] in sentence:
        k += 1
    return text[:k]


def slot_filler(sentence: str, question: str, cited: Sequence[Hit]) -> str:
    """What the sentence writes that a cited passage writes in the question's slot — right after the word the question
    puts before its question word (由, 据, 是: `由哪家公司提供` / `均由瑞声提供`) or right before the two characters it puts
    after it (`哪家公司提供` / `瑞声提供`) — or "". A name no tagger reads (瑞声, 上游新闻, 上月司) is still the one asked."""
    before, after = (normalize(part) for part in name_slot(question))
    anchors = [(before[-1], True)] if before and before[-1] in _SLOT_OPENERS else []
    anchors += [(after[:2], False)] if len(after) >= 2 else []
    said, asked = normalize(strip_markers(sentence)), normalize(question)
    for h in cited:
        text = normalize(h.chunk.text)
        for anchor, opens in anchors:
            for m in re.finditer(re.escape(anchor), text):
                if opens:
                    filler = _shared_start(text[m.end():m.end() + _SLOT_REACH], said)
                else:  # read backwards from the anchor
                    filler = _shared_start(text[max(0, m.start() - _SLOT_REACH):m.start()][::-1], said[::-1])[::-1]
                filler = filler.strip(" ，,。、：:")
                if _names_someone(filler, asked):
                    return filler
    return ""


def _names_someone(filler: str, asked: str) -> bool:
    """Can the words a passage writes in a name's place be the name asked: 2+ letters, no number, not the question's
    own words, not a description (一位…, 该公司)?"""
    return len(filler) >= 2 and filler not in asked and not re.search(r"\d", filler) and not _DESCRIBES.match(filler)


_NAME_TAGS = {"n", "nz", "nw", "PER", "ORG", "LOC"}


def appositive_name(sentence: str, question: str, cited: Sequence[Hit]) -> str:
    """What the sentence writes that a cited passage writes right after a noun for a person — Chinese introduces a
    person by role, then name (`日本漫画家峰屋和也的…`, a name no tagger reads) — when it reads as a noun, or ""."""
    said, asked = normalize(strip_markers(sentence)), normalize(question)
    for h in cited:
        text = normalize(h.chunk.text)
        # jieba's dictionary words as well as LAC's: LAC may glue the name's first letter to the role (漫画家峰|屋)
        roles = person_nouns(h.chunk.text) + [w for w, flag in tagged(h.chunk.text)
                                              if flag == "n" and len(w) >= 2 and w[-1] in PERSON_ENDINGS]
        for noun in dict.fromkeys(roles):
            for m in re.finditer(re.escape(normalize(noun)), text):
                filler = _shared_start(text[m.end():m.end() + _SLOT_REACH], said).strip(" ，,。、：:")
                if _names_someone(filler, asked) and lac_tagged(filler)[0][1] in _NAME_TAGS:
                    return filler
    return ""


# An actor asked for (高晓晨的扮演者, 由谁饰演); a name right after 扮演/饰演 (王同辉扮演的程浩) is the role played.
_ASKS_ACTOR = re.compile(r"扮演者|饰演者|谁(?:来)?(?:扮演|饰演)")
_PLAYED = re.compile(r"(?:扮演|饰演)[了的]?")


def played_roles(cited: Sequence[Hit]) -> set[str]:
    """The persons the cited passages name right after 扮演/饰演: roles, not actors."""
    return {n for h in cited for m in _PLAYED.finditer(h.chunk.text)
            for n in names_in(h.chunk.text[m.end():m.end() + 12])[:1] if h.chunk.text.startswith(n, m.end())}


def _timed_clauses(text: str, question: QuestionReading) -> list[str]:
    """The clauses of the normalised sentence that state a time of the kind asked (a day for 哪天)."""
    pattern = _DAY if question.day else _A_YEAR if question.year else _TIME
    return [c for c in _CLAUSE.split(_YEARS_LONG.sub(" ", text)) if pattern.search(c)]


def _with_time_clauses_joined(text: str) -> list[str]:
    """The text's clauses, one that holds nothing but a time ("当地时间9月8日，") joined to the clause it dates."""
    clauses, out = _CLAUSE.split(text), []
    for i, clause in enumerate(clauses):
        bare = re.sub(r"[\d\s.…]|当地时间|北京时间", "", _DAY.sub("", _TIME.sub("", clause)))
        out.append(clause + "，" + clauses[i + 1] if len(bare) <= 2 and i + 1 < len(clauses) else clause)
    return out


def life_dates_only(text: str, question: QuestionReading, cited: Sequence[Hit]) -> bool:
    """For a question on anything but a birth or death: does every time the sentence gives stand beside a birth or
    death, in the sentence itself or in every clause of the cited passages that states that date?"""
    times = _timed_clauses(text, question)
    if not times or _LIFE_DATE.search(question.text):
        return False
    if all(_LIFE_DATE.search(c) for c in times):
        return True
    dated = re.findall(r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?", text)
    days = {re.sub(r"^\d{4}年", "", d) for d in dated if "月" in d}  # the passage may leave the year unsaid
    sources = [c for h in cited for c in _with_time_clauses_joined(normalize(PAGE_DATE.sub(" ", h.chunk.text)))
               if any(d in c for d in dated) or any(d in c for d in days)]
    return bool(sources) and all(_LIFE_DATE.search(c) for c in sources)


class AnswerOfTypeAsked(AnswerRule):
    """The answer is of the kind the question word asks for: 何时 (or "…时间？", "…的年份", 哪个世纪, 什么年代) -> a time (周末 and 假期 are
    times too), 哪天 -> a day (a number of years, 28年的, is no year), 多少 (or a bare noun phrase ending in an amount's name:
    2022年高考报名人数, 女足世界杯总奖金, or in one given in a unit: 棉花总产值, money) -> an amount (in the unit or measure word asked; a
    rate or share (投票率, 降幅) as a fraction (89%, 5成); a price, fee, salary, revenue, output value, total sum (总额),
    damages or spending (研发支出) in money; 多长/多高/多重, or a measure by its name (体重, 占地面积, 身高: `89厘米` is no weight,
    `11号` no area), in a length, weight or area (a lifespan or a term, 寿命 or 任期, asked how
    long in a length of time: 4-7英寸 is a size; a range's first number takes the unit after the range); 多大年龄/几岁 in years
    of age, not a birth year; …人数 in people, not `31个省`, …人次 in people or times; a traditional date such as 农历三月十五
    is a day; 第几名 -> a place, 季军 as well as 第3), 谁
    (and which country, city, company, school or team) -> a name the question does not hold: a person, place,
    organisation or other proper noun as Baidu's LAC tagger reads the sentence or the cited passage (`rag/entities.py`),
    a Latin name, the article's byline (□全定成, which no tagger reads as a name), words a cited passage writes in the
    question's slot (`由哪家公司提供` / `均由瑞声提供`, `据上游新闻`: names no tagger reads), or a noun for the persons meant (阿兹特克祭司,
    not "一位企业家") — for 谁 not a place alone (`由美国主持签署`), unless a country or city stands for its team in a
    contest (`输给了谁`: 瑞典); the words of an English phrase or title (`Visually Grounded Reasoning across Languages and Cultures`)
    name no one. A place is no answer to when, a list of items or a date none to how many (nor is a numeral inside the
    question's own words, 伊丽莎白二世, 人数, an amount), a snippet's page date (`Nov 2, 2022 ...`) or the question's own year
    restated none to when, people none to how much money, a founding date none to who founded it, and a date the
    sentence or the passage gives only beside a birth or death (`1953年8月生于…`, `自2021年4月其丈夫去世后`) none to when another
    event happened: a true sentence that answers another question. (Where is not checked: a habitat or a direction is a
    right answer; nor 哪些人, often a class: 有功劳的官员.) A list item's enumerator (一是), a rank (入围前十, 第3), 这一 and the 数 of 人口数
    are no amount; 出生地 is a place, not a birth; 多少年薪 asks money, not years; a noun phrase ending in 日期 asks for a day,
    one ending in 年限/期限/时长 for a length of time (two dates do not give it; 约1小时 is a time), one ending in 金额 for money;
    第多少 asks a place, as 第几 does. A bare noun phrase ending in 年龄 asks years of age (a birth year is none); a clause
    that holds nothing but a time (`当地时间9月8日，`) dates the clause after it (`…去世`). A bare noun phrase ending in a role
    or an organisation (`高晓晨扮演者`, `劳荣枝案二审法院`, `…出品方`) asks who or which one: a name. An actor asked for (扮演者, 由谁饰演) is
    no name the cited passage gives as the one played (`王同辉扮演的程浩`: 程浩 is a role). 多大 after a time of life
    (`今年多大`, `当时多大了`) asks an age; a year of an era (`公元前251年的`) is a year, not a length of years. A question
    for a year (哪一年) is answered by a year: a decade or a century (`1940年代`, `8世纪`) names none."""
    id = "answer_type"

    def reason(self, check: AnswerCheck) -> str:
        kept, question, cited = check.kept, check.question, check.cited
        kind = question.answer_type
        if not kind or any(of_type(s, question, kind, cited) for s in kept):
            return ""
        if kind == "quantity" and (question.measure or question.units) \
                and any(states_quantity(_amount_text(s, question)) for s in kept):
            if question.measure:
                return f"问题问的是几{question.measure}，答案没有说出数目"
            # any currency: a sum of money; any unit of a dimension: that dimension
            unit = "钱" if question.units == CURRENCIES else _DIMENSION_NAMES.get(question.units[0], question.units[0])
            return f"问题问的数量以{unit}计，答案中的数目是别的单位"
        if kind == "time" and any(life_dates_only(normalize(strip_markers(s)), question, cited) for s in kept):
            return "问题问的不是出生或去世，答案中的时间在资料中是出生或去世的日期"
        if kind == "name" and _ASKS_ACTOR.search(question.text) and played_roles(cited):
            return "问题问的是演员，答案中的名字在资料中是所扮演的角色"
        if kind == "time" and (question.day or question.year) \
                and any(_TIME.search(normalize(strip_markers(s))) for s in kept):
            return "问题问的是哪一天，答案没有说出日期" if question.day else "问题问的是哪一年，答案没有说出年份"
        if kind == "name" and _asks_someone(question.text):
            return "问题问的是谁，答案中没有人名或机构名（地名不算）"
        return f"问题问的是{_NAMES[kind]}，答案中没有{_NAMES[kind]}"


_NAMES = {"time": "时间", "quantity": "数量", "name": "人名、地名或机构名"}
_DIMENSION_NAMES = {"米": "长度单位", "克": "重量单位", "平方米": "面积单位"}
