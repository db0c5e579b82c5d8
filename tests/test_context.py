"""What the model is shown: numbered passages with their article header, optionally focused on the
sentences that match the question."""
from __future__ import annotations

from rag.context import focus, format_passage, passages_text
from rag.types import Chunk, Hit

TEXT = ("防疫不松劲，复工复产要抓紧。一是服务企业做好防疫物资保障。园区团购了500余桶消毒液、100余万个口罩。"
        "二是服务企业做好资金保障。园区组织了11家银行和50余家企业进行对接座谈。")


def hit(text: str = TEXT, **fields: str) -> Hit:
    chunk = Chunk(chunk_id="d#0", doc_id="d", source="d.txt", text=text, start=0, end=len(text), **fields)
    return Hit(chunk=chunk, score=1.0, rank=1)


def test_focus_keeps_the_best_matching_sentences_in_order_and_marks_the_cuts() -> None:
    out = focus(TEXT, "园区团购了多少个口罩？", 2)
    assert out == "……园区团购了500余桶消毒液、100余万个口罩。……园区组织了11家银行和50余家企业进行对接座谈。"
    assert focus(TEXT, "园区和多少家银行对接座谈？", 1) == "……园区组织了11家银行和50余家企业进行对接座谈。"


def test_focus_zero_or_short_text_returns_everything() -> None:
    assert focus(TEXT, "园区团购了多少个口罩？", 0) == TEXT
    assert focus(TEXT, "园区团购了多少个口罩？", 9) == TEXT
    assert focus(TEXT, "？", 2) == TEXT  # nothing to match on: do not guess


def test_passage_header_carries_title_author_and_note() -> None:
    h = hit(title="以新金融理念推进智慧政务建设", author="高永强", note="作者系重庆市政府参事")
    assert format_passage(3, h).startswith("[3] 《以新金融理念推进智慧政务建设》 作者：高永强 （作者系重庆市政府参事）\n")
    block = passages_text([hit(), h], "园区团购了多少个口罩？", 1)
    assert block.startswith("[1] ……园区团购了500余桶消毒液、100余万个口罩。……\n\n[2] 《")


def test_author_note_is_shown_once_per_article() -> None:
    a = hit(title="以新金融理念推进智慧政务建设", author="高永强", note="作者系重庆市政府参事")
    other = Hit(chunk=Chunk(chunk_id="e#0", doc_id="e", source="e.txt", text=TEXT, start=0, end=len(TEXT),
                            title="另一篇", author="王某", note="作者系某大学教授"), score=1.0, rank=2)
    block = passages_text([a, other, a], "园区团购了多少个口罩？", 1)
    assert block.count("作者系重庆市政府参事") == 1 and block.count("作者系某大学教授") == 1
    # title and author still head every passage, so each can be cited on its own
    assert block.count("《以新金融理念推进智慧政务建设》 作者：高永强") == 2
    assert "[3] 《以新金融理念推进智慧政务建设》 作者：高永强\n" in block


def test_the_best_ranked_passages_are_shown_whole_the_rest_focused() -> None:
    block = passages_text([hit(), hit(), hit()], "园区团购了多少个口罩？", 1, full_passages=2)
    first, second, third = block.split("\n\n")
    assert first == f"[1] {TEXT}" and second == f"[2] {TEXT}"
    assert third == "[3] ……园区团购了500余桶消毒液、100余万个口罩。……"


def test_another_article_s_passage_stays_focused_even_among_the_best_ranked() -> None:
    # rgb_zh: a second article shown whole is a competing story the small model answers from
    other = Hit(chunk=Chunk(chunk_id="e#0", doc_id="e", source="e.txt", text=TEXT, start=0, end=len(TEXT)),
                score=1.0, rank=2)
    block = passages_text([hit(), other, hit()], "园区团购了多少个口罩？", 1, full_passages=3)
    first, second, third = block.split("\n\n")
    assert first == f"[1] {TEXT}" and third == f"[3] {TEXT}"
    assert second == "[2] ……园区团购了500余桶消毒液、100余万个口罩。……"
