"""The `subject` rule (rag/verify/rules/subject.py) on crafted passages and real sample passages."""
from __future__ import annotations

import pytest

from rag.facts import abbreviation_found, short_form_found
from rag.question import leading_subject
from rag.verify import verify_answer
from rag.verify.rules.subject import _names_asked_person

from tests.verify.support import REFUSAL, first_verdict, hit


@pytest.mark.parametrize("question, subject", [
    ("松鸦主要分布在哪里？", "松鸦"),
    ("甲醇钠如何储存？", "甲醇钠"),
    ("高畠车站在哪里？", "高畠"),  # a name jieba cuts into single characters is joined back
    ("第十管区海上保安本部驻地在哪里？", "第十管区"),  # not 第十一管区
    ("公司在全球有着怎样的地位？", ""),  # names only a kind of thing
    ("1988年《选择》杂志的封面人物是谁？", ""),  # opens with a year, then a title (checked as a condition)
    ("2023年1月3日港股的成交额是多少？", "港股"),  # the time it opens with says when, not what
    ("2022年，星河公司营收多少", "星河"),
    ("电视剧《长河》第十集片尾用了哪首曲子？", ""),  # the kind of a title: the title is the condition
    ("谁演唱了《金刀情侠》的主题曲？", ""),  # opens with the question word
    ("谁向岸田文雄扔炸弹", ""),  # the question word and a preposition are no part of a name
    ("", ""),
])
def test_leading_subject(question, subject):
    assert leading_subject(question) == subject


def test_answer_about_another_thing_of_the_same_kind_is_unsupported(hits):
    # cmrc2018 DEV_141: 钩盲蛇's range offered for 松鸦's, from an article that never names 松鸦.
    v = verify_answer("存储容量达50PB级[2]。", hits, REFUSAL, question="气象卫星的存储容量是多少？")
    assert not v.sentences[0].supported and "气象卫星" in v.sentences[0].reason
    ok = verify_answer("存储容量达50PB级[2]。", hits, REFUSAL, question="数据中心的存储容量是多少？")
    assert ok.sentences[0].supported and ok.sentences[0].citations == [2]


def test_the_article_s_text_just_before_a_chunk_names_its_subject():
    # A chunk that continues an article: the subject was named in the previous chunk, which the retriever hands
    # over as `before` (rag.retrieve.with_text_before); without it the right answer would be refused.
    from tests.verify.support import hit

    later = hit("作者想到的对等事件，是1986年瑞典首相帕尔梅被枪杀。", title="")
    q = "王建国遇刺后，作者想到的1986年被枪杀的瑞典首相是谁？"
    v = verify_answer("1986年被枪杀的瑞典首相是帕尔梅[1]。", [later], REFUSAL, question=q)
    assert not v.sentences[0].supported and v.sentences[0].rule == "subject"
    later.before = "自从今天早上王建国遇刺的消息传出后，朋友的讯息源源不断。"
    v = verify_answer("1986年被枪杀的瑞典首相是帕尔梅[1]。", [later], REFUSAL, question=q)
    assert v.sentences[0].supported, v.sentences[0].reason


def test_a_passage_repeating_the_question_at_length_is_about_its_unnamed_subject():
    # A post described word for word without the exam's name (省考) is that exam's post; a passage that repeats
    # only a few words of the question is not.
    from tests.verify.support import hit

    q = "省考甲市税务局一级科员（二）岗位的竞争比是多少？"
    post = hit("甲市税务局一级科员（二）岗位仅招录1人，已有300人过审，竞争比达300比1。", title="")
    assert verify_answer("竞争比达300比1[1]。", [post], REFUSAL, question=q).sentences[0].supported
    other = hit("乙市海关一级科员岗位的竞争比达200比1。", title="")
    v = verify_answer("竞争比达200比1[1]。", [other], REFUSAL, question=q)
    assert not v.sentences[0].supported and v.sentences[0].rule == "subject"


def test_an_abbreviated_subject_is_named_by_its_full_form():
    assert abbreviation_found("中国男足", "聘任他为中国国家男子足球队主教练")
    assert not abbreviation_found("中国男足", "中国女足和男篮都已出发")
    assert not abbreviation_found("第十管区", "第十一管区本部驻地")  # no numeral put in
    assert not abbreviation_found("港股", "A股全天成交额")  # two letters: only as the first letters of two words
    # written round R17: 法网 is 法国|网球|公开赛; 国考 is 国家|公务员|考试
    assert abbreviation_found("法网", "关于2022年法国网球公开赛，你需要了解的信息")
    assert abbreviation_found("国考", "国家公务员考试报名人数")
    assert not abbreviation_found("松鸦", "松树上的乌鸦") and not abbreviation_found("法网", "法国队进网")


def test_a_sentence_opening_with_a_sibling_states_the_siblings_fact():
    # a written cmrc2018-style question: the article lists 格仁错 among the lakes, the area is 色林错's
    lakes = hit("色林错位于西藏北部，湖面海拔4530米，湖水面积2391平方公里。流域内的湖泊除色林错外，还有格仁错、吴如错等23个小湖。",
                title="色林错")
    v = verify_answer("格仁错的湖水面积是2391平方公里[1]。", [lakes], REFUSAL, question="格仁错的湖水面积是多少？")
    assert not v.sentences[0].supported and v.sentences[0].rule == "subject" and "色林错" in v.sentences[0].reason
    v = verify_answer("色林错的湖水面积是2391平方公里[1]。", [lakes], REFUSAL, question="色林错的湖水面积是多少？")
    assert v.sentences[0].supported, v.sentences[0].reason


def test_a_passage_may_name_the_subject_by_its_short_form():
    # a written rgb_zh-style question: the passage says 深大, the question 深圳大学
    news = hit("2022年，深大录取人数再创历史新高，迎来了12691名新生，其中包括245名博士生。", title="开学")
    v = verify_answer("2022年深圳大学录取了245名博士生[1]。", [news], REFUSAL, question="2022年深圳大学录取了多少名博士生？")
    assert v.sentences[0].supported, v.sentences[0].reason
    assert short_form_found("北京大学", "北大的学生") and not short_form_found("松鸦", "松树")


def test_a_brand_before_a_latin_model_name_is_no_subject():
    # a written rgb_zh-style question: the passage writes the brand in Latin, "Xiaomi MIX 4"
    from rag.question import leading_subject
    assert leading_subject("小米MIX 4电池容量") == ""
    assert leading_subject("小米公司的创始人是谁") == "小米"  # no model name after it: the brand is the subject


def test_a_names_first_letter_cut_off_by_jieba_is_joined_back():
    # a written cmrc2018-style question: 麦|银汉鱼; a passage about 凡氏下银汉鱼 ("体长可达8公分") is about another fish
    assert leading_subject("麦银汉鱼的体长最长可以达到多少？") == "麦银汉鱼"
    other = hit("尾鳍灰黑色，其余各鳍淡色。体长可达8公分。为暖水性上层小型鱼类。", title="凡氏下银汉鱼")
    v = verify_answer("麦银汉鱼的体长最长可以达到8公分[1]。", [other], REFUSAL, question="麦银汉鱼的体长最长可以达到多少？")
    assert not v.sentences[0].supported and v.sentences[0].rule == "subject", v.sentences[0]



def test_an_article_naming_the_questions_person_is_about_its_unnamed_subject():
    # written round R17: a chunk of the Uvalde article names the gunman 拉莫斯 but never 乌瓦尔迪
    chunk = hit("案发三天前，拉莫斯曾在自己的账号上发布了购买枪支的照片。5月16日，他刚满18周岁，两支枪是他送给自己的礼物。",
                title="枪击案")
    q = "乌瓦尔迪枪击案枪手拉莫斯哪天刚满18周岁？"
    assert verify_answer("拉莫斯5月16日刚满18周岁[1]。", [chunk], REFUSAL, question=q).sentences[0].supported
    v = verify_answer("5月16日[1]。", [chunk], REFUSAL, question="乌瓦尔迪枪击案枪手哪天刚满18周岁？")
    assert not v.sentences[0].supported and v.sentences[0].rule == "subject", v.sentences
    # the rest of the subject's own name is no other person: 白鸟|百合子
    assert not _names_asked_person("白鸟百合子的网志为什么特别受欢迎？", "白鸟", "百合子的网志")


def test_this_x_speaks_of_the_articles_own_subject():
    # cmrc2018-style round R40/R42: 本联盟 in the article on the league is the league itself, no sibling of it
    league = hit("国际联盟是位于某国东部的一个职业棒球小联盟。本联盟和海岸联盟一样，位于小联盟的3A等级。", title="国际联盟")
    s = first_verdict("国际联盟位于小联盟的3A等级[1]。", "国际联盟位于小联盟的哪个等级？", [league])
    assert s.supported, s
    # a sibling that opens the sentence still states its own fact
    other = hit("国际联盟是一个职业棒球小联盟。海岸联盟位于小联盟的2A等级。", title="棒球联盟")
    assert not first_verdict("国际联盟位于小联盟的2A等级[1]。", "国际联盟位于小联盟的哪个等级？", [other]).supported


def test_a_place_and_a_one_letter_noun_name_a_kind():
    # cmrc2018-style round R45: 北海道狼 is the subject (jieba reads 北海道 + 狼), not a place and no subject; a year
    # from an article on another animal is refused
    assert leading_subject("北海道狼于哪一年灭绝？") == "北海道狼" and leading_subject("华南虎生活在哪里") == "华南虎"
    assert leading_subject("四川省的出生率是多少") == ""  # a place before 的 is the scope
    deer = hit("沼鹿一度濒临灭绝，数量由1950年代的3000头下降至少于100头。到了1970年，只余下66头，北方的狼也于这一年灭绝。",
               title="沼鹿")
    s = first_verdict("北海道狼于1970年灭绝[1]。", "北海道狼于哪一年灭绝？", [deer])
    assert not s.supported and s.rule == "subject", s



def test_a_name_lac_reads_whole_where_jieba_cuts_it_is_the_subject():
    # cmrc2018-style round R46: jieba cuts 德|大|铁路 and 短齿|天竺|鲷; LAC reads each whole
    assert leading_subject("德大铁路全长多少公里？") == "德大铁路"
    assert leading_subject("短齿天竺鲷的俗名是什么？") == "短齿天竺鲷"
    assert leading_subject("澳大利亚国家党原名是什么") == ""  # opens with a place jieba knows: unchanged
    rail = hit("大莱龙铁路位于山东省北部，西起大家洼车站，全长175公里。铁路西与德大铁路在大家洼站接轨。", title="大莱龙铁路")
    s = first_verdict("德大铁路全长175公里[1]。", "德大铁路全长多少公里？", [rail])
    assert not s.supported and s.rule == "subject" and "大莱龙铁路" in s.reason, s
    fish = hit("黄天竺鲷，又名环尾天竺鲷，俗名大目侧仔，为天竺鲷科的其中一个种。", title="黄天竺鲷")
    s = first_verdict("短齿天竺鲷的俗名是大目侧仔[1]。", "短齿天竺鲷的俗名是什么？", [fish])
    assert not s.supported and s.rule == "subject", s


def test_a_subject_with_its_kind_is_named_by_its_name_and_the_kind_apart():
    # cmrc2018-style: the question says 霍克水槽公园, the article 霍克水槽 … 一处公园 (a name with a numeral, 第十管区, is no such case)
    park = hit("霍克水槽是某国南部的一处公园。这里有2000多幅古代岩画，最早的可以追溯到6000年前。", title="霍克水槽")
    s = first_verdict("霍克水槽公园里最早的岩画可以追溯到6000年前[1]。", "霍克水槽公园里最早的岩画可以追溯到多少年前？", [park])
    assert s.supported, s


def test_an_answer_that_puts_another_noun_in_the_subjects_place_is_about_that_thing():
    # cmrc2018-style round R47: the question's 白䲟的俗名, the answer 川纹笛鲷的俗名 (from another fish's article)
    fish = hit("川纹笛鲷，俗名嗑头、白点赤海，为笛鲷科的其中一个种。", title="川纹笛鲷")
    s = first_verdict("川纹笛鲷的俗名是嗑头、白点赤海[1]。", "白䲟的俗名是什么？", [fish])
    assert not s.supported and s.rule == "subject" and "川纹笛鲷" in s.reason, s
    assert first_verdict("川纹笛鲷的俗名是嗑头、白点赤海[1]。", "川纹笛鲷的俗名是什么？", [fish]).supported


def test_a_fact_and_what_it_is_said_of_come_from_one_article():
    # fresh round R156: the singer's page names her, another band's page gives a third album; repair cites both (the
    # restated name is the singer page's) and the answer joins them
    singer = hit("林若溪出生于台北。2008年她发行了第一张专辑《从这里出发》；2009年1月，她发行了第二张个人专辑《林若溪与你》。",
                 title="林若溪", doc="d1")
    band = hit("乐团1997年推出专辑《信任》，之后的第二张专辑《世纪》。2004年，发行第三张专辑《伽利略的星空》。",
               title="银河乐团", doc="d2")
    s = first_verdict("林若溪的第三张专辑叫《伽利略的星空》[2]。", "林若溪的第三张专辑叫什么？", [singer, band])
    assert not s.supported and s.rule == "subject" and "另一篇" in s.reason, s
    # the fact from the subject's own article, with another article cited beside it, stands
    s = first_verdict("林若溪的第二张个人专辑叫《林若溪与你》[1][2]。", "林若溪的第二张个人专辑叫什么？", [singer, band])
    assert s.supported, s
