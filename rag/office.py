"""Slides, spreadsheets and e-books as plain text with markdown headings the structure step reads as titles:
a slide's title, a sheet's name, a chapter's title. Each reader raises IngestError naming the file and the
problem."""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import IngestError

if TYPE_CHECKING:
    from rag.load import ReadBudget


def read_pptx(path: Path, budget: ReadBudget) -> str:
    """Each slide: `# title`, then its text boxes and tables in order, a table row as `a | b | c`."""
    from pptx import Presentation

    try:
        deck = Presentation(str(path))
    except Exception as e:  # python-pptx raises several types for a broken or foreign file
        raise IngestError(path, f"PowerPoint 文件损坏或不是 .pptx 格式") from None
    slides: list[str] = []
    for number, slide in enumerate(deck.slides, start=1):
        budget.check(f"第 {number} 张幻灯片")
        blocks: list[str] = []
        title_shape = slide.shapes.title
        title = " ".join(title_shape.text.split()) if title_shape is not None and title_shape.has_text_frame else ""
        blocks.append(f"# {title or f'第{number}张幻灯片'}")
        title_id = title_shape.shape_id if title_shape is not None else None
        for shape in slide.shapes:
            if shape.shape_id == title_id:
                continue
            if shape.has_text_frame:
                blocks += [p for p in (" ".join(par.text.split()) for par in shape.text_frame.paragraphs) if p]
            elif getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    line = " | ".join(" ".join(c.text.split()) for c in row.cells if c.text.strip())
                    if line:
                        blocks.append(line)
        slides.append("\n".join(blocks))
    return "\n\f\n".join(slides)  # a slide is a page: citations say which one


def rows_as_sentences(rows: list[list[str]]) -> list[str]:
    """A header row, then each row as one sentence "列名：值，列名：值。" (empty cells left out). A comma, not "；":
    the sentence splitter ends a sentence at "；", which would part a row's values from its first column."""
    rows = [[" ".join(str(c).split()) for c in r] for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        return []
    header, out = rows[0], []
    for row in rows[1:]:
        pairs = [f"{header[i] if i < len(header) and header[i] else f'第{i + 1}列'}：{v}" for i, v in enumerate(row) if v]
        if pairs:
            out.append("，".join(pairs) + "。")
    return out


def read_xlsx(path: Path, budget: ReadBudget) -> str:
    from openpyxl import load_workbook

    try:
        book = load_workbook(str(path), read_only=True, data_only=True)
    except Exception as e:
        raise IngestError(path, f"Excel 文件损坏或不是 .xlsx 格式") from None
    blocks: list[str] = []
    for sheet in book.worksheets:
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number % 1000 == 0:
                budget.check(f"工作表“{sheet.title}”第 {number} 行")
            rows.append(["" if v is None else str(v) for v in row])
        lines = rows_as_sentences(rows)
        if lines:
            blocks += [f"# {sheet.title}"] + lines
    book.close()
    return "\n".join(blocks)


def read_csv(text: str, path: Path) -> str:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    return "\n".join([f"# {path.stem}"] + rows_as_sentences(rows))


def read_epub(path: Path, budget: ReadBudget) -> str:
    """Each chapter (document item in reading order): `# chapter title` (its first heading), then its text."""
    import ebooklib
    from bs4 import BeautifulSoup
    from ebooklib import epub

    try:
        book = epub.read_epub(str(path), options={"ignore_ncx": True})
    except Exception as e:
        raise IngestError(path, f"EPUB 文件损坏或无法解析") from None
    items = {item.get_id(): item for item in book.get_items_of_type(ebooklib.ITEM_DOCUMENT)
             if not isinstance(item, epub.EpubNav)}  # the table of contents is not content
    order = [items[i] for i, _ in book.spine if i in items] or list(items.values())
    blocks: list[str] = []
    for number, item in enumerate(order, start=1):
        budget.check(f"第 {number} 章")
        soup = BeautifulSoup(item.get_content(), "html.parser")
        heading = soup.find(["h1", "h2", "h3"])
        title = " ".join(heading.get_text(" ").split()) if heading else ""
        if heading:
            heading.decompose()
        lines = [" ".join(t.split()) for t in soup.get_text("\n").split("\n")]
        lines = [l for l in lines if l]
        if title or lines:
            blocks += ([f"# {title}"] if title else []) + lines
    return "\n".join(blocks)
