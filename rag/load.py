"""Find input files and turn each into plain text (txt, md, csv, pdf, docx, pptx, xlsx, epub, html, and images and
scanned PDF pages through offline OCR).

Every problem a user can cause (missing file, wrong type, empty, binary, corrupt, scanned PDF,
too large) becomes one IngestError naming the file and the problem.
"""
from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from pathlib import Path

from rag.errors import IngestError
from rag.errors import first_line as _first_line
from rag.textmatch import has_content

TEXT_EXTS = {".txt", ".md", ".markdown"}
IMAGE_EXTS = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"}
SUPPORTED_EXTS = TEXT_EXTS | IMAGE_EXTS | {".csv", ".pdf", ".docx", ".pptx", ".xlsx", ".epub", ".html", ".htm"}
BOMB_RATIO = 100  # an office/e-book zip expanding more than this many times its size...
BOMB_MIN_BYTES = 20 * 1024 * 1024  # ...and past this size is refused as a compression bomb
OCR_MIN_CHARS = 20  # a PDF page with fewer extracted characters than this is a scan: it is rendered and OCRed
OCR_SCALE = 2.0  # render scale for OCR (72 dpi * 2): small print stays legible
_SUPPORTED_LIST = "、".join(sorted(SUPPORTED_EXTS))


# --- discovery ---------------------------------------------------------------------------------

def discover(paths: list[str | Path]) -> tuple[list[tuple[Path, Path]], list[IngestError]]:
    """(file, root) pairs for every supported file under `paths` (folders walked recursively;
    root is the folder given, or a file's own folder), plus errors for missing paths and
    unsupported files. Hidden files and folders (.git, .DS_Store) are skipped silently."""
    found: list[tuple[Path, Path]] = []
    errors: list[IngestError] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            errors.append(IngestError(path, "文件或文件夹不存在"))
            continue
        if path.is_dir():
            root = path
            candidates = sorted(p for p in path.rglob("*")
                                if p.is_file() and not _hidden(p.relative_to(path)))
        else:
            root, candidates = path.parent, [path]
        for f in candidates:
            key = f.resolve()
            if key in seen:
                continue
            seen.add(key)
            if f.suffix.lower() in SUPPORTED_EXTS:
                found.append((f, root))
            else:
                errors.append(IngestError(f, f"不支持的文件类型“{f.suffix or '无扩展名'}”（支持：{_SUPPORTED_LIST}）"))
    return found, errors


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


# --- reading -----------------------------------------------------------------------------------

def check_archive(path: Path, max_expanded_mb: float) -> None:
    """Office and e-book files are zips: refuse one whose members expand past the limit before any
    parser inflates them (a 0.4 MB .docx can hold 66 MB of XML)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            total = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: the format's own reader says what is wrong with it
    if total > max_expanded_mb * 1024 * 1024:
        raise IngestError(path, f"文件解压后有 {total / 1024 / 1024:.0f} MB，超过上限 {max_expanded_mb:g} MB"
                                f"（可能是压缩炸弹；可用 RAG_MAX_EXPANDED_MB 调整）")
    ratio = total / max(path.stat().st_size, 1)
    if total > BOMB_MIN_BYTES and ratio > BOMB_RATIO:
        # real office XML compresses 5-20x; a file that expands 100x and to tens of MB is made to be expanded
        raise IngestError(path, f"文件解压后有 {total / 1024 / 1024:.0f} MB，是文件本身的 {ratio:.0f} 倍"
                                f"（超过 {BOMB_RATIO} 倍，疑似压缩炸弹）")


class ReadBudget:
    """A file's time budget, checked between pages, slides, sheets and chapters: a Python thread cannot be stopped
    inside a library call, so one page may overrun it, but a file of thousands cannot hold the ingest queue."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.path, self.seconds, self.end = path, seconds, time.monotonic() + seconds

    def check(self, where: str) -> None:
        if time.monotonic() > self.end:
            raise IngestError(self.path, f"读取超过 {self.seconds:g} 秒的上限（读到{where}时）；"
                                         "请拆分文件，或用 RAG_MAX_READ_S 调大上限")


def read_text(path: Path, max_mb: float, max_expanded_mb: float = 200.0, max_chars: int = 3_000_000,
              max_seconds: float = 300.0) -> str:
    """The text content of one file. Raises IngestError for anything a user must fix."""
    path = Path(path)
    budget = ReadBudget(path, max_seconds)
    if not path.exists():
        raise IngestError(path, "文件不存在")
    if not path.is_file():
        raise IngestError(path, "不是文件")
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTS:
        raise IngestError(path, f"不支持的文件类型“{ext or '无扩展名'}”（支持：{_SUPPORTED_LIST}）")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "文件为空")
    if size > max_mb * 1024 * 1024:
        raise IngestError(path, f"文件太大（{size / 1024 / 1024:.1f} MB，上限 {max_mb:g} MB，可用 RAG_MAX_FILE_MB 调整）")
    if ext in {".docx", ".pptx", ".xlsx", ".epub"}:
        check_archive(path, max_expanded_mb)
    data = path.read_bytes()
    if ext in TEXT_EXTS:
        text = decode_text(data, path)
    elif ext == ".pdf":
        text = _read_pdf(path, budget)
    elif ext == ".docx":
        text = _read_docx(path, budget)
    elif ext in IMAGE_EXTS:
        text = _read_image(path)
    elif ext in {".pptx", ".xlsx", ".epub"}:
        from rag import office
        text = {".pptx": office.read_pptx, ".xlsx": office.read_xlsx, ".epub": office.read_epub}[ext](path, budget)
    elif ext == ".csv":
        from rag.office import read_csv
        text = read_csv(decode_text(data, path), path)
    else:
        text = _read_html(data, path)
    budget.check("文件末尾")
    if not has_content(text):
        raise IngestError(path, "文件中没有文字内容")
    if len(text) > max_chars:
        raise IngestError(path, f"文件提取出 {len(text):,} 个字符，超过每个文档 {max_chars:,} 个的上限"
                                f"（请拆分文件；可用 RAG_MAX_DOC_CHARS 调整）")
    return text


def decode_text(data: bytes, path: Path) -> str:
    """Bytes -> str for Chinese text files: BOMs, then strict UTF-8, then GB18030 vs Big5, then a
    general detector. Binary data (NUL bytes, undecodable) is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", path)
    if b"\x00" in data:
        raise IngestError(path, "不是文本文件（含二进制数据），请检查文件类型")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    chinese = {}
    for enc in ("gb18030", "big5"):
        try:
            chinese[enc] = data.decode(enc)
        except UnicodeDecodeError:
            pass
    if chinese:
        # Both decoders accept many byte strings; the right one yields common Chinese words.
        text = max(chinese.values(), key=_chinese_score)
        if _looks_binary(text):
            raise IngestError(path, "不是文本文件（含二进制数据），请检查文件类型")
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or _looks_binary(str(best)):
        raise IngestError(path, "无法识别文本编码，或不是文本文件（请另存为 UTF-8）")
    return str(best)


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise IngestError(path, f"文件声明为 {encoding} 编码但内容无法解码（第 {e.start} 字节）") from e


# Frequent characters of modern Chinese, simplified and traditional forms: a correct decoding is
# full of them, a wrong one (Big5 bytes read as GB18030 or the reverse) is full of rare characters.
_COMMON = set(
    "的一是不了在人有我他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可里后"
    "小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长"
    "這來國個說們為時會過後對發無開動長還與關們進學問現實經產點業"
    "，。、；：？！“”（）《》"
)


def _chinese_score(text: str) -> float:
    if not text:
        return 0.0
    return sum(ch in _COMMON for ch in text) / len(text)


def _looks_binary(text: str) -> bool:
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad > max(2, len(text) // 100)


def _read_pdf(path: Path, budget: ReadBudget) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(path, "PDF 已加密，无法读取（请先解除密码保护）")
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            budget.check(f"第 {number} 页")
            pages.append(page.extract_text() or "")
    except IngestError:
        raise
    except Exception as e:  # pypdf raises many types for broken files
        raise IngestError(path, f"PDF 文件损坏或无法解析：{_first_line(e)}") from e
    # Some PDFs (e.g. with inline CMaps) make pypdf emit NULs between characters.
    pages = [p.replace("\x00", "") for p in pages]
    scanned = [i for i, p in enumerate(pages) if len("".join(p.split())) < OCR_MIN_CHARS]
    for i, text in _ocr_pdf_pages(path, scanned, budget):
        pages[i] = text or pages[i]
    text = "\n\f\n".join(pages)
    if not text.replace("\f", "").strip():
        raise IngestError(path, "PDF 中没有文字，文字识别（OCR）也没有识别出文字")
    return text


def _ocr_pdf_pages(path: Path, numbers: list[int], budget: ReadBudget):
    """(page index, OCR text) for the given pages, rendered with PDFium; a progress bar, since OCR takes seconds
    a page on 2 cores (the page's upload progress mirrors it)."""
    if not numbers:
        return
    import numpy as np
    import pypdfium2 as pdfium
    from tqdm import tqdm

    from rag.ocr import ocr_image

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as e:
        raise IngestError(path, f"PDF 无法渲染以做文字识别") from None
    try:
        for i in tqdm(numbers, desc=f"OCR {path.name}", unit="页", disable=len(numbers) < 2):
            budget.check(f"第 {i + 1} 页的文字识别")
            image = pdf[i].render(scale=OCR_SCALE).to_pil().convert("RGB")
            yield i, ocr_image(np.asarray(image))
    finally:
        pdf.close()


def _read_image(path: Path) -> str:
    import numpy as np
    from PIL import Image, UnidentifiedImageError

    from rag.ocr import ocr_image

    try:
        with Image.open(path) as im:
            im.verify()  # a truncated or corrupt file fails here, not inside the OCR engine
        with Image.open(path) as im:
            pixels = np.asarray(im.convert("RGB"))
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise IngestError(path, f"图片文件损坏或无法识别") from None
    text = ocr_image(pixels)
    if not text.strip():
        raise IngestError(path, "图片中没有识别出文字")
    return text


def _read_docx(path: Path, budget: ReadBudget) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        # python-docx says "Package not found" for anything that is not a docx zip
        raise IngestError(path, "Word 文件损坏或不是 .docx 格式（旧版 .doc 请先另存为 .docx）") from e
    except Exception as e:
        raise IngestError(path, f"Word 文件无法解析：{_first_line(e)}") from e
    blocks: list[str] = []
    # Walk the body in document order so tables stay where they were.
    for number, child in enumerate(document.element.body.iterchildren(), start=1):
        if number % 1000 == 0:
            budget.check(f"第 {number} 段")
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            text = para.text.strip()
            if text:
                blocks.append(_heading_prefix(para.style.name if para.style is not None else "") + text)
        elif tag == "tbl":
            blocks.extend(_table_rows(Table(child, document)))
    return "\n".join(blocks)


def _heading_prefix(style: str) -> str:
    """Word heading styles (`Heading 1`, `标题 1`, `Title`) -> markdown marks the structure step knows."""
    m = re.match(r"^(?:heading|标题)\s*(\d)$", style.strip(), re.IGNORECASE)
    if m:
        return "#" * min(int(m.group(1)), 6) + " "
    return "# " if style.strip().lower() in {"title", "标题"} else ""


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if not cells or text != cells[-1]:  # merged cells repeat their text
                cells.append(text)
        line = " | ".join(c for c in cells if c)
        if line:
            rows.append(line)
    return rows


_DROP_TAGS = {"script", "style", "nav", "noscript", "template", "iframe", "svg", "head", "form", "button"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "figure", "figcaption",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "address", "details", "summary",
}


class _HtmlText(HTMLParser):
    """Visible text of a page in one pass (no tree: time linear in the input, however deep the nesting)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._dropping: list[str] = []  # open tags whose content is dropped
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag == "title":
            self._in_title = True
        if tag == "body" and "head" in self._dropping:  # a head left open ends where the body starts
            del self._dropping[self._dropping.index("head"):]
        if tag in _DROP_TAGS:
            self._dropping.append(tag)
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            level = tag[1] if re.fullmatch(r"h[1-6]", tag) else ""
            self.parts.append("\n" + ("#" * int(level) + " " if level else ""))

    def handle_startendtag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag == "br" and not self._dropping:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._dropping:
            if tag in self._dropping:  # close it (and anything left open inside it)
                del self._dropping[len(self._dropping) - 1 - self._dropping[::-1].index(tag):]
            return
        if tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        if not self._dropping:
            self.parts.append(data)


def _read_html(data: bytes, path: Path) -> str:
    parser = _HtmlText()
    parser.feed(_decode_html(data, path))
    parser.close()
    title = " ".join("".join(parser.title).split())
    lines = []
    for line in "".join(parser.parts).split("\n"):
        line = " ".join(line.split()).strip(" |")
        if line and line not in {"#", "##", "###", "####", "#####", "######"}:
            lines.append(line)
    if title and not any(title in l for l in lines[:3]):
        lines.insert(0, "# " + title)
    return "\n".join(lines)


def _decode_html(data: bytes, path: Path) -> str:
    """Honour a declared charset (<meta charset=gbk>) when it decodes; otherwise detect."""
    m = re.search(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", data[:4096], re.IGNORECASE)
    if m:
        declared = m.group(1).decode("ascii").lower()
        if declared in {"gb2312", "gbk"}:
            declared = "gb18030"  # superset: pages labelled gb2312 routinely contain GBK characters
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, path)
