"""The `restates_question` rule (rag/verify/rules/restates_question.py) on crafted passages and real sample passages."""
from __future__ import annotations

import pytest

from rag.verify import verify_answer
from rag.verify.rules.restates_question import adds_to_question

from tests.verify.support import REFUSAL, hit


def test_a_sentence_that_only_restates_the_question_is_not_an_answer(hits):
    v = verify_answer("高性能超算中心的存储容量是多少[2]？", hits, REFUSAL, question="高性能超算中心的存储容量是多少？")
    assert not v.sentences[0].supported and "复述问题" in v.sentences[0].reason
    assert v.text == ""


@pytest.mark.parametrize("sentence, question, adds", [
    ("中国主办了2022年的中国旅游文化周。", "哪个国家主办了2022年的中国旅游文化周？", False),  # the question's own name
    ("泰国主办了2022年的中国旅游文化周。", "哪个国家主办了2022年的中国旅游文化周？", True),
    ("正常物质是不带电的。", "为什么说正常的物质是不带电的？", False),
    ("改制为4个单一管理区。", "2009年4月，柴郡改制为几个单一管理区？", True),  # 4个 is new, though 4月 is asked
    ("简称中国一汽。", "中国第一汽车集团有限公司简称叫什么？", True),
    ("王海在城市杯冠军赛中取得了冠军。", "王海在城市杯冠军赛中取得了什么成绩？", True),  # 冠军 inside 冠军赛 is new
    ("星河证券在上交所上市。", "星河证券在哪个交易所上市？", True),  # an abbreviation is a name the question lacks  # a name's short form is made of its characters
    ("是，星河科技是上市公司。", "星河科技是不是上市公司？", True),
    ("不是简单的1+1=2，而应该是1+1>2。", "文章认为数治不是简单的1+1=2，而应该是什么？", True),  # > says something
])
def test_an_answer_must_say_something_the_question_does_not(sentence, question, adds):
    assert adds_to_question(sentence, question) is adds


def test_an_answer_in_the_questions_own_words_is_removed():
    host = hit("2022年的中国旅游文化周由泰国主办，中国驻泰国大使馆协办。")
    q = "哪个国家主办了2022年的中国旅游文化周？"
    v = verify_answer("中国主办了2022年的中国旅游文化周[1]。", [host], REFUSAL, question=q)
    assert not v.sentences[0].supported and v.sentences[0].rule == "restates_question"
    assert verify_answer("泰国主办了2022年的中国旅游文化周[1]。", [host], REFUSAL, question=q).sentences[0].supported


def test_a_sentence_that_still_asks_the_question_answers_nothing():
    phone = hit("新款手机发布后，很多用户想要知道它使用了什么处理器，下面就为大家介绍一下。它搭载的是星火9处理器。")
    q = "新款手机的处理器是什么？"
    v = verify_answer("很多用户想要知道它使用了什么处理器[1]。", [phone], REFUSAL, question=q)
    assert not v.sentences[0].supported and v.sentences[0].rule == "restates_question"
    assert verify_answer("它搭载的是星火9处理器[1]。", [phone], REFUSAL, question=q).sentences[0].supported
    # 几 occurs inside ordinary words (几乎): only question words that do not are taken as asking
    count = hit("几乎所有门店都参与了活动，共有12家门店。")
    assert verify_answer("共有12家门店，几乎所有门店都参与了[1]。", [count], REFUSAL, question="共有几家门店？").text


def test_of_several_question_words_the_last_asks():
    # written rgb_zh-style round: 去哪儿 (a platform's name) opens the question, 多少 ends it; a sentence naming the
    # platform and giving the figure answers it
    q = "2023年春运火车票开售首日去哪儿平台火车票搜索量增长多少"
    shown = [hit("2023年春运火车票开售首日，去哪儿数据也显示，当天上午5时至9时，去哪儿平台火车票搜索量环比前日增长2.2倍。",
                 title="春运")]
    v = verify_answer("去哪儿平台火车票搜索量环比前日增长2.2倍[1]。", shown, REFUSAL, question=q)
    assert v.sentences[0].supported, v.sentences[0].reason
    v = verify_answer("很多人想知道火车票搜索量增长多少[1]。", shown, REFUSAL, question=q)
    assert not v.text and v.sentences[0].rule == "restates_question", v.sentences
