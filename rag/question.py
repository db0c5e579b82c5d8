"""What a question asks, read from its words: its question word, the noun it opens with, the attribute
asked about, the verb before the question word, and the periods and places that scope the answer."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rag.entities import common_words, lac_spans, lac_tagged
from rag.facts import CN_DIGITS, CN_UNITS, NUMERALS, is_cjk, number_value
from rag.lexicon import RELATIVES, place_forms, tagged
from rag.sentences import CLAUSE_MARKS
from rag.textmatch import QUESTION_WORDS, bigrams, content, outside_quotes

# Nouns that name the kind of answer wanted ("发售时间", "哪个城市", "新手机"), not something the passage
# must say in those words.
_ANSWER_KINDS = ("时间", "日期", "年份", "时候", "次数", "期限", "年限", "时长", "幅度", "金额", "地点", "地方", "城市",
                 "国家", "地区", "原因", "类型", "种类", "类别", "名字", "名称", "姓名", "数量", "人数", "人次", "成绩", "内容",
                 "公司", "平台", "项目", "结果", "情况", "方式", "身份", "角色",
                 "职位", "价格", "路线", "电影", "手机", "产品", "作品", "人物", "事情", "东西", "作者",
                 "文章", "文中", "本文", "报道", "版面", "特点", "特征", "性格", "定义", "含义", "意义", "作用",
                 "线路", "团队", "组织", "机构", "单位", "政党", "颜色", "形状", "扮演者", "饰演者", "演唱者")
# Names of a count: what is counted is the noun before (报名人数, 斗争年数: "斗争20年"); a measure word and 数 (年数,
# 场数, 集数) counts in that measure. A size (规模) is the amount of the noun before too: "180亿个单词数据库".
_COUNT_NAMING_MEASURES = "年天月周场票届页集件家个字球篇枚本部"  # 年数, 集数, 字数: counted in that measure
_COUNTS = {"人数", "人次", "数量", "总数", "数", "规模"} | {f"{m}数" for m in _COUNT_NAMING_MEASURES}
_NAMES_ASKED = {"名字", "名称", "姓名"}
# Heads that make a figure a target or forecast ("总销量目标"): passages state the figure itself
# ("要实现总销量400万辆", "预计达到…") and rarely the head word, so what is asked about is the noun before it.
_TARGETS = {"目标", "目标值", "预期", "预期值", "预测值"}
# A change asked for ("利润同比增长多少", "销量比上年下降了多少"): how much the noun before it changed, so that noun is
# what the passage must speak of.
_CHANGES = {"增长", "下降", "增加", "减少", "上涨", "下跌", "上升", "回落", "提高", "降低"}
# ...and what it is compared with, between the noun and the change: 同比, 比上年, 较2021年.
_CHANGE_BASES = {"同比", "环比", "比", "较", "上年", "去年", "上月", "同期", "年", "比上年", "比去年", "较上年", "较去年"}
# Periods that scope a figure: a holiday's or a quarter's numbers are not another one's.
_PERIOD = re.compile(r"第?[一二三四1-4]季度|前三季度|上半年|下半年|春节|中秋|国庆|元旦|清明|端午|五一|劳动节|春运|暑期|寒假|暑假")
# Where a Chinese news text is written from, often left unsaid ("我国", "全国"), and generic places that name no
# particular one ("外国人", "海外市场"): not conditions.
_HOME_PLACES = {"中国", "我国", "全国", "国内", "城市", "外国", "国外", "海外", "境外", "境内", "当地", "本地", "各地",
                "全球", "世界", "全世界", "农村", "地方", "内地", "西方", "东方"}
_LINKING = {"是", "的", "在", "为", "有", "了", "将", "从", "叫", "会", "被", "由", "于", "称作", "被称作", "称为",
            "被称为", "叫做", "又名", "俗称"}
_BEFORE_CHANGE = _CHANGE_BASES | _LINKING  # what may stand between a changed noun and its change verb
# A calendar says how the time asked is to be written ("公历哪一年"), not what it is the time of.
_CALENDARS = {"公历", "农历", "阳历", "阴历", "公元", "西元", "夏历", "旧历"}


# A nationwide question (全国, 我国) is about China; not 中国, which also dates (新中国成立后). A place naming China itself
# (中华人民共和国) is no other country.
NATIONWIDE = re.compile(r"全国|我国|国内")
HOME_COUNTRY = re.compile(r"中国|中华|我国")


# Offices a question may ask about; a deputy's (副部长) or an acting holder's (代市长) is another office.
_TITLES = ("部长", "主席", "总统", "总理", "首相", "议长", "市长", "省长", "州长", "县长", "区长", "镇长", "村长",
           "局长", "厅长", "处长", "司长", "署长", "书记", "主任", "校长", "院长", "所长", "馆长", "董事长", "经理",
           "总裁", "行长", "会长", "秘书长", "理事长", "社长", "主编", "团长", "队长", "总监", "导演", "司令", "检察长")
# 副/副总 (deputy), 代/代理 (acting); not the 代 of 第五代导演 (a generation).
_NOT_OFFICE = r"(?:副总?|(?<![第一二三四五六七八九十\d])代理?)"
_TITLE = re.compile(f"({_NOT_OFFICE})?(" + "|".join(sorted(_TITLES, key=len, reverse=True)) + ")")
# An office a passage names by its holder's act: "由郭虎执导" names the 导演.
_OFFICE_ACTS = {"导演": "执导"}


def scope_terms(question: str) -> dict[str, str]:
    """Words of the question that scope its answer, each with its kind: periods (中秋, 一季度), place names (a place
    without its 市/省/县 suffix: 北京市 -> 北京), events named after their place (北京冬奥会 is not 巴黎奥运会) and
    offices (部长 is not 副部长)."""
    terms = {p: "时段" for p in _PERIOD.findall(question)}
    terms.update({m.group(): "月份" for m in _YEAR_MONTH.finditer(question)})
    terms.update({m.group(): "职务" for m in _TITLE.finditer(question)})
    words = list(tagged(question))
    common = common_words(question)  # jieba's "place" that LAC reads as a common noun is none (长度 in 挂绳长度)
    lac_places = {w for w, tag in lac_tagged(question) if tag == "LOC"}  # jieba's 伊斯坦布尔 is a transliterated name
    cuts = _lac_boundaries(question)
    at = 0
    for i, (word, flag) in enumerate(words):
        start, at = at, at + len(word)
        if flag == "nrt" and word in lac_places:
            flag = "ns"
        if flag == "ns" and len(word) >= 2 and word not in _HOME_PLACES and word not in common:
            place = word[:-2] if word.endswith("地区") and len(word) >= 4 else word  # 拉美地区 -> 拉美
            place = place[:-1] if place[-1] in "市省县区州" and len(place) >= 3 else place
            if any(start < cut < start + len(place) for cut in cuts):
                continue
            after = words[i + 1][0] if i + 1 < len(words) else ""
            if len(after) >= 2 and after[-1] in _EVENT_ENDINGS:
                terms.setdefault(place + after, "赛事")  # 北京冬奥会: the event, not any mention of 北京
            else:
                terms.setdefault(place, "地名")
    return terms


# A month of a year the question scopes its answer to (截至2022年12月), not a day of it (2022年12月5日) nor a range of
# months (2022年1-2月: its 2 is no year's month).
_YEAR_MONTH = re.compile(r"(?:19|20)\d{2}年\d{1,2}月(?![\d份]|底|末|初)")


def names_month(text: str, year_month: str) -> bool:
    """Does `text` name the month `year_month` ("2022年12月") of that year: written so, or as the month alone where no
    other year stands right before it ("12月", not "2021年12月": the month of another year)?"""
    year, month = year_month[:4], year_month[5:]
    if year_month in text:
        return True
    return any(not re.search(r"(?:19|20)\d{2}年$", text[max(0, m.start() - 5):m.start()])
               for m in re.finditer(r"(?<!\d)" + re.escape(month), text))


def _lac_boundaries(text: str) -> set[int]:
    """Where LAC's words start and end in `text`: a jieba "place" that one of them cuts through is none (中安 of
    `《狂飙》中安欣`, which LAC reads 中 + 安欣, a person); one inside a longer LAC word stays (缅甸 of 缅甸联邦)."""
    return {0} | {end for _, end, _, _ in lac_spans(text)}


# An event named after its place (北京冬奥会, 卡塔尔世界杯, 杭州亚运会): the word after the place ends so.
_EVENT_ENDINGS = "会杯赛节"
_CLAUSE = f"[^{re.escape(CLAUSE_MARKS)}]"  # a character inside one clause


# Words by which an article calls the event it reports on "this edition".
_THIS_EDITION = "(?:本届|此届|这届|今届|本次|此次|这次)"


def names_event(text: str, event: str) -> bool:
    """Does `text` name the place-named `event` ("北京冬奥会"): the place and the event (冬奥会, or 冬奥) in one
    clause, either order ("北京2022年冬奥会", "冬奥会在北京举行")? A passage saying 北京 in one clause and 冬奥会 in
    another ("冬奥会双人滑金牌得主申雪……出任北京市委副书记") speaks of another event or of none. A text that calls the
    event this edition (本届冬奥会) and names no place at all speaks of one edition no other place contradicts — as an
    article naming no year meets the question's year."""
    words = [w for w, _ in tagged(event)]
    place = words[0] if words else event
    name = event[len(place):]
    core = name[:-1] if name.endswith("会") and len(name) >= 3 else name
    if not core:
        return place in text
    if (re.search(f"{re.escape(place)}{_CLAUSE}{{0,12}}{re.escape(core)}", text)
            or re.search(f"{re.escape(core)}{_CLAUSE}{{0,12}}{re.escape(place)}", text)):
        return True
    if not re.search(_THIS_EDITION + re.escape(core), text):
        return False
    # no place at all, nor another edition named with its place (LAC reads 温哥华冬奥会 as one word)
    return not any(tag == "LOC" or word.find(core) > 0 for word, tag in lac_tagged(text))


# What may follow a place inside a longer word that still names the same place (北京市, 南非共和国).
_PLACE_SUFFIXES = ("市", "省", "县", "区", "州", "镇", "乡", "村", "国", "共和国", "王国", "自治区", "特别行政区", "地区")


# Countries news names by one character in set words (美方, 访美, 全美, 中美): the character alone is no name (美元,
# 日常, 英文), so only these words count.
_COUNTRY_CHARACTER = {"美国": "美", "英国": "英", "法国": "法", "德国": "德", "日本": "日", "韩国": "韩", "俄罗斯": "俄"}
_COUNTRY_WORDS = ("{c}方", "{c}军", "{c}媒", "{c}股", "全{c}", "访{c}", "赴{c}", "驻{c}", "中{c}", "中{c}关系")


def names_place(text: str, place: str) -> bool:
    """Does `text` name `place` itself, not only a longer place whose name contains it (印度 in 印度尼西亚 or
    印度洋, 南京 in 南京路)? A place with an administrative suffix (北京市, 南非共和国) or inside the name of an
    organisation or team (北京大学, 美国队) names it; a country also by its one-character words (全美, 美方) and by its
    other names (澳洲 for 澳大利亚: rag.lexicon.COUNTRY_FORMS)."""
    return any(_names_place_as(text, form) for form in place_forms(place))


def _names_place_as(text: str, place: str) -> bool:
    if place not in text:
        return _names_country_by_character(text, place)
    for word, flag in tagged(text):
        if place in word and (word == place or flag != "ns"
                              or (word.startswith(place) and word[len(place):] in _PLACE_SUFFIXES)):
            return True
    return False


def _names_country_by_character(text: str, place: str) -> bool:
    character = _COUNTRY_CHARACTER.get(place)
    if not character or character not in text:
        return False
    words = {w.format(c=character) for w in _COUNTRY_WORDS}
    return any(word in words for word, _ in tagged(text))


def names_office(text: str, office: str) -> bool:
    """Does `text` name the office itself, not only its deputy or acting holder (部长 is not named by 副部长 or
    副总经理's 经理; 代市长 is not 市长)? An office asked as a deputy's (副主席) is named by itself, and a director
    (导演) by the act of directing (执导) too."""
    if re.match(_NOT_OFFICE, office):
        return office in text
    if office in _OFFICE_ACTS and _OFFICE_ACTS[office] in text:
        return True
    return any(not re.search(_NOT_OFFICE + "$", text[max(0, m.start() - 3):m.start()])
               for m in re.finditer(re.escape(office), text))


def question_words(question: str) -> list[re.Match[str]]:
    """The question words (什么, 哪里, 多少, …) after the question's opening, in order, punctuation aside."""
    return [m for m in QUESTION_WORDS.finditer(outside_quotes(question)) if m.group().isalpha() and m.start() > 0]


def question_word(question: str) -> re.Match[str] | None:
    """The first question word after the question's opening."""
    return next(iter(question_words(question)), None)


@lru_cache(maxsize=256)
def opening_verb(question: str) -> tuple[str, str]:
    """(the question's opening before its question word, as content(); the verb it ends with), or ("", "")
    when it ends otherwise. Cached: every sentence of an answer is checked against the same question."""
    asked = question_word(question)
    if asked is None:
        return "", ""
    stem = question[:asked.start()]
    words = [(w, flag) for w, flag in tagged(stem) if w.strip()]
    if not words or words[-1][1] != "v" or len(words[-1][0]) < 2 or set(words[-1][0]) & set("了着过"):
        return "", ""
    return content(stem), words[-1][0]


def asked_attribute(question: str) -> str:
    """The noun the question asks about: the noun right before its question word ("网易2022年全年营收多少"
    -> 营收, "德国队在哪个组" -> 德国队; 是/的/在… may come between), or its last word when it has none.
    "" when there is no such noun ("文章建议推动哪些地区"), when it only names the kind of answer (时间, 城市, …),
    or when the question word itself asks for a kind ("规定是什么时候宣布的", "性格有什么特点"): the noun
    before it is then the subject, which the passage may well call otherwise. A name asked for is the name of the
    noun before it ("李成栋的父亲叫什么名字" -> 父亲): the passage must speak of that one."""
    if not question:
        return ""
    found = question_word(question)
    if found:
        after = [w for w, _ in tagged(question[found.end():]) if w.strip()]
        if after and after[0].endswith(_ANSWER_KINDS) and after[0] not in _NAMES_ASKED:
            return ""
    words = [(w, flag) for w, flag in tagged(question[:found.start()] if found else question) if w.strip()]
    while words and (words[-1][0] in _LINKING | _CALENDARS or not words[-1][0].isalnum()):
        words.pop()
    if not words:
        return ""
    if words[-1][0] in _CHANGES and len(words) > 1:
        words.pop()
        while len(words) > 1 and (words[-1][0] in _BEFORE_CHANGE or words[-1][0].isdigit()):
            words.pop()
    word, flag = words[-1]
    if word in _TARGETS and len(words) > 1 and words[-2][1].startswith("n"):
        word, flag = words[-2]
    if word in _COUNTS and len(words) > 1:
        # "报名人数", "实际参考人数": what is counted is the attribute (259.77万人 passed a review, they
        # did not all sit the exam)
        word, flag = words[-2]
        if flag == "v":
            flag = "vn"
    if flag == "v" and expected_answer_type(question) == "quantity" and _lac_tag_at(question, word) in ("n", "nz"):
        # an amount of what jieba calls a verb and LAC a noun (营业|收入 多少) is an amount of that: a total-assets
        # figure is no revenue. Only amounts: a who-question's 对手 is answered by "战胜了赵琪".
        flag = "n"
    if (flag.startswith("n") or flag == "vn") and len(word) >= 2:
        word = _as_lac_reads(question, word)
    if not (flag.startswith("n") or flag == "vn") or len(word) < 2 or word.endswith(_ANSWER_KINDS) \
            or _place_of_act(word):
        return ""
    # jieba calls some verbs nouns (毕业于…, 饰演谁, 大学毕业): a verb asks for the act's object, not for a noun to be
    # named. LAC reads the word's last letter as part of a verb.
    return "" if _ends_in_verb(question, word) else word


def _place_of_act(word: str) -> bool:
    """Is the word the place where something is done (举办地, 出生地, 注册地: one word and 地)? It names the kind of
    answer, a place, as 地点 does; the passage says "在阿布扎比举行"."""
    return len(word) == 3 and word[-1] == "地" and len(tagged(word[:2])) == 1


def _as_lac_reads(text: str, word: str) -> str:
    """`word` (its last occurrence in `text`) as LAC reads it: itself when it lies inside one LAC word (收入 of
    营业收入) or is whole LAC words, none a preposition, conjunction or particle; otherwise, when jieba glued letters
    of two words into one (奖|得主 of 竞赛奖|得主, 时|用 of 启播时|用什么, 湾|及 of 小西湾|及哪里), the LAC word it ends
    with if that is a noun (得主), else ""."""
    start = text.rfind(word)
    end = start + len(word)
    spans = [span for span in lac_spans(text) if span[0] < end and span[1] > start]
    if len(spans) <= 1 or (spans[0][0] == start and spans[-1][1] == end
                           and not any(tag in _FUNCTION_TAGS for *_, tag in spans)):
        return word
    _, last_end, token, tag = spans[-1]
    return token if last_end == end and tag in ("n", "nz", "vn") and len(token) >= 2 else ""


# LAC's tags for words that join or mark others (preposition, conjunction, particle, punctuation): never part of a noun.
_FUNCTION_TAGS = {"p", "c", "u", "xc", "w"}


def _ends_in_verb(text: str, word: str) -> bool:
    """Does LAC read the last letter of `word` (its last occurrence in `text`) as part of a verb?"""
    return _lac_tag_at(text, word) == "v"


def _lac_tag_at(text: str, word: str) -> str:
    """LAC's tag for the word holding the last letter of `word` (its last occurrence in `text`), or ""."""
    end = text.rfind(word) + len(word)
    return next((tag for _, stop, _, tag in lac_spans(text) if stop >= end), "")


def attribute_qualifier(question: str) -> str:
    """The word right before a noun attribute that says which one is asked ("秋粮" in "全国秋粮播种面积是多少",
    "离婚" in "男性平均离婚年龄是多少岁"): a noun or verb of 2+ characters; "" when there is none."""
    attribute = asked_attribute(question)
    if not attribute:
        return ""
    found = question_word(question)
    words = [(w, flag) for w, flag in tagged(question[:found.start()] if found else question) if w.strip()]
    at = max((i for i, (w, _) in enumerate(words) if w == attribute), default=0)
    if at == 0 or not words[at][1].startswith("n"):  # a noun's qualifier, not a verb's object or adverb
        return ""
    word, flag = words[at - 1]
    return word if len(word) >= 2 and word.isalpha() and flag[:1] in "nv" else ""


def qualifier_modifiers(question: str) -> tuple[str, ...]:
    """The words before the attribute's qualifier in the same noun phrase ("新能源" in "全国新能源汽车保有量是多少"):
    common nouns or verbs of 2+ characters, nearest first; a proper noun (a place, an organisation: the question's
    subject or scope, judged by `subject` and question_conditions) or a nationwide word ends the phrase."""
    attribute = asked_attribute(question)
    if not attribute or not attribute_qualifier(question):
        return ()
    found = question_word(question)
    words = [(w, flag) for w, flag in tagged(question[:found.start()] if found else question) if w.strip()]
    at = max((i for i, (w, _) in enumerate(words) if w == attribute), default=0) - 1  # the qualifier
    out = []
    for word, flag in reversed(words[:max(at, 0)]):
        if not (word.isalpha() and flag in ("n", "vn", "v")) or NATIONWIDE.fullmatch(word) \
                or HOME_COUNTRY.fullmatch(word):
            break
        if len(word) >= 2:
            out.append(word)
    return tuple(out)


_ORDINAL = re.compile(f"第([{''.join(CN_DIGITS)}{''.join(CN_UNITS)}\\d]+)")


def ordinals(text: str) -> set[str]:
    """The places a text gives ("第5", "第十届" -> "5", "10"), as digit strings."""
    return {n for m in _ORDINAL.finditer(unicodedata.normalize("NFKC", text)) if (n := number_value(m.group(1)))}


# A year the question names: not a count that happens to look like one (第2000次, 2000人).
_QUESTION_YEAR = re.compile(r"(?<![\d第.])((?:19|20)\d{2})(?![\d.]|\s*[次个名人件项位家万亿元米吨岁倍%])")


def question_years(question: str) -> frozenset[str]:
    """The years the question names ("2023春节档", "2022年…"), counts that look like years left out."""
    return frozenset(_QUESTION_YEAR.findall(unicodedata.normalize("NFKC", question or "")))


# The time a question opens with ("2023年1月3日港股的成交额") says when, not what it is about: the subject follows.
_LEADING_TIME = re.compile(r"^(?:(?:19|20)\d{2}\s*年度?|\d{1,2}\s*月份?|\d{1,2}\s*[日号]|[，,\s])+")


def leading_subject(question: str) -> str:
    """The noun a question opens with, which names what it is about ("松鸦主要分布在哪里" -> 松鸦); a name jieba does not know, cut
    into single characters, is joined back ("高畠车站在哪里" -> 高畠), an ordinal keeps its noun (第十管区), and a place with a
    one-letter noun after it names a kind (北海道狼, 华南虎). Where jieba finds none, or only the start of it, a name of 4+
    letters Baidu's LAC reads whole at the opening is the subject (德|大|铁路 is 德大铁路, 短齿|天竺|鲷 is 短齿天竺鲷) — not
    one opening with a place jieba knows (澳大利亚国家党). "" when the question opens otherwise (a number, a verb, a
    place, "公司…" naming only a kind of answer)."""
    found = _jieba_subject(question)
    opening = lac_tagged(_LEADING_TIME.sub("", question or ""))[:1]
    if not opening or opening[0][1] not in ("nz", "LOC") or (found and not opening[0][0].startswith(found)):
        return found
    name = opening[0][0]
    parts = tagged(name)
    if len(name) < 4 or len(name) <= len(found) or not all(map(is_cjk, name)) or len(parts) < 2 \
            or (parts[0][1] == "ns" and len(parts[0][0]) >= 2):
        return found
    return name


def _jieba_subject(question: str) -> str:
    """leading_subject as jieba's words give it."""
    if not question:
        return ""
    words = [(w, flag) for w, flag in tagged(_LEADING_TIME.sub("", question)) if w.strip()]
    if not words:
        return ""
    word, flag = words[0]
    if _ORDINAL.fullmatch(word) and len(words) > 1 and words[1][1].startswith("n"):
        word, flag = word + words[1][0], "n"  # 第十管区 is not 第十一管区
    elif flag == "r":
        return ""  # it opens with a question word or pronoun (谁, 哪位): no subject to check
    elif len(word) == 1 and is_cjk(word):
        run = ""
        for w, f in words:
            # a preposition or pronoun is no part of a name jieba cut apart (谁向岸田文雄… is not about 谁向岸)
            if len(w) != 1 or not is_cjk(w) or w in _LINKING or f in ("p", "r"):
                break
            run += w
        if len(run) == 1 and flag.startswith("n") and len(words) > 1 and words[1][1].startswith("n") \
                and all(map(is_cjk, words[1][0])):
            run += words[1][0]  # a name's first letter cut off its rest: 麦|银汉鱼 is 麦银汉鱼, not 凡氏下银汉鱼
        word, flag = run, "n"
    if flag == "ns" and len(words) > 1 and len(words[1][0]) == 1 and words[1][1] == "n" and is_cjk(words[1][0]):
        word, flag = word + words[1][0], "n"  # a place and a one-letter noun name a kind: 北海道狼, 华南虎
    if (len(word) < 2 or not flag.startswith("n") or flag == "ns" or word in _HOME_PLACES
            or word.endswith(_ANSWER_KINDS)):
        return ""  # a place is a scope term, checked with its 市/省 suffix dropped
    if len(words) > 1 and words[1][0].startswith("《"):
        return ""  # 电视剧《漫长的季节》: the kind of the title, which is checked as a quoted condition
    if len(words) > 1 and words[1][0].isascii() and words[1][0].isalnum():
        return ""  # 小米MIX 4: a brand before its model's Latin name, which is checked as a condition (Xiaomi MIX 4)
    return word


# Attributes news writes with another word of no shared bigram ("旅游收益" reported as "旅游收入").
_ATTRIBUTE_SYNONYMS = (("收益", "收入", "营收", "营业额"), ("销量", "销售量", "售出"), ("去世", "逝世", "病逝", "离世"),
                        ("售价", "价格", "价钱", "定价", "标价", "只售", "售卖", "出售"),
                        ("意思", "意为", "意指", "意即", "含义", "意义", "寓意", "之意"),
                        ("冠军", "金牌", "夺冠", "摘金", "折桂", "第一名"),
                        # a share: "占全国总量的90.2%" gives 比重
                        ("比重", "占比", "比例", "占"),
                        # a change's size is spoken of by the change ("下降15%至35%" gives 降幅)
                        ("降幅", "下降", "下滑", "减少", "降低"), ("增幅", "增长", "上涨", "上升", "提高"),
                        ("涨幅", "上涨", "增长", "上升"), ("跌幅", "下跌", "下降"),
                        # film awards' best actress and actor are written 影后 and 影帝
                        ("女主角", "影后"), ("男主角", "影帝"),
                        # who plays a role is said by the playing ("扮演曹闯的郝平" gives 演员)
                        ("演员", "扮演", "饰演", "出演", "主演"),
                        # a record is written either way; an aim is said by what something is for ("旨在了解…")
                        ("纪录", "记录"), ("目的", "旨在", "用于", "为了"),
                        # a way is said as a road taken ("只有国会弹劾一条路")
                        ("途径", "办法", "方法", "手段", "渠道", "一条路", "之路"),
                        # a title is spoken of as what someone is called ("曼岛领主之称")
                        ("称号", "之称", "称为", "尊称", "头衔", "封号"),
                        # a former name is written either way ("原称乡村党" gives 原名)
                        ("原名", "原称", "旧称", "旧名", "曾用名", "曾称", "本名"))


_DIMENSION_HEADS = "重高长宽深厚"
_AGES = ("年龄", "年纪", "岁数")
_SHARES = ("比例", "比重", "占比")
# Measure words that open the name of what they count (股份 in 股, 票数 in 票)
_MEASURE_NOUNS = "股票件台辆架艘枚颗张册篇首"


# A price, a fee or a wage asked (车费, 票价, 价格, 工资; not 评价), and a sum of money written with its currency ($6.1,
# 98元).
_MONEY_ASKED = re.compile(r"(?:(?<!评)价|价格|费|薪|金额|工资|奖金)$")
_SUM_OF_MONEY = re.compile(r"[$¥￥€£]\s*\d|\d\s*(?:万|亿)?\s*(?:元|美元|港元|港币|欧元|英镑|日元|美金|人民币)")


# What a name in another script is asked as, and how an article gives one: in brackets after the Chinese name.
_FOREIGN_NAMES = {"英文", "英文名", "英文名称", "英文全称", "英语", "英文缩写", "外文名", "拉丁文", "学名"}
_LATIN_GLOSS = re.compile(r"[（(][^）)]{0,12}[A-Za-z]{2,}[^）)]*[）)]")


def attribute_found(attribute: str, article: str) -> bool:
    """Whether the article speaks of the asked attribute (one character bigram of it suffices:
    "增长率" is found in "同比增长4.5%"), or of a synonym of it. A whole or total (全长, 总面积) is spoken of by
    its head ("河长137公里" gives 全长), a measure of two letters by its dimension before a number ("平均重3.2公斤"
    gives 体重, "长23.5厘米" 长度), an area by its unit after a number ("22公顷的森林" gives 面积), a price or fee by a
    sum of money ("全程：$6.1" gives 车费), a grade by 级 after a number ("9.1级地震" gives 震级), a relative by a letter
    naming the relation either way round (父亲 by "父王机"), a name in Latin letters (英文, 学名) by the letters in
    brackets ("相当理由（probable cause）")."""
    if not attribute:
        return True
    words = [attribute] + [w for group in _ATTRIBUTE_SYNONYMS if any(g in attribute for g in group) for w in group]
    if len(attribute) >= 2 and attribute[0] in "全总":
        words.append(attribute[1:])
    heads = [c for c in attribute if c in _DIMENSION_HEADS] if len(attribute) == 2 else []
    if any(re.search(f"{c}(?:约|达|为|可达|约为)?\\s*[\\d{NUMERALS}]", article) for c in heads):
        return True  # a measure is spoken of by its dimension before a number: 体重 by "重3.2公斤", 长度 by "长23.5厘米"
    if attribute in RELATIVES and any(letter in article for letter in RELATIVES[attribute]):
        return True  # a relative is spoken of by the relation's letter, either way round: 父王机, 张雍之子
    if attribute.endswith(_AGES) and re.search(f"[\\d{NUMERALS}]\\s*(?:多|余)?岁", article):
        return True  # an age is spoken of by its unit: "24岁的法伊克·阿卜迪"
    if _MONEY_ASKED.search(attribute) and _SUM_OF_MONEY.search(article):
        return True  # a price or a fee is spoken of by a sum of money: 车费 by "全程：$6.1"
    if attribute.endswith("级") and re.search(f"[\\d{NUMERALS}]\\s*级", article):
        return True  # a grade or magnitude is spoken of by 级 after a number: 震级 by "这场9.1级地震"
    if attribute.endswith("面积") and _AREA_STATED.search(article):
        return True  # an area is spoken of by its unit: "22公顷的森林"
    if attribute in _SHARES and re.search(r"\d\s*[%％]", article):
        return True  # a share is spoken of by its percentage: "「臺灣客家語」（12%）"
    if attribute in _FOREIGN_NAMES and _LATIN_GLOSS.search(article):
        return True  # a name in Latin letters is given in brackets: "相当理由（probable cause）"
    if len(attribute) == 2 and attribute[0] in _MEASURE_NOUNS \
            and re.search(f"[\\d{NUMERALS}]\\s*(?:多|余)?[万亿]?{attribute[0]}", article):
        return True  # a counted thing is spoken of by its measure word after a number: 股份 by "约2.2亿股"
    found = bigrams(article)
    return any(bigrams(w) & found if len(w) > 1 else w in article for w in words)


# A birth or a death asked about by a when-question, and how an article states one: in words, or as a life span
# ("（1952年3月10日－2018年2月14日）").
LIFE_EVENTS = {"birth": re.compile(r"出生|生于|诞生|出世|降生|生卒"),
                "death": re.compile(r"去世|逝世|病逝|离世|辞世|过世|死|卒|殁|遇害|身亡|遇刺")}
_ASKS_LIFE_EVENT = re.compile(r"(出生|生于|诞生|出世|去世|逝世|病逝|离世|死于|卒于)")
_LIFE_SPAN = re.compile(r"\d{3,4}年[^，。；]{0,12}[－—–~-]\s*\d{3,4}年")


# A name with a version number: GPT-4, iPhone 14, Mate 50 (letters, then digits; a space or hyphen between), or a
# Chinese name with its model number (塞斯纳172): digits right after Chinese letters and not a count, a date or an
# amount (no unit after them: 172的, 170型, not 2022年, 807球) nor a round of a draw (大师赛16强: the last sixteen).
_VERSIONED = re.compile(r"(?<![A-Za-z])([A-Za-z]+)[-\s]?(\d+)(?![\d.])|([\u4e00-\u9fff]{2})(\d{2,})(?![\d.%％])"
                        r"(?![年月日号时点分秒个名人次万亿千百元米吨岁倍件项位家届轮场期季球分辆架台座条所只强])")


_COUNTED_FROM = "自从由比较与同"


# A model's variant after its number (小米13 Pro, iPhone 14 Plus): another product than the plain 小米13.
_VARIANT = re.compile(r"(?:\s*(?:pro\+?|max|plus|ultra|mini|lite|air|turbo)(?![a-z])){1,2}", re.I)


def _variant(text: str, at: int) -> tuple[str, str]:
    """(" pro max", " Pro Max") for the variant written at `at`, ("", "") for none."""
    m = _VARIANT.match(text, at)
    return (" " + " ".join(m.group(0).lower().split()), m.group(0)) if m else ("", "")


def versioned_names(text: str, about_only: bool = False) -> dict[tuple[str, str], str]:
    """The names with a version number in the text, as {(letters lower-cased, number and variant): as written}; a
    Chinese name by its last two letters (not a rank: 前10); a variant is part of the version (小米13 Pro is not
    小米13). `about_only`: not one the text counts from or compares with (自U16国少队起, 比GPT-3), as with years
    (rag.facts.years_stated)."""
    norm = unicodedata.normalize("NFKC", text)
    return {((m.group(1) or m.group(3)).lower(), (m.group(2) or m.group(4)) + variant): m.group(0) + written
            for m in _VERSIONED.finditer(norm) for variant, written in [_variant(norm, m.end())]
            if not (about_only and m.start() and norm[m.start() - 1] in _COUNTED_FROM)
            and not (m.group(3) or "").endswith("前")}  # a rank, 市值前10 (the top ten), is no version


def asked_life_event(question: str) -> str:
    """"birth" or "death" when the question asks when someone was born or died ("…是哪一年出生的"), else ""."""
    return asked_life_verb(question) if expected_answer_type(question) == "time" else ""


def other_version(text: str, asked: dict[tuple[str, str], str]) -> tuple[str, str]:
    """(the other version `text` names, the asked one) for a name the question gives with a version number
    (`asked`, from versioned_names) that `text` names only in another version (GPT-3 for GPT-4), not one the question
    names as well; ("", "") if none."""
    said = versioned_names(text, about_only=True)
    for (stem, number), written in asked.items():
        # a version the question itself names is no other one: "GPT-3的参数量是GPT-2的多少倍"
        other = next((w for (s, n), w in said.items() if s == stem and n != number and (s, n) not in asked), "")
        if other and (stem, number) not in said:
            return other, written
    return "", ""


def asked_life_verb(question: str) -> str:
    """"birth" or "death" when the question asks anything about someone's birth or death (when, where: "出生于哪座城市"),
    else ""."""
    m = _ASKS_LIFE_EVENT.search(question or "")
    if not m:
        return ""
    return "birth" if m.group(1) in ("出生", "生于", "诞生", "出世") else "death"


def life_event_found(event: str, article: str) -> bool:
    """Whether the article states the birth or death asked about, in words or as a life span."""
    return not event or bool(LIFE_EVENTS[event].search(article) or _LIFE_SPAN.search(article))


_QUANTITY = re.compile(r"多少|(?<!哪)几[^月时点号]|多大|多高|多长|多远|多重|多深|多宽|多久")


def asks_quantity(question: str) -> bool:
    """Does the question ask how many or how much (多少, 几个, 多久, …)? 几月/几时/几点 ask for a time and
    哪几种 for which ones; the 几 of a name (几内亚, 茶几) asks nothing."""
    if not question:
        return False
    names = _name_spans(question)
    return any(_QUANTITY.match(question, at) and not any(start <= at < end for start, end in names)
               for at in range(len(question)))


def _name_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words jieba reads as names or nouns of 2+ letters holding 几 (几内亚, 茶几)."""
    spans, at = [], 0
    for word, flag in tagged(text):
        if "几" in word and len(word) >= 2 and flag[:1] == "n":
            spans.append((at, at + len(word)))
        at += len(word)
    return spans


# Measure words a count is given in ("几种情况" -> 7种). 个 is often left out ("从五方面") and 人/元/年… are
# amounts: those questions are only held to stating a number.
_MEASURES = "种家名位项次件条所座支类批届集话期章卷轮"
# 第几位 asks for an ordinal (第5), not a count of 位; 哪几家 for which ones.
_ASKED_MEASURE = re.compile(f"(?<![哪第])(?:几|多少)([{_MEASURES}])")


def asked_measure(question: str) -> str:
    """The measure word a how-many question counts in ("明确了几种情况" -> 种), or ""."""
    m = _ASKED_MEASURE.search(question or "")
    return m.group(1) if m else ""


# What a how-many question counts: the words after 多少/几 and a measure word ("多少瓶洗手液" -> 洗手液), up to the
# clause's end (16 letters: a long noun phrase, 规模以上工业企业, ends in its head); "" when the measure word ends the
# question ("上阵多少场？").
_COUNTED = re.compile(f"(?<![哪第])(?:几|多少)[{_MEASURES}个块瓶桶箱袋只头张本部辆架台艘枚颗篇首场]"
                      r"([\u4e00-\u9fff]{1,16})")


def counted_thing(question: str) -> str:
    """The thing a how-many question counts ("西彭园区团购了多少瓶洗手液" -> 洗手液), or ""; a verb right after the
    measure word ("多少个参加") is no thing, unless a noun follows it: then it says which ones are counted and the
    noun is the thing ("多少个就业岗位" -> 岗位), as after an abbreviation ("多少枚奥运速滑银牌" -> 银牌). After 有 ("有多少支
    球队参加": there are how many teams that take part) the verb after the noun is what the counted ones do, not part
    of the thing (as 提名 is of "获得多少次奥斯卡提名")."""
    m = _COUNTED.search(question or "")
    if not m:
        return _counted_by_phrase(question or "")
    words = tagged(m.group(1))
    if question[:m.start()].endswith("有"):
        words = words[:next((i for i, (_, flag) in enumerate(words) if i and flag == "v"), len(words))]
    # Modifiers before the noun: an abbreviation (奥运, 冬奥会) and a verb right before a noun (就业岗位, 速滑银牌).
    while len(words) > 1 and (words[0][1] == "j" or (words[0][1] == "v" and words[1][1].startswith("n"))):
        words = words[1:]
    if not (words and words[0][1].startswith("n")):
        return ""
    # The noun phrase's head is its last noun: 规模以上工业企业 counts 企业, 奥斯卡提名 counts 提名 (a verb jieba reads
    # after a noun ends the compound).
    head = words[0][0]
    for i, (word, flag) in enumerate(words[1:], start=1):
        if flag.startswith("n") or flag == "vn" or (flag == "v" and words[i - 1][1].startswith("n")):
            head = word if len(word) >= 2 else head
        elif flag != "f":  # a locative (以上) stays inside the phrase
            break
    return head


# A question written as a noun phrase ending in a count's name ("OTA召回涉及汽车品牌数量", "荷兰队速滑银牌数") counts the noun
# before it.
_COUNT_NAMES = {"数量", "个数", "总数", "数目", "数"}


def _counted_by_phrase(question: str) -> str:
    """The noun a bare "…品牌数量" phrase counts (品牌), or "": not when the question has a question word, nor when the
    word before is a verb (召回数量 counts recalls, which the passage gives as 召回17次; a verbal noun, 活动, is a
    thing) or only names a kind (种类)."""
    if QUESTION_WORDS.search(question):
        return ""
    words = [(w, flag) for w, flag in tagged(question.rstrip("？?。 ")) if w.strip()]
    if len(words) < 2 or words[-1][0] not in _COUNT_NAMES:
        return ""
    if words[-2][0] == "的" and len(words) > 2:
        words = words[:-2] + words[-1:]  # 州的数量 counts 州, as 州数量 does
    word, flag = words[-2]
    if not (flag.startswith("n") or flag == "vn") or (len(word) < 2 and flag != "n") or word.endswith(_ANSWER_KINDS):
        return ""
    word = _as_lac_reads(question, word)  # jieba glues letters of two words: 白玉兰奖|提名 counts 提名, not 奖提名
    return word[-2:] if len(word) > 3 else word  # a compound's head is what is counted: 汽车品牌 are 品牌 ("涉及12个品牌")


# Units a how-much question names, each with the units an answer may give it in ("多少钱" takes any currency).
CURRENCIES = ("美元", "美金", "欧元", "英镑", "镑", "日元", "港元", "港币", "韩元", "卢布", "人民币", "元", "块")
_UNIT_FAMILIES = {"钱": CURRENCIES, "美元": ("美元", "美金"), "欧元": ("欧元",), "英镑": ("英镑", "镑"), "日元": ("日元",),
                  "港元": ("港元", "港币"), "人民币": ("元", "人民币"), "元": ("元",), "人": ("人", "名", "位"),
                  "公里": ("公里", "千米"), "千米": ("公里", "千米"), "米": ("米",), "吨": ("吨",), "岁": ("岁",),
                  "亩": ("亩",), "公顷": ("公顷",), "辆": ("辆",), "架": ("架",), "台": ("台",), "倍": ("倍",)}
_ASKED_UNIT = re.compile("多少(" + "|".join(sorted(_UNIT_FAMILIES, key=len, reverse=True)) + ")")


# What is paid is an amount of money whatever the question's wording ("售价是多少" is 多少钱); not what a company
# earns or is worth (营收, 市值), which news gives in 亿 without a currency.
_PRICED = re.compile(r"(?:价格|售价|票价|价钱|房价|油价|造价|报价|年薪|月薪|薪水|工资|奖金|罚款|罚金|金额|费用|学费|成本|"
                     # sums of money a report gives: an output value or a revenue is not a tonnage or a head count
                     r"产值|收入|营收|利润|营业额|销售额|成交额|交易额|投资额|总投资|市值|估值|票房|预算|经费|税收|融资额|"
                     # what is spent: 研发支出 is a sum of money, not a share of someone's spending
                     r"支出|开支|花费|"
                     # a total sum or damages: 赔款总额 is money, not the coal delivered in kind
                     r"总额|赔款|赔偿金|赔偿额)"
                     r"(?:(?:是|为|约为|大约是)?多少|\s*$)")  # or the question is that noun phrase (女足世界杯总奖金)
# A rate or a share is a fraction of something: given in per cent, per mille, tenths (5成) or a fraction (三分之一).
SHARES = ("%", "％", "‰", "成", "分之", "个百分点")
_RATED = re.compile(r"(?:投票率|增长率|增速|出生率|死亡率|失业率|准确率|正确率|录取率|中签率|通过率|上座率|利率|税率|收益率|"
                    r"渗透率|覆盖率|市占率|占有率|占比|比例|比重|降幅|增幅|涨幅|跌幅)"
                    r"(?:(?:是|为|约为|大约是)?多少|\s*$)")
LENGTHS = ("米", "厘米", "毫米", "公里", "千米", "公分", "公尺", "英里", "英尺", "英寸", "尺", "寸", "海里", "光年")
WEIGHTS = ("克", "千克", "公斤", "斤", "吨", "磅", "盎司")
AREAS = ("平方米", "平方公里", "平方千米", "平方英里", "平方英尺", "公顷", "英亩", "亩")
_AREA_STATED = re.compile(f"[\\d{NUMERALS}]\\s*(?:多|余)?[万亿]?(?:{'|'.join(AREAS)})")  # a number in an area unit
# How long / high / far / heavy: an answer in the dimension asked (a length may also be a duration).
_DIMENSIONS = {"多长": LENGTHS + ("年", "个月", "月", "天", "日", "周", "小时", "个小时", "分钟", "秒"),
               "多高": LENGTHS, "多宽": LENGTHS, "多深": LENGTHS, "多远": LENGTHS, "多重": WEIGHTS}
_ASKED_DIMENSION = re.compile("(" + "|".join(_DIMENSIONS) + ")(?!时间)")
# A noun phrase ending in a length of time (合同年限, 禁赛期限) asks how long, as 多长 does: dates do not say it.
_DURATIONS = "年限|期限|时长"
_ASKS_DURATION = re.compile(f"(?:{_DURATIONS})[？?。\\s]*$")
# A span of time by its name (寿命, 任期, 保质期) asked how long or how many: a duration, never a length or a size
# ("可长至4-7英寸" is the animal's size, not how long it lives).
_TIMESPANS = ("年", "个月", "月", "天", "日", "周", "星期", "小时", "个小时", "分钟", "秒", "岁")
_ASKS_TIMESPAN = re.compile(r"(?:寿命|任期|刑期|工期|保质期|有效期|疗程)[^，,。？?]{0,6}(?:多长|多久|多少|几)")
# An attribute that is a measure by its name (体重, 占地面积, 身高) asked how much: an answer in its dimension (`89厘米`
# is no weight, `11号` no area); not a share or a change of it (面积占全国的多少, 面积增加了多少).
_MEASURED = {"重": WEIGHTS + ("kg",), "积": AREAS + ("m2", "km2"), "长": LENGTHS + ("cm", "mm", "km", "m")}
_ASKS_MEASURE = re.compile(r"(体重|重量|净重|毛重|载重量?|面积|占地|身高|体长|身长|全长|长度|高度|深度|宽度|海拔|直径|半径|翼展)"
                           r"[^，,。？?占比率增减降升涨跌排第]{0,6}(?:多少|多重|多大|多长|多高|多深|多宽)")
_MEASURE_KIND = {"占地": "积", "面积": "积", "体重": "重", "重量": "重", "净重": "重", "毛重": "重", "载重": "重",
                 "载重量": "重"}
# A count of people (…人数, …人次是多少) is given in people (人次 also in 次): "31个省" is no head count.
_ASKS_HEADCOUNT = re.compile(r"人[数次](?:是|为|约为|大约是|有)?(?:多少)?[？?。\s]*$")
# How old: an age in 岁, not a birth year ("2004年出生" does not say how old).
# 多大 with nothing after it but a time of life (今年多大, 当时多大了) asks a person's age, not a size.
_ASKS_AGE = re.compile(r"多大年[龄纪]|多大岁数|几岁|年[龄纪](?:是|为|有)?多[少大]|年[龄纪][？?。\s]*$|"
                       r"(?:今年|现年|现在|如今|目前|当时|那年|去世时|逝世时)多大了?[？?。\s]*$")


def asked_units(question: str) -> tuple[str, ...]:
    """The units an answer to "多少钱/多少美元/多少人…" (to "售价是多少", "产值是多少": money; to "多长/多高/多重" or "体重/
    占地面积/身高是多少": a length, a weight, an area; to "多大年龄/几岁": an age; to "…人数": people) must give its number
    in; () when the question names none."""
    m = _ASKED_UNIT.search(question or "")
    if m:
        return _UNIT_FAMILIES[m.group(1)]
    if _ASKS_TIMESPAN.search(question or ""):
        return _TIMESPANS
    m = _ASKS_MEASURE.search(question or "")
    if m:
        return _MEASURED[_MEASURE_KIND.get(m.group(1), "长")]
    m = _ASKED_DIMENSION.search(question or "")
    if m:
        return _DIMENSIONS[m.group(1)]
    if _ASKS_AGE.search(question or ""):
        return _UNIT_FAMILIES["岁"]
    if _ASKS_DURATION.search(question or ""):
        return _DIMENSIONS["多长"]
    m = _ASKS_HEADCOUNT.search(question or "")
    if m:  # person-times are counted as times too: 互动人次达1.08亿次
        return _UNIT_FAMILIES["人"] + (("次",) if m.group().startswith("人次") else ())
    if _PRICED.search(question or ""):
        return CURRENCIES
    return SHARES if _RATED.search(question or "") else ()


# Also a question that is a noun phrase ending in 时间/日期 ("GPT4发布时间", "国葬时间？"): news questions are often asked
# that way, and a sentence without any time in it does not answer them.
_ASKS_TIME = re.compile(r"什么时候|什么时间|何时|哪一年|哪年|哪一天|哪天|几月|几号|几点|几时|什么日期|哪个月|多少年(?![薪费龄级])|"
                        r"哪个?世纪|哪个?年代|什么年代|"
                        r"(?:时间|日期|年份)(?:是|为)?(?:什么)?[？?。\s]*$")


# A date is a day: "…上映日期" is not answered by a year ("2023年必看的诚意之作").
_ASKS_DAY = re.compile(r"哪一?天|哪一日|几号|几月几日|什么日子|什么日期|日期(?:是|为)?(?:什么)?[？?。\s]*$")


def asks_day(question: str) -> bool:
    """Does the question ask for a day ("哪天", "几号")? A year or a month alone does not answer it."""
    return bool(question and _ASKS_DAY.search(question))


_ASKS_YEAR = re.compile(r"哪一?年(?!代|级)|何年|哪个年份")


def asks_year(question: str) -> bool:
    """Does the question ask for a year ("哪一年", "何年")? A decade or a century (1940年代, 8世纪) names none."""
    return bool(question and _ASKS_YEAR.search(question))


# Who, and which country, city, company, school or team: the answer is a name. Not where (a habitat, 珊瑚礁或岩石海岸,
# or a direction is a right answer), nor which work or thing (哪部电影, 哪种材料), nor which people (哪些人: a class,
# 有功劳的官员).
_ASKS_NAME = re.compile(r"谁|哪一?位|哪[个一]?(?:国家|国|城市|座城市|省|州)|哪[家所支]|"
                        r"哪[个一](?:公司|机构|组织|球队|队|俱乐部|大学|学校|平台|企业|品牌|银行|医院|部门|单位|媒体|网站|政党)")


# The kind of name a question word asks for (哪家 公司, 哪个 媒体): part of the question word, and what an answer may
# add to the name (OpenAI公司).
NAME_KIND = re.compile(r"公司|机构|组织|球队|俱乐部|大学|学校|平台|企业|品牌|银行|医院|部门|单位|媒体|网站|政党|出版社|电视台|报社|队")


# A question written as a bare noun phrase (search-box style, "2022年高考报名人数") that ends in an amount's name asks
# for that amount, as one ending in 时间 asks for a time.
_NAMES_AN_AMOUNT = re.compile(f"(?:人数|人次|数量|总数|年龄|[{_COUNT_NAMING_MEASURES}次]数|{_DURATIONS}|"
                              r"奖金|票房|价格|售价|金额|率|增速|涨幅|降幅|增幅|跌幅|产量|销量|面积|人口|规模|"
                              r"收入|营收|利润|比例|占比|比重|市值|成本|预算)\s*$")


# A question written as a bare noun phrase that ends in a role or an organisation ("高晓晨扮演者", "劳荣枝案二审法院")
# asks who or which one: a name.
_NAMES_A_NAME = re.compile(r"(?:扮演者|饰演者|演唱者|导演|编剧|作者|主演|得主|冠军|创始人|董事长|总裁|发言人|负责人|"
                           r"法院|公司|机构|大学|学校|医院|银行|球队|俱乐部|出品方|投资方|制作方)[？?。\s]*$")


def expected_answer_type(question: str) -> str:
    """The kind of answer the question word asks for when it can be checked from the answer's wording: "time",
    "quantity" or "name" (who, which country or company); "" for where, what, which thing, why, how. A time question
    is checked first ("哪一年" is no quantity), then a quantity ("哪家公司营收多少" asks an amount)."""
    if not question:
        return ""
    if _ASKS_TIME.search(question):
        return "time"
    if asks_quantity(question) or ((_NAMES_AN_AMOUNT.search(question) or asked_units(question))
                                   and not QUESTION_WORDS.search(question)):
        return "quantity"  # a bare phrase naming an amount, or one in a unit (女足世界杯总奖金, 棉花总产值: money)
    if _ASKS_NAME.search(outside_quotes(question)) and not _asks_identity(question):
        return "name"
    if _NAMES_A_NAME.search(question) and not QUESTION_WORDS.search(question):
        return "name"
    return ""


def name_slot(question: str) -> tuple[str, str]:
    """The question's words on either side of the question word that asks for a name ("小米13的扬声器由", "提供" for
    "小米13的扬声器由哪家公司提供"): the answer stands where the passage writes them. ("", "") without such a word."""
    text = question.strip().rstrip("？?。！! ")
    m = _ASKS_NAME.search(outside_quotes(text))
    if not m:
        return "", ""
    kind = NAME_KIND.match(text, m.end())  # 哪家 公司: the kind named is part of the question word
    return text[:m.start()], text[kind.end() if kind else m.end():]


def _asks_identity(question: str) -> bool:
    """"李明是谁？" asks who the named person is (一位作家 answers it), not for a name."""
    m = re.fullmatch(r"(.+?)(?:究竟|到底)?是谁[？?。！!\s]*", question.strip())
    return bool(m) and [tag for _, tag in lac_tagged(m.group(1))] == ["PER"]
