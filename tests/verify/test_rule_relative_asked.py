"""The `relative_asked` rule (rag/verify/rules/relative_asked.py): a relative asked is named by the fact's sentence."""
from __future__ import annotations

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
