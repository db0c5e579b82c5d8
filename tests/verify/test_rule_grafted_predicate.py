"""The `grafted_predicate` rule (rag/verify/rules/grafted_predicate.py) on crafted passages and real sample passages."""
from __future__ import annotations

import pytest

from rag.verify import verify_answer
from rag.verify.rules.grafted_predicate import grafted_predicate

from tests.verify.support import PAGE2, REFUSAL, passage


def test_the_question_verb_glued_onto_another_clause_of_the_passage_is_unsupported():
    # sample u12 (unanswerable): the passage never gives 张安疆's post.
    hits = [passage("张安疆表示", 120, page=PAGE2)]
    q = "张安疆担任什么职务？"
    v = verify_answer("张安疆担任重庆将围绕“416”科技创新战略布局和“33618”现代制造业集群体系[1]。", hits, REFUSAL, question=q)
    assert not v.sentences[0].supported and "担任" in v.sentences[0].reason
    # what the passage does say, stated with its own verb, stands
    v = verify_answer("张安疆表示，重庆将围绕“416”科技创新战略布局[1]。", hits, REFUSAL, question="张安疆表示了什么？")
    assert v.sentences[0].supported


@pytest.mark.parametrize("sentence, question, passage, verb", [
    ("张安疆担任重庆将围绕科技创新战略布局", "张安疆担任什么职务？", "张安疆表示，重庆将围绕科技创新战略布局。", "担任"),
    # a noun phrase after the passage's synonym verb is an answer (cmrc DEV_1176, DEV_1072)
    ("分区赛采用5战3胜制的系列赛", "分区赛采用什么赛制？", "两两捉对厮杀，分别进行5战3胜制的系列赛。", ""),
    ("大学设立了以大律师余若薇为首的独立委员会", "大学设立了以谁为首的独立委员会？",
     "在立法会的压力下，大学设立以大律师余若薇为首的独立委员会。", ""),
    # a post after punctuation, with no verb of its own, is an answer too
    ("王某担任重庆市委书记", "王某担任什么职务？", "王某，重庆市委书记，出席会议。", ""),
    ("张安疆担任重庆将围绕科技创新战略布局", "张安疆担任什么职务？", "张安疆担任重庆将围绕科技创新战略布局。", ""),
])
def test_grafted_predicate(sentence, question, passage, verb):
    assert grafted_predicate(sentence, question, passage) == verb
