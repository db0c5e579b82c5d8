"""The `question_figure` rule (rag/verify/rules/question_figure.py): a figure the question states pins down the fact
asked; the answer is the value the cited passage gives beside it, not a neighbouring sentence's."""
from __future__ import annotations

import pytest

from rag.verify import verify_answer
from tests.verify.support import REFUSAL, hit

# R172's construction on a crafted passage: the target year beside the target figure, another year in the next sentence
PLAN = hit("星河汽车此前发布的报告显示，到2030年，星河汽车的目标是实现每年销售300万辆电动汽车。"
           "到2025年，随着竞争对手推出80款新车型，星河汽车在本地市场的份额可能降到一成。", title="星河汽车")
QUESTION = "星河汽车计划到哪一年实现年销300万辆电动汽车？"


@pytest.mark.parametrize("answer, supported", [
    ("2025年[1]。", False),  # the neighbouring sentence's year
    ("星河汽车计划到2025年实现年销300万辆电动汽车[1]。", False),
    ("2030年[1]。", True),  # the year written beside 300万辆
])
def test_the_answer_is_the_value_beside_the_questions_figure(answer, supported):
    s = verify_answer(answer, [PLAN], REFUSAL, question=QUESTION).sentences[0]
    assert s.supported is supported, s.reason
    assert supported or (s.rule == "question_figure" and "300万辆" in s.reason), s


def test_a_question_without_a_figure_of_its_own_is_not_judged_here():
    # the year asked about is no figure that pins the fact down, nor is 哪一年's 一
    s = verify_answer("2025年[1]。", [PLAN], REFUSAL, question="星河汽车的市场份额可能在哪一年降到一成？").sentences[0]
    assert s.rule != "question_figure", s


def test_a_figure_in_another_unit_beside_the_questions_is_no_rival():
    # the sentence holding 300万辆 gives no other year: the rule has nothing to set against the answer
    shown = [hit("星河汽车的目标是实现每年销售300万辆电动汽车。到2025年，星河汽车的市场份额可能降到一成。", title="星河汽车")]
    s = verify_answer("2025年[1]。", shown, REFUSAL, question=QUESTION).sentences[0]
    assert s.rule != "question_figure", s
