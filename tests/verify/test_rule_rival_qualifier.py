"""The `rival_qualifier` rule (rag/verify/rules/rival_qualifier.py): the figure is the one the question qualifies,
not a sibling's (夏粮 for 秋粮, 初婚 for 离婚)."""
from __future__ import annotations

import pytest

from rag.question import attribute_qualifier

from rag.verify import verify_answer
from tests.verify.support import REFUSAL, first_verdict, hit

MARRIAGE = hit("2021年全市男性平均初婚年龄为29.5岁，女性为28.1岁，均比上年推迟。", title="婚姻登记")


def verdict(answer: str, question: str, shown: list | None = None):
    return first_verdict(answer, question, shown or [MARRIAGE])


def test_a_siblings_figure_does_not_answer_for_the_qualified_one():
    s = verdict("2021年全市男性平均离婚年龄是29.5岁[1]。", "2021年全市男性平均离婚年龄是多少岁？")
    assert not s.supported and s.rule == "rival_qualifier", s.reason
    assert "初婚" in s.reason


def test_the_qualified_figure_passes():
    s = verdict("2021年全市男性平均初婚年龄为29.5岁[1]。", "2021年全市男性平均初婚年龄是多少岁？")
    assert s.supported, s.reason


def test_a_qualifier_the_article_names_elsewhere_is_not_judged_here():
    shown = [hit("离婚登记另行统计。2021年全市男性平均初婚年龄为29.5岁，女性为28.1岁。", title="婚姻登记")]
    s = verdict("2021年全市男性平均离婚年龄是29.5岁[1]。", "2021年全市男性平均离婚年龄是多少岁？", shown)
    assert s.rule != "rival_qualifier"


@pytest.mark.parametrize("question, qualifier", [
    ("今年全国秋粮播种面积是多少？", "秋粮"),
    ("2021年杭州市男性平均离婚年龄是多少岁？", "离婚"),
    ("氨碱法是用来生产什么的？", ""),  # the attribute is a verb: its object is asked, nothing qualifies it
    ("网易2022年全年营收多少", ""),  # 全年 is no word of the kind
])
def test_the_qualifier_is_the_noun_or_verb_right_before_a_noun_attribute(question, qualifier):
    assert attribute_qualifier(question) == qualifier


def test_a_per_day_figure_does_not_answer_for_the_total():
    # a written rgb_zh-style question: the passage gives the holiday's daily average income, not its total
    holiday = hit("星河假期日均旅游收入约12.4亿元，比上个假期高出约4成。假期本地游占比超7成。", title="假期")
    s = verdict("星河假期国内旅游总收入约12.4亿元[1]。", "星河假期国内旅游总收入是多少亿元？", [holiday])
    assert not s.supported and s.rule == "rival_qualifier" and "日均" in s.reason, s.reason
    s = verdict("星河假期日均旅游收入约12.4亿元[1]。", "星河假期日均旅游收入是多少亿元？", [holiday])
    assert s.supported, s.reason
    s = verdict("假期本地游占比超7成[1]。", "假期本地游占比是多少？", [holiday])
    assert s.supported, s.reason


def test_a_rate_per_so_many_people_does_not_answer_for_the_total():
    # a crafted passage: 77 is researchers per ten thousand employed, not how many researchers there are
    staff = hit("星河市每万名职工中科研人员数从2015年的38人提高到2022年的69人。全市科研人员总量达到3.6万人。",
                title="星河科技")
    s = verdict("2022年星河市科研人员总量为69人[1]。", "2022年星河市科研人员总量是多少？", [staff])
    assert not s.supported and s.rule == "rival_qualifier" and "每万" in s.reason, s.reason
    s = verdict("2022年星河市科研人员总量达到3.6万人[1]。", "2022年星河市科研人员总量是多少？", [staff])
    assert s.supported, s.reason
    s = verdict("2022年每万名职工中科研人员数为69人[1]。", "2022年星河市每万名职工中科研人员数是多少？",
                [staff])
    assert s.supported, s.reason


def test_a_figure_given_in_a_qizhong_clause_is_the_parts():
    # a written rgb_zh-style question: 60,839 is MINI's electric cars, a part of its 292,923
    mini = hit("宝马集团旗下高端汽车品牌MINI 2022年的销量为292，923辆，同比下降3.0%。其中MINI电动汽车（包括插电式混合动力汽车"
               "和纯电动汽车）销量同比增长14.3%，达到60，839辆，占MINI品牌全球总销量的21%左右。", title="MINI")
    v = verify_answer("MINI品牌2022年全球销量为60，839辆[1]。", [mini], REFUSAL, question="MINI品牌2022年全球销量")
    assert not v.sentences[0].supported and v.sentences[0].rule == "rival_qualifier", v.sentences[0]
    assert "电动汽车" in v.sentences[0].reason
    v = verify_answer("2022年MINI电动汽车销量为60，839辆[1]。", [mini], REFUSAL, question="2022年MINI电动汽车销量")
    assert v.sentences[0].supported, v.sentences[0]
    # a passage cut at 其中: the figure's own name (销量) is the whole's as well, the part is still 电动汽车
    cut = hit("其中MINI电动汽车销量同比增长14.3%，达到60，839辆，占MINI品牌2022年全球总销量的21%左右。", title="MINI")
    v = verify_answer("MINI品牌2022年全球销量为60，839辆[1]。", [cut], REFUSAL, question="MINI品牌2022年全球销量")
    assert not v.sentences[0].supported and v.sentences[0].rule == "rival_qualifier", v.sentences[0]


@pytest.mark.parametrize("order", [["1", "18.8", "3"], ["3", "18.8", "1"], ["18.8", "1", "3"]])
def test_the_answers_number_is_the_first_written_whatever_the_sets_order(order):
    # a written cmrc2018-style answer (出场多少场): str.find puts the 1 of `1次` at the start of `18.8分`; the tie went by
    # set order, which changes with the process's hash seed, and so did the verdict
    from rag.verify.rules.rival_qualifier import first_written
    assert first_written("职业生涯每场平均取得18.8分，3个篮板及1次抢断。", order) == "18.8"


def test_a_per_game_average_does_not_answer_how_many_games():
    career = hit("1967年门罗进入NBA。门罗的职业生涯每场平均取得18.8分，3个篮板，3.9次助攻，0.2次封盖及1次抢断。", title="厄尔·门罗")
    s = verdict("门罗的职业生涯每场平均取得18.8分，3个篮板，3.9次助攻，0.2次封盖及1次抢断[1]。", "门罗在NBA职业生涯中共出场多少场",
                [career])
    assert not s.supported and s.rule == "rival_qualifier" and "每场" in s.reason, s.reason


def test_an_amount_asked_with_a_qualifier_needs_an_article_that_names_it():
    # written rgb_zh-style round: the whole summer grain's sown area given as 大豆's, which the article never names
    grain = hit("2022年全国夏粮播种面积26000千公顷，比上年增加0.3%。夏粮单产每公顷5500公斤。", title="夏粮生产")
    v = verify_answer("2022年全国夏粮大豆播种面积26000千公顷[1]。", [grain], REFUSAL, question="2022年全国夏粮大豆播种面积")
    assert not v.text and v.sentences[0].rule == "rival_qualifier" and "大豆" in v.sentences[0].reason, v.sentences
    v = verify_answer("2022年全国夏粮播种面积26000千公顷[1]。", [grain], REFUSAL, question="2022年全国夏粮播种面积")
    assert v.sentences[0].supported and v.text, v.sentences
    # a name asked is not judged so: the qualifier of a who-question is often implied (新任, 决赛)
    pm = hit("克里斯·希普金斯宣誓就任新西兰总理。", title="新西兰")
    v = verify_answer("新西兰2023年新任总理是克里斯·希普金斯[1]。", [pm], REFUSAL, question="新西兰2023年新任总理是谁")
    assert all(s.rule != "rival_qualifier" for s in v.sentences), v.sentences


def test_a_word_qualifying_the_qualifier_further_must_be_named_for_an_amount():
    # RGB-style round R36: all cars' stock given for 新能源汽车保有量, from a passage that never says 新能源
    from rag.question import qualifier_modifiers
    assert qualifier_modifiers("截至2022年底，全国新能源汽车保有量是多少？") == ("新能源",)
    assert qualifier_modifiers("2022年全国汽车保有量是多少？") == ()
    assert qualifier_modifiers("香港立法会事务委员会数量") == ()  # an organisation is the subject, not a qualifier
    cars = hit("据统计，2022年全市机动车保有量达415万辆，其中汽车319万辆；驾驶人达502万人。", title="车辆统计")
    s = first_verdict("2022年全市新能源汽车保有量为319万辆[1]。", "2022年全市新能源汽车保有量是多少？", [cars])
    assert not s.supported and s.rule == "rival_qualifier" and "新能源" in s.reason, s
    assert first_verdict("2022年全市汽车保有量为319万辆[1]。", "2022年全市汽车保有量是多少？", [cars]).supported


def test_the_wholes_figure_is_not_the_part_a_qizhong_clause_gives_its_own():
    # RGB-style round R36: 机动车's total given for 汽车, which the 其中 clause gives its own figure
    cars = hit("据统计，2022年全市机动车保有量达415万辆，其中汽车319万辆；驾驶人达502万人。", title="车辆统计")
    s = first_verdict("2022年全市汽车保有量达415万辆[1]。", "2022年全市汽车保有量是多少？", [cars])
    assert not s.supported and s.rule == "rival_qualifier" and "319" in s.reason, s
    # the whole asked for is its own figure
    assert first_verdict("2022年全市机动车保有量达415万辆[1]。", "2022年全市机动车保有量是多少？", [cars]).supported


def test_a_figure_named_by_a_sibling_of_the_attribute_is_the_siblings():
    # fresh round R143: a candidate's share of the vote (得票率) given as the election's turnout (投票率)
    result = hit("点票结果显示，李明远获得1416张支持票，得票率99.16%。", title="星河市选举")
    s = first_verdict("星河市选举的投票率是99.16%[1]。", "星河市选举的投票率是多少？", [result])
    assert not s.supported and s.rule == "rival_qualifier" and "得票率" in s.reason, s
    # the attribute itself named by the article is judged as before
    turnout = hit("星河市选举投票率为99.16%，李明远的得票率为60%。", title="星河市选举")
    assert first_verdict("星河市选举的投票率是99.16%[1]。", "星河市选举的投票率是多少？", [turnout]).supported


def test_a_later_item_of_a_qizhong_list_gives_its_own_noun_its_number():
    # R166: 其中包括…本科生、…硕士生、245名博士生 — the number is the 博士生's, not the list's first part
    school = hit("2023年，星河大学录取人数创新高，迎来了9120名新生，其中包括6100名本科生、2850名硕士生、170名博士生。", title="星河大学")
    s = verdict("星河大学2023年录取博士生人数为170人[1]。", "星河大学2023年录取博士生人数", [school])
    assert s.supported, s.reason
    s = verdict("星河大学2023年录取的新生中有6100名[1]。", "星河大学2023年录取了多少名研究生？", [school])
    assert not s.supported  # the first item's number is the 本科生's, not the 研究生's


def test_a_part_figure_is_the_parts_whichever_comma_groups_its_digits():
    # R172: the passage writes 58，204 (a full-width comma), the answer 58,204 — one number, still the 其中 part's
    cars = hit("星河汽车2022年的销量为312，457辆，同比下降2.0%。其中星河电动汽车销量同比增长12.1%，达到58，204辆，"
               "占星河汽车全球总销量的19%左右。", title="星河汽车")
    for answer in ("2022年星河汽车全球销量是58,204辆[1]。", "2022年星河汽车全球销量是58，204辆[1]。"):
        v = verify_answer(answer, [cars], REFUSAL, question="2022年星河汽车全球销量是多少？")
        assert not v.sentences[0].supported and v.sentences[0].rule == "rival_qualifier", v.sentences[0]
    v = verify_answer("2022年星河汽车全球销量是312,457辆[1]。", [cars], REFUSAL, question="2022年星河汽车全球销量是多少？")
    assert v.sentences[0].supported, v.sentences[0].reason
