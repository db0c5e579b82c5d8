"""The `stage_asked` rule (rag/verify/rules/stage_asked.py): a fact stated for another ordinal stage (round, edition,
season) than the one the question asks is not the answer."""
from __future__ import annotations

import pytest

from rag.verify.rules.stage_asked import stage_in_force, stages
from tests.verify.support import first_verdict, hit

DRAW = hit("6月3日，城市杯女单首轮，李岚以2-0战胜周敏，李岚第二轮将迎战赵琪，后者首轮淘汰了孙悦。", title="城市杯", doc="cup")
UPSET = hit("李岚多次止步首轮。终于在2019年城市杯首轮比赛中，李岚意外击败头号种子王海燕，进入第二轮。", title="李岚", doc="bio")


def test_stages_read_ordinals_written_either_way():
    assert stages("第十九届运动会首轮在第2场") == [("19", "届"), ("1", "轮"), ("2", "场")]
    assert stages("进入次轮") == [("2", "轮")]
    assert stages("半决赛后的决赛") == [("半决赛", "赛"), ("决赛", "赛")]  # named rounds, 半决赛 no 决赛
    assert stages("半准决赛及准决赛") == [("1/4决赛", "赛"), ("半决赛", "赛")]  # as Hong Kong writes them
    assert stages("次日举行") == []
    assert stages("由第30届的8部增加到9部") == []  # where a change starts from
    assert stages("最终巴拉圭队夺冠") == stages("获得冠军") == [("决赛", "赛")]  # the title is won in the final


def test_the_stage_in_force_is_the_clauses_own_or_the_last_one_before_it():
    sentence = "终于在城市杯首轮比赛中，李岚击败王海燕，进入次轮。"
    assert stage_in_force(sentence, 1, "轮") == {"1"}
    assert stage_in_force(sentence, 2, "轮") == {"2"}
    assert stage_in_force("李岚击败王海燕。", 0, "轮") == set()


def test_the_next_rounds_opponent_given_for_the_first_round_is_refused():
    s = first_verdict("李岚在城市杯首轮的对手是赵琪[1]。", "李岚在城市杯首轮的对手是谁？", [DRAW])
    assert not s.supported and s.rule == "stage_asked", s.reason


def test_a_first_round_win_given_for_the_second_round_is_refused():
    s = first_verdict("李岚在2019年城市杯第二轮击败了王海燕[1]。", "李岚在2019年城市杯第二轮击败了谁？", [UPSET])
    assert not s.supported and s.rule == "stage_asked", s.reason


def test_the_asked_stages_fact_passes():
    s = first_verdict("李岚在城市杯首轮战胜了周敏[1]。", "李岚在城市杯首轮战胜了谁？", [DRAW])
    assert s.supported, s.reason
    s = first_verdict("李岚第二轮的对手是赵琪[1]。", "李岚在城市杯第二轮的对手是谁？", [DRAW])
    assert s.supported, s.reason


def test_a_fact_stated_without_any_stage_is_not_judged_here():
    plain = hit("城市杯上，李岚的对手是赵琪。", title="城市杯", doc="cup2")
    s = first_verdict("李岚在城市杯首轮的对手是赵琪[1]。", "李岚在城市杯首轮的对手是谁？", [plain])
    assert s.rule != "stage_asked"


def test_a_finals_result_given_for_the_semi_final_is_refused_even_without_a_key_fact():
    final = hit("今年，星河女足在城市杯决赛中3-2击败海滨队，时隔16年再夺冠军。", title="女足", doc="cup3")
    s = first_verdict("星河女足在城市杯半决赛中击败了海滨队[1]。", "星河女足在城市杯半决赛中击败了哪支球队？", [final])
    assert not s.supported and s.rule == "stage_asked", s.reason
    assert first_verdict("星河女足在城市杯决赛中击败了海滨队[1]。", "星河女足在城市杯决赛中击败了哪支球队？", [final]).supported


def test_a_sentence_naming_no_stage_goes_on_with_the_stage_of_the_sentence_before():
    # cmrc2018-style round R106: "半准决赛的首回合…。次回合比赛在9月26日进行。…决赛的首回合…。次回合比赛在11月14日进行。"
    legs = hit("半准决赛的首回合比赛于3月2日进行。次回合比赛在3月9日进行。决赛的首回合比赛于4月6日进行。"
               "次回合比赛在4月13日进行。", title="赛程", doc="cup5")
    question = "城市杯决赛的次回合在哪天进行？"
    s = first_verdict("城市杯决赛的次回合在3月9日进行[1]。", question, [legs])
    assert not s.supported and s.rule == "stage_asked", s
    assert first_verdict("城市杯决赛的次回合在4月13日进行[1]。", question, [legs]).supported


def test_the_title_winner_given_for_another_rounds_opponent_is_refused():
    # written rgb_zh-style round R64: the champions given as the team that beat a side in the round of 16
    cup = hit("本届美洲杯于19日落下帷幕，巴拉圭队夺冠。秘鲁队以1胜1平1负的成绩出线，但在1/8决赛上以1比4负于智利队。",
              title="美洲杯", doc="cup4")
    s = first_verdict("秘鲁队在美洲杯1/8决赛中输给了巴拉圭队[1]。", "秘鲁队在美洲杯1/8决赛中输给了哪支球队？", [cup])
    assert not s.supported and s.rule == "stage_asked", s.reason
    assert first_verdict("秘鲁队在美洲杯1/8决赛中输给了智利队[1]。", "秘鲁队在美洲杯1/8决赛中输给了哪支球队？", [cup]).supported
    assert first_verdict("本届美洲杯的冠军是巴拉圭队[1]。", "本届美洲杯的冠军是哪支球队？", [cup]).supported


def test_a_sentence_naming_another_stage_without_the_asked_one_is_refused():
    # a written cmrc2018-style question: the model gives the second sworn brother for the eldest
    brothers = hit("他有四位结义兄弟，排行老大是乌卓，年纪约三十五岁；老二滕翼，武功高强；老四王翦，秦国年轻高手。", title="人物")
    question = "他的结义兄弟中排行老大的是谁？"
    s = first_verdict("老二滕翼，武功高强[1]。", question, [brothers])
    assert not s.supported and s.rule == "stage_asked" and "排行第2" in s.reason, s.reason
    s = first_verdict("排行老大的是乌卓[1]。", question, [brothers])
    assert s.supported, s.reason
    assert stages("第二届的冠军与老二") == [("2", "届"), ("2", "排行")]


def test_the_date_of_another_ordinal_item_is_that_items():
    # written round R17: the third submarine of the class launched on 2021年11月23日; the first's date is not given
    sub = hit("美国普兰尼特公司捕获的卫星图像显示，代号S4的印度第三艘“歼敌者”级核动力弹道导弹潜艇2021年11月23日在造船中心下水。",
              title="核潜艇")
    s = first_verdict("2021年11月23日[1]。", "印度第一艘“歼敌者”级核潜艇下水时间", [sub])
    assert not s.supported and s.rule == "stage_asked" and "第3艘" in s.reason, s
    assert first_verdict("2021年11月23日[1]。", "印度第三艘“歼敌者”级核潜艇下水时间", [sub]).supported


def test_a_date_stated_for_another_step_of_a_course_is_not_the_asked_steps():
    # RGB-style round R36: the day a regulation takes effect given as the day it was passed
    rules = hit("将于2022年9月1日实施的《某市物业管理条例》明确了业主的权利。", title="条例解读", doc="law")
    s = first_verdict("《某市物业管理条例》是2022年9月1日通过的[1]。", "《某市物业管理条例》是哪天通过的？", [rules])
    assert not s.supported and s.rule == "stage_asked" and "通过" in s.reason, s
    assert first_verdict("《某市物业管理条例》自2022年9月1日起实施[1]。", "《某市物业管理条例》从哪天开始实施？", [rules]).supported
    # the step named in the clause after the date's own (`2022年5月25日，…表决通过`) is the date's
    passed = hit("2022年5月25日，市人大常委会表决通过了《某市物业管理条例》，自2022年9月1日起施行。", title="条例", doc="law2")
    assert first_verdict("《某市物业管理条例》是2022年5月25日通过的[1]。", "《某市物业管理条例》是哪天通过的？", [passed]).supported
    s = first_verdict("《某市物业管理条例》是2022年9月1日通过的[1]。", "《某市物业管理条例》是哪天通过的？", [passed])
    assert not s.supported, s


_FESTIVAL = hit("中文名. 第9届星河电视节 · 颁奖时间. 2023年6月23日 · 颁奖地点. 星河文化中心", title="星河电视节", doc="fest")
_STATION = hit("星河站是地铁10号线的一个车站。2004年4月2日开工，2008年6月30日交付运营。", title="星河站", doc="station")
_SCHEDULE = hit("星河网球公开赛正式比赛将于5月22日开始，于6月5日进行男子单打决赛。", title="赛程", doc="open")


@pytest.mark.parametrize("passage, wrong, question, step, right, right_question, right_passage", [
    # RGB-style round R57: an encyclopedia card's award date given as the day the festival opened
    (_FESTIVAL, "第9届星河电视节于2023年6月23日开幕[1]。", "第9届星河电视节是哪天开幕的？", "开幕",
     "第9届星河电视节于2023年6月23日颁奖[1]。", "第9届星河电视节是哪天颁奖的？", _FESTIVAL),
    # RGB-style round R62: the first day of play given as the day of a final (asked of the final the passage names:
    # for the women's final, rival_name now reads the passage's 男子单打 as the rival of 女单 first)
    (_SCHEDULE, "星河网球公开赛男单决赛于5月22日举行[1]。", "星河网球公开赛男单决赛在哪天举行？", "决赛",
     "星河网球公开赛于5月22日开始[1]。", "星河网球公开赛哪天开始？", _SCHEDULE),
    # cmrc2018-style round R74: the day a station's building started given as the day it opened (交付运营)
    (_STATION, "星河站于2004年4月2日开工[1]。", "星河站是在哪一天交付运营的？", "通车",
     "星河站于2008年6月30日交付运营[1]。", "星河站是在哪一天交付运营的？", _STATION),
    # RGB-style round R60: the day he died (本周二, no key fact) given as the day of his funeral
    (hit("佩斯科夫表示，普京将无法参加星河的葬礼。星河于本周二因病去世，享年91岁。", title="讣闻", doc="obit"),
     "星河的葬礼是本周二[1]。", "星河的葬礼是哪天举行的？", "葬礼", "星河的葬礼是周六[1]。", "星河的葬礼是哪天举行的？",
     hit("普京将无法参加星河的葬礼。星河的葬礼将于周六举行。", title="讣闻", doc="obit2")),
])
def test_a_date_of_another_step_of_an_event_or_a_life_is_not_the_asked_steps(passage, wrong, question, step, right,
                                                                              right_question, right_passage):
    s = first_verdict(wrong, question, [passage])
    assert not s.supported and s.rule == "stage_asked" and step in s.reason, s
    assert first_verdict(right, right_question, [right_passage]).supported


def test_a_photo_captions_date_takes_the_step_its_same_day_sentence_names():
    # RGB-style round R39: a caption's date, whose next sentence (当日…) says the bridge was joined through, given as
    # the day it was closed
    caption = hit("这是3月30日拍摄的某江特大桥（无人机照片）。当日，由某公司承建的某江特大桥主体贯通。", title="大桥", doc="bridge")
    s = first_verdict("某江特大桥是3月30日合龙的[1]。", "某江特大桥是哪天合龙的？", [caption])
    assert not s.supported and s.rule == "stage_asked" and "合龙" in s.reason, s
    assert first_verdict("某江特大桥3月30日主体贯通[1]。", "某江特大桥是哪天贯通的？", [caption]).supported


def test_a_date_from_a_sentence_that_does_not_state_the_asked_act_is_another_events():
    # cmrc2018-style round R84: the year of another sentence given for the year the article states its act in
    life = hit("1957年创业，经营食肆、装修等。1980年代初，星河地产低潮，张海明又再出击，两次成功，奠定其经济基础。"
               "1993年当选为市政协常委。2001年获星河市政府颁授金星奖章。", title="张海明", doc="bio2")
    q = "张海明在哪一年获星河市政府颁授金星奖章？"
    s = first_verdict("张海明在1980年代初获星河市政府颁授金星奖章[1]。", q, [life])
    assert not s.supported and s.rule == "stage_asked" and "2001" in s.reason, s.reason
    assert first_verdict("张海明在2001年获星河市政府颁授金星奖章[1]。", q, [life]).supported
    # a date from the sentence that states the act asked passes
    assert first_verdict("张海明在1993年当选为市政协常委[1]。", "张海明在哪一年当选为市政协常委？", [life]).supported
    # cmrc2018-style round R86: the act's clause and the answer's in one sentence
    career = hit("1986年获得漫画大赏佳作，之后成为助手，并于1989年在杂志中正式开始出道，1990年出版首部单行本。",
                 title="王小川", doc="bio3")
    s = first_verdict("王小川在1990年正式出道[1]。", "王小川在哪一年正式出道？", [career])
    assert not s.supported and s.rule == "stage_asked" and "1989" in s.reason, s.reason
    assert first_verdict("王小川在1989年正式出道[1]。", "王小川在哪一年正式出道？", [career]).supported
    # a date written as a clause of its own belongs to the act after it; either of two clauses stating the act may
    # date it, and a year something is counted from dates nothing
    twice = hit("2001年，张海明获颁金星奖章。2005年再获颁金星奖章，成为自1990年设奖以来首位两度获奖者。", title="张海明", doc="b4")
    assert first_verdict("张海明在2001年获颁金星奖章[1]。", "张海明在哪一年获颁金星奖章？", [twice]).supported
    assert first_verdict("张海明在2005年获颁金星奖章[1]。", "张海明在哪一年获颁金星奖章？", [twice]).supported
