"""The `copied_material` rule (rag/verify/rules/copied_material.py) on crafted passages and real sample passages."""
from __future__ import annotations

from rag.config import load_settings
from rag.verify import verify_answer

from tests.verify.support import REFUSAL, FOUNDING


def test_the_material_copied_out_of_the_prompt_is_no_answer():
    q = "星河科技公司的创始人是谁？"
    dump = "【资料】[1] 星河科技公司成立于2009年，总部位于杭州。公司创始人是李明远，他此前在一家软件企业任职。"
    v = verify_answer(dump, [FOUNDING], REFUSAL, question=q)
    assert v.text == "" and {s.rule for s in v.sentences} == {"copied_material"}  # every sentence of the copy
    assert not any("【资料】" in s.text for s in v.sentences)  # removed sentences are listed without the label too
    kept = verify_answer(dump, [FOUNDING], REFUSAL, question=q, settings=load_settings(verify_skip="copied_material"))
    assert "李明远" in kept.text  # without the rule, the copy's second sentence would pass as the answer


def test_an_output_opening_with_a_passage_number_is_the_material_laid_out():
    q = "星河科技公司的创始人是谁？"
    v = verify_answer("[1] 公司创始人是李明远，他此前在一家软件企业任职。", [FOUNDING], REFUSAL, question=q)
    assert v.text == "" and {s.rule for s in v.sentences} == {"copied_material"}
    # a marker closing a sentence may open the next one after the split: only the whole output's start counts
    ok = verify_answer("星河科技公司的创始人是李明远。[1] 他此前在一家软件企业任职。[1]", [FOUNDING], REFUSAL, question=q)
    assert "李明远" in ok.text and "copied_material" not in {s.rule for s in ok.sentences}
