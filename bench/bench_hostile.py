"""How fast hostile files are refused or read: an office zip bomb and deeply nested HTML (generated here).

    python bench/bench_hostile.py
"""
from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.config import load_settings  # noqa: E402
from rag.errors import IngestError  # noqa: E402
from rag.load import read_text  # noqa: E402


def docx_bomb(path: Path, expanded_mb: int) -> Path:
    """A valid .docx whose document.xml expands to `expanded_mb` MB (one paragraph repeated)."""
    import docx

    small = path.with_name("small.docx")
    d = docx.Document()
    d.add_paragraph("占位")
    d.save(str(small))
    para = "<w:p><w:r><w:t>重复的段落内容，重复的段落内容。</w:t></w:r></w:p>"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                head = data.decode("utf-8").partition("<w:body>")[0]
                body = para * (expanded_mb * 1024 * 1024 // len(para.encode()))
                data = (head + "<w:body>" + body + "</w:body></w:document>").encode("utf-8")
            dst.writestr(item, data)
    return path


def timed(fn) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    try:
        out = fn()
        result = f"read {len(out):,} characters"
    except IngestError as e:
        result = f"refused: {e.problem}"
    return time.perf_counter() - t, result


def main() -> None:
    s = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        bomb = docx_bomb(Path(tmp) / "bomb.docx", 66)
        secs, result = timed(lambda: read_text(bomb, s.max_file_mb, s.max_expanded_mb, s.max_doc_chars))
        print(f"docx, {bomb.stat().st_size / 1e6:.2f} MB expanding to 66 MB: {secs * 1000:.1f} ms, {result}")
        for levels in (20_000, 100_000):
            html = Path(tmp) / f"nested_{levels}.html"
            html.write_bytes(b"<div>" * levels + "最深处的文字".encode() + b"</div>" * levels)
            secs, result = timed(lambda: read_text(html, s.max_file_mb, s.max_expanded_mb, s.max_doc_chars))
            print(f"html nested {levels:,} levels ({html.stat().st_size / 1e6:.1f} MB): {secs:.2f} s, {result}")


if __name__ == "__main__":
    main()
