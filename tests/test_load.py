"""Finding files and reading every supported format; every bad input gives one clear IngestError."""
from __future__ import annotations

import random
from pathlib import Path

import docx
import pytest

from rag.errors import IngestError
from rag.load import discover, read_text

FIXTURES = Path(__file__).parent / "fixtures"
ZH = "推进智慧政务建设，是政府深化改革、提升治理能力的重要实践。"
ZH_TRAD = "推進智慧政務建設，是政府深化改革、提升治理能力的重要實踐。這是我們的工作。"


def _write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def _problem(path: Path, max_mb: float = 50.0) -> str:
    with pytest.raises(IngestError) as info:
        read_text(path, max_mb)
    err = info.value
    assert err.path == str(path)
    assert str(err).startswith(str(path))  # the message names the file
    return err.problem


# --- discover ----------------------------------------------------------------------------------

def test_discover_walks_folders_and_reports_problems(tmp_path: Path) -> None:
    a = _write(tmp_path / "kb" / "a.txt", ZH)
    b = _write(tmp_path / "kb" / "sub" / "b.md", ZH)
    c = _write(tmp_path / "kb" / "sub" / "deeper" / "c.HTML", "<p>" + ZH + "</p>")
    _write(tmp_path / "kb" / "image.psd", b"8BPS")
    _write(tmp_path / "kb" / ".hidden" / "x.txt", ZH)
    _write(tmp_path / "kb" / ".DS_Store", b"\x00\x01")
    single = _write(tmp_path / "one.docx", b"x")
    files, errors = discover([tmp_path / "kb", single, tmp_path / "missing.txt"])
    kb = tmp_path / "kb"
    assert files == [(a, kb), (b, kb), (c, kb), (single, tmp_path)]  # sorted, roots kept
    assert {Path(e.path).name: e.problem for e in errors}.keys() == {"image.psd", "missing.txt"}
    psd = next(e for e in errors if e.path.endswith("image.psd"))
    assert ".psd" in psd.problem and "不支持" in psd.problem
    missing = next(e for e in errors if e.path.endswith("missing.txt"))
    assert "不存在" in missing.problem


def test_discover_deduplicates(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.txt", ZH)
    files, errors = discover([tmp_path, a, str(a)])
    assert files == [(a, tmp_path)] and errors == []


# --- text encodings ----------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"])
def test_simplified_chinese_encodings(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path / f"{encoding}.txt", ZH + "\n第二行。", encoding)
    assert read_text(path, 50) == ZH + "\n第二行。"


def test_big5_traditional_chinese(tmp_path: Path) -> None:
    path = _write(tmp_path / "big5.txt", ZH_TRAD, "big5")
    assert read_text(path, 50) == ZH_TRAD


def test_gbk_text_that_big5_can_also_decode(tmp_path: Path) -> None:
    """Short GBK strings are often valid Big5 bytes too; the decoder must still pick GB18030."""
    text = "智慧政务建设，数字经济发展，我们的工作"
    data = text.encode("gbk")
    data.decode("big5")  # the ambiguity is real
    path = _write(tmp_path / "ambiguous.txt", data)
    assert read_text(path, 50) == text


def test_markdown_read_as_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "note.md", "# 标题\n\n" + ZH)
    assert read_text(path, 50) == "# 标题\n\n" + ZH


# --- bad inputs --------------------------------------------------------------------------------

def test_missing_file(tmp_path: Path) -> None:
    assert "不存在" in _problem(tmp_path / "nope.txt")


def test_empty_file(tmp_path: Path) -> None:
    assert "为空" in _problem(_write(tmp_path / "empty.txt", b""))


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert "没有文字" in _problem(_write(tmp_path / "blank.txt", "  \n\n \t"))


def test_binary_file_named_txt(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert "二进制" in _problem(_write(tmp_path / "picture.txt", png))


def test_undecodable_bytes_named_txt(tmp_path: Path) -> None:
    rng = random.Random(7)
    noise = bytes(rng.choice(range(1, 256)) for _ in range(4000))  # no NUL byte at all
    problem = _problem(_write(tmp_path / "noise.txt", noise))
    assert "二进制" in problem or "编码" in problem


def test_unsupported_extension(tmp_path: Path) -> None:
    problem = _problem(_write(tmp_path / "slides.key", b"PK\x03\x04"))
    assert ".key" in problem and "不支持" in problem


def test_file_larger_than_limit(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.txt", ZH * 2000)  # ~180 KB
    problem = _problem(path, max_mb=0.1)
    assert "太大" in problem and "0.1 MB" in problem
    assert read_text(path, 1.0).startswith(ZH)


# --- PDF ---------------------------------------------------------------------------------------

def test_pdf_with_text_layer() -> None:
    text = read_text(FIXTURES / "text_zh.pdf", 50)
    assert "智慧政务建设的新思路" in text
    assert "□李明" in text
    assert "推进智慧政务建设，是提升政府治理能力的重要实践。" in text
    assert "大型银行在金融科技方面具有明显优势。" in text  # second page
    assert "\x00" not in text


def test_pdf_without_text_layer_or_recognisable_text() -> None:
    # a page with no text layer is OCRed (tests/test_formats.py); this one has nothing to recognise either
    assert "没有识别出文字" in _problem(FIXTURES / "scanned_no_text.pdf")


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path / "broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    assert "PDF" in _problem(path) and "损坏" in _problem(path)


def test_pdf_that_is_not_a_pdf(tmp_path: Path) -> None:
    assert "损坏" in _problem(_write(tmp_path / "fake.pdf", ZH))


# --- DOCX --------------------------------------------------------------------------------------

def test_docx_paragraphs_headings_and_tables(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("智慧政务建设报告", level=1)
    d.add_paragraph("□王五")
    d.add_paragraph(ZH)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数值"
    table.cell(1, 0).text, table.cell(1, 1).text = "办件量", "1200件"
    d.add_paragraph("表格之后的段落。")
    path = tmp_path / "report.docx"
    d.save(str(path))
    text = read_text(path, 50)
    assert text.split("\n") == ["# 智慧政务建设报告", "□王五", ZH, "指标 | 数值", "办件量 | 1200件",
                                "表格之后的段落。"]


def test_corrupt_docx(tmp_path: Path) -> None:
    problem = _problem(_write(tmp_path / "broken.docx", "这不是一个 Word 文件"))
    assert "Word" in problem and "损坏" in problem


# --- HTML --------------------------------------------------------------------------------------

HTML = """<!doctype html><html><head><meta charset="{charset}"><title>政务新闻</title>
<style>p {{ color: red }}</style><script>var x = "不要这段脚本";</script></head>
<body><nav><a href="/">首页</a> <a href="/news">新闻</a></nav>
<h1>智慧政务建设</h1><div>第一段<b>加粗</b>文字。</div><p>第二段文字。<br>换行后的文字。</p>
<ul><li>要点一</li><li>要点二</li></ul>
<table><tr><td>指标</td><td>数值</td></tr></table>
<script>document.write("广告")</script></body></html>"""


def test_html_keeps_blocks_drops_scripts_styles_nav(tmp_path: Path) -> None:
    path = _write(tmp_path / "page.html", HTML.format(charset="utf-8"))
    lines = read_text(path, 50).split("\n")
    assert lines == ["# 政务新闻", "# 智慧政务建设", "第一段加粗文字。", "第二段文字。", "换行后的文字。",
                     "要点一", "要点二", "指标 | 数值"]


def test_html_in_gbk_with_meta_charset(tmp_path: Path) -> None:
    path = _write(tmp_path / "page.htm", HTML.format(charset="gb2312"), "gbk")
    assert "第一段加粗文字。" in read_text(path, 50)


def test_html_in_gbk_without_declaration(tmp_path: Path) -> None:
    path = _write(tmp_path / "nodecl.html", "<html><body><p>" + ZH + "</p></body></html>", "gbk")
    assert read_text(path, 50) == ZH
