from __future__ import annotations

import re

from rag.facts import has_facts, neighbour_years, place_names, years_named, years_stated
from rag.question import HOME_COUNTRY, NATIONWIDE, other_version, versioned_names
from rag.verify.repair import fact_sources, unmet_conditions
from rag.verify.rules.base import SentenceCheck, SentenceRule


class QuestionConditions(SentenceRule):
    """The question's conditions (its year, quoted terms, Latin words) and scope (periods such as 中秋 or 一季度, a month of
    a year — 截至2022年12月 is not met by `2021年12月`, 12月 alone is —, place names, offices) hold for the article each
    fact of the answer comes from (the passage with the article's text right before and after it): an answer about
    another year, holiday or place answers another question; an article that names no year at all places its facts
    in no other year, nor does a search snippet's page date of the year before the asked one (`Nov 4, 2022 ...` on
    the 2023年度国考, registered in November 2022). A sentence with no fact of its own is judged by the passage its
    added words come from (芝加哥 from an article on another congress). A place is named by itself, not inside a longer
    place's name (印度 is not named by 印度尼西亚), a country also by its one-character words (全美, 美方) and its other name
    (澳洲 for 澳大利亚), and a word jieba takes for a place that Baidu's LAC reads as a common noun (长度 in 挂绳长度) is none;
    an event named after its place (北京冬奥会) by both in one clause, or as this edition (本届冬奥会) by an article naming no
    place at all; an office (部长) by itself, not by a deputy's or acting holder's title (副部长, 代部长). And the sentence
    does not itself name another year than the question's, without the question's (2023年… for a question on 2022);
    for a when-question a year next to the asked one is the answer's date (2022年考研 is held in December 2021); nor
    another version of what the question names (GPT-3 for GPT-4, iPhone 13 for iPhone 14, 星鹰170 for 星鹰172) without
    the question's, nor is every passage sentence its facts come from about another version (EMNLP 2020's dates for
    EMNLP 2021's). A quarter is written 前三季 as well as 前三季度; a region is named without its 地区 (拉美地区 is 拉美). A
    version number is met with its name only (iPhone 13 names no 小米13); a rank (市值前10) is none. A place is one jieba
    reads and LAC does not cut through (中安 of `《狂飙》中安欣` is 中 + a name). A nationwide question (全国, 我国) is about
    China: a fact every passage sentence of which names a foreign country and not China
    (`2022年12月美国消费者价格指数…同比增长6.5%` for 全国CPI) is that country's, and one every such sentence gives for a whole city
    or province (`2022年全市出生人口…人口出生率5.98‰`) is that city's."""
    id = "question_conditions"

    def reason(self, check: SentenceCheck) -> str:
        q = check.question
        abroad = _abroad(check)
        if abroad:
            return f"问题条件不符：问题问的是全国（中国），引用段落中这一事实说的是{abroad}"
        if not (has_facts(q.conditions) or q.scope):
            return ""
        other = (_another_year(check.sentence, q.years, q.answer_type == "time")
                 or _another_version(check.sentence, q.versions) or _sourced_from_another_version(check)
                 or _number_of_another_name(check))
        if other:
            return other
        for holders in fact_sources(check.sentence, q, check.cited, check.hits):
            absent = unmet_conditions(holders, check.hits, q)
            if absent:
                return "问题条件不符：" + "；".join(absent)
        return ""


def _another_year(sentence: str, asked: frozenset[str], asks_time: bool = False) -> str:
    """Why the sentence answers for another year than the one the question names (`asked`), or "". When the
    question asks when, a year next to the asked one is the answer's date, not another year: an edition is often
    held or reported in the year before or after its name (2022年考研 in December 2021, a 2022 annual report in
    2023)."""
    if len(asked) != 1:
        return ""
    said = years_stated(sentence) - (neighbour_years(asked) if asks_time else set())
    if not said or said & asked or years_named(sentence) & asked:
        return ""
    return f"问题条件不符：句子说的是{min(said)}年，问题问的是{next(iter(asked))}年"


def _another_version(sentence: str, asked: dict[tuple[str, str], str]) -> str:
    """Why the sentence speaks of another version of a name the question gives with a version number (`asked`,
    rag.question.versioned_names: GPT-3 for GPT-4, iPhone 13 for iPhone 14), without that version, or ""."""
    other, written = other_version(sentence, asked)
    return f"问题条件不符：句子说的是{other}，问题问的是{written}" if other else ""


def _number_of_another_name(check: SentenceCheck) -> str:
    """Why the article gives the version number of a name the question asks (小米13) only with another name (iPhone 13),
    never with the asked one, or "": the number is then the other product's, not a condition met."""
    said = versioned_names(check.article)
    for (stem, number), written in check.question.versions.items():
        if (len(number) == 4 and number[:2] in ("19", "20")) or stem.endswith("第"):
            continue  # a year (深圳大学2022级) or an ordinal (第31任): any article writes it with other words
        base = number.split()[0]  # the model number without its variant: 小米13 Pro's 13
        other = next((w for (s, n), w in said.items() if n.split()[0] == base and s != stem), "")
        if other and not any(s == stem and n.split()[0] == base for s, n in said):
            return f"问题条件不符：引用段落中的{base}是{other}，不是问题问的{written}"
    return ""


def _sourced_from_another_version(check: SentenceCheck) -> str:
    """Why every passage sentence the answer's facts come from is about another version of a name the question
    numbers, never naming the asked one (`「EMNLP 2020会议」…时间：11月16日至11月20日` for EMNLP 2021's dates), or ""."""
    asked = check.question.versions
    found = [other_version(s, asked) for s in check.source_sentences] if asked else []
    if not found or not all(other for other, _ in found):
        return ""
    other, written = found[0]
    return f"问题条件不符：引用段落中这一事实说的是{other}，问题问的是{written}"


# A nationwide question asks about China; a country is a place LAC and jieba read as one that ends in 国 (美国, 韩国)
# or is one of the countries news most often names without it.
_HOME = re.compile(r"全国|我国|国内|中国|中方")
_COUNTRIES = {"日本", "俄罗斯", "印度", "巴西", "加拿大", "澳大利亚", "意大利", "西班牙", "土耳其", "越南", "新加坡", "墨西哥",
              "阿根廷", "印尼", "印度尼西亚", "菲律宾", "马来西亚", "沙特", "伊朗", "乌克兰", "以色列", "荷兰", "瑞士", "瑞典",
              "波兰", "埃及", "南非", "朝鲜", "欧盟", "欧元区"}


def _abroad(check: SentenceCheck) -> str:
    """For a nationwide question that names no other place: the foreign country every passage sentence the
    sentence's facts come from names, or the whole city or province it speaks of (全市), none naming China (全国,
    我国…), or ""."""
    q = check.question
    if not NATIONWIDE.search(q.text) or any(kind == "地名" for kind in q.scope.values()) or not check.own_facts:
        return ""
    found = []
    for sentence in check.source_sentences:
        countries = sorted(p for p in place_names(sentence) if not HOME_COUNTRY.search(p)
                           and (p.endswith("国") or p in _COUNTRIES))
        local = _LOCAL.search(sentence)
        if not (countries or local) or _HOME.search(sentence):
            return ""
        found.append(countries[0] if countries else local.group())
    return found[0] if found else ""


# A statistic of one city, province or county (`2022年全市出生人口…人口出生率5.98‰`) is no nationwide figure.
_LOCAL = re.compile(r"全市|全省|全县|全区|本市|本省|该市|该省")
