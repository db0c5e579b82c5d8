"""The `reporter_credit` rule (rag/verify/rules/reporter_credit.py) on real sample passages."""
from __future__ import annotations

import pytest

from rag.structure import reporter_credits
from rag.verify import verify_answer

from tests.verify.support import DOC, PAGE2, REFUSAL, passage

CLASS = passage("11月5日,大足区文化馆开办的公益课堂上", 160, title="公益课堂学叶雕", page=PAGE2)


def test_a_photographer_is_no_answer_to_who_taught_the_class():
    v = verify_answer("黄舒[1]。", [CLASS], REFUSAL, question="大足区文化馆叶雕公益课堂的授课老师叫什么名字？")
    assert not v.sentences[0].supported and v.sentences[0].rule == "reporter_credit"
    assert "黄舒" in v.sentences[0].reason


def test_a_credit_answers_who_reported_or_photographed():
    v = verify_answer("黄舒[1]。", [CLASS], REFUSAL, question="公益课堂学叶雕是哪位记者拍摄的？")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_an_authors_byline_is_not_a_reporters_credit():
    # An opinion piece's author is who argues what it says: "谁提出…" is answered by the byline □樊自甫 万晓榆.
    shown = [passage("□樊自甫 万晓榆", 300, title="服务企业复工复产要合")]
    v = verify_answer("樊自甫、万晓榆提出要抢抓疫情带来的数字化转型机遇[1]。", shown, REFUSAL,
                      question="谁提出要抢抓疫情带来的数字化转型机遇？")
    assert v.sentences[0].supported, v.sentences[0].reason


@pytest.mark.parametrize("text, names", [
    ("新渝报讯（记者 侯小梅 实习生 彭茜）日前，代表团到大足考察交流。", {"侯小梅", "彭茜"}),
    ("丰富孩子们的校外生活。新渝报记者 黄舒 摄", {"黄舒"}),
    ("□ 重庆日报记者 陈维灯\n下一篇", {"陈维灯"}),
    ("俄罗斯拘留了一名美国报社记者，外交部回应。", set()),  # a reporter in the news, not a credit
    ("□樊自甫 万晓榆", set()),  # an author's byline
])
def test_reporter_credits(text, names):
    found, rest = reporter_credits(text)
    assert found == names
    assert not any(n in rest for n in names)


def test_the_sample_pages_credits():
    assert {"侯小梅", "彭茜", "黄舒"} <= reporter_credits(PAGE2)[0]
    assert not reporter_credits(DOC)[0] & {"樊自甫", "万晓榆", "高永强"}


def test_a_passage_past_the_dateline_shows_its_reporter_as_author():
    # a written sample round: the passage after `新渝报讯（记者 邓小强）` is shown as 作者：邓小强; he is no 人社局局长
    talk = passage("大足区人社局局长负责人与考察组嘉宾座谈", 120, title="大足资阳共推人力资源产业协同发展", author="邓小强",
                   page=PAGE2)
    talk.before = PAGE2[PAGE2.index("大足资阳共推"):talk.chunk.start]
    v = verify_answer("大足区人社局局长叫邓小强[1]。", [talk], REFUSAL, question="大足区人社局局长叫什么名字？")
    assert not v.text and v.sentences[0].rule == "reporter_credit", v.sentences
    v = verify_answer("《大足资阳共推人力资源产业协同发展》的作者是邓小强[1]。", [talk], REFUSAL,
                      question="《大足资阳共推人力资源产业协同发展》是哪位记者写的？")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_a_name_only_in_the_authors_note_tells_who_wrote_the_article():
    # a written sample round: the author's institute given as the issuer of a document the article quotes
    from dataclasses import replace
    shown = passage("《法治政府建设实施纲要", 150, title="超大城市需用“数治”", page=PAGE2)
    shown.chunk = replace(shown.chunk, note="作者系重庆市习近平法治思想研究院、西南政法大学全面依法治国研究院教授")
    q = "《法治政府建设实施纲要(2021—2025年)》是由哪个部门印发的？"
    v = verify_answer("《法治政府建设实施纲要(2021—2025年)》是由西南政法大学全面依法治国研究院印发的[1]。", [shown], REFUSAL,
                      question=q)
    assert not v.text and v.sentences[0].rule == "reporter_credit" and "作者简介" in v.sentences[0].reason, v.sentences
    v = verify_answer("作者是西南政法大学全面依法治国研究院教授[1]。", [shown], REFUSAL,
                      question="《超大城市需用“数治”》的作者是哪个研究院的教授？")
    assert v.sentences[0].rule != "reporter_credit", v.sentences
