"""The `counted_elsewhere` rule (rag/verify/rules/counted_elsewhere.py) on crafted passages and real sample passages."""
from __future__ import annotations

import pytest

from rag.question import counted_thing
from rag.verify import verify_answer
from rag.verify.reading import read_question
from rag.verify.rules.counted_elsewhere import (counted_elsewhere, counts_other_thing, magnitude_elsewhere,
                                               unsaid_numbers)

from tests.verify.support import PAGE2, REFUSAL, first_verdict, hit, passage


def test_a_number_the_passage_uses_for_something_else_is_unsupported():
    # sample u11: "11家银行" in the passage is not "11家规模以上工业企业".
    shown = [passage("二是服务企业做好资金保障", 220)]
    question = "西彭园区共有多少家规模以上工业企业？"
    v = verify_answer("西彭园区共有11家规模以上工业企业[1]。", shown, REFUSAL, question=question)
    assert not v.sentences[0].supported and "数字 11" in v.sentences[0].reason
    ok = verify_answer("西彭园区组织了11家银行和企业对接[1]。", shown, REFUSAL, question="西彭园区组织了多少家银行？")
    assert ok.sentences[0].supported
    # the counted words may stand before the number in the passage; dates and model numbers are not judged
    text = shown[0].chunk.text
    cooperation = PAGE2
    assert counted_elsewhere("重庆与蒙古等国家达成了15项科技合作意向[1]。", "", cooperation) == []  # "合作意向15项"
    assert counted_elsewhere("重庆与蒙古等国家签订了15项贸易协定[1]。", "", cooperation) != []
    # cmrc DEV_356: a long counted noun written before the number, with stray spaces
    lab = "学院办学条件先进，拥有多媒体数字网络语言实验室 15 个，同时可容纳 840 学生。"
    assert counted_elsewhere("外语学院拥有15个多媒体数字网络语言实验室[1]。", "", lab) == []
    assert counted_elsewhere("西彭园区在11月组织了对接[1]。", "", text) == []
    assert counted_elsewhere("园区用上了iPhone 11手机。", "", text) == []
    # a number counts what is in its own clause or list item, not its neighbour's (sample s13, three passages)
    supplies = "组织发动园区企业团购了500余桶消毒液、100余万个口罩等相关防疫物资。"
    assert counted_elsewhere("西彭园区团购了500余万个口罩[1]。", "", supplies) != []
    assert counted_elsewhere("西彭园区团购了100余万个口罩[1]。", "", supplies) == []


def test_a_number_the_passage_only_uses_in_dates_counts_nothing():
    # "11月6日，《办法》正式印发": the passage gives no count of 11 articles, however short the counted word.
    issued = passage("11月6日,《重庆市污染源自动监控管理办法》", 120, page=PAGE2)
    v = verify_answer("《重庆市污染源自动监控管理办法》共有11条[1]。", [issued], REFUSAL,
                      question="《重庆市污染源自动监控管理办法》共有多少条？")
    assert not v.sentences[0].supported and v.sentences[0].rule == "counted_elsewhere"
    assert "日期" in v.sentences[0].reason
    assert counted_elsewhere("办法明确了7种违法情况[1]。", "", issued.chunk.text) == []  # 7种 is a count there
    assert counted_elsewhere("《办法》于11月6日印发[1]。", "", issued.chunk.text) == []  # a date for a date
    assert counted_elsewhere("共有2023个站点[1]。", "", "2023年3月启动。") != []
    assert counted_elsewhere("历时3年[1]。", "", "2023年3月启动。") == []  # the sentence's own number is a date unit


def test_a_count_of_another_thing_than_the_question_counts_is_unsupported():
    # The question counts 洗手液; the passage's 500 counts 消毒液: a true sentence that answers another question.
    supplies = passage("为此,园区第一时间站出来充当", 140)
    v = verify_answer("西彭园区团购了500余桶消毒液[1]。", [supplies], REFUSAL, question="西彭园区团购了多少瓶洗手液？")
    assert not v.sentences[0].supported and v.sentences[0].rule == "counted_elsewhere"
    assert "洗手液" in v.sentences[0].reason
    for question, answer in (("西彭园区团购了多少桶消毒液？", "西彭园区团购了500余桶消毒液[1]。"),
                             ("西彭园区团购了多少个口罩？", "西彭园区团购了100余万个口罩[1]。")):
        assert verify_answer(answer, [supplies], REFUSAL, question=question).sentences[0].supported, question
    assert counts_other_thing("团购了100余万个口罩", read_question("团购了多少个口罩？"), supplies.chunk.text) == ""
    assert counts_other_thing("团购了500余桶消毒液", read_question("团购了多少个口罩？"), supplies.chunk.text) == "口罩"
    assert counts_other_thing("上阵703场", read_question("一共上阵多少场？"), "他一共上阵703场。") == ""  # nothing named after 场
    # a measure word that is the thing's head counts it: 807球 counts 进球
    assert counts_other_thing("以807球成为射手王", read_question("以多少个进球成为射手王？"), "他以807球成为射手王。") == ""


@pytest.mark.parametrize("question, thing", [
    ("西彭园区团购了多少瓶洗手液？", "洗手液"), ("大会已经推出了多少条新闻报道？", "新闻报道"),
    ("罗利马一共为列斯联上阵多少场？", ""), ("有多少人参加了活动？", ""),
    ("春风行动一共提供了多少个就业岗位？", "岗位"),  # a verb saying which ones, then the thing counted
    ("共有多少家参展企业？", "企业"),
    ("她获得过多少枚奥运速滑银牌？", "银牌"),  # past an abbreviation and the verb before the noun
    ("中国队获得了多少枚冬奥会金牌？", "金牌"),
    # a search-box noun phrase ending in a count's name counts the head of the noun before it
    ("OTA召回涉及汽车品牌数量", "品牌"), ("2022年全国门店数量", "门店"), ("2020年全国旅行社数量", "旅行社"),
    ("新能源汽车召回数量", ""),  # a verb before it: recalls are counted as 召回17次
    ("违法情况种类数量", ""),  # 种类 only names the kind: the passage writes 7种
    ("2022中关村论坛相关活动总数", "活动"),  # a verbal noun is a thing counted
    ("荷兰队速滑银牌数", "银牌"), ("荷兰队速滑项目奥运奖牌总数", "奖牌"),
    ("裁决后宣布禁止堕胎的州的数量", "州"),  # X的数量 counts X, as X数量 does (a written round)
    ("星河剧白玉兰奖提名数量", "提名"),  # jieba's 奖提名 is two words as LAC reads them (fresh round R139)
])
def test_the_thing_a_how_many_question_counts(question, thing):
    assert counted_thing(question) == thing


def test_gold_medals_are_no_count_of_silver_ones():
    # a written rgb_zh-style question: the passage counts her golds, the question her silvers
    shown = [hit("6——苏联选手斯科布利科娃曾获得过6枚奥运速滑金牌，超过所有运动员。", title="速滑")]
    v = verify_answer("斯科布利科娃曾获得过6枚奥运速滑金牌[1]。", shown, REFUSAL, question="斯科布利科娃获得过多少枚奥运速滑银牌？")
    assert not v.sentences[0].supported and v.sentences[0].rule == "counted_elsewhere"
    v = verify_answer("斯科布利科娃曾获得过6枚奥运速滑金牌[1]。", shown, REFUSAL, question="斯科布利科娃获得过多少枚奥运速滑金牌？")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_the_counted_noun_may_follow_a_modifier_in_the_passage():
    # "可以容纳8枚射程超过3000公里的K-4潜射弹道导弹": what 8 counts comes after the range, within the clause.
    sub = "该艇的发射装置达到8个，可以容纳8枚射程超过3000公里的K-4潜射弹道导弹，或者24枚射程较短的导弹。"
    assert counted_elsewhere("该艇可以容纳8枚K-4潜射弹道导弹[1]。", "", sub) == []
    assert counted_elsewhere("该艇可以携带8枚鱼雷[1]。", "", sub) != []


def test_a_score_is_one_fact():
    # "4比2": the 2 is half of a score the passage states whole, not a count of anything
    shown = [hit("决赛第六局他以11比7拿下，总比分4比2获胜夺冠。", title="决赛")]
    v = verify_answer("他以4比2战胜对手[1]。", shown, REFUSAL, question="他以几比几战胜对手？")
    assert v.sentences[0].supported, v.sentences[0].reason
    v = verify_answer("他以4比3战胜对手[1]。", shown, REFUSAL, question="他以几比几战胜对手？")
    assert not v.sentences[0].supported


def test_a_number_is_the_same_number_only_at_the_same_order_of_magnitude():
    contract = hit("据报道，这名球星已同意加盟该俱乐部，他的年薪将高达2亿欧元，双方只差最后签字。", title="转会")
    v = verify_answer("这名球星与俱乐部签约2年[1]。", [contract], REFUSAL, question="这名球星与俱乐部签约几年？")
    assert not v.sentences[0].supported and v.sentences[0].rule == "counted_elsewhere"
    assert "2亿" in v.sentences[0].reason
    ok = verify_answer("他的年薪将高达2亿欧元[1]。", [contract], REFUSAL, question="这名球星的年薪是多少？")
    assert ok.sentences[0].supported, ok.sentences[0].reason
    assert magnitude_elsewhere("投资1.2万元", "", "总投资1.2万亿元") == ["数字 1.2万 在引用段落中是1.2万亿"]
    assert magnitude_elsewhere("全年营收2022亿元", "2022年营收多少", "2022年营收达2022亿元") == []  # asked
    assert magnitude_elsewhere("团购了100万个口罩", "", "团购了500余桶消毒液、100余万个口罩") == []  # 100余万 is 100万+


def test_a_number_the_passage_writes_in_chinese_numerals_is_judged_where_it_stands():
    # "第五年" is the fifth year of hosting, no count of exhibitors; "五家" would be.
    host = "星河集团今年是承办博览会的第五年，负责整体策划和展览展示。"
    assert counted_elsewhere("博览会共有5家企业参展[1]。", "博览会共有多少家企业参展？", host) != []
    exhibitors = "本届博览会共有二十家企业参展，展期三天。"
    assert counted_elsewhere("博览会共有20家企业参展[1]。", "博览会共有多少家企业参展？", exhibitors) == []
    # a single numeral before its measure word (四个) is read where it stands as well: hours, no questions answered
    hearing = hit("林若溪当天出席星河市议会的听证会，接受了长达四个半小时的质询，五名议员先后发言。", title="听证会")
    s = first_verdict("林若溪在听证会上一共回答了4个问题[1]。", "林若溪在听证会上一共回答了多少个问题？", [hearing])
    assert not s.supported and s.rule == "counted_elsewhere", s.reason
    s = first_verdict("林若溪在听证会上接受了4个半小时的质询[1]。", "林若溪接受了多长时间的质询？", [hearing])
    assert s.supported, s.reason
    s = first_verdict("听证会上共有5名议员发言[1]。", "听证会上共有多少名议员发言？", [hearing])
    assert s.supported, s.reason


def test_a_number_ending_its_clause_at_its_measure_word_counts_what_its_sentence_spoke_of():
    papers = "今年大会共收到论文1381篇，其中主会接收829篇，录用率仅约22%。"
    assert counted_elsewhere("主会接收了829篇论文[1]。", "主会接收了多少篇论文？", papers) == []
    assert counted_elsewhere("主会邀请了829篇报告[1]。", "主会邀请了多少篇报告？", papers) != []


def test_a_length_is_no_length_of_time():
    # a crafted passage: the fish lives 3 to 30 metres deep, nothing says how long it lives
    fish = "星河鱼分布于西太平洋区，水深3至30公尺。体长可达40公分，体重约2公斤。"
    assert counted_elsewhere("星河鱼的寿命一般为3至30年[1]。", "星河鱼的寿命一般有多长？", fish) != []
    assert counted_elsewhere("星河鱼生活在水深3至30公尺的海域[1]。", "星河鱼生活在多深的水域？", fish) == []
    assert counted_elsewhere("星河鱼重2公斤[1]。", "星河鱼有多重？", fish) == []
    assert counted_elsewhere("星河鱼活到2年[1]。", "星河鱼能活多久？", fish) != []  # 2 is a weight there


def test_a_number_the_passage_gives_only_as_an_age_or_a_time_counts_nothing_else():
    bio = "星河现年46岁，2010年当选议员，2012年起在多个部门任职。"
    assert counted_elsewhere("星河在选举中获得了46票[1]。", "星河在选举中获得了多少票？", bio) != []
    assert counted_elsewhere("星河今年46岁[1]。", "星河今年多少岁？", bio) == []
    # 日元 is money, not a day; 亿年 is a time either way
    assert counted_elsewhere("票房是32亿日元[1]。", "票房是多少？", "该片在日本的票房为32亿日元。") == []


def test_installments_and_occurrences_are_counted_in_their_own_measure_word():
    # written rgb_zh-style rounds: the passage's 39 个 roles give no 39集 episodes, its 召回17次 no 17个品牌
    assert counted_elsewhere("《漫长的季节》总集数为39集。", "《漫长的季节》总集数", "演员角色共计有 39 个。")
    assert counted_elsewhere("涉及17个品牌。", "涉及汽车品牌数量", "实施OTA召回17次，涉及车辆88.7万辆。")
    assert not counted_elsewhere("共召回17次。", "召回次数", "实施OTA召回17次，涉及车辆88.7万辆。")
    assert not counted_elsewhere("获得3枚金牌。", "获得几枚金牌", "她获得3块金牌。")  # neither counts installments
    assert not counted_elsewhere("这是第3次举办。", "第几次举办", "第3届博览会于昨日举办。")  # an ordinal names one edition
    # the same noun counted in another measure word (a written round: 60场平行论坛 and 60个平行论坛 are one count)
    assert not counted_elsewhere("共有60个平行论坛。", "共有多少个平行论坛", "本届论坛共举办60场平行论坛。")
    assert counted_elsewhere("共有60个论坛。", "共有多少个论坛", "本届共举办60场比赛。")


def test_a_figure_opening_a_passage_cut_mid_sentence_is_said_of_nothing():
    # a written rgb_zh-style question: the snippet opens with "39亿元，" — of what, it does not say
    cut = "39亿元，并在2021年达到78.43亿元的档期票房最高记录。"
    assert unsaid_numbers("2021年全国电影总票房为39亿元。", "2021年全国电影总票房", [cut])
    assert not unsaid_numbers("档期票房最高记录为78.43亿元。", "档期票房最高记录", [cut])
    assert not unsaid_numbers("共有12691名新生。", "新生人数", ["12691名新生入学，其中包括7436名本科生。"])


def test_a_number_ending_its_sentence_counts_what_the_next_sentence_says_of_it():
    # a written rgb_zh-style question: "宪法64条。此条赋予总督任命部长的权力" — the model joins the two sentences
    law = "澳洲总督任命总理的法理依据是《联邦宪法》64条。此条赋予总督任命部长的权力。"
    assert not counted_elsewhere("《联邦宪法》64条赋予总督任命部长的权力。", "任命总理的法理依据", law)
    assert counted_elsewhere("《联邦宪法》64条规定了议会的选举方式。", "议会的选举方式", law)


def test_a_season_written_with_a_leading_zero_is_the_questions_number():
    # a written cmrc2018-style question: "2007/08赛季" — the question's 08 is its 8, no age or time to judge
    passage_text = "佩特鲁齐在2007/08年赛季的青年队比赛中19次代表罗马上场，攻入14球。"
    assert not counted_elsewhere("佩特鲁齐在2007/08赛季青年队比赛中攻入14球。", "佩特鲁齐在2007/08赛季青年队比赛中攻入多少球？",
                                 passage_text)


def test_a_respectively_list_names_what_it_counts_before_its_first_value():
    # a written rgb_zh-style search-box question: 1.16部 is the fourth value of "人均观影数量分别为…"
    films = "2018年、2019年、2021年、2022年春节档人均观影数量分别为1.22部、1.23部、1.19部和1.16部，均未超过2部。"
    question = read_question("2022年春节档人均观影数量")
    assert question.counted == "观影"
    assert counts_other_thing("2022年春节档人均观影数量为1.16部", question, films) == ""


def test_a_how_many_question_counts_the_head_of_its_noun_phrase():
    # written round: "多少次奥斯卡提名" counts 提名 (the passage: "第53次获得提名"), not the name 奥斯卡
    assert counted_thing("约翰·威廉斯获得过多少次奥斯卡提名") == "提名"
    assert counted_thing("多少枚奥运速滑银牌") == "银牌" and counted_thing("有多少个就业岗位") == "岗位"
    # a long noun phrase is read to its head, past the first six letters
    assert counted_thing("星河园区共有多少家规模以上工业企业？") == "企业"
    assert counted_thing("星河学院拥有多少个多媒体数字网络语言实验室？") == "实验室"
    # fresh round R156: after 有 the verb is what the counted ones do ("有多少支球队参加": teams, not 参加)
    assert counted_thing("星河联赛有多少支球队参加？") == "球队" == counted_thing("有多少支球队参加比赛？")
    league = hit("本届星河联赛有多达 13 队球队参与角逐，是多年来首次有13队参与。", title="星河联赛")
    s = first_verdict("星河联赛有13支球队参加[1]。", "星河联赛有多少支球队参加？", [league])
    assert s.supported, s
    shown = [hit("约翰·威廉斯是第53次获得提名（5次获奖），成为最高龄的入围者。", title="奥斯卡")]
    v = verify_answer("约翰·威廉斯获得过53次奥斯卡提名[1]。", shown, REFUSAL, question="约翰·威廉斯获得过多少次奥斯卡提名")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_a_length_in_an_events_name_is_the_same_measurement_whatever_follows_it():
    # rounds R133 (and one of the thirty-second session's): a distance inside an event's name read as a count of
    # medals, the passage saying 决赛 after it and the answer 金牌
    final = hit("2月12日，星河市冬季运动会速度滑冰男子500米决赛在星河速滑馆举行，选手李明远夺得冠军。", title="冬运会")
    s = first_verdict("李明远获得速度滑冰男子500米金牌[1]。", "李明远获得哪个项目的金牌？", [final])
    assert s.supported, s
    # a count in a measure word still has to count the same thing (11家银行 gives no 11家企业)
    banks = hit("星河市组织了11家银行。", title="对接会")
    s = first_verdict("星河市共有11家规模以上工业企业[1]。", "星河市共有多少家规模以上工业企业？", [banks])
    assert not s.supported and s.rule == "counted_elsewhere", s
    # and a length the passage writes in another unit, or also without it, is not taken for the same measurement
    track = hit("星河赛道全长500公里，共设500个观众席位。", title="赛道")
    s = first_verdict("星河赛道设有500米长的看台[1]。", "星河赛道的看台有多长？", [track])
    assert not s.supported, s


def test_a_share_is_no_number_the_passage_gives_as_a_count():
    # fresh round R139: a turnout of 50% from "50个州中的36个州将改选州长"
    states = hit("今年，星河国所有435个众议院席位中的35个将进行改选。50个州中的36个州将改选州长。中期选举8日正式开始投票。",
                 title="中期选举")
    s = first_verdict("星河国中期选举投票率是50%[1]。", "星河国中期选举投票率", [states])
    assert not s.supported and s.rule == "counted_elsewhere" and "百分比" in s.reason, s
    # a share the passage gives in per cent, or in words, is the same share
    turnout = hit("星河国中期选举投票率为50%，创下新高。", title="选举")
    assert first_verdict("星河国中期选举投票率是50%[1]。", "星河国中期选举投票率", [turnout]).supported
    assert counted_elsewhere("投票率是50%。", "星河国中期选举投票率", "投票率为百分之五十，创下新高。") == []


def test_an_age_a_sum_of_money_and_a_length_of_time_are_three_things():
    # fresh rounds R139 and R136: a suspect's 24歲 given as a prison term of 24年, a fare of $16.9 as 16.9小时
    arrest = hit("警方已扣押两件圆筒状物体，并得知犯嫌为24歲的星河男子。", title="爆炸案")
    s = first_verdict("星河男子被判处的刑期为24年[1]。", "星河男子被判处的刑期", [arrest])
    assert not s.supported and s.rule == "counted_elsewhere" and "年龄" in s.reason, s
    assert counted_elsewhere("星河男子今年24岁。", "星河男子多大", arrest.chunk.text) == []
    route = "星河巴士1R线 全程：$16.9经：星河道、银河道"
    assert counted_elsewhere("星河巴士1R线全程需要16.9小时。", "星河巴士1R线全程需要多长时间？", route) \
        == ["数字 16.9 在引用段落中是金额，不是时长"]
    assert counted_elsewhere("星河巴士1R线全程票价为16.9港元。", "星河巴士1R线票价", route) == []
    # a year or a month of a date is no length of time; a school grade or a decade is neither
    assert counted_elsewhere("星河在1980年9月开放。", "", "1980年9月开放，馆长时年1980元") == []
    assert counted_elsewhere("星河读3年级。", "", "星河今年3岁") == []


def test_a_figure_cut_at_the_passages_end_is_read_without_its_magnitude():
    # fresh round R151: a passage cut at "约3." states 3, not 3亿 (and 3.00 is 3)
    cut = "截至9月12日20时，今年中秋档累计票房（含预售）约3."
    assert magnitude_elsewhere("星河中秋档累计票房约3.00亿[1]。", "星河中秋档累计票房", cut) == ["数字 3亿 在引用段落中是3"]
    assert magnitude_elsewhere("累计票房约3亿。", "累计票房", "累计票房约3.00亿元。") == []


def test_a_thing_counted_by_its_first_character_alone_is_the_thing():
    # R166: "31个省、自治区…" counts the 省份 a question asks about, by the word's short form
    students = "星河大学2023级新生来自28个省、自治区、直辖市，以及12个国家和地区。"
    question = read_question("星河大学2023级新生来自多少个省份？")
    assert counts_other_thing("新生来自28个省份", question, students) == ""
    assert counts_other_thing("新生来自12个省份", question, students) == "省份"  # 12 counts 国家
    assert counts_other_thing("新生来自28个省份", question, "星河大学新生来自28个省会城市。") == "省份"  # 省会 is a word
