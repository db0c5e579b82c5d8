"""The `same_outcome` rule (rag.verify.rules.same_outcome.py): a sentence may not make the loser of a contest its winner."""
from __future__ import annotations

from rag.verify.rules.same_outcome import contest_of, longest_tail_in, outcome_role
from tests.verify.support import first_verdict, hit

LOSS = hit("当日进行的城市杯女单八强赛中，中国选手李岚以0比2不敌东欧选手米罗娃，无缘四强。", title="城市杯", doc="cup")
WIN = hit("李岚在城市杯八强赛中以2比1击败米罗娃，晋级四强。", title="城市杯", doc="cup")


def test_the_role_follows_from_where_the_party_stands_against_the_outcome_verb():
    assert outcome_role("李岚以0比2不敌米罗娃", "米罗娃") == "winner"
    assert outcome_role("李岚以0比2不敌米罗娃", "李岚") == "loser"
    assert outcome_role("李岚击败米罗娃", "米罗娃") == "loser"
    assert outcome_role("米罗娃击败李岚", "米罗娃") == "winner"
    assert outcome_role("德国向战胜国供应煤", "德国") == ""  # 战胜国 (the victors) is no outcome verb
    assert contest_of("李岚在八强赛中输给了东欧选手米罗娃") == ("东欧选手米罗娃", "winner")
    assert longest_tail_in("东欧选手米罗娃", "选手米罗娃晋级") == "选手米罗娃"


def test_a_loss_reported_as_a_win_is_refused():
    s = first_verdict("李岚在城市杯八强赛中击败了米罗娃[1]。", "李岚在城市杯八强赛中击败了谁？", [LOSS])
    assert not s.supported and s.rule == "same_outcome", s.reason


def test_a_win_reported_as_a_loss_is_refused():
    s = first_verdict("李岚在城市杯八强赛中输给了米罗娃[1]。", "李岚在城市杯八强赛中输给了谁？", [WIN])
    assert not s.supported and s.rule == "same_outcome", s.reason


def test_the_outcome_the_passage_reports_passes():
    assert first_verdict("李岚在城市杯八强赛中输给了米罗娃[1]。", "李岚在城市杯八强赛中输给了谁？", [LOSS]).supported
    assert first_verdict("李岚在城市杯八强赛中击败了米罗娃[1]。", "李岚在城市杯八强赛中击败了谁？", [WIN]).supported
