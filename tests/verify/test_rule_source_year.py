"""The `source_year` rule (rag/verify/rules/source_year.py): the passage sentence a fact comes from is about the
question's year."""
from __future__ import annotations

import pytest

from rag.facts import years_stated
from rag.verify import verify_answer
from tests.verify.support import REFUSAL, first_verdict, hit

TEMPLE = hit("海滨天后庙建于1753年，该庙曾于1953年及1986年重修。在1953年的重修中，庙旁建设了协天宫。"
             "1986年重修时更换了屋顶。", title="天后庙")


def verdict(answer: str, question: str, shown: list | None = None):
    return first_verdict(answer, question, shown or [TEMPLE])


def test_a_fact_stated_for_another_year_does_not_answer_for_the_asked_one():
    s = verdict("1986年重修时在庙旁建设了协天宫[1]。", "海滨天后庙在1986年重修时在庙旁建设了什么？")
    assert not s.supported and s.rule == "source_year", s.reason
    assert "1953" in s.reason


@pytest.mark.parametrize("answer, question", [
    ("1953年重修时在庙旁建设了协天宫[1]。", "海滨天后庙在1953年重修时在庙旁建设了什么？"),  # the year asked
    ("1986年重修时更换了屋顶[1]。", "海滨天后庙在1986年重修时做了什么？"),
])
def test_a_fact_stated_for_the_asked_year_passes(answer, question):
    s = verdict(answer, question)
    assert s.supported, s.reason


def test_a_source_sentence_without_a_year_of_its_own_is_not_judged():
    shown = [hit("2022年，全市新建公园12个。其中城市公园5个，口袋公园7个。", title="公园")]
    s = verdict("2023年全市新建口袋公园7个[1]。", "2023年全市新建了多少个口袋公园？", shown)
    assert s.rule != "source_year"


def test_a_year_a_change_starts_from_does_not_date_its_end_value():
    # "由2021年的15.8%提升至20.2%": 20.2% is the later year's figure, not 2021's
    rise = hit("2022年星河音乐营收稳步增长。星河音乐的付费率由2021年的15.8%进一步提升至20.2%，用户黏性较高。",
               title="星河音乐年报", doc="music")
    s = first_verdict("2022年星河音乐的付费率是20.2%[1]。", "2022年星河音乐的付费率是多少？", [rise])
    assert s.supported, s.reason


def test_a_months_figure_does_not_answer_for_the_whole_year():
    month = hit("9月30日，统计局数据显示，2022年8月，星河市通胀率预计为6.1%，高于7月的5.9%。", title="通胀", doc="cpi")
    s = first_verdict("2022年全年星河市通胀率为6.1%[1]。", "2022年全年星河市通胀率是多少？", [month])
    assert not s.supported and s.rule == "source_year" and "全年" in s.reason, s.reason
    year = hit("1月18日，统计局数据显示，2022年全年星河市通胀率为6.1%。", title="通胀", doc="cpi")
    assert first_verdict("2022年全年星河市通胀率为6.1%[1]。", "2022年全年星河市通胀率是多少？", [year]).supported


def test_a_snippets_page_date_names_no_year_and_the_year_in_force_is_the_facts_clause():
    # the page was crawled in 2022; the figure is 2021's
    snippet = hit("Sep 16, 2022 ... 2021年，星河市工业增加值比上年增长9.6%，拉动经济增长3.1个百分点。", title="", doc="ind")
    s = first_verdict("2022年星河市工业增加值比上年增长9.6%[1]。", "2022年星河市工业增加值比上年增长了多少？", [snippet])
    assert not s.supported and s.rule == "source_year", s.reason
    # a year stated after the fact's clause (a forecast) does not date it
    later = hit("Dec 3, 2021 ... 星河区11月通胀率创下4.9%的新高，最快要到2022年底才会回落。", title="", doc="cpi2")
    s = first_verdict("2021年11月星河区通胀率是4.9%[1]。", "2021年11月星河区通胀率是多少？", [later])
    assert s.rule != "source_year", s.reason


def test_a_months_figure_does_not_answer_a_how_much_question_on_the_year():
    august = hit("中汽协数据显示，2022年8月星河市汽车出口量达30.8万辆，同比增长65%。", title="出口", doc="cars")
    s = first_verdict("2022年星河市汽车出口量为30.8万辆[1]。", "2022年星河市汽车出口量是多少？", [august])
    assert not s.supported and s.rule == "source_year" and "8月" in s.reason, s.reason
    running = hit("中汽协数据显示，截至2022年12月星河市汽车出口量达30.8万辆。", title="出口", doc="cars")
    assert first_verdict("2022年星河市汽车出口量为30.8万辆[1]。", "2022年星河市汽车出口量是多少？", [running]).supported


def test_a_quarters_figure_in_a_sentence_cut_at_a_semicolon_is_no_full_year_figure():
    # a written rgb_zh-style question: "第四季度营收…；净利润…；…净利润为36.87亿美元" is the quarter's, not 全年's
    report = hit("数据显示，公司第四季度营收243.18亿美元，同比增长37%；净利润37.07亿美元；归属于普通股股东的净利润为"
                 "36.87亿美元，相比增长59%。2022年全年，公司交付了超过131万辆的电动车。", title="财报")
    s = first_verdict("公司2022年全年净利润为36.87亿美元[1]。", "公司2022年全年净利润", [report])
    assert not s.supported and s.rule == "source_year" and "四季度" in s.reason, s.reason
    s = first_verdict("公司2022年全年交付了超过131万辆电动车[1]。", "公司2022年全年交付量", [report])
    assert s.supported, s.reason


def test_a_year_the_figure_is_compared_with_is_not_its_year():
    # written round: "恢复至2019年同期" compares 2023's figure with 2019's
    assert years_stated("同比增长70.83%，按可比口径恢复至2019年同期的119.09%") == set()
    shown = [hit("2023年“五一”假期全国国内旅游出游合计2.74亿人次，同比增长70.83%，按可比口径恢复至2019年同期的119.09%。",
                 title="假期")]
    v = verify_answer("2023年五一假期国内旅游出游人次同比增长70.83%[1]。", shown, REFUSAL,
                      question="2023年五一假期国内旅游出游人次同比增长多少？")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_a_year_something_is_counted_from_is_not_the_figures_year():
    # written round: "为2020年影院复工以来最低" counts from 2020; the box office is 2022's (the year asked)
    assert years_stated("为2020年影院复工以来最低") == set() and years_stated("2020年，全国") == {"2020"}
    shown = [hit("据统计，4月清明小长假期间，全国影院营业比例不足50%，为2020年影院复工以来最低，清明档总票房仅1.2亿元，"
                 "相比2021年同期的8.2亿元新高更是下滑85%。",
                 title="清明档")]
    v = verify_answer("2022年清明档总票房为1.2亿元[1]。", shown, REFUSAL, question="2022年清明档总票房")
    assert v.sentences[0].supported, v.sentences[0].reason
    assert not verdict("1986年重修时在庙旁建设了协天宫[1]。", "海滨天后庙在1986年重修时在庙旁建设了什么？").supported


def test_the_year_in_force_carries_across_a_semicolon():
    # fresh round R149: `2021年末…总人口为14.126亿人；全年出生人口1062万人` given as 2022's births, in a snippet dated 2022
    snippet = hit("Jan 16, 2022 ... 星河国统计局周一公布，2021年末总人口为14.126亿人，比上年末增加48万人；全年出生人口1062万人，"
                  "人口出生率进一步降至7.52‰。", title="")
    s = first_verdict("2022年星河国出生人口数量为1062万人[1]。", "2022年星河国出生人口数量", [snippet])
    assert not s.supported and s.rule == "source_year" and "2021" in s.reason, s
    assert first_verdict("2021年星河国出生人口数量为1062万人[1]。", "2021年星河国出生人口数量", [snippet]).supported
