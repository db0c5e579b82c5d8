"""answerable_judge: the real local model reads the cited passage and judges whether it states the item asked."""
from __future__ import annotations

import pytest

from rag.config import load_settings
from rag.judge import get_judge
from rag.judge.replay import ReplayJudge
from rag.verify import verify_answer
from rag.verify.registry import skip_setting

from tests.verify.support import REFUSAL, hit

REPORT = hit("星河科技公司成立于2008年，总部位于杭州，主要生产无人机。2020年公司营收达到12亿元，员工超过3000人。"
             "公司董事长李明表示，明年将在成都建设新工厂。", title="星河科技发布年报")
ONLY_JUDGE = skip_setting(only="answerable_judge")  # the other rules off: this rule's own verdict


@pytest.fixture(scope="module")
def judge():
    return get_judge(load_settings(judge="local"))


def test_a_neighbouring_fact_is_refused_and_the_stated_one_kept(judge):
    settings = load_settings(verify_skip=ONLY_JUDGE)
    # 2020's revenue is stated; the question asks 2019's: every word of the answer is in the passage
    other_year = verify_answer("星河科技公司营收达到12亿元[1]。", [REPORT], REFUSAL, question="星河科技公司2019年营收多少？",
                               settings=settings, judge=judge)
    assert not other_year.citations and other_year.sentences[0].rule == "answerable_judge"
    assert other_year.judged["margin"] < settings.verify_judge_min_margin
    assert other_year.judged["cited"] == [REPORT.chunk.chunk_id]
    stated = verify_answer("星河科技公司员工超过3000人[1]。", [REPORT], REFUSAL, question="星河科技公司有多少员工？",
                           settings=settings, judge=judge)
    assert stated.citations and stated.judged["margin"] >= settings.verify_judge_min_margin


def test_the_judge_reads_only_answers_that_every_other_rule_let_through(judge):
    # a sentence key_facts removes leaves nothing to judge: no model pass
    invented = verify_answer("星河科技公司营收达到15亿元[1]。", [REPORT], REFUSAL, question="星河科技公司营收多少？",
                             judge=judge)
    assert invented.sentences[0].rule == "key_facts" and invented.judged is None
    refused = verify_answer(REFUSAL, [REPORT], REFUSAL, question="星河科技公司营收多少？", judge=judge)
    assert refused.model_refused and refused.judged is None


def test_a_stored_verdict_is_replayed_only_for_the_passages_it_was_given_for():
    settings = load_settings(verify_skip=ONLY_JUDGE)
    stored = {"margin": 0.4, "cited": [REPORT.chunk.chunk_id], "seconds": 1.0}
    replayed = verify_answer("星河科技公司员工超过3000人[1]。", [REPORT], REFUSAL, question="星河科技公司有多少员工？",
                             settings=settings, judge=ReplayJudge(stored))
    assert replayed.sentences[0].rule == "answerable_judge"  # the stored 0.4, not a new judgement
    other = hit("星河科技公司员工超过3000人。", doc="d2")
    unjudged = verify_answer("星河科技公司员工超过3000人[1]。", [other], REFUSAL, question="星河科技公司有多少员工？",
                             settings=settings, judge=ReplayJudge(stored))
    assert unjudged.citations and unjudged.judged["margin"] is None  # no verdict for d2: the rule passes


def test_without_a_judge_the_rule_passes():
    kept = verify_answer("星河科技公司营收达到12亿元[1]。", [REPORT], REFUSAL, question="星河科技公司2019年营收多少？",
                         settings=load_settings(verify_skip=ONLY_JUDGE))
    assert kept.citations and kept.judged is None
