"""Reading the model's output into claims: markers, sentences, numbered lists, refusals, repeats, prompt labels."""
from __future__ import annotations

import pytest

from rag.verify import verify_answer
from rag.verify.claims import claims_of, is_refusal, parse_markers, split_answer, without_enumerators

from tests.verify.support import REFUSAL, hit, FOUNDING


def test_model_refusal_is_detected(hits):
    v = verify_answer("资料中没有找到相关信息。", hits, REFUSAL)
    assert v.model_refused and v.citations == []
    assert is_refusal("根据资料，无法确定樊自甫的出生年份。", REFUSAL)


def test_refusal_after_a_supported_sentence_is_dropped_not_obeyed(hits):
    v = verify_answer("华为WeLink等办公软件呈现爆发式增长[1]。资料中没有找到相关信息。", hits, REFUSAL)
    assert not v.model_refused and [c.number for c in v.citations] == [1]
    assert "资料中没有" not in v.text and "WeLink" in v.text
    first = verify_answer("资料中没有找到相关信息。华为WeLink等办公软件呈现爆发式增长[1]。", hits, REFUSAL)
    assert first.model_refused


def test_parse_markers_variants():
    assert parse_markers("甲[1,2]乙【3】丙[1-3]丁［4］") == [1, 2, 3, 4]
    assert parse_markers("没有标注") == []


def test_split_answer_keeps_markers_after_full_stop():
    assert split_answer("第一句。[1]第二句[2]。\n第三句") == ["第一句。[1]", "第二句[2]。", "第三句"]


def test_a_sentence_the_model_repeats_is_shown_once(hits):
    # sample s52: the 1.5B model looped on one cited sentence four times.
    v = verify_answer("要建设存储容量达50PB级的高性能超算中心[2]；要建设存储容量达50PB级的高性能超算中心[2]；"
                      "……要建设存储容量达50PB级的高性能超算中心[2]。", hits, REFUSAL)
    assert v.text.count("50PB") == 1 and len(v.sentences) == 1 and v.sentences[0].supported


def test_the_prompt_label_is_not_shown_to_the_user():
    q = "星河科技公司的创始人是谁？"
    v = verify_answer("根据【资料】，公司创始人是李明远[1]。", [FOUNDING], REFUSAL, question=q)
    assert v.text == "公司创始人是李明远[1]。" and v.sentences[0].supported
    v = verify_answer("根据【资料】中的报道，公司创始人是李明远[1]。", [FOUNDING], REFUSAL, question=q)
    assert v.text.startswith("根据资料中的报道，") and "【" not in v.text


@pytest.mark.parametrize("text, expected", [
    ("1. 卡门\n2. 纳戴[1]\n3. 普拉格", "卡门\n纳戴[1]\n普拉格"),
    ("（1）甲[1]\n（2）乙[2]", "甲[1]\n乙[2]"),
    ("1、2月份销量增长[1]。", "1、2月份销量增长[1]。"),  # one line: a list of months, not a numbered list
    ("1.4万名志愿者[1]\n2. 其他", "1.4万名志愿者[1]\n2. 其他"),  # 1.4 is a number; the lines are not numbered 1, 2
    ("1. 甲\n3. 乙", "1. 甲\n3. 乙"),  # not numbered in order
    ("1. 奥洛夫·帕尔梅[2]", "奥洛夫·帕尔梅[2]"),  # "1. " alone: a list of one item (no number is written so)
    ("2. 甲", "2. 甲"),  # alone and not the first: left as written
])
def test_a_numbered_lists_numbers_are_layout(text, expected):
    assert without_enumerators(text) == expected


def test_a_numbered_list_is_checked_without_its_numbers():
    teacher = hit("他培养了许多知名的力学家，除冯·卡门外，还有纳戴、威廉·普拉格等。")
    q = "他培养了哪些知名的力学家？"
    v = verify_answer("1. 冯·卡门\n2. 纳戴\n3. 威廉·普拉格", [teacher], REFUSAL, question=q)
    assert [s.supported for s in v.sentences] == [True, True, True] and "1." not in v.text
    # before, "1." was checked as the number 1 and the list refused
    assert all(c.number == 1 for c in v.citations)


def test_a_footnote_copied_from_a_passage_cites_that_passage():
    # web and encyclopedia text carries its own references; the model copies "[14]" with the sentence it closes
    signing = hit("7月9日，本泽马顺利通过了皇马的体检，并与皇马签下了长达六年的合同。[14]当天下午，他在球场受到了球迷的欢迎。",
                  title="转会", doc="a")
    overlap = hit("[14]当天下午，他在球场受到了球迷的欢迎。[15] 他在7月20日的比赛中替补出场。", title="转会", doc="a")
    other = hit("他很快就恢复了训练，4天后就参加了训练赛。", title="训练", doc="b")
    texts = [h.chunk.text for h in (signing, overlap, other)]
    assert claims_of("他签下了长达六年的合同。[14]", texts)[0].marked == [1]  # not the chunk only opening with it
    q = "本泽马与皇马签下了多长时间的合同？"
    v = verify_answer("本泽马与皇马签下了6年的合同。[14]", [signing, overlap, other], REFUSAL, question=q)
    assert v.sentences[0].supported and v.sentences[0].citations == [1], v.sentences[0].reason
    # a marker matching no passage and no footnote is dropped
    assert claims_of("他签署了合同。[9]", texts)[0].marked == []


def test_a_quoted_title_ends_no_sentence():
    # written cmrc2018-style round: 《…！》 had split the answer into "《…！" and "》共有13卷"
    assert split_answer("《小姐与执事！》共有13卷[1]。她说：好！[2]") == ["《小姐与执事！》共有13卷[1]。", "她说：好！[2]"]
    assert split_answer("书名号没有合上《前半！后半。") == ["书名号没有合上《前半！", "后半。"]
