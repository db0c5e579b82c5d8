"""The `bound_asked` rule (rag/verify/rules/bound_asked.py): the lower bound of a range is no answer for the upper."""
from __future__ import annotations

from rag.verify.rules.bound_asked import bound_before
from tests.verify.support import first_verdict, hit

FEE = hit("如果交易因买方原因未能完成，买方将支付最低20亿元、最高30亿元的分手费。", title="并购", doc="deal")
QUESTION = "如果交易因买方原因未能完成，买方最高需支付多少分手费？"


def test_the_bound_is_read_from_the_words_just_before_the_number():
    text = "支付最低20亿元、最高30亿元"
    assert bound_before(text, text.index("20")) == "low"
    assert bound_before(text, text.index("30")) == "high"
    assert bound_before("共支付20亿元", 4) == ""
    assert bound_before("最高气温，支付20亿元", 7) == ""  # another clause's bound


def test_the_lower_bound_given_for_the_upper_is_refused():
    s = first_verdict("买方最高需支付20亿元的分手费[1]。", QUESTION, [FEE])
    assert not s.supported and s.rule == "bound_asked", s.reason


def test_the_bound_asked_passes():
    assert first_verdict("买方最高需支付30亿元的分手费[1]。", QUESTION, [FEE]).supported
    s = first_verdict("买方最低需支付20亿元的分手费[1]。", QUESTION.replace("最高", "最低"), [FEE])
    assert s.supported, s.reason
