"""The `rival_name` rule (rag/verify/rules/rival_name.py): the clause stating the fact names another thing of the
question's kind where the sentence names the question's."""
from __future__ import annotations

import pytest

from rag.facts import KeyFacts
from rag.verify.passages import clauses_holding
from rag.verify.rules.rival_name import listed_together, swapped_names

from rag.verify import verify_answer
from tests.verify.support import PAGE2, REFUSAL, first_verdict, hit, passage

DELEGATION = passage("新渝报讯(记者 侯小梅", 200, title="老挝、缅甸代表团到大足考察交流", page=PAGE2)
QUAKE = hit("此次地震在土耳其境内造成1,234人死亡，在叙利亚境内造成567人死亡。", title="地震伤亡")
FINALS = hit("本届锦标赛上，李华夺得女单冠军，王强与赵亮夺得男双冠军。", title="锦标赛")


def verdict(answer: str, shown: list, question: str):
    return first_verdict(answer, question, shown)


def test_another_countrys_official_is_refused_though_the_article_names_the_country():
    # 缅甸 is named in the passage (its own delegate), so the question's scope holds for the article; the clause
    # holding 杰士纳 is about 老挝.
    s = verdict("缅甸司法部副部长叫杰士纳[1]。", [DELEGATION], "缅甸司法部副部长叫什么名字？")
    assert not s.supported and s.rule == "rival_name"
    assert "老挝" in s.reason and "缅甸" in s.reason


def test_the_right_countrys_official_passes():
    s = verdict("老挝司法部副部长叫杰士纳[1]。", [DELEGATION], "老挝司法部副部长叫什么名字？")
    assert s.supported, s.reason


@pytest.mark.parametrize("answer, supported", [
    ("地震在叙利亚造成1,234人死亡[1]。", False),  # Turkey's toll; a thousands comma does not end the clause
    ("地震在叙利亚造成567人死亡[1]。", True),
])
def test_a_figure_belongs_to_the_place_its_clause_names(answer, supported):
    s = verdict(answer, [QUAKE], "地震在叙利亚造成多少人死亡？")
    assert s.supported is supported, s.reason
    assert supported or s.rule == "rival_name"


def test_the_opposite_event_is_refused_and_the_asked_one_passes():
    s = verdict("本届锦标赛男单冠军是李华[1]。", [FINALS], "本届锦标赛男单冠军是谁？")
    assert not s.supported and s.rule == "rival_name" and "女单" in s.reason
    s = verdict("本届锦标赛女单冠军是李华[1]。", [FINALS], "本届锦标赛女单冠军是谁？")
    assert s.supported, s.reason


def test_the_opposite_change_is_refused():
    shown = [hit("今年一季度，本市粮食产量比上年增长1.2%，蔬菜产量下降0.5%。", title="统计公报")]
    s = verdict("今年一季度本市粮食产量比上年下降了1.2%[1]。", shown, "今年一季度本市粮食产量比上年下降了多少？")
    assert not s.supported and s.rule == "rival_name" and "增长" in s.reason
    s = verdict("今年一季度本市粮食产量比上年增长了1.2%[1]。", shown, "今年一季度本市粮食产量比上年增长了多少？")
    assert s.supported, s.reason


@pytest.mark.parametrize("sentence, question, clause, swaps", [
    ("徐夫人嫁给了陆尚。", "徐夫人嫁给了谁？", "陆尚娶同郡徐氏为妻", []),  # one person's two forms
    ("海宁西站距离嘉兴市区30公里。", "海宁西站距离嘉兴市区多远？", "海宁西站距离海宁市区30公里", [("嘉兴", "海宁")]),
    ("西站距离市区30公里。", "西站距离市区多远？", "西站距离市区30公里", []),
    # a written rgb_zh-style question: the passage's 19.20万 are births, not deaths
    ("2022年重庆死亡人口比上年增加了19.20万人。", "2022年重庆死亡人口比上年增加了多少？", "2022年全市出生人口19.20万人",
     [("死亡", "出生")]),
])
def test_swapped_names(sentence, question, clause, swaps):
    assert swapped_names(sentence, question, clause) == swaps


def test_a_particle_is_no_shared_place():
    # "《四海》的导演" and "王海的第4部作品" share only 的: the director's name is not put where a rival stood.
    film = hit("《四海》（英语：Four Seas）由王海执导，多位青年演员出演。这是导演王海的第4部导演作品。", title="")
    s = first_verdict("电影《四海》的导演是王海[1]。", "电影《四海》的导演是谁？", [film])
    assert s.supported, s.reason


def test_the_clause_of_another_version_states_that_versions_fact():
    # a written rgb_zh-style question: two missiles in one sentence, the model gives the K-4's range for the K-15
    boat = hit("印度的该艇可以容纳8枚射程超过3000公里的K-4潜射弹道导弹，或一坑3筒的模式，容纳24枚射程700公里的K-15。", title="潜艇")
    verdict = first_verdict("印度K-15导弹的射程是3000公里[1]。", "印度K-15导弹的射程是多少？", [boat])
    assert not verdict.supported and verdict.rule == "rival_name" and "K-4" in verdict.reason
    verdict = first_verdict("印度K-15导弹的射程是700公里[1]。", "印度K-15导弹的射程是多少？", [boat])
    assert verdict.supported, verdict.reason


def test_a_common_noun_jieba_tags_as_a_place_is_no_rival():
    # a written cmrc2018-style question: jieba tags 城市 as a place name; LAC reads it as a common noun
    town = hit("莱姆里杰斯是英国多塞特郡的一个海滨城市。2001年城市共有人口4,406人。", title="莱姆里杰斯")
    verdict = first_verdict("2001年莱姆里杰斯共有4,406人[1]。", "2001年莱姆里杰斯共有多少人口？", [town])
    assert verdict.supported, verdict.reason


def test_every_source_sentence_naming_the_opposite_answers_another_question():
    # a written rgb_zh-style question: the men's final score given for the women's final
    final = hit("1月29日晚间，德约科维奇以6:3、7:6（4）、7:6（5）的比分连胜三盘，赢得了澳网男单冠军奖杯。", title="澳网")
    s = first_verdict("澳网女单决赛比分：6:3、7:6（4）、7:6（5）[1]。", "澳网女单决赛比分", [final])
    assert not s.supported and s.rule == "rival_name" and "男单" in s.reason, s.reason
    s = first_verdict("澳网男单决赛比分：6:3、7:6（4）、7:6（5）[1]。", "澳网男单决赛比分", [final])
    assert s.supported, s.reason


def test_words_the_passage_lists_side_by_side_are_rivals():
    # a written rgb_zh-style question: the passage lists 入境、出境和国内 markets; 28.79亿人次 is the 国内 figure
    tourism = hit("疫情全面影响了入境、出境和国内三大旅游市场。2020年，全国国内旅游人数28.79亿人次，同比下降52.1%。",
                  title="旅游")
    s = first_verdict("2020年入境旅游人数28.79亿人次[1]。", "2020年入境旅游人数", [tourism])
    assert not s.supported and s.rule == "rival_name" and "国内" in s.reason, s
    s = first_verdict("2020年国内旅游人数28.79亿人次[1]。", "2020年国内旅游人数", [tourism])
    assert s.supported, s.reason
    assert listed_together("入境、出境和国内三大市场") == {frozenset(p) for p in
                                                         (("入境", "出境"), ("入境", "国内"), ("出境", "国内"))}


def test_the_first_part_of_the_asked_name_is_no_shared_place():
    # a written cmrc2018-style question: 阿部|正丰 and 阿部|定吉 share a family name, not a place in the sentence
    assert swapped_names("阿部正丰是三河松平氏家臣，阿部定吉的长子。", "阿部正丰是谁的长子？", "阿部定吉的长子") == []


def test_the_words_of_a_quoted_title_are_the_titles():
    # a written rgb_zh-style search-box question: jieba's place 四海 inside 《四海》 is no rival of 大陆
    assert swapped_names("电影《四海》导演是韩寒。", "电影《四海》导演", "这是中国大陆导演韩寒的第4部导演作品") == []


def test_a_date_whose_clause_is_about_another_person_named_beside_the_asked_one():
    # written round (search-box style): the sentence gives two players' return dates, one per clause
    shown = [hit("根据规定，前冠军李明将在2027年12月复出，而世界排名第11位的王强将在明年9月复出。", title="禁赛")]
    v = verify_answer("王强复出时间是2027年12月[1]。", shown, REFUSAL, question="王强复出时间")
    assert not v.sentences[0].supported and v.sentences[0].rule == "rival_name"
    assert "李明" in v.sentences[0].reason
    v = verify_answer("王强将在明年9月复出[1]。", shown, REFUSAL, question="王强复出时间")
    assert v.sentences[0].supported, v.sentences[0].reason
    # an agent named in the clause is not its subject: the asked person is the one appointed
    shown = [hit("张三早年从军。1059年，被皇帝李四任命为枢密使，封赵王。", title="传记")]
    v = verify_answer("1059年，被皇帝李四任命为枢密使，封赵王[1]。", shown, REFUSAL, question="张三在什么时候被封为赵王？")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_a_clause_without_a_subject_continues_the_persons_clause_before_it():
    # written round (cmrc2018-style): the age at death is the husband's, told in the wife's article
    shown = [hit("后来王强被迁往星河市，林若溪也跟随丈夫到星河市，四年后王强在星河市去世，时年四十二岁，葬在北山。",
                 title="林若溪")]
    v = verify_answer("林若溪去世时42岁[1]。", shown, REFUSAL, question="林若溪去世时多少岁？")
    assert not v.sentences[0].supported and v.sentences[0].rule == "rival_name" and "王强" in v.sentences[0].reason
    v = verify_answer("王强去世时42岁[1]。", shown, REFUSAL, question="王强去世时多少岁？")
    assert v.sentences[0].supported, v.sentences[0].reason
    # the asked person's own clause goes on: the figure is theirs
    shown = [hit("丈夫王强去世后，林若溪回到星河市，时年四十二岁，此后再未嫁。", title="林若溪")]
    v = verify_answer("林若溪回到星河市时42岁[1]。", shown, REFUSAL, question="林若溪回到星河市时多少岁？")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_the_latter_of_a_sentence_is_the_last_person_it_named():
    # written round (search-box style): 后者 is the opponent, not the asked player
    shown = [hit("5月2日的16强赛，王强的对手是赛会8号种子、美国名将李明，后者的世界排名第十位。", title="网球")]
    v = verify_answer("王强的世界排名第十位[1]。", shown, REFUSAL, question="王强的世界排名")
    assert not v.sentences[0].supported and v.sentences[0].rule == "rival_name" and "李明" in v.sentences[0].reason
    v = verify_answer("李明的世界排名第十位[1]。", shown, REFUSAL, question="李明的世界排名")
    assert v.sentences[0].supported, v.sentences[0].reason
    # R166: asked by the relation (王强的对手), the opponent's rank is the one asked
    v = verify_answer("李明的世界排名第十位[1]。", shown, REFUSAL, question="王强16强赛对手的世界排名")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_a_figure_whose_clause_has_another_place_as_its_subject():
    # written round (search-box style): 河南's total given for 黑龙江's and for the nation's
    shown = [hit("国家统计局发布了2022年粮食产量数据，河南以总产量1357亿斤的成绩低于黑龙江，位居全国第二。", title="粮食")]
    v = verify_answer("黑龙江粮食总产量为1357亿斤[1]。", shown, REFUSAL, question="2022年黑龙江粮食总产量")
    assert not v.sentences[0].supported and v.sentences[0].rule == "rival_name" and "河南" in v.sentences[0].reason
    v = verify_answer("2022年全国粮食总产量是1357亿斤[1]。", shown, REFUSAL, question="2022年全国粮食总产量是多少？")
    assert not v.sentences[0].supported and v.sentences[0].rule == "rival_name"
    v = verify_answer("2022年河南粮食总产量为1357亿斤[1]。", shown, REFUSAL, question="2022年河南粮食总产量")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_an_opposite_is_read_letter_by_letter_where_jieba_cuts_the_word():
    # written rounds: jieba cuts 女|双 in the question and reads 女单 whole in the passage
    shown = [hit("2023年澳网女单冠军是萨巴伦卡职业生涯第12座冠军奖杯。", title="澳网")]
    v = verify_answer("2023年澳网女双冠军是萨巴伦卡[1]。", shown, REFUSAL, question="2023年澳网女双冠军是谁")
    assert not v.sentences[0].supported and v.sentences[0].rule == "rival_name"
    v = verify_answer("2023年澳网女单冠军是萨巴伦卡[1]。", shown, REFUSAL, question="2023年澳网女单冠军是谁")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_a_space_beside_a_latin_word_or_a_number_does_not_end_the_clause():
    # written round: pangu-style spacing (`Meta 从苹果挖走了大约 100 名工程师`) kept the figure's clause apart from
    # 苹果, so 谷歌 passed; a space between Chinese words still separates a page's headlines
    talent = hit("人才流失已经让苹果不得不重视起来，过去几个月里，Meta 从苹果挖走了大约 100 名工程师。", title="人才")
    s = verdict("Meta从谷歌挖走了大约100名工程师[1]。", [talent], "Meta从谷歌挖走了多少名工程师？")
    assert not s.supported and s.rule == "rival_name" and "苹果" in s.reason, s
    assert verdict("Meta从苹果挖走了大约100名工程师[1]。", [talent], "Meta从苹果挖走了多少名工程师？").supported
    assert clauses_holding(KeyFacts(numbers={"5"}), "春运的“五大风险” 重庆交巡警总队预测5个") == ["重庆交巡警总队预测5个"]


def test_a_fact_stated_for_another_quoted_work_is_that_works():
    # written round: 1981 is the year of 赫尔曼's own earlier book, not of 《制造共识》 (its title's comma ends no clause)
    book = hit("根据赫尔曼的说法，书中有关于宣传模式的观点为自己所提出，主要是根据自己于1981年出版的著作《企业控制力，企业影响力》"
               "所提出的论点。《制造共识》一书于1988年出版。", title="制造共识")
    s = verdict("《制造共识》是1981年出版的[1]。", [book], "《制造共识》是哪一年出版的？")
    assert not s.supported and s.rule == "rival_name" and "企业控制力" in s.reason, s
    assert verdict("《制造共识》是1988年出版的[1]。", [book], "《制造共识》是哪一年出版的？").supported
    # a title the answer names is its answer, not a rival
    magazine = hit("《捉兔记》首次出版在1944年二月的《超级科学故事》杂志上。", title="捉兔记")
    assert verdict("《捉兔记》首次出版在《超级科学故事》杂志上[1]。", [magazine], "《捉兔记》首次出版在什么杂志上？").supported


def test_of_two_clauses_alike_holding_the_fact_the_one_without_a_rival_states_it():
    # written cmrc2018-style round: 2008 stands in the 之前 clause and in the 之后 clause, equally like the sentence
    office = hit("例如，该市在2008年政府机构改革之前，该市财政局和税务局为合署办公，而2008年政府机构改革之后，该市财政局被独立设置。",
                 title="税务局")
    q = "该市财政局是在哪一年政府机构改革之后被独立设置的？"
    v = verify_answer("2008年政府机构改革之后，该市财政局被独立设置[1]。", [office], REFUSAL, question=q)
    assert v.sentences[0].supported, v.sentences[0].reason
    # with 2008 only in the 之前 clause, the sentence's 之后 is the rival's
    before = hit("例如，该市在2008年政府机构改革之前，该市财政局和税务局为合署办公，而此后该市财政局被独立设置。", title="税务局")
    v = verify_answer("2008年政府机构改革之后，该市财政局被独立设置[1]。", [before], REFUSAL, question=q)
    assert not v.text and v.sentences[0].rule == "rival_name" and "之前" in v.sentences[0].reason, v.sentences[0]


def test_a_first_round_is_no_second_round_and_a_neutral_sentence_does_not_count():
    # written rgb_zh-style round: the 初试 dates given for 复试; the next sentence (no 初试, no 复试) holds a fact too
    exam = hit("一、初试时间 2022年硕士研究生招生考试初试时间为2021年12月25日至26日（每天上午8:30—11:30）。"
               "超过3小时的考试科目在12月27日进行（起始时间8:30）。", title="考研")
    q = "2022年考研复试时间"
    v = verify_answer("2022年硕士研究生招生考试初试时间为2021年12月25日至26日，每天上午8:30—11:30[1]。", [exam], REFUSAL,
                      question=q)
    assert not v.text and v.sentences[0].rule == "rival_name" and "初试" in v.sentences[0].reason, v.sentences
    v = verify_answer("2022年考研初试时间为2021年12月25日至26日[1]。", [exam], REFUSAL, question="2022年考研初试时间")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_a_clause_without_a_subject_continues_its_sentences_place():
    # written rgb_zh-style round: 四川's natural growth rate, in a clause opening with 而, given for 天津's
    rates = hit("2011-2019年，四川省的出生率波动区间为9.8‰-11.3‰，2020年降到7.6‰，而自然增长率则在2020年降到2‰以下，"
                "为1.3‰。根据统计年鉴，2020年天津的人口出生率为5.99‰，天津的人口自然增长率为0.07‰。", title="人口")
    q = "2020年天津人口自然增长率"
    v = verify_answer("2020年天津人口自然增长率是1.3‰[1]。", [rates], REFUSAL, question=q)
    assert not v.text and v.sentences[0].rule == "rival_name" and "四川省" in v.sentences[0].reason, v.sentences
    v = verify_answer("2020年天津人口自然增长率是0.07‰[1]。", [rates], REFUSAL, question=q)
    assert v.sentences[0].supported, v.sentences[0].reason


def test_a_version_the_question_names_as_well_is_no_rival():
    # written rgb_zh-style round: "GPT-3的参数量是GPT-2的多少倍" names both versions
    from rag.question import other_version, versioned_names
    asked = versioned_names("GPT-3的参数量是GPT-2的多少倍")
    assert other_version("GPT-3拥有1750亿个参数，是上一代模型GPT-2的100倍", asked) == ("", "")
    assert other_version("GPT-2拥有15亿个参数", versioned_names("GPT-3的参数量")) == ("GPT-2", "GPT-3")
    gpt = hit("GPT-3拥有1750亿个参数，是上一代模型GPT-2的100倍，也一举将此前同类模型的参数纪录提升了10倍。", title="GPT")
    v = verify_answer("GPT-3的参数量是GPT-2的100倍[1]。", [gpt], REFUSAL, question="GPT-3的参数量是GPT-2的多少倍")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_domestic_is_no_international():
    # written rgb_zh-style round R27: the domestic orders' average fare given for international ones
    fares = hit("据平台数据，今年中秋机票国内支付订单裸票平均价格（不含机建燃油附加费）为556元，为近5年来最低。", title="中秋")
    v = verify_answer("今年中秋机票国际支付订单平均价格为556元[1]。", [fares], REFUSAL, question="今年中秋机票国际支付订单平均价格")
    assert not v.text and v.sentences[0].rule == "rival_name" and "国内" in v.sentences[0].reason, v.sentences
    v = verify_answer("今年中秋机票国内支付订单平均价格为556元[1]。", [fares], REFUSAL, question="今年中秋机票国内支付订单平均价格")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_a_models_variant_is_another_model():
    # written rgb_zh-style round: 小米13's charging power (the clause before 小米13 Pro's) given for 小米13 Pro
    from rag.question import versioned_names
    assert versioned_names("小米13 Pro有线充电最高功率") == {("小米", "13 pro"): "小米13 Pro"}
    assert versioned_names("iPhone 14 Pro Max和iPhone 14")[("iphone", "14 pro max")] == "iPhone 14 Pro Max"
    phones = hit("充电方面，小米13支持最高65W功率的有线充电，小米13 Pro则支持最高100W功率的有线充电。", title="新机评测")
    q = "小米13 Pro有线充电最高功率"
    v = verify_answer("小米13 Pro有线充电最高功率为65W[1]。", [phones], REFUSAL, question=q)
    assert not v.text and v.sentences[0].rule == "rival_name", v.sentences
    v = verify_answer("小米13 Pro有线充电最高功率为100W[1]。", [phones], REFUSAL, question=q)
    assert v.sentences[0].supported and v.text, v.sentences
    v = verify_answer("小米13有线充电最高功率为65W[1]。", [phones], REFUSAL, question="小米13有线充电最高功率")
    assert v.sentences[0].supported and v.text, v.sentences


def test_a_sentence_giving_each_fact_to_its_own_place_swaps_nothing():
    # fresh round R143: the model copied the passage's two clauses whole (20% for 欧盟、非洲, 40% for 拉丁美洲); the 20%
    # clause's 非洲 was taken for a rival of the asked 拉丁美洲, which the sentence names in its other clause
    trade = hit("2021年，星河国对欧盟、非洲出口增速均超过20%，对拉丁美洲出口增速超过40%。", title="外贸")
    s = first_verdict("2021年，星河国对欧盟、非洲出口增速均超过20%，对拉丁美洲出口增速超过40%[1]。",
                      "2021年星河国对拉丁美洲出口增速", [trade])
    assert s.supported, s
    # the asked place put where the passage has another still is a swap
    s = first_verdict("2021年星河国对拉丁美洲出口增速超过20%[1]。", "2021年星河国对拉丁美洲出口增速",
                      [hit("2021年，星河国对非洲出口增速超过20%，对欧盟出口增速超过40%，对拉丁美洲出口保持稳定。", title="外贸")])
    assert not s.supported and s.rule == "rival_name", s


def test_a_clause_saying_what_the_asked_work_is_continues_its_title():
    # fresh round R148: `《海，另一个未知的宇宙》（…「讯息」，附标题…）是德国作家法兰克·薛庆…为了撰写小说《群》…` — the clause
    # naming the author opens after the bracket with 是, the asked book its subject; 《群》 is no rival
    book = hit("《星河，另一片海》（原标题的意思是「来自海的讯息」，附标题则为「时光旅行」）是德国作家李明远为了撰写小说《群》"
               "而收集的资料改写成的一本书。", title="星河，另一片海")
    s = first_verdict("《星河，另一片海》的作者是李明远[1]。", "《星河，另一片海》的作者是谁？", [book])
    assert s.supported, s
    # a clause with a subject of its own that names another work still gives that work's fact
    other = hit("《星河，另一片海》的作者是李明远，他于1981年出版的著作《群》广受好评。", title="星河，另一片海")
    s = first_verdict("《星河，另一片海》是1981年出版的[1]。", "《星河，另一片海》是哪一年出版的？", [other])
    assert not s.supported, s


def test_a_name_given_again_in_brackets_is_the_same_person():
    # fresh round R186: the critic's English name in brackets after the Chinese one is no other subject
    review = hit("《星河邮报》的强尼·林若溪（英语：Johnny Lin）给出4颗星的评分，称赞视觉效果。", title="影评")
    q = "《星河邮报》的强尼·林若溪给这部电影打了几颗星？"
    for answer in ("4颗星[1]", "强尼·林若溪给这部电影打了4颗星[1]。"):
        s = first_verdict(answer, q, [review])
        assert s.supported, s.reason
    # a clause whose subject is another person still is that person's
    two = hit("《星河邮报》上，王强给出4颗星的评分，而强尼·林若溪（英语：Johnny Lin）只给了2颗星。", title="影评")
    s = first_verdict("强尼·林若溪给这部电影打了4颗星[1]。", q, [two])
    assert not s.supported and s.rule == "rival_name", s.reason
