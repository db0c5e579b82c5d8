"""The answerability judges (rag.judge): one contract every implementation keeps, then each one's own."""
from __future__ import annotations

import pytest

from rag.config import load_settings
from rag.errors import RagError
from rag.judge import confidence, get_judge
from rag.judge.local import LocalJudge
from rag.judge.replay import ReplayJudge

from tests.verify.support import hit

STATED = hit("星河科技公司2020年营收达到12亿元，员工超过3000人。", title="星河科技发布年报")


@pytest.fixture(scope="module")
def local():
    return get_judge(load_settings(judge="local"))


@pytest.fixture(params=["local", "replay"])
def judge(request, local):
    if request.param == "local":
        return local
    return ReplayJudge({"margin": 2.0, "cited": [STATED.chunk.chunk_id]}, fallback=local)


def test_every_judge_gives_a_margin_for_passages(judge):
    margin = judge.margin("星河科技公司有多少员工？", [STATED])
    assert isinstance(margin, float) and margin > 0  # a stated item: the model leans yes


def test_the_local_judge_scores_a_stated_item_above_an_absent_one(local):
    assert isinstance(local, LocalJudge)
    stated = local.margin("星河科技公司有多少员工？", [STATED])
    absent = local.margin("星河科技公司2019年营收多少？", [STATED])
    assert stated - absent > 1.0


def test_the_local_judge_has_its_own_context_over_the_answers_model(local, settings):
    from rag.generate import get_generator

    generator = get_generator(settings.replace(llm="local"))
    assert local.llm is generator.llm  # one copy of the weights (llama.cpp repacks them at each load)
    generator.warm_up("你是严谨的助手。")  # the answer context holds a system prompt...
    held = (generator.llm.n_tokens, list(generator.llm.input_ids[:generator.llm.n_tokens]))
    assert held[0] > 0
    first = local.margin("星河科技公司有多少员工？", [STATED])
    assert (generator.llm.n_tokens, list(generator.llm.input_ids[:generator.llm.n_tokens])) == held  # ...still
    assert local.margin("星河科技公司有多少员工？", [STATED]) == first  # and each judgement starts afresh


def test_replay_asks_its_fallback_only_for_other_passages(local):
    other = hit("星河科技公司2020年营收达到12亿元。", doc="d9")
    assert ReplayJudge({"margin": -3.0, "cited": ["d9#0"]}).margin("q", [other]) == -3.0
    assert ReplayJudge({"margin": -3.0, "cited": ["d1#0"]}).margin("q", [other]) is None
    assert ReplayJudge({"margin": -3.0, "cited": ["d1#0"]}, local).margin("星河科技公司营收多少？", [other]) > 0


def test_which_judge_the_settings_name():
    assert get_judge(load_settings(llm="extractive")) is None  # auto: no local model to read logits from
    assert get_judge(load_settings(judge="off")) is None
    with pytest.raises(RagError, match="judge='oracle'"):
        get_judge(load_settings(judge="oracle"))
    from rag.answer import ask_stream

    with pytest.raises(RagError, match="judge='oracle'"):  # before retrieval and generation, not after the answer
        next(ask_stream("星河科技公司有多少员工？", settings=load_settings(llm="extractive", judge="oracle")))


def test_confidence_bands_follow_the_settings():

    settings = load_settings()
    assert confidence(None, settings) is None  # not judged
    assert confidence(settings.judge_high_margin, settings) == "high"
    assert confidence(settings.judge_high_margin - 0.01, settings) == "medium"
    assert confidence(settings.judge_medium_margin, settings) == "medium"
    assert confidence(settings.judge_medium_margin - 0.01, settings) == "low"
    assert confidence(3.0, settings.replace(judge_high_margin=3.5)) == "medium"


def test_the_verifier_records_the_judges_band_beside_its_margin(local):
    from rag.verify import verify_answer

    settings = load_settings()
    verified = verify_answer("星河科技公司员工超过3000人[1]。", [STATED], "资料中没有找到相关信息。",
                             "星河科技公司有多少员工？", settings, local)
    assert verified.judged["margin"] > settings.verify_judge_min_margin
    assert verified.judged["confidence"] == confidence(verified.judged["margin"], settings)
