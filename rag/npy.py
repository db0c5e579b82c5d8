"""Memory-mapped .npy loading behind one process-wide lock.

np.load parses a .npy header with ast.literal_eval, and CPython 3.11.7's AST validator keeps its recursion depth
in shared state (gh-106905): two threads compiling at once can fail with "SystemError: AST constructor recursion
depth mismatch". Readers and a writer of a knowledge base load its arrays from different threads; only the header
is read under the lock, so it costs nothing measurable.
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

_LOCK = threading.Lock()


def load_npy(path: Path) -> np.ndarray:
    """The array at `path`, memory-mapped read-only."""
    with _LOCK:
        return np.load(path, mmap_mode="r")
