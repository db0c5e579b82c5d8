"""Sentences, chunks and whole-file ingestion on the real sample pages, with the real tokenizer."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from rag.chunk import chunk_document
from rag.config import PROJECT_ROOT, Settings
from rag.errors import IngestError
from rag.ingest import document_from_record, iter_documents, read_document
from rag.sentences import split_sentences
from rag.tokens import count_tokens
from rag.types import Article, Document

SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def sample_docs(settings: Settings) -> list[Document]:
    docs = list(iter_documents([SAMPLE_DIR], settings))
    assert all(isinstance(d, Document) for d in docs), docs
    assert len(docs) == 2
    return docs


# --- sentences ---------------------------------------------------------------------------------

def _sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_keep_closing_quotes_and_brackets() -> None:
    text = "他说：“数据要跑起来。”随后离开。「真的吗？」她问！（完。）最后一句……没有结尾"
    assert _sents(text) == ["他说：“数据要跑起来。”", "随后离开。", "「真的吗？」", "她问！", "（完。）",
                            "最后一句……", "没有结尾"]


def test_sentences_split_on_semicolons_and_lines() -> None:
    assert _sents("第一；第二;第三\n\n标题\n正文。") == ["第一；", "第二;", "第三", "标题", "正文。"]


def test_sentences_english_and_numbers() -> None:
    assert _sents("It costs 3.5 yuan. Really? Yes!") == ["It costs 3.5 yuan.", "Really?", "Yes!"]


def test_sentence_offsets_exact_on_sample(sample_docs: list[Document]) -> None:
    for doc in sample_docs:
        spans = split_sentences(doc.text)
        assert len(spans) > 50
        prev_end = 0
        for s, e in spans:
            assert prev_end <= s < e
            assert doc.text[s:e] == doc.text[s:e].strip()
            assert doc.text[prev_end:s].strip() == ""  # nothing but whitespace is skipped
            prev_end = e
        assert doc.text[prev_end:].strip() == ""


# --- chunks ------------------------------------------------------------------------------------

def test_every_sample_chunk_is_exact_bounded_and_inside_one_article(
        sample_docs: list[Document], settings: Settings) -> None:
    for doc in sample_docs:
        chunks = chunk_document(doc, settings)
        assert len(chunks) > 10
        for i, c in enumerate(chunks):
            assert c.chunk_id == f"{doc.doc_id}#{i}"
            assert (c.doc_id, c.source) == (doc.doc_id, doc.source)
            assert c.text == doc.text[c.start:c.end]
            assert c.text == c.text.strip()
            assert count_tokens(c.text) <= settings.chunk_tokens
            owners = [a for a in doc.articles if a.start <= c.start and c.end <= a.end]
            assert len(owners) == 1, f"chunk {c.chunk_id} crosses an article boundary"
            assert (c.title, c.author) == (owners[0].title, owners[0].author)


def test_chunks_cover_all_text(sample_docs: list[Document], settings: Settings) -> None:
    for doc in sample_docs:
        covered = [False] * len(doc.text)
        for c in chunk_document(doc, settings):
            covered[c.start:c.end] = [True] * (c.end - c.start)
        missing = "".join(ch for ch, ok in zip(doc.text, covered) if not ok)
        assert missing.strip() == ""


def test_chunks_start_and_end_on_sentence_boundaries(sample_docs: list[Document], settings: Settings) -> None:
    doc = sample_docs[0]
    spans = split_sentences(doc.text)
    starts = {s for s, _ in spans}
    ends = {e for _, e in spans}
    cut = 0
    for c in chunk_document(doc, settings):
        for pos, bounds in ((c.start, starts), (c.end, ends)):
            if pos not in bounds:  # only a sentence longer than the whole budget may be cut
                s, e = next((s, e) for s, e in spans if s < pos < e)
                assert count_tokens(doc.text[s:e]) > settings.chunk_tokens
                cut += 1
    assert cut <= 4


def test_byline_question_is_answerable_from_chunk_fields(sample_docs: list[Document], settings: Settings) -> None:
    """《以新金融理念推进智慧政务建设》的作者是谁 -> every chunk of that article carries title and author."""
    chunks = [c for d in sample_docs for c in chunk_document(d, settings)
              if c.title == "以新金融理念推进智慧政务建设"]
    assert len(chunks) >= 3
    assert {c.author for c in chunks} == {"高永强"}
    assert chunks[0].index_text.startswith(
        "《以新金融理念推进智慧政务建设》 作者：高永强 （作者系重庆市政府参事；常青华、师子峰对此文亦有贡献）\n")
    assert any("（作者系重庆市政府参事" in c.text for c in chunks)
    # "高永强是什么身份": the author note travels with every chunk of the article, not only the last one
    assert all("重庆市政府参事" in c.header for c in chunks)


def test_overlap_is_whole_sentences_within_a_paragraph(sample_docs: list[Document], settings: Settings) -> None:
    small = settings.replace(chunk_tokens=120, chunk_overlap_tokens=50)
    doc = sample_docs[0]
    starts = {s for s, _ in split_sentences(doc.text)}
    chunks = chunk_document(doc, small)
    overlapping = 0
    for a, b in zip(chunks, chunks[1:]):
        assert count_tokens(b.text) <= 120
        if b.start < a.end:  # b repeats the tail of a
            overlapping += 1
            shared = doc.text[b.start:a.end]
            assert b.start in starts  # starts on a sentence boundary: whole sentences only
            assert "\n" not in shared  # overlap never reaches back over a paragraph break
            assert count_tokens(shared) <= 50
            assert b.end > a.end  # and b still adds new text
    assert overlapping >= 5


def test_no_overlap_when_disabled(sample_docs: list[Document], settings: Settings) -> None:
    chunks = chunk_document(sample_docs[1], settings.replace(chunk_overlap_tokens=0))
    for a, b in zip(chunks, chunks[1:]):
        assert b.start >= a.end


def test_paragraphs_are_kept_whole_when_they_fit(sample_docs: list[Document], settings: Settings) -> None:
    doc = sample_docs[1]
    chunks = chunk_document(doc, settings)
    # a short news paragraph (well under the budget) is never split between chunks
    para = "大足区政协副主席李继刚出席。当天，政协委员们走进万古镇王清村，实地考察高标准农田建设成效"
    assert sum(para in c.text for c in chunks) == 1


def test_overlong_sentence_is_cut_within_budget(settings: Settings) -> None:
    sentence = "数字政府建设" * 120 + "，" + "城市治理" * 80 + "。"
    text = "长句测试\n\n" + sentence
    doc = Document(doc_id="long.txt", source="long.txt", text=text,
                   articles=[Article(title="长句测试", author="", start=0, end=len(text))])
    chunks = chunk_document(doc, settings.replace(chunk_tokens=100, chunk_overlap_tokens=20))
    assert len(chunks) >= 5
    assert all(count_tokens(c.text) <= 100 for c in chunks)
    assert all(c.text == text[c.start:c.end] for c in chunks)
    assert "".join(doc.text[c.start:c.end] for c in chunks).replace("\n", "") == text.replace("\n", "")


def test_document_without_articles_is_one_span(settings: Settings) -> None:
    doc = Document(doc_id="x", source="x", text="第一句。第二句。", title="文件标题")
    chunks = chunk_document(doc, settings)
    assert [(c.text, c.title) for c in chunks] == [("第一句。第二句。", "文件标题")]


# --- ingest ------------------------------------------------------------------------------------

def test_read_document_ids_hash_title(tmp_path: Path, settings: Settings) -> None:
    src = SAMPLE_DIR / "000_57414710c54d5ef4.txt"
    target = tmp_path / "papers" / "2020" / src.name
    target.parent.mkdir(parents=True)
    target.write_bytes(src.read_bytes())
    doc = read_document(target, tmp_path / "papers", settings)
    assert doc.doc_id == "2020/000_57414710c54d5ef4.txt"
    assert doc.source == str(target)
    assert doc.content_hash == hashlib.sha256(src.read_bytes()).hexdigest()
    assert doc.title == "服务企业复工复产要合"
    assert [a.title for a in doc.articles][2] == "以新金融理念推进智慧政务建设"


def test_title_falls_back_to_file_stem(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "工作总结.txt"
    path.write_text("今年完成了三项任务，明年继续努力，争取更好成绩。", encoding="utf-8")
    assert read_document(path, tmp_path, settings).title == "工作总结"


def test_pdf_document_end_to_end(settings: Settings) -> None:
    doc = read_document(FIXTURES / "text_zh.pdf", FIXTURES, settings)
    assert doc.doc_id == "text_zh.pdf"
    assert doc.articles[0].title == "智慧政务建设的新思路"
    assert doc.articles[0].author == "李明"
    # page 1 ends with a full sentence, so the page break stays a paragraph break
    assert "推进智慧政务建设，是提升政府治理能力的重要实践。\n\n大型银行" in doc.text


def test_wrapped_pdf_column_is_rejoined(settings: Settings) -> None:
    """A real narrow-column PDF: every line breaks mid-sentence (one even starts with 、), the text
    runs over a page break, and each page has a page number at its foot."""
    doc = read_document(FIXTURES / "wrapped_column_zh.pdf", FIXTURES, settings)
    body = ("数字化必然加速社会结构变革与政府再组织化，形成组织间深度融合的协同工作机制。"
            "要统筹跨部门、跨行业、跨系统应用场景的协同使用，弥补当前业务流程再造、技术融合、"
            "数据融合过程中的不足和短板。数字政府平台的广泛应用，将深刻改变政府与社会互动的频率、"
            "方式和关系，帮助政府回应复杂的社会治理。")
    assert doc.text == "超大城市需用数治变革\n\n□张华\n\n" + body
    assert [(a.title, a.author) for a in doc.articles] == [("超大城市需用数治变革", "张华")]
    chunks = chunk_document(doc, settings)
    assert chunks[0].text.startswith("超大城市需用数治变革") and chunks[-1].text.endswith("社会治理。")


def test_docx_document_structure(tmp_path: Path, settings: Settings) -> None:
    import docx

    d = docx.Document()
    d.add_heading("智慧政务建设报告", level=1)
    d.add_paragraph("□王五 赵六")
    d.add_paragraph("推进智慧政务建设，是提升政府治理能力的重要实践")  # no final 。: still its own block
    d.add_paragraph("大型银行具有明显优势。（作者系某银行研究员）")
    path = tmp_path / "报告.docx"
    d.save(str(path))
    doc = read_document(path, tmp_path, settings)
    assert doc.text == ("# 智慧政务建设报告\n\n□王五 赵六\n\n推进智慧政务建设，是提升政府治理能力的重要实践"
                        "\n\n大型银行具有明显优势。（作者系某银行研究员）")
    assert [(a.title, a.author, a.note) for a in doc.articles] == [
        ("智慧政务建设报告", "王五 赵六", "作者系某银行研究员")]
    assert doc.title == "智慧政务建设报告"


def test_iter_documents_keeps_going_after_errors(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "good.txt").write_text("智慧政务建设是一项重要工作。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03PNG")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "z_good.md").write_text("# 标题\n\n正文内容。", encoding="utf-8")
    results = list(iter_documents([tmp_path, tmp_path / "nope"], settings))
    docs = [r for r in results if isinstance(r, Document)]
    errors = {Path(r.path).name: r.problem for r in results if isinstance(r, IngestError)}
    assert sorted(d.doc_id for d in docs) == ["good.txt", "z_good.md"]
    assert set(errors) == {"empty.txt", "binary.txt", "broken.pdf", "nope"}
    assert all(re.search(r"[\u4e00-\u9fff]", p) for p in errors.values())  # readable messages


def test_document_from_record() -> None:
    rec = {"id": "DEV_1115", "title": "植村秀", "text": "植村秀（男性），日本代表性的彩妆大师。父亲植村传助 为纺织公司的经营者。"}
    doc = document_from_record(rec, "cmrc2018")
    assert (doc.doc_id, doc.source, doc.title) == ("DEV_1115", "cmrc2018", "植村秀")
    assert doc.text == rec["text"]  # eval answers are spans of the original text: kept verbatim
    assert doc.articles == [Article(title="植村秀", author="", start=0, end=len(rec["text"]))]
    assert doc.content_hash == hashlib.sha256(rec["text"].encode("utf-8")).hexdigest()


@pytest.mark.parametrize("rec, needle", [
    ({"title": "x", "text": "正文"}, "id"),
    ({"id": "a1", "title": "x", "text": "  "}, "text"),
    ({"id": "a2", "title": "x"}, "text"),
    (["not", "a", "dict"], "JSON"),
])
def test_document_from_record_rejects_bad_records(rec, needle: str) -> None:
    with pytest.raises(IngestError) as info:
        document_from_record(rec, "corpus.jsonl")
    assert info.value.path == "corpus.jsonl" and needle in info.value.problem


def test_page_starts_find_each_page_after_cleaning():
    from rag.clean import clean_text
    from rag.pages import page_of, page_starts

    raw = "第一页的标题\n这是第一页的正文内容，讲的是春天。\n- 1 -\f第二页开头的一句话很长，\n讲的是夏天。\n- 2 -\f"
    text = clean_text(raw)
    starts = page_starts(raw, text)
    assert starts[0] == 0 and text[starts[1]:].startswith("第二页开头")
    assert page_of(starts, text.index("春天")) == 1 and page_of(starts, text.index("夏天")) == 2
    assert page_starts("一页而已", "一页而已") == [] and page_of([], 5) == 0
