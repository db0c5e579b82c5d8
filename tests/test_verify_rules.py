"""The rules added with the rule registry, each on crafted passages (text written for these tests), and the
registry itself: order, ids on verdicts, switching rules off."""
from __future__ import annotations

import pytest

from rag.config import load_settings
from rag.question import asked_units, expected_answer_type, names_event, scope_terms
from rag.types import Chunk, Hit
from rag.verify import verify_answer
from rag.verify.registry import RULE_IDS, active_rules, describe_rules, skip_setting
from rag.verify.rules.answer_type import in_units
from rag.verify.claims import without_enumerators
from rag.verify.rules.restates_question import adds_to_question

REFUSAL = "资料中没有找到相关信息。"


def hit(text: str, title: str = "报道", doc: str = "d1") -> Hit:
    chunk = Chunk(chunk_id=f"{doc}#0", doc_id=doc, source=f"{doc}.txt", text=text, start=0, end=len(text), title=title)
    return Hit(chunk=chunk, score=1.0, rank=1, dense_score=0.9)


FOUNDING = hit("星河科技公司成立于2009年，总部位于杭州。公司创始人是李明远，他此前在一家软件企业任职。")


@pytest.mark.parametrize("question, kind", [
    ("星河科技是什么时候成立的？", "time"), ("星河科技成立于哪一年？", "time"), ("公司有多少名员工？", "quantity"),
    ("星河科技的创始人是谁？", ""), ("星河科技总部在哪里？", ""), ("星河科技主要做什么？", ""),
    ("星河科技成立时间", "time"), ("星河新品的发售日期？", "time"), ("新品发布时间是什么时候", "time"),
    ("时间管理是什么", ""), ("发布会持续时间多长", "quantity"),
])
def test_expected_answer_type(question, kind):
    assert expected_answer_type(question) == kind


def test_a_place_is_no_answer_to_when():
    q = "星河科技公司是什么时候成立的？"
    v = verify_answer("星河科技公司总部位于杭州[1]。", [FOUNDING], REFUSAL, question=q)
    assert not v.sentences[0].supported and v.sentences[0].rule == "answer_type"
    assert verify_answer("星河科技公司成立于2009年[1]。", [FOUNDING], REFUSAL, question=q).sentences[0].supported
    # a question asked as a noun phrase ending in 时间 asks for a time just the same
    notice = hit("星河科技公司的成立时间等信息，在公司网站上有公布。")
    v = verify_answer("星河科技公司的成立时间在公司网站上有公布[1]。", [notice], REFUSAL, question="星河科技公司成立时间")
    assert not v.sentences[0].supported and v.sentences[0].rule == "answer_type"


@pytest.mark.parametrize("sentence, question, expected", [
    ("网民规模为10.51亿。", "网民有多少人？", True),  # the unit left implicit
    ("共有300名代表。", "有多少人参加？", True),
    ("赔偿约600万波兰人。", "要求赔偿多少钱？", False),  # people for money
    ("规模是24.08万亿元。", "规模是多少美元？", False),  # yuan for dollars
    ("规模是6.05万亿美元。", "规模是多少美元？", True),
    ("约占15%。", "赔偿多少钱？", False),
])
def test_amounts_in_the_unit_asked(sentence, question, expected):
    assert in_units(sentence, asked_units(question)) is expected


def test_generic_places_are_no_conditions():
    assert "外国" not in scope_terms("外国人在重庆可以办理什么业务？")
    assert "重庆" in scope_terms("外国人在重庆可以办理什么业务？")


def test_every_verdict_names_its_rule_and_rules_can_be_switched_off():
    q = "星河科技公司是什么时候成立的？"
    rejected = verify_answer("星河科技公司总部位于杭州[1]。", [FOUNDING], REFUSAL, question=q)
    assert rejected.sentences[0].rule == "answer_type"
    kept = verify_answer("星河科技公司总部位于杭州[1]。", [FOUNDING], REFUSAL, question=q,
                         settings=load_settings(verify_skip="answer_type"))
    assert kept.sentences[0].supported and kept.citations[0].number == 1
    invented = verify_answer("星河科技公司成立于2011年[1]。", [FOUNDING], REFUSAL, question="星河科技公司成立于哪年？")
    assert invented.sentences[0].rule == "key_facts" and "2011" in invented.sentences[0].reason


def test_registry_ids_skips_and_descriptions():
    assert len(RULE_IDS) == len(set(RULE_IDS))
    assert skip_setting(only="key_facts") == ",".join(r for r in RULE_IDS if r != "key_facts")
    assert skip_setting(without="topic,subject") == "subject,topic"
    sentence_rules, answer_rules = active_rules(load_settings(verify_skip="topic"))
    assert "topic" not in [r.id for r in sentence_rules] and len(sentence_rules) + len(answer_rules) == len(RULE_IDS) - 1
    with pytest.raises(ValueError, match="no_such_rule"):
        skip_setting(without="no_such_rule")
    text = describe_rules()
    assert all(f"{r} (" in text for r in RULE_IDS)


@pytest.mark.parametrize("text, place, named", [
    ("印度总理莫迪访问东京。", "印度", True),
    ("印度尼西亚总统佐科出席。", "印度", False),  # a longer place that contains the name
    ("船只驶入印度洋。", "印度", False),
    ("北京市政府发布通知。", "北京", True),  # an administrative suffix, or an organisation named after the place
    ("北京大学教授表示。", "北京", True),
    ("南非共和国总统讲话。", "南非", True),
    ("南京路步行街人流如织。", "南京", False),
    ("会议在上海举行。", "南京", False),
])
def test_a_place_is_named_by_itself_not_by_a_longer_place(text, place, named):
    from rag.question import names_place

    assert names_place(text, place) is named


@pytest.mark.parametrize("text, named", [
    ("北京冬奥会花样滑冰双人滑比赛结束。", True), ("北京2022年冬奥会开幕。", True), ("冬奥会在北京举行。", True),
    ("中国首枚冬奥会双人滑金牌得主申雪，已出任共青团北京市委副书记。", False),  # 北京 and 冬奥会 in two clauses
    ("2010年温哥华冬奥会双人滑比赛结束。", False),
])
def test_an_event_named_after_its_place_is_named_by_both_in_one_clause(text, named):
    assert scope_terms("北京冬奥会双人滑金牌得主是谁？") == {"北京冬奥会": "赛事"}
    assert names_event(text, "北京冬奥会") is named


@pytest.mark.parametrize("q, wrong, other, right, source", [
    # a place inside a longer place's name (印度 in 印度尼西亚) does not name it
    ("2022年印度新当选总统是谁？", "2022年印度新当选总统是佐科[1]。",
     "2022年印度尼西亚总统佐科在雅加达会见来访代表团，双方签署合作协议。",
     "2022年印度新当选总统是穆尔穆[1]。", "2022年7月，穆尔穆当选印度总统，成为该国首位部落出身的总统。"),
    # an event named after its place needs both in one clause, not any mention of the place
    ("北京冬奥会双人滑金牌得主是谁？", "北京冬奥会双人滑金牌得主是申雪[1]。",
     "中国首枚冬奥会双人滑金牌得主、名人堂成员申雪，已于日前出任共青团北京市委副书记。",
     "北京冬奥会双人滑金牌得主是隋文静、韩聪[1]。", "北京冬奥会花样滑冰双人滑自由滑比赛中，隋文静、韩聪夺得金牌。"),
])
def test_an_answer_from_another_place_or_event_does_not_meet_the_question(q, wrong, other, right, source):
    v = verify_answer(wrong, [hit(other, doc="d2")], REFUSAL, question=q)
    assert not v.sentences[0].supported and v.sentences[0].rule == "question_conditions"
    assert verify_answer(right, [hit(source, doc="d3")], REFUSAL, question=q).sentences[0].supported


def test_the_material_copied_out_of_the_prompt_is_no_answer():
    q = "星河科技公司的创始人是谁？"
    dump = "【资料】[1] 星河科技公司成立于2009年，总部位于杭州。公司创始人是李明远，他此前在一家软件企业任职。"
    v = verify_answer(dump, [FOUNDING], REFUSAL, question=q)
    assert v.text == "" and {s.rule for s in v.sentences} == {"copied_material"}  # every sentence of the copy
    assert not any("【资料】" in s.text for s in v.sentences)  # removed sentences are listed without the label too
    kept = verify_answer(dump, [FOUNDING], REFUSAL, question=q, settings=load_settings(verify_skip="copied_material"))
    assert "李明远" in kept.text  # without the rule, the copy's second sentence would pass as the answer


def test_the_prompt_label_is_not_shown_to_the_user():
    q = "星河科技公司的创始人是谁？"
    v = verify_answer("根据【资料】，公司创始人是李明远[1]。", [FOUNDING], REFUSAL, question=q)
    assert v.text == "公司创始人是李明远[1]。" and v.sentences[0].supported
    v = verify_answer("根据【资料】中的报道，公司创始人是李明远[1]。", [FOUNDING], REFUSAL, question=q)
    assert v.text.startswith("根据资料中的报道，") and "【" not in v.text


def test_an_answer_with_no_key_fact_of_its_own_is_judged_by_the_passage_its_words_come_from():
    # The answer's only facts (2022, 5) restate the question; its new words (芝加哥) come from [1], an article about
    # another event that lacks the question's 5(G). Repair pairs [1] with [2] for the 5; the conditions are then
    # judged on [1], where the answer's words are, not on the pair.
    q = "2022世界5G大会举办的地点是哪里？"
    other_event = hit("2022年第80届世界科幻大会在芝加哥举办，来自各国的作家参加。", doc="d4")
    the_topic = hit("作为全球5G领域的国际性盛会，世界5G大会自2019年在北京首次举办以来，一直致力于推动产业合作。", doc="d5")
    glued = verify_answer("2022世界5G大会举办的地点是芝加哥[1]。", [other_event, the_topic], REFUSAL, question=q)
    assert not glued.sentences[0].supported and glued.sentences[0].rule == "question_conditions"
    the_event = hit("2022世界5G大会在哈尔滨开幕，展示了最新成果。", doc="d6")
    right = verify_answer("2022世界5G大会举办的地点是哈尔滨[1]。", [the_event, other_event], REFUSAL, question=q)
    assert right.sentences[0].supported


@pytest.mark.parametrize("sentence, question, adds", [
    ("中国主办了2022年的中国旅游文化周。", "哪个国家主办了2022年的中国旅游文化周？", False),  # the question's own name
    ("泰国主办了2022年的中国旅游文化周。", "哪个国家主办了2022年的中国旅游文化周？", True),
    ("正常物质是不带电的。", "为什么说正常的物质是不带电的？", False),
    ("改制为4个单一管理区。", "2009年4月，柴郡改制为几个单一管理区？", True),  # 4个 is new, though 4月 is asked
    ("简称中国一汽。", "中国第一汽车集团有限公司简称叫什么？", True),  # a name's short form is made of its characters
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


@pytest.mark.parametrize("text, expected", [
    ("1. 卡门\n2. 纳戴[1]\n3. 普拉格", "卡门\n纳戴[1]\n普拉格"),
    ("（1）甲[1]\n（2）乙[2]", "甲[1]\n乙[2]"),
    ("1、2月份销量增长[1]。", "1、2月份销量增长[1]。"),  # one line: a list of months, not a numbered list
    ("1.4万名志愿者[1]\n2. 其他", "1.4万名志愿者[1]\n2. 其他"),  # 1.4 is a number; the lines are not numbered 1, 2
    ("1. 甲\n3. 乙", "1. 甲\n3. 乙"),  # not numbered in order
])
def test_a_numbered_lists_numbers_are_layout(text, expected):
    assert without_enumerators(text) == expected


def test_a_numbered_list_is_checked_without_its_numbers():
    teacher = hit("他培养了许多知名的力学家，除冯·卡门外，还有纳戴、威廉·普拉格等。")
    q = "他培养了哪些知名的力学家？"
    v = verify_answer("1. 冯·卡门\n2. 纳戴\n3. 威廉·普拉格", [teacher], REFUSAL, question=q)
    assert [s.supported for s in v.sentences] == [True, True, True] and "1." not in v.text
    # before, "1." was checked as the number 1 and the list refused
    assert all(c.number == 1 for c in v.citations)
