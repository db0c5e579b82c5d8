"""Errors users may see. Each message names the thing and the problem; the CLI/UI print str(e) only."""
from __future__ import annotations

from pathlib import Path


class RagError(Exception):
    """Base for every error meant for a user (no traceback shown)."""


class IngestError(RagError):
    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ModelMissingError(RagError):
    """Weights absent or failing their checksum; the message says which command fixes it."""


class IndexMismatchError(RagError):
    """An index built with different settings (e.g. another embedding model)."""


class KBNotFoundError(RagError):
    pass
