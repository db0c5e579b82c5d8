"""Documents as people have them: scans and photos through the real offline OCR (RapidOCR, PP-OCRv4 ONNX), slides,
spreadsheets, CSV and e-books written by their own libraries, then read, indexed and asked about."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import IngestError
from rag.load import read_text
from rag.textdiff import cer
from tests.scans import LEFT, NOTICE, RIGHT, render, render_columns, scanned_pdf

# Measured on these fixtures: CER 0.000 for the rendered notice (bench/bench_ocr.py); a bound with room for
# another onnxruntime build's rounding.
CER_BOUND = 0.03


def test_ocr_of_a_rendered_page_is_accurate(tmp_path: Path):
    path = tmp_path / "notice.png"
    render(NOTICE).save(path)
    text = read_text(path, 50)
    assert cer("".join(NOTICE), text) <= CER_BOUND, text
    assert "17点30分" in text


def test_two_columns_are_read_left_then_right(tmp_path: Path):
    path = tmp_path / "columns.jpg"
    render_columns(LEFT, RIGHT).save(path)
    text = read_text(path, 50)
    positions = [text.find(line[:6]) for line in LEFT + RIGHT]
    assert all(p >= 0 for p in positions), text
    assert positions == sorted(positions), text  # the whole left column before the right one


def test_scanned_pdf_is_ocred_page_by_page(tmp_path: Path):
    path = scanned_pdf(tmp_path / "scan.pdf", [NOTICE[:2], NOTICE[2:]])
    text = read_text(path, 50)
    pages = text.split("\f")
    assert len(pages) == 2 and "17点30分" in pages[0] and "6203" in pages[1]
    assert cer("".join(NOTICE), text.replace("\f", "")) <= CER_BOUND


def test_a_question_about_a_scanned_page_is_answered_with_a_citation(tmp_path: Path, settings):
    from rag.answer import ask
    from rag.ingest import iter_documents
    from rag.stores import open_kb

    folder = tmp_path / "scans"
    folder.mkdir()
    scanned_pdf(folder / "食堂规定.pdf", [NOTICE])
    kb = open_kb("scans", settings, create=True)
    docs = list(iter_documents([folder], settings))
    assert not [d for d in docs if isinstance(d, Exception)]
    kb.add_documents(docs)
    answer = ask("职工食堂晚餐几点开始供应？", kb=kb, settings=settings, llm="extractive")
    assert not answer.refused and "17点30分" in answer.text
    assert answer.citations and answer.citations[0].doc_id == "食堂规定.pdf"
    span = answer.citations[0].text[answer.citations[0].span_start:answer.citations[0].span_end]
    assert "17点30分" in span


def test_broken_images_get_one_clear_line(tmp_path: Path):
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(IngestError, match="photo.jpg.*图片文件损坏"):
        read_text(bad, 50)
    blank = tmp_path / "blank.png"
    render([]).save(blank)
    with pytest.raises(IngestError, match="blank.png.*没有识别出文字"):
        read_text(blank, 50)


def test_pptx_slides_become_titled_sections(tmp_path: Path):
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "食堂开放时间"
    slide.placeholders[1].text = "晚餐17点30分开始供应"
    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = "菜价"
    table = second.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(4), Inches(1)).table
    for (r, c), v in {(0, 0): "菜品", (0, 1): "价格", (1, 0): "红烧肉", (1, 1): "12元"}.items():
        table.cell(r, c).text = v
    deck.save(tmp_path / "deck.pptx")
    slides = read_text(tmp_path / "deck.pptx", 50).split("\n\f\n")  # a slide is a page
    assert [s.splitlines() for s in slides] == [["# 食堂开放时间", "晚餐17点30分开始供应"],
                                                ["# 菜价", "菜品 | 价格", "红烧肉 | 12元"]]


def test_xlsx_and_csv_rows_become_sentences(tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "价格表"
    for row in (["菜品", "价格", "备注"], ["红烧肉", "12元", None], ["青菜", "4元", "时令"]):
        sheet.append(row)
    book.save(tmp_path / "prices.xlsx")
    assert read_text(tmp_path / "prices.xlsx", 50).splitlines() == [
        "# 价格表", "菜品：红烧肉，价格：12元。", "菜品：青菜，价格：4元，备注：时令。"]
    (tmp_path / "staff.csv").write_text("姓名,部门\n李明,后勤处\n王芳,财务处\n", encoding="gb18030")
    assert read_text(tmp_path / "staff.csv", 50).splitlines() == ["# staff", "姓名：李明，部门：后勤处。",
                                                                  "姓名：王芳，部门：财务处。"]


def test_epub_chapters_become_titled_sections(tmp_path: Path):
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("handbook")
    book.set_title("职工手册")
    book.set_language("zh")
    chapters = []
    for i, (title, body) in enumerate([("第一章 食堂", "食堂由后勤处管理。"), ("第二章 宿舍", "宿舍晚上十一点关门。")], 1):
        c = epub.EpubHtml(title=title, file_name=f"c{i}.xhtml", lang="zh")
        c.content = f"<html><body><h1>{title}</h1><p>{body}</p></body></html>"
        book.add_item(c)
        chapters.append(c)
    book.toc, book.spine = chapters, ["nav", *chapters]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    epub.write_epub(str(tmp_path / "handbook.epub"), book)
    assert read_text(tmp_path / "handbook.epub", 50).splitlines() == [
        "# 第一章 食堂", "食堂由后勤处管理。", "# 第二章 宿舍", "宿舍晚上十一点关门。"]


@pytest.mark.parametrize("name, data, problem", [
    ("deck.pptx", b"PK\x03\x04 broken", "PowerPoint 文件损坏"),
    ("prices.xlsx", b"not a zip", "Excel 文件损坏"),
    ("book.epub", b"not a zip either", "EPUB 文件损坏"),
])
def test_broken_office_files_get_one_clear_line(tmp_path: Path, name: str, data: bytes, problem: str):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(IngestError, match=f"{name}.*{problem}"):
        read_text(tmp_path / name, 50)


def test_pages_are_known_for_scans_and_slides(tmp_path: Path, settings):
    from pptx import Presentation

    from rag.answer import ask
    from rag.ingest import iter_documents
    from rag.stores import open_kb
    from rag.webui.render import render_citation

    folder = tmp_path / "paged"
    folder.mkdir()
    scanned_pdf(folder / "规定.pdf", [NOTICE[:2], ["第二页", "宿舍每天晚上十一点关门，节假日顺延一小时。"]])
    deck = Presentation()
    for title, body in (("食堂", "晚餐17点30分开始供应"), ("宿舍", "热水每天18点到23点供应")):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text, slide.placeholders[1].text = title, body
    deck.save(folder / "介绍.pptx")
    docs = list(iter_documents([folder], settings))
    assert not [d for d in docs if isinstance(d, Exception)]
    assert all(len(d.pages) == 2 for d in docs)
    kb = open_kb("paged", settings, create=True)
    kb.add_documents(docs)
    for question, doc_id, fact, page in (("宿舍晚上几点关门？", "规定.pdf", "十一点", 2),
                                         ("热水什么时候供应？", "介绍.pptx", "18点", 2)):
        answer = ask(question, kb=kb, settings=settings, llm="extractive")
        cite = next(c for c in answer.citations if c.doc_id == doc_id)
        assert fact in cite.text and cite.page == page
        assert f"第{page}页" in render_citation(cite, 0)
    first = ask("职工食堂晚餐几点开始供应？", kb=kb, settings=settings, llm="extractive").citations
    assert any(c.doc_id == "规定.pdf" and c.page == 1 for c in first)


def test_questions_about_a_spreadsheet_a_csv_and_an_e_book_are_answered(tmp_path: Path, settings):
    from ebooklib import epub
    from openpyxl import Workbook

    from rag.answer import ask
    from rag.ingest import iter_documents
    from rag.stores import open_kb

    folder = tmp_path / "office"
    folder.mkdir()
    book = Workbook()
    book.active.title = "菜价表"
    for row in (["菜品", "价格"], ["红烧肉", "12元"], ["糖醋排骨", "15元"]):
        book.active.append(row)
    book.save(folder / "菜价.xlsx")
    (folder / "值班.csv").write_text("日期,值班人\n周一,李明\n周二,王芳\n", encoding="utf-8")
    ebook = epub.EpubBook()
    ebook.set_identifier("h")
    ebook.set_title("手册")
    chapter = epub.EpubHtml(title="宿舍", file_name="c1.xhtml", lang="zh")
    chapter.content = "<html><body><h1>宿舍管理</h1><p>宿舍热水每天18点到23点供应。</p></body></html>"
    ebook.add_item(chapter)
    ebook.spine = [chapter]
    ebook.add_item(epub.EpubNcx())
    epub.write_epub(str(folder / "手册.epub"), ebook)
    kb = open_kb("office", settings, create=True)
    kb.add_documents([d for d in iter_documents([folder], settings) if not isinstance(d, Exception)])
    assert len(kb.documents()) == 3
    for question, doc_id, fact in (("糖醋排骨多少钱？", "菜价.xlsx", "15元"), ("周二谁值班？", "值班.csv", "王芳"),
                                   ("宿舍热水几点供应？", "手册.epub", "18点")):
        answer = ask(question, kb=kb, settings=settings, llm="extractive")
        assert not answer.refused and fact in answer.text, (question, answer.sentences)
        assert any(c.doc_id == doc_id and fact in c.text for c in answer.citations)
