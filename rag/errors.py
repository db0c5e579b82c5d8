"""Errors users may see. Each message names the thing and the problem; the CLI/UI print str(e) only."""
from __future__ import annotations

from pathlib import Path


def first_line(e: BaseException, limit: int = 160) -> str:
    """An exception's message for a user: its first line, shortened, no class name or traceback."""
    text = (str(e).strip().splitlines() or [""])[0]
    return (text[:limit] + "…") if len(text) > limit else (text or "未知错误")


class RagError(Exception):
    """Base for every error meant for a user (no traceback shown)."""


class IngestError(RagError):
    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class SettingError(RagError, ValueError):
    """A setting (RAG_* variable or override) whose value cannot be read as its type."""


class ModelMissingError(RagError):
    """Weights absent or failing their checksum; the message says which command fixes it."""


class IndexMismatchError(RagError):
    """An index built with different settings (e.g. another embedding model)."""


class KBNotFoundError(RagError):
    pass


class KBBusyError(RagError):
    """Another process is writing to the knowledge base and did not finish in time."""


class KBCorruptError(RagError):
    """A knowledge-base file cannot be read."""
