"""The `named_elsewhere` rule (rag/verify/rules/named_elsewhere.py): the person the question names is named by the
article the answer's fact comes from, not only by another shown article."""
from __future__ import annotations

from rag.facts import person_names

from tests.verify.support import first_verdict, hit

ACTOR = hit("演员刘德明参演过多部电视剧，2020年他在《长河》中扮演老周，给观众留下了深刻印象。", title="老面孔", doc="actor")
OTHER_ACTOR = hit("在《远山》中，王海成功塑造了刑警队长陈默，这个角色让他走红。", title="远山", doc="drama")
QUESTION = "刘德明在《远山》中扮演谁？"


def test_a_role_from_an_article_on_another_actor_is_refused():
    s = first_verdict("刘德明在《远山》中扮演陈默[2]。", QUESTION, [ACTOR, OTHER_ACTOR])
    assert not s.supported and s.rule == "named_elsewhere", s.reason
    assert "刘德明" in s.reason


def test_the_role_the_persons_own_article_gives_passes():
    own = hit("在《远山》中，刘德明成功塑造了刑警队长陈默，这个角色让他走红。", title="远山", doc="drama")
    s = first_verdict("刘德明在《远山》中扮演陈默[2]。", QUESTION, [ACTOR, own])
    assert s.supported, s.reason


def test_a_person_no_other_article_names_is_not_judged_here():
    s = first_verdict("刘德明在《远山》中扮演陈默[1]。", QUESTION, [OTHER_ACTOR])
    assert s.rule != "named_elsewhere"


def test_a_name_jieba_cuts_apart_is_read_by_lac():
    # a written rgb_zh-style question: jieba cuts 佟大为 into 佟 + 大为, so the actor went unseen and another actor's
    # role, from a cast list that never names him, was given to him
    classmates = hit("冯绍峰和佟大为是上海戏剧学院的同学，两人都在电视剧《心居》中饰演了角色。", title="冯绍峰", doc="a")
    cast = hit("心居的演员表中主要角色有冯晓琴(海清扮演)、顾清俞(童瑶扮演)。", title="心居", doc="b")
    verdict = first_verdict("佟大为在《心居》中饰演冯晓琴[2]。", "佟大为在《心居》中饰演什么角色？", [classmates, cast])
    assert not verdict.supported and verdict.rule == "named_elsewhere"
    assert "佟大为" in person_names("佟大为在《心居》中饰演什么角色？")
    assert "安倍国葬" not in person_names("安倍国葬仪式上鸣响了多少响礼炮？")  # LAC's "name" holding jieba's 安倍


def test_a_place_jieba_takes_for_a_person_is_not_judged_here():
    # a written rgb_zh-style question: jieba tags 唐山 as a person; the fact's passage does not name the city, another
    # shown article does — whether the passage is about 唐山 is `subject`'s question, not this rule's
    fact = hit("宽7.3米的小巷子里，六人追入巷子继续殴打被害人。", title="案件", doc="a")
    other = hit("会议指出烧烤店打人事件性质恶劣，给唐山这座城市抹了黑。", title="会议", doc="b")
    s = first_verdict("宽7.3米的小巷子里[1]。", "唐山烧烤店打人案中小巷子的宽度", [fact, other])
    assert s.rule != "named_elsewhere", s


def test_a_name_only_lac_reads_where_jieba_reads_another_word_is_none():
    # a written rgb_zh-style question: LAC reads 罗诉 (of 罗诉韦德案) as a person, jieba as a verb
    from rag.facts import person_names
    assert "罗诉" not in person_names("美国最高法院推翻罗诉韦德案日期")
    assert "佟大为" in person_names("佟大为主演了哪部电影")
