"""The `slot_name` rule (rag/verify/rules/slot_name.py) on crafted passages."""
from __future__ import annotations

from rag.verify import verify_answer

from tests.verify.support import REFUSAL, first_verdict, hit

PLATFORM = hit("该平台最早由甲台、乙台与星河影视传媒有限公司策划发起，星河体育传媒（北京）有限公司担任总运营商，"
               "外资持有49%的股份。", title="体育联播平台")


def test_the_name_in_the_questions_slot_is_the_one_the_passage_puts_there():
    # written cmrc2018-style round: a co-founder named in the passage given as its operator
    q = "该平台由哪家公司担任总运营商？"
    v = verify_answer("该平台由星河影视传媒有限公司担任总运营商[1]。", [PLATFORM], REFUSAL, question=q)
    assert not v.text and v.sentences[0].rule == "slot_name", v.sentences
    v = verify_answer("该平台由星河体育传媒（北京）有限公司担任总运营商[1]。", [PLATFORM], REFUSAL, question=q)
    assert v.sentences[0].supported and v.text, v.sentences


def test_a_long_name_is_read_whole_in_the_passages_slot():
    # RGB-style round R62: the venue's full name, longer than the usual reach before the act, copied from the passage
    summit = hit("当地时间12月9日下午，首届星河峰会在沙特首都利雅得阿卜杜勒阿齐兹国王国际会议中心举行。", title="峰会")
    s = first_verdict("首届星河峰会在沙特首都利雅得阿卜杜勒阿齐兹国王国际会议中心举行[1]。", "首届星河峰会在哪个城市举行？",
                      [summit])
    assert s.supported, s


def test_a_passage_that_words_the_act_otherwise_is_not_judged():
    # no 担任总运 in the passage: the rule has no slot to read, other rules judge the answer
    platform = hit("星河体育传媒（北京）有限公司负责该平台的运营，外资持有49%的股份。", title="体育联播平台")
    v = verify_answer("该平台由星河体育传媒（北京）有限公司担任总运营商[1]。", [platform], REFUSAL,
                      question="该平台由哪家公司担任总运营商？")
    assert all(s.rule != "slot_name" for s in v.sentences), v.sentences


def test_a_name_grafted_from_a_passage_that_never_states_the_act_is_judged_by_the_one_that_does():
    # written rgb_zh-style round: the current speaker (named in [2]) given as who swears in a new one ([1] says who)
    rules = hit("候选人当选后，该人将由众议院院长（任职时间最长的议员）监誓就职。然后新议长向其他议员宣誓。", title="议长选举")
    news = hit("现任众议院议长凯文·麦卡锡表示将推动预算案。", title="国会新闻", doc="d2")
    q = "新当选的众议院议长由谁监誓就职"
    v = verify_answer("新当选的众议院议长由现任众议院议长凯文·麦卡锡监誓就职[2]。", [rules, news], REFUSAL, question=q)
    assert not v.text and v.sentences[0].rule == "slot_name", v.sentences
    v = verify_answer("新当选的众议院议长由众议院院长监誓就职[1]。", [rules, news], REFUSAL, question=q)
    assert v.sentences[0].supported and v.text, v.sentences
    # the kind the question names may follow the name
    chat = hit("2022年11月30日，OpenAI公布了对话式模型ChatGPT。", title="大事记")
    v = verify_answer("ChatGPT由OpenAI公司公布[1]。", [chat], REFUSAL, question="ChatGPT由哪家公司公布")
    assert all(s.rule != "slot_name" for s in v.sentences), v.sentences


def test_which_one_of_them_asks_for_a_name():
    # cmrc2018-style round R40: 哪一位 asks for a person as 哪位 does; the name before the question's words in the
    # passage is the answer, not another of the group the question names
    from rag.question import expected_answer_type
    assert expected_answer_type("四位作家中哪一位于2004年逝世？") == "name"
    group = hit("四位作家中，其中王甲因病已于2004年逝世，李乙、张丙已封笔，只有赵丁偶尔写作。", title="四位作家")
    s = first_verdict("李乙于2004年逝世[1]。", "四位作家中哪一位于2004年逝世？", [group])
    assert not s.supported and s.rule == "slot_name", s
    assert first_verdict("王甲于2004年逝世[1]。", "四位作家中哪一位于2004年逝世？", [group]).supported


def test_a_sentence_restating_the_questions_opening_states_the_act_asked():
    # cmrc2018-style round R42: the question's opening glued onto a clause on another team's act (晋级八强 for 夺冠)
    league = hit("2010年城市杯是第8届城市杯，作为卫冕冠军，东湖队自动晋级八强。决赛中西岭队以3比1击败南山队，首次夺得冠军。",
                 title="2010年城市杯")
    q = "2010年城市杯由哪支球队夺冠？"
    s = first_verdict("2010年城市杯由东湖队自动晋级八强[1]。", q, [league])
    assert not s.supported and s.rule == "slot_name" and "夺冠" in s.reason, s
    assert first_verdict("2010年城市杯由西岭队夺得冠军[1]。", q, [league]).supported
    # nouns alone after the question word name the answer's kind, no act (cmrc2018-style round R45: 哪位神祇)
    uncle = hit("王甲，字思玄，西晋东安王，晋元帝司马睿叔父。", title="王甲")
    assert first_verdict("王甲是晋元帝司马睿的叔父[1]。", "王甲是哪位皇帝的叔父？", [uncle]).supported
    temple = hit("东湾庙是一所庙宇，供奉海安真君（俗称真君大帝），建于大约1900年代。", title="东湾庙")
    assert first_verdict("东湾庙供奉海安真君（俗称真君大帝）[1]。", "东湾庙供奉哪位神祇？", [temple]).supported


def test_the_holder_of_an_office_asked_for_is_the_one_the_article_writes_with_it():
    # rgb_zh-style round R80: a lead actor of the passage given as the series' director, which the article's text
    # right after the shown chunk names (导演朱定忠表示…)
    series = hit("电视剧《星河警事》正在星河卫视热播，张一山、李小红、王小明演绎三代基层警察的工作与生活。", title="星河警事")
    series.after = "导演赵定国表示，该剧讲述的是与百姓生活息息相关的小故事。"
    q = "电视剧《星河警事》的导演是谁？"
    s = first_verdict("电视剧《星河警事》的导演是张一山[1]。", q, [series])
    assert not s.supported and s.rule == "slot_name" and "赵定国" in s.reason, s.reason
    whole = hit(series.chunk.text + series.after, title="星河警事")  # a chunk naming the director
    assert first_verdict("电视剧《星河警事》的导演是赵定国[1]。", q, [whole]).supported
    assert first_verdict("电视剧《星河警事》的导演是张一山[1]。", q, [whole]).rule == "slot_name"
    # the same office of a place or organisation the question does not name is another's: the premier congratulating
    # the new one is no holder of the office asked about
    premier = hit("2023年1月31日，国务院总理李克强致电张伟民，祝贺他就任星河国政府总理。", title="贺电")
    assert first_verdict("星河国2023年新任总理是张伟民[1]。", "星河国2023年新任总理是谁？", [premier]).supported
    # an office with a word before it the question does not write is another one: a holder of it is none of the
    # office asked; with the question's own word (总导演), the holder is
    crew = hit("春晚执行导演李四介绍了彩排情况，总导演王五表示节目已经定稿。", title="春晚")
    s = first_verdict("春晚的导演是李四[1]。", "春晚的导演是谁？", [crew])
    assert s.rule != "slot_name", s.reason
    s = first_verdict("春晚的总导演是李四[1]。", "春晚的总导演是谁？", [crew])
    assert not s.supported and s.rule == "slot_name" and "王五" in s.reason, s.reason
    # a deputy holds another office
    deputy = hit("星河剧场新戏开排，副导演李四主持了第一次排练，导演王五因病缺席。", title="新戏")
    s = first_verdict("星河剧场新戏的导演是李四[1]。", "星河剧场新戏的导演是谁？", [deputy])
    assert not s.supported and s.rule == "slot_name" and "王五" in s.reason, s.reason


def test_the_name_after_the_agent_marker_in_the_acts_sentence_does_the_act_however_far_before_it():
    # cmrc2018-style round R114: 由X then the dates, then the act (播出) — X is who broadcast it; a name after 由 with
    # another organisation between it and the act (the co-founder) is still not the one in the slot
    drama = hit("《星河之夏》是由东湾电视台从2011年3月8日开始，到2011年5月，于每周星期三21:00-21:54（当地时间）播出的电视剧。",
                title="星河之夏")
    q = "《星河之夏》由哪家电视台播出？"
    assert first_verdict("《星河之夏》由东湾电视台播出[1]。", q, [drama]).supported
    s = first_verdict("《星河之夏》由南岭电视台播出[1]。", q, [drama])
    assert not s.supported, s
    v = verify_answer("该平台由星河影视传媒有限公司担任总运营商[1]。", [PLATFORM], REFUSAL, question="该平台由哪家公司担任总运营商？")
    assert v.sentences[0].rule == "slot_name", v.sentences
