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
    assert stages("次日举行") == []
    assert stages("由第30届的8部增加到9部") == []  # where a change starts from


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


def test_a_photo_captions_date_takes_the_step_its_same_day_sentence_names():
    # RGB-style round R39: a caption's date, whose next sentence (当日…) says the bridge was joined through, given as
    # the day it was closed
    caption = hit("这是3月30日拍摄的某江特大桥（无人机照片）。当日，由某公司承建的某江特大桥主体贯通。", title="大桥", doc="bridge")
    s = first_verdict("某江特大桥是3月30日合龙的[1]。", "某江特大桥是哪天合龙的？", [caption])
    assert not s.supported and s.rule == "stage_asked" and "合龙" in s.reason, s
    assert first_verdict("某江特大桥3月30日主体贯通[1]。", "某江特大桥是哪天贯通的？", [caption]).supported


def test_a_ships_launch_or_service_date_is_no_other_step_of_its_course():
    # fresh rounds R137 and R138: a submarine's launch date given for its commissioning, an armoured car's years in
    # service given for its retirement
    launch = hit("卫星图像显示，星河级第三艘潜艇于2021年11月23日在某造船厂下水。", title="星河级潜艇", doc="sub")
    s = first_verdict("星河级第三艘潜艇于2021年11月23日服役[1]。", "星河级第三艘潜艇什么时候服役？", [launch])
    assert not s.supported and s.rule == "stage_asked" and "下水" in s.reason, s
    assert first_verdict("星河级第三艘潜艇于2021年11月23日下水[1]。", "星河级第三艘潜艇哪天下水？", [launch]).supported
    served = hit("星河装甲车在1980年代服役于北方地区，主要在街道上巡逻。", title="星河装甲车", doc="car")
    s = first_verdict("星河装甲车在1980年代退役[1]。", "星河装甲车在哪一年退役？", [served])
    assert not s.supported and s.rule == "stage_asked" and "服役" in s.reason, s


@pytest.mark.parametrize("answer, question, supported", [
    # fresh round R181: planning began in 1993; the college opened and took students in 1995
    ("星河理工学院于1993年正式建成招生[1]。", "星河理工学院于哪一年正式建成招生？", False),
    ("星河理工学院于1995年建成并开始招生[1]。", "星河理工学院于哪一年正式建成招生？", True),
    ("星河理工学院于1993年开始筹建[1]。", "星河理工学院是哪一年开始筹建的？", True),
    ("星河理工学院于1995年开始筹建[1]。", "星河理工学院是哪一年开始筹建的？", False),
    ("星河理工学院成立于1993年[1]。", "星河理工学院是哪一年成立的？", False),
    # a question naming no step is not judged by them
    ("星河理工学院创办于1993年[1]。", "星河理工学院是哪一年的事情？", True),
])
def test_a_works_planning_dates_neither_its_opening_nor_the_reverse(answer, question, supported):
    college = hit("星河学院原名为星河理工学院，于1993年筹建，1995年建成并开始招生，2002年并入星河大学。", title="星河学院",
                  doc="college")
    s = first_verdict(answer, question, [college])
    assert s.supported is supported, s.reason
    assert supported or s.rule == "stage_asked", s


def test_a_sentence_without_a_stage_continues_the_one_before_it():
    # fresh round R148: `半准决赛` (Hong Kong's quarter-final) read as 决赛, and the second leg's date of the sentence
    # after it given for the final's second leg
    legs = hit("星河杯半准决赛的首回合比赛于9月19日进行。次回合比赛在9月26日进行。决赛的首回合比赛于11月7日进行。"
               "次回合比赛在11月14日进行。", title="星河杯")
    s = first_verdict("星河杯决赛次回合在9月26日进行[1]。", "星河杯决赛次回合在哪天进行？", [legs])
    assert not s.supported and s.rule == "stage_asked", s
    assert first_verdict("星河杯决赛次回合在11月14日进行[1]。", "星河杯决赛次回合在哪天进行？", [legs]).supported
    assert stages("准决赛和半准决赛") == [("半决赛", "赛"), ("1/4决赛", "赛")]


def test_the_defending_champion_is_the_previous_editions():
    # fresh rounds R132 and R148 (the same question, written twice): the defending champion, which went straight to
    # the quarter-finals, given as the champion
    cup = hit("2007年星河杯是第26届，作为卫冕冠军 韩国的全北现代汽车自动晋级八强。日本的浦和红钻总比分以3–1击败沙巴罕，"
              "首次夺得冠军。", title="2007年星河杯")
    s = first_verdict("2007年星河杯的冠军是全北现代汽车[1]。", "2007年星河杯的冠军是哪支球队？", [cup])
    assert not s.supported and s.rule == "stage_asked" and "卫冕" in s.reason, s
    assert first_verdict("2007年星河杯的冠军是浦和红钻[1]。", "2007年星河杯的冠军是哪支球队？", [cup]).supported
