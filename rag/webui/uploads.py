"""Checks for uploaded files and knowledge-base names, and safe copying into the KB folder.

Whatever name a browser sends, the stored file lands directly inside the KB's upload folder: directories,
`..`, control and reserved characters are stripped and a collision gets a numbered suffix, never an overwrite.
"""
from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

ALLOWED_SUFFIXES = (".txt", ".md", ".csv", ".pdf", ".docx", ".pptx", ".xlsx", ".epub", ".html", ".htm",
                    ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")
TEXT_SUFFIXES = (".txt", ".md", ".csv", ".html", ".htm")
UPLOAD_DIRNAME = "uploads"  # inside settings.kb_dir(name)
MAX_NAME_CHARS = 120
_RESERVED = re.compile(r'[<>:"/\\|?*]')


class UploadProblem(ValueError):
    """A reason one file is refused; the message is shown next to the file name."""


def validate_kb_name(name: str) -> str:
    """The stripped name, by the stores' one rule (rag.stores.check_kb_name), or ValueError saying what a KB name
    may contain."""
    from rag.errors import RagError
    from rag.stores.base import check_kb_name

    try:
        return check_kb_name((name or "").strip())
    except RagError as e:
        raise ValueError(str(e)) from None


def sanitize_filename(name: str) -> str:
    """A plain file name safe to create inside one folder (no path parts, no control characters)."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").split("/")[-1]  # strip any directory part, Windows or POSIX
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # control/format chars
    name = _RESERVED.sub("_", name).strip().strip(".").strip()
    name = re.sub(r"\.{2,}", ".", name)  # no `..` anywhere
    if not name:
        name = "upload"
    if len(name) > MAX_NAME_CHARS:
        stem, suffix = _split(name)
        name = stem[: MAX_NAME_CHARS - len(suffix)] + suffix
    return name


def _split(name: str) -> tuple[str, str]:
    p = Path(name)
    suffix = p.suffix if len(p.suffix) <= 8 else ""
    return name[: len(name) - len(suffix)], suffix


def unique_path(folder: Path, name: str, taken: set[str] | frozenset[str] = frozenset()) -> Path:
    """folder/name, or folder/stem_2.ext, stem_3.ext ... if the file exists or the name is in `taken`."""
    stem, suffix = _split(name)
    candidate = name
    i = 2
    while (folder / candidate).exists() or candidate in taken:
        candidate = f"{stem}_{i}{suffix}"
        i += 1
    return folder / candidate


def check_upload(path: Path, display_name: str, max_mb: float) -> None:
    """Raise UploadProblem when the file's type, size or content is unacceptable."""
    suffix = Path(display_name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadProblem(
            f"不支持的文件类型“{suffix or '无扩展名'}”，只能上传 {' '.join(ALLOWED_SUFFIXES)}"
        )
    size = path.stat().st_size
    if size == 0:
        raise UploadProblem("文件是空的")
    if size > max_mb * 1024 * 1024:
        raise UploadProblem(f"文件太大（{size / 1024 / 1024:.1f} MB），上限为 {max_mb:g} MB")
    if suffix in TEXT_SUFFIXES:
        head = path.read_bytes()[:8192]
        # NUL bytes never occur in UTF-8/GB18030/Big5 text; UTF-16 has them but starts with a BOM
        # (the loader decodes it, as the CLI does)
        if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise UploadProblem(f"内容不是文本（二进制数据），不能作为 {suffix} 文件导入")


def store_upload(src: Path, display_name: str, folder: Path, taken: set[str]) -> Path:
    """Copy an accepted upload into `folder` under a sanitised, unused name; returns the new path."""
    folder.mkdir(parents=True, exist_ok=True)
    dest = unique_path(folder, sanitize_filename(display_name), taken)
    # Defence in depth: the resolved target must be a direct child of the folder.
    if dest.resolve().parent != folder.resolve():
        raise UploadProblem("文件名无效")
    shutil.copyfile(src, dest)
    return dest
