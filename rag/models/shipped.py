"""Models that arrive inside a pinned PyPI wheel (OCR, named entities): nothing to build, only to verify."""
from __future__ import annotations

import hashlib
import importlib
from pathlib import Path


def shipped_files_problem(package: str, subfolder: str, digests: dict[str, str], what: str) -> str:
    """"" when `package` is installed and every file named in `digests` (under its `subfolder`) has its pinned
    sha256; else what is wrong, in Chinese for the user, `what` naming the component (e.g. "OCR")."""
    try:
        module = importlib.import_module(package)
    except ImportError as e:
        return f"{what} 组件 {package} 未安装（{e}）"
    folder = Path(module.__file__).parent / subfolder
    for name, digest in digests.items():
        path = folder / name
        if not path.is_file():
            return f"{path}: {what} 模型文件缺失"
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return f"{path}: {what} 模型 sha256 与固定版本不符（文件损坏或版本不同）"
    return ""
