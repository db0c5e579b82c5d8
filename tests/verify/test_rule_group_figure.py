"""The `group_figure` rule (rag/verify/rules/group_figure.py): a figure given for a group is not one member's."""
from __future__ import annotations

import pytest

from rag.verify import verify_answer

from tests.verify.support import PAGE2, REFUSAL, first_verdict, hit, passage

COOPERATION = passage("四是建立科技合作机制", 120, title="", page=PAGE2)
FUNDING = hit("该铁路项目投资总额约为28亿元，其中国家出资60%，山东省和烟台港集团公司出资40%。", title="铁路")


def verdict(answer: str, shown: list, question: str):
    return first_verdict(answer, question, shown)


@pytest.mark.parametrize("answer, question", [
    ("重庆与塞尔维亚达成了15项科技合作意向[1]。", "重庆与塞尔维亚单独达成了几项科技合作意向？"),
    ("重庆与蒙古达成了15项科技合作意向[1]。", "重庆与蒙古达成了几项科技合作意向？"),
])
def test_a_list_of_countries_figure_is_not_one_countrys(answer, question):
    s = verdict(answer, [COOPERATION], question)
    assert not s.supported and s.rule == "group_figure", s.reason
    assert "15" in s.reason


def test_the_group_named_whole_passes():
    s = verdict("重庆与蒙古、塞尔维亚等国家达成科技合作意向15项[1]。", [COOPERATION],
                "重庆与哪些国家达成了几项科技合作意向？")
    assert s.supported, s.reason


def test_two_funders_share_is_not_one_funders():
    s = verdict("烟台港集团公司出资40%[1]。", [FUNDING], "烟台港集团公司出资占多少？")
    assert not s.supported and s.rule == "group_figure"
    s = verdict("国家出资60%[1]。", [FUNDING], "国家出资占多少？")  # its own figure
    assert s.supported, s.reason


def test_a_figure_per_member_is_the_members():
    shown = [hit("山东省和烟台港集团公司分别出资25%和15%。", title="铁路")]
    s = verdict("烟台港集团公司出资15%[1]。", shown, "烟台港集团公司出资占多少？")
    assert s.supported, s.reason


def test_with_is_not_a_group():
    # 重庆与蒙古…: Chongqing reached the agreements with the countries, it is not one of them.
    s = verdict("重庆达成科技合作意向15项[1]。", [COOPERATION], "重庆达成了几项科技合作意向？")
    assert s.supported, s.reason


def test_a_bare_figure_of_a_list_of_common_nouns_is_not_one_nouns():
    # written round (search-box style): "家庭指标额度" answered with the figure of 家庭和个人 together
    shown = [hit("今年的指标中，家庭和个人指标额度共计6000个，其中家庭指标额度4800个、占比80%。", title="指标")]
    s = verdict("6000个[1]。", shown, "今年家庭指标额度")
    assert not s.supported and s.rule == "group_figure" and "6000" in s.reason
    assert verdict("4800个[1]。", shown, "今年家庭指标额度").supported
    # the question asks about the list itself
    assert verdict("6000个[1]。", shown, "今年家庭和个人指标额度").supported


def test_a_whole_given_before_its_part_is_no_figure_of_the_part():
    # written rgb_zh-style round: the summer grain's area given for the wheat's, named right after it with 其中
    grain = hit("全国夏粮播种面积26530千公顷（39795万亩），比2021年增加92.1千公顷，增长0.3%。"
                "其中小麦播种面积22962千公顷（34443万亩），比2021年增加50.8千公顷。", title="夏粮")
    q = "2022年全国夏粮小麦播种面积"
    v = verify_answer("2022年全国夏粮小麦播种面积26530千公顷（39795万亩）[1]。", [grain], REFUSAL, question=q)
    assert not v.text and v.sentences[0].rule == "group_figure" and "其中小麦" in v.sentences[0].reason, v.sentences
    v = verify_answer("2022年全国夏粮小麦播种面积22962千公顷（34443万亩）[1]。", [grain], REFUSAL, question=q)
    assert v.sentences[0].supported, v.sentences[0].reason
    v = verify_answer("2022年全国夏粮播种面积26530千公顷[1]。", [grain], REFUSAL, question="2022年全国夏粮播种面积")
    assert v.sentences[0].supported, v.sentences[0].reason
