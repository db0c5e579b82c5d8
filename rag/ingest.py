"""Files and corpus records -> Documents (cleaned text + articles), one error per bad file."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Iterator

from rag.clean import clean_text
from rag.config import Settings
from rag.errors import IngestError, RagError
from rag.errors import first_line as _first_line
from rag.load import discover, read_text
from rag.textmatch import has_content
from rag.pages import page_starts
from rag.structure import find_articles
from rag.types import Article, Document

# Formats whose line breaks are real block boundaries: no joining of "broken" lines.
_BLOCK_FORMATS = {".docx", ".html", ".htm", ".pptx", ".xlsx", ".csv", ".epub"}


def read_document(path: Path, root: Path, settings: Settings) -> Document:
    """Read, clean and structure one file. doc_id is the path relative to `root` (posix)."""
    path, root = Path(path), Path(root)
    raw = read_text(path, settings.max_file_mb, settings.max_expanded_mb, settings.max_doc_chars, settings.max_read_s)
    text = clean_text(raw, join_lines=path.suffix.lower() not in _BLOCK_FORMATS)
    if not has_content(text):
        raise IngestError(path, "清理后没有剩下文字内容")
    articles = find_articles(text)
    try:
        doc_id = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        doc_id = path.name
    title = next((a.title for a in articles if a.title), "") or path.stem
    return Document(doc_id=doc_id, source=str(path), text=text, title=title,
                    content_hash=hashlib.sha256(path.read_bytes()).hexdigest(), articles=articles,
                    pages=page_starts(raw, text))


def document_from_record(rec: dict[str, Any], source: str) -> Document:
    """An eval-corpus record {"id", "title", "text"} -> Document with one article covering the text.

    The text is kept as given (only line endings normalised): eval answers are spans of it."""
    if not isinstance(rec, dict):
        raise IngestError(source, f"记录不是 JSON 对象：{str(rec)[:60]}")
    rec_id = rec.get("id")
    text = rec.get("text")
    if rec_id is None or str(rec_id) == "":
        raise IngestError(source, "记录缺少 id 字段")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(source, f"记录 {rec_id} 缺少 text 或内容为空")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = str(rec.get("title") or "")
    return Document(doc_id=str(rec_id), source=source, text=text, title=title,
                    content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    articles=[Article(title=title, author="", start=0, end=len(text))])


def iter_documents(paths: list[str | Path], settings: Settings) -> Iterator[Document | IngestError]:
    """Every Document under `paths`, or an IngestError for each file that failed; never stops early."""
    files, errors = discover(paths)
    yield from errors
    for path, root in files:
        try:
            yield read_document(path, root, settings)
        except IngestError as e:
            yield e
        except RagError as e:
            yield IngestError(path, str(e))
        except Exception as e:  # one broken file must not end a batch of thousands
            yield IngestError(path, f"读取失败：{_first_line(e)}")
