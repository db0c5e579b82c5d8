"""The `respective` rule (rag/verify/rules/respective.py): in a "respectively" list the k-th value is the k-th
item's."""
from __future__ import annotations

import pytest

from rag.verify.rules.respective import respective_pairs

from tests.verify.support import first_verdict, hit

PRICES = hit("出行及娱乐活动逐步恢复，飞机票、电影及演出票、交通工具租赁费价格分别上涨7.7%、5.8%和3.8%。", title="物价")


def test_the_items_and_values_of_a_respectively_list():
    assert respective_pairs(PRICES.chunk.text) == [[("飞机票", "7.7%"), ("电影及演出票", "5.8%"),
                                                   ("交通工具租赁费价格", "3.8%")]]
    assert respective_pairs("甲、乙分别上涨1%、2%和3%。") == []  # not as many values as items: no pairing


@pytest.mark.parametrize("answer, question, supported", [
    ("电影及演出票价格上涨了7.7%[1]。", "电影及演出票价格上涨了多少？", False),  # the first item's value
    ("电影及演出票价格上涨了5.8%[1]。", "电影及演出票价格上涨了多少？", True),
    ("酒店住宿价格上涨了7.7%[1]。", "酒店住宿价格上涨了多少？", False),  # an item the list does not hold
    ("交通工具租赁费价格上涨了3.8%[1]。", "交通工具租赁费价格上涨了多少？", True),
    # the whole list restated beside the asked item is no misattribution
    ("飞机票、电影及演出票、交通工具租赁费价格分别上涨7.7%、5.8%和3.8%[1]。", "飞机票价格上涨了多少？", True),
])
def test_a_respective_value_belongs_to_its_own_item(answer, question, supported):
    verdict = first_verdict(answer, question, [PRICES])
    assert verdict.supported is supported, verdict.reason
    assert supported or verdict.rule == "respective"
