"""Offline-first question answering over Chinese documents.

Public API (imported lazily so `import rag` stays cheap):
    ask(question, kb="sample", history=None, settings=None, **overrides) -> Answer
    ask_stream(...) -> Iterator[str | Answer]
    search(query, kb="sample", settings=None, k=None) -> list[Hit]
    open_kb, load_settings
"""
from __future__ import annotations

from typing import Any

_EXPORTS = {
    "ask": "rag.answer", "ask_stream": "rag.answer", "search": "rag.retrieve",
    "open_kb": "rag.stores", "load_settings": "rag.config",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
