"""The `relative_asked` rule (rag/verify/rules/relative_asked.py): a relative asked is named by the fact's sentence."""
from __future__ import annotations

import pytest

from rag.verify import verify_answer

from tests.verify.support import REFUSAL, hit

PRINCE = hit("万历十一年二月，潞王娶生员李得时之女为王妃。万历四十二年，得知母后驾崩，潞王悲恸废寝食，不久即病逝，"
             "葬于潞王陵。王妃李氏卒于崇祯三年。", title="潞王")
SCHOLAR = hit("张伯远，字子文，洛阳人，张雍之子。晚年提举太平观。学者李绍认为《辨论》乃张伯远伪作。", title="张伯远")


def test_a_fact_of_the_person_alone_is_no_answer_on_the_relative():
    # written cmrc2018-style round: the prince's own death offered for when his consort died
    v = verify_answer("万历四十二年，潞王不久即病逝[1]。", [PRINCE], REFUSAL, question="潞王的王妃李氏是在哪一年去世的？")
    assert not v.text and v.sentences[0].rule == "relative_asked", v.sentences
    v = verify_answer("王妃李氏卒于崇祯三年[1]。", [PRINCE], REFUSAL, question="潞王的王妃李氏是在哪一年去世的？")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_the_relation_is_named_either_way_round():
    # "张雍之子" names the scholar's father; a name from a sentence naming no relation is another person's
    # (cmrc2018 DEV_257_QUERY_0's shape: the father asked, a critic's name given)
    v = verify_answer("张伯远的父亲是张雍[1]。", [SCHOLAR], REFUSAL, question="张伯远的父亲名字叫什么？")
    assert v.sentences[0].supported, v.sentences[0].reason
    v = verify_answer("张伯远的父亲名字叫李绍[1]。", [SCHOLAR], REFUSAL, question="张伯远的父亲名字叫什么？")
    assert not v.text and v.sentences[0].rule == "relative_asked", v.sentences


def test_a_question_on_no_relative_is_not_judged():
    v = verify_answer("万历四十二年，潞王不久即病逝[1]。", [PRINCE], REFUSAL, question="潞王是在哪一年去世的？")
    assert v.sentences[0].rule != "relative_asked", v.sentences


OFFICIAL = hit("陈文远，字子安，江南人，清朝官员。陈文远父陈守业，是扬州盐商。有子陈振声，历任三朝。", title="陈文远")
MOTHER = hit("王芳女士的儿子李明今年考入北京大学。", title="高考")


@pytest.mark.parametrize("answer, question, shown, supported", [
    # a written cmrc2018-style question: `…父曹景宸` names the official's father; the model gave him as the son
    ("陈文远的儿子叫陈守业[1]。", "陈文远的儿子叫什么名字？", OFFICIAL, False),
    ("陈文远的儿子叫陈振声[1]。", "陈文远的儿子叫什么名字？", OFFICIAL, True),
    ("陈文远的父亲是陈守业[1]。", "陈文远的父亲是谁？", OFFICIAL, True),
    ("王芳的儿子是李明[1]。", "王芳的儿子是谁？", MOTHER, True),  # 女士 after the name names no daughter
])
def test_a_parent_or_child_named_right_after_the_person_is_that_relative(answer, question, shown, supported):
    s = verify_answer(answer, [shown], REFUSAL, question=question).sentences[0]
    assert s.supported == supported and (supported or s.rule == "relative_asked"), s
