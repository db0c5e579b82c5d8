"""The `novel_content` rule (rag/verify/rules/novel_content.py) on crafted passages and real sample passages."""
from __future__ import annotations

from rag.config import load_settings
from rag.verify import verify_answer
from rag.verify.rules.novel_content import novel_content_found

from tests.verify.support import REFUSAL, hit, passage


def test_answer_content_beyond_the_question_must_come_from_the_passage(hits):
    # rgb_zh q106: the question restated, plus a name the cited passage never mentions.
    assert not novel_content_found("2022年印度新当选总统是佐科-维多多。", "2022年印度新当选总统是谁",
                                   "2022年的峰会由印尼担任轮值主席国，于11月15日在巴厘岛举行。")
    assert novel_content_found("2022年印度新当选总统是穆尔穆。", "2022年印度新当选总统是谁",
                               "德罗帕迪·穆尔穆当选印度第15任总统。")
    assert novel_content_found("在A组。", "德国队在哪个组", "无关内容")  # too little added to judge
    # the model's preamble "根据资料，" is not content
    assert not novel_content_found("根据资料，在小镇上。", "他住在哪里", "无关内容")
    # (an organisation's name the passages lack is also a key fact: novel_content is measured without that rule)
    v = verify_answer("高性能超算中心由华为公司运营[2]。", hits, REFUSAL, question="高性能超算中心由谁运营？",
                      settings=load_settings(verify_skip="key_facts"))
    assert not v.sentences[0].supported and "问题以外" in v.sentences[0].reason


def test_content_added_to_the_question_must_be_in_the_cited_passage_not_elsewhere_in_the_article():
    # rgb_zh q157: the sentence matches the cited passage only where it restates the question; its new words
    # occur in another passage of the same article, not in the one cited.
    shown = [passage("一是服务企业做好防疫物资保障", 120, title="A"), passage("二是服务企业做好资金保障", 150, title="A")]
    question = "服务企业做好防疫物资保障时园区充当了什么角色？"
    v = verify_answer("服务企业做好防疫物资保障时园区充当了银企的联络人[1]。", shown, REFUSAL, question=question)
    assert not v.sentences[0].supported and "问题以外" in v.sentences[0].reason


def test_a_number_in_digits_is_the_passages_number_in_chinese_numerals():
    # a written rgb_zh-style question: "第10位" restates the passage's "第十位", no new content
    ranking = hit("16强赛的对手是8号种子泰勒·弗里茨，后者的世界排名第十位。", title="网球")
    v = verify_answer("泰勒·弗里茨的世界排名第10位[1]。", [ranking], REFUSAL, question="泰勒·弗里茨的世界排名第几？")
    assert v.sentences[0].supported, v.sentences[0].reason
    v = verify_answer("泰勒·弗里茨的世界排名第10位，年收入900万美元[1]。", [ranking], REFUSAL,
                      question="泰勒·弗里茨的世界排名第几？")
    assert not v.sentences[0].supported


def test_a_numeral_and_its_measure_word_add_nothing_the_passage_must_say():
    # rgb_zh q017 (unanswerable): the passage about the film's box office never says 喜剧; the answer's only
    # added bigram the passage holds is the frame "一部"
    passage_text = "这其中自然关乎于电影的质量，也关乎于观影成本。 但对于《李茂扮太子》来说，不仅仅是一部电影的票房得失。"
    question = "《李茂扮太子》是什么类型的电影"
    assert not novel_content_found("《李茂扮太子》是一部喜剧电影。", question, passage_text)
    assert novel_content_found("《李茂扮太子》是一部喜剧电影。", question, passage_text + "这部喜剧笑点密集。")
