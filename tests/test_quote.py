"""Near-verbatim answer sentences restored to the source's exact words (rag.quote), on sample-page text."""
from __future__ import annotations

from rag.verify import verify_answer
from rag.config import PROJECT_ROOT
from rag.quote import quoted, with_measure
from rag.types import Chunk, Hit

DOC = (PROJECT_ROOT / "data" / "sample" / "000_57414710c54d5ef4.txt").read_text(encoding="utf-8")
SERVICE = DOC[DOC.index("二是服务企业做好资金保障"):DOC.index("三是服务企业做好防疫宣传")]
PUBLICITY = DOC[DOC.index("三是服务企业做好防疫宣传"):DOC.index("把疫情防控的相关政策")]


def test_words_the_model_dropped_are_restored():
    # The passage says 园区在复工企业中也要当好疫情防控"宣传大喇叭"角色; the model left out a few words.
    said = '园区在复工企业中要当好"宣传大喇叭"角色'
    assert quoted(said, PUBLICITY) == '园区在复工企业中也要当好疫情防控"宣传大喇叭"角色'


def test_a_word_pointing_back_is_not_restored():
    # R166: the model named whom 后者 means; restoring it would leave the sentence pointing at nothing
    passage = "16强赛，王强的对手是赛会8号种子、美国名将李明，后者的世界排名第十位。"
    assert quoted("美国名将李明的世界排名第十位", passage) == "美国名将李明的世界排名第十位"
    assert quoted("美国名将李明后者的世界排名第十位", passage) == "美国名将李明，后者的世界排名第十位"  # punctuation only


def test_numbers_the_model_left_out_are_not_added():
    # "已分批次" is restored, "11家" and "50余家" are facts the model did not state
    said = "已分批次组织了银行和企业进行了对接座谈"
    assert quoted(said, SERVICE) == said


def test_words_the_model_added_leave_the_sentence_alone():
    # "主要" is the model's own word: restoring the passage's wording would silently drop it.
    said = "西彭园区主要是以制造业为主"
    assert quoted(said, SERVICE) == said


def test_a_restatement_before_the_copied_stretch_is_kept():
    said = "资金方面，已分批次组织了11家银行和50余家企业对接座谈"
    assert quoted(said, DOC) == "资金方面，已分批次组织了11家银行和50余家企业进行了对接座谈"


def test_a_word_the_model_moved_is_not_restored_twice():
    # The model moved 李华在 before the year; it dropped nothing, so nothing is inserted.
    passage = "该赛季他出场15次。2011年李华在联赛只出场7次，其中首发1次"
    assert quoted("李华在2011年联赛只出场7次", passage) == "李华在2011年联赛只出场7次"


def test_bracketed_notes_are_restored_but_not_empty_ones():
    passage = "该店的冰淇淋有香草（白色）、抹茶（绿色）、巧克力三种口味。同构（）指的是一个保持结构的双射。"
    assert quoted("香草、抹茶、巧克力三种口味", passage) == "香草（白色）、抹茶（绿色）、巧克力三种口味"
    assert quoted("同构指的是一个保持结构的双射", passage) == "同构指的是一个保持结构的双射"


def test_a_stretch_never_grows_across_a_sentence_end_or_a_lone_bracket():
    passage = "中国古动物馆有五个展厅（古鱼类展厅、古鸟类展厅。京杭大运河纵贯该镇。王江泾镇位于嘉兴。"
    assert quoted("中国古动物馆有五个展厅古鱼类展厅、古鸟类展厅", passage) == "中国古动物馆有五个展厅古鱼类展厅、古鸟类展厅"
    assert quoted("京杭大运河纵贯王江泾镇", passage) == "京杭大运河纵贯王江泾镇"


def test_short_or_unrelated_sentences_are_unchanged():
    assert quoted("11家银行", SERVICE) == "11家银行"
    assert quoted("重庆市推进新型基础设施建设", SERVICE) == "重庆市推进新型基础设施建设"


def test_a_bare_number_gets_the_measure_and_hedge_its_passage_writes():
    assert with_measure("11", [SERVICE]) == "11家"
    assert with_measure("50。", [SERVICE]) == "50余家。"
    passage = "位于印控克什米尔地区的寺庙发生踩踏事件，造成至少12人死亡、14人受伤。面积约15.5平方公里，吞吐量超过5200万人次。"
    assert with_measure("12", [passage]) == "至少12人"
    assert with_measure("15.5", [passage]) == "约15.5平方公里"
    assert with_measure("5200", [passage]) == "超过5200万人次"


def test_a_number_the_passages_write_otherwise_is_left_bare():
    assert with_measure("13", [SERVICE]) == "13"  # not in the passage
    assert with_measure("12", ["他获得第12名。"]) == "12"  # an ordinal is no amount
    assert with_measure("12", ["12月3日，共有12家企业"]) == "12"  # a date elsewhere: which 12 is meant is unclear
    assert with_measure("12", ["12家银行", "12名员工"]) == "12"  # two measures
    assert with_measure("2022", ["2022年"]) == "2022"  # a year
    assert with_measure("共11家", [SERVICE]) == "共11家"  # not bare


def test_the_verified_answer_shows_and_highlights_the_passage_words():
    start = DOC.index("二是服务企业做好资金保障")
    chunk = Chunk(chunk_id="000#x", doc_id="000_57414710c54d5ef4.txt", source="data/sample/000.txt",
                  text=SERVICE, start=start, end=start + len(SERVICE))
    hits = [Hit(chunk=chunk, score=1.0, rank=1, dense_score=0.9)]
    v = verify_answer("西彭园区组织了11家银行和50余家企业进行对接座谈[1]。", hits, "资料中没有找到相关信息。",
                      question="西彭园区组织了多少家银行进行对接座谈？")
    assert v.text == "西彭园区组织了11家银行和50余家企业进行了对接座谈[1]。"
    assert v.sentences[0].text == "西彭园区组织了11家银行和50余家企业进行了对接座谈。"
    span = SERVICE[v.citations[0].span_start:v.citations[0].span_end]
    assert "组织了11家银行和50余家企业进行了对接座谈" in span


def test_a_verified_bare_number_is_shown_with_its_measure():
    start = DOC.index("二是服务企业做好资金保障")
    chunk = Chunk(chunk_id="000#x", doc_id="000_57414710c54d5ef4.txt", source="data/sample/000.txt",
                  text=SERVICE, start=start, end=start + len(SERVICE))
    hits = [Hit(chunk=chunk, score=1.0, rank=1, dense_score=0.9)]
    v = verify_answer("11[1]", hits, "资料中没有找到相关信息。", question="西彭园区组织了多少家银行进行对接座谈？")
    assert v.text == "11家[1]。"
