"""Citation repair: missing or wrong markers re-pointed to the passage that holds the facts, citations that add
nothing dropped, supporting spans."""
from __future__ import annotations

from rag.verify import verify_answer

from tests.verify.support import DOC, REFUSAL, hit, passage


def test_marker_to_missing_passage_is_dropped_and_replaced(hits):
    v = verify_answer("钉钉、腾讯会议、华为WeLink等办公软件呈现爆发式增长[7]。", hits, REFUSAL)
    s = v.sentences[0]
    assert s.supported and s.citations == [1]
    assert "[7]" not in v.text and "[1]" in v.text


def test_sentence_without_marker_gets_the_supporting_passage(hits):
    v = verify_answer("要建设存储容量达50PB级的高性能超算中心。", hits, REFUSAL)
    assert v.sentences[0].citations == [2]
    assert v.text == "要建设存储容量达50PB级的高性能超算中心[2]。"


def test_wrongly_cited_passage_is_recited(hits):
    v = verify_answer("要建设存储容量达50PB级的高性能超算中心[1]。", hits, REFUSAL)
    assert v.sentences[0].citations == [2]


def test_partial_answer_keeps_only_supported_sentences(hits):
    v = verify_answer("华为WeLink等办公软件呈现爆发式增长[1]。该软件用户超过3亿[1]。", hits, REFUSAL)
    assert [s.supported for s in v.sentences] == [True, False]
    assert "3亿" not in v.text and "WeLink" in v.text


def test_supporting_span_offsets_point_into_chunk_and_document(hits):
    v = verify_answer("华为WeLink等办公软件呈现爆发式增长[1]。", hits, REFUSAL)
    (c,) = v.citations
    chunk = hits[0].chunk
    assert c.number == 1 and c.chunk_id == chunk.chunk_id
    assert "WeLink" in c.text[c.span_start:c.span_end]
    assert c.doc_start == chunk.start + c.span_start and c.doc_end == chunk.start + c.span_end
    assert DOC[c.doc_start:c.doc_end] == c.text[c.span_start:c.span_end]
    assert c.span_end - c.span_start < len(chunk.text)  # a sentence, not the whole passage


def test_second_citation_without_the_key_fact_is_dropped(hits):
    # Both passages talk about the digital economy; only [2] holds the number.
    v = verify_answer("要建设存储容量达50PB级的高性能超算中心[1][2]。", hits, REFUSAL)
    assert v.sentences[0].supported and v.sentences[0].citations == [2]


def test_facts_spread_over_two_shown_passages_cite_both():
    shown = [passage("二是服务企业做好资金保障", 150), passage("一是服务企业做好防疫物资保障", 120)]
    v = verify_answer("园区充当了“银企的联络人”和“团购管家”的角色[1]。", shown, REFUSAL)
    assert v.sentences[0].supported and v.sentences[0].citations == [1, 2]
    assert v.text == "园区充当了“银企的联络人”和“团购管家”的角色[1][2]。"
    # a fact found in neither passage still fails
    assert not verify_answer("园区充当了“银企的联络人”和“防疫先锋”的角色[1]。", shown, REFUSAL).sentences[0].supported


def test_restated_question_fact_found_in_another_passage_of_the_article_is_cited_too():
    shown = [passage("深化国家绿色数据中心试点", 70, title="A"), passage("加速推进5G网络", 20, title="A")]
    v = verify_answer("5G网络建设中，要建设存储容量达50PB级的高性能超算中心[1]。", shown, REFUSAL,
                      question="5G网络建设中，超算中心存储容量要达到多少？")
    assert v.sentences[0].supported and v.sentences[0].citations == [1, 2]


def test_a_citation_that_adds_nothing_to_the_others_is_dropped():
    # rgb_zh q107: a second passage on the same topic, holding nothing of the answer the first does not.
    funds = passage("二是服务企业做好资金保障", 150)
    twice = [funds, passage("二是服务企业做好资金保障", 150, title="转载")]
    v = verify_answer("园区主动作为银企的联络人[1][2]。", twice, REFUSAL, question="园区主动作为什么？")
    assert v.sentences[0].supported and v.sentences[0].citations == [1]
    # each passage holding its own part of the answer stays cited
    both = [funds, passage("一是服务企业做好防疫物资保障", 120)]
    v = verify_answer("园区充当了银企的联络人和团购管家的角色[1][2]。", both, REFUSAL, question="园区充当了什么角色？")
    assert v.sentences[0].supported and v.sentences[0].citations == [1, 2]


def test_the_fact_is_recited_from_an_article_that_meets_the_question_conditions():
    # rgb_zh q262: the name is in [1], an article that never says 俄罗斯, and in [2], one that does.
    shown = [passage("深化国家绿色数据中心试点", 70, title="A"), passage("深化国家绿色数据中心试点", 70, title="B"),
             passage("努力开创 重庆经济", 20, title="B")]
    v = verify_answer("存储容量达50PB级[1]。", shown, REFUSAL, question="重庆市超算中心存储容量要达到多少？")
    assert v.sentences[0].supported and v.sentences[0].citations == [2]


def test_the_fact_is_recited_from_an_article_that_speaks_of_the_asked_attribute():
    # a written rgb_zh-style question: [1] names 特拉斯 without saying she succeeds him, [2] says 继任
    from tests.verify.support import hit
    shown = [hit("特拉斯现年46岁。自首相约翰逊7月宣布辞职以来，入主唐宁街10号之战至此落下帷幕。", title="特拉斯"),
             hit("约翰逊发表告别演说。他说，他的继任将会通过一切努力帮助人民。他呼吁保守党人支持特拉斯。", title="约翰逊")]
    v = verify_answer("约翰逊的继任者是特拉斯[1]。", shown, REFUSAL, question="约翰逊的继任者是谁？")
    assert v.sentences[0].supported and v.sentences[0].citations == [2], v.sentences[0]


def test_an_abbreviation_restated_from_the_question_is_met_by_its_full_form():
    # RGB-style round R37: 欧冠 restated from the question, the right passage writing 欧洲冠军杯; the citation stays
    right = hit("2021至2022赛季欧洲冠军杯决赛在巴黎法兰西体育场举行，决赛对阵双方为利物浦和皇家马德里。", doc="a")
    other = hit("在2021-2022赛季欧冠决赛中，皇家马德里1:0击败利物浦夺得冠军。", doc="b")
    v = verify_answer("2021至2022赛季欧冠决赛在巴黎法兰西体育场举行[1]。", [right, other], REFUSAL,
                      question="2021至2022赛季欧冠决赛在哪个球场举行？")
    assert v.sentences[0].supported and v.sentences[0].citations == [1], v.sentences
