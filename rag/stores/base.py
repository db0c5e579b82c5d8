"""The store interface: what retrieval, answering, the UI, the API and eval may ask of a knowledge base.

One base class, one file per backend (embedded.py: FAISS + BM25 folders; milvus.py: Milvus / Milvus
Lite / Zilliz through pymilvus), a factory keyed by `settings.store` (rag/stores/__init__.py).
`tests/test_store_contract.py` runs every backend through the same tests.

Search goes through a `SearchView`: one consistent reading of the store for one query. Hits are
named by opaque keys (the embedded store uses row numbers, Milvus chunk ids) that the view turns
back into chunks; keys must be hashable and orderable (fusion breaks ties by key).
"""
from __future__ import annotations

import re
import sys
from abc import ABC, abstractmethod
from typing import Any, Callable, Hashable, Iterable, Iterator, Sequence, Union

import numpy as np

from rag.config import Settings
from rag.errors import RagError
from rag.types import Chunk, Document

_NAME_RE = re.compile(r"[\w\u4e00-\u9fff][\w\u4e00-\u9fff.-]*")
MAX_KB_NAME = 120
ProgressArg = Union[bool, Callable[[int, int], None]]  # True: a tqdm bar (CLI); a callback(done, total)


def check_kb_name(name: str) -> str:
    """A KB name is a folder name and a Milvus partition value: letters, digits, 汉字, _ . -"""
    # fullmatch: `$` in match() would let a trailing newline through
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name) or len(name) > MAX_KB_NAME:
        raise RagError(f"知识库名称 {name!r} 无效：只能使用字母、数字、汉字、下划线、点和减号，"
                       f"不能以点开头，最长 {MAX_KB_NAME} 个字符")
    return name


def embedding_identity(settings: Settings) -> dict[str, str]:
    """What a KB's vectors depend on, known without loading the model."""
    from rag.models.registry import resolve_embedding

    spec = resolve_embedding(settings.embed_model, settings)
    # int8 vectors differ from fp32 ones: a KB must not mix them. torch, ONNX fp32 and q8 agree (cosine > 0.999,
    # the same MRR@10 on three sets): one KB serves all three.
    name = spec.name + (" (int8 per channel)" if settings.embed_backend == "onnx-int8" else "")
    return {"model": name, "query_prefix": spec.query_prefix, "passage_prefix": spec.passage_prefix}


class SearchView(ABC):
    """One consistent reading of a store, for one query."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of chunks."""

    @abstractmethod
    def dense_search(self, query_vec: np.ndarray, k: int) -> tuple[list[Hashable], np.ndarray]:
        """Top-k keys by cosine (vectors are L2-normalised), best first, with their cosines."""

    @abstractmethod
    def lexical_search(self, query: str, k: int) -> tuple[list[Hashable], np.ndarray]:
        """Top-k keys by BM25 over jieba words, best first; scores positive, higher is better."""

    @abstractmethod
    def chunk(self, key: Hashable) -> Chunk:
        """The chunk a key names (keys come from this view's searches)."""

    @abstractmethod
    def cosines(self, query_vec: np.ndarray, keys: Sequence[Hashable]) -> np.ndarray:
        """Exact cosine of each key's vector with the query (BM25-only hits need one too)."""

    @abstractmethod
    def lexical_score(self, query: str, key: Hashable) -> float | None:
        """The key's BM25 score for `query` when known (shown to users, never used to rank)."""


class ChunkStore(ABC):
    """A named knowledge base: documents, their chunks, vectors and a lexical index."""

    name: str
    settings: Settings

    # ---- reading
    @abstractmethod
    def view(self) -> SearchView:
        """A consistent reading for one query."""

    @abstractmethod
    def refresh(self) -> bool:
        """Pick up what other writers committed; True when something changed."""

    @abstractmethod
    def documents(self) -> list[Document]: ...

    @abstractmethod
    def get_document(self, doc_id: str) -> Document | None: ...

    @abstractmethod
    def chunks(self) -> list[Chunk]: ...

    @abstractmethod
    def get_chunk(self, chunk_id: str) -> Chunk | None: ...

    @abstractmethod
    def __len__(self) -> int:
        """Number of chunks."""

    @abstractmethod
    def stats(self) -> dict[str, Any]:
        """name, docs, chunks, model, dim, index_type, size_bytes, version, created, updated, path, store."""

    @property
    @abstractmethod
    def manifest(self) -> dict[str, Any]:
        """Embedding identity ("embedding": model, prefixes, dim), chunker settings, dates."""

    @abstractmethod
    def check_model(self) -> None:
        """Raise IndexMismatchError when the configured embedder is not the one the vectors came from."""

    # ---- writing
    @abstractmethod
    def add_documents(self, docs: Iterable[Document], progress: ProgressArg = False) -> dict[str, int]:
        """Add new documents, replace changed ones (by content hash), skip unchanged ones.

        Returns counts: added, updated, unchanged, chunks (newly embedded). Embeds in bounded
        batches and stores each batch before the next, so a crash keeps what was stored and a rerun
        skips it."""

    @abstractmethod
    def add_embedded(self, items: Iterable[tuple[Document, list[Chunk], np.ndarray]]) -> int:
        """Store documents whose chunks are already embedded (migration); returns chunks stored."""

    @abstractmethod
    def export(self) -> Iterator[tuple[Document, list[Chunk], np.ndarray]]:
        """Every document with its chunks and their vectors, for copying to another store."""

    @abstractmethod
    def delete_documents(self, doc_ids: Iterable[str]) -> int:
        """Remove documents and their chunks; returns how many existed."""

    def delete_document(self, doc_id: str) -> bool:
        return self.delete_documents([doc_id]) == 1

    @abstractmethod
    def reindex(self, progress: ProgressArg = False) -> int:
        """Re-embed every chunk with the configured model; returns the chunk count."""



class _CallbackBar:
    """tqdm's update/close for a callback(done, total): how the job queue follows an ingest."""

    def __init__(self, total: int | None, callback: Callable[[int, int], None]) -> None:
        self.total, self.done, self.callback = total or 0, 0, callback

    def update(self, n: int) -> None:
        self.done += n
        self.callback(self.done, self.total)

    def close(self) -> None:
        pass


def progress_bar(progress: ProgressArg, desc: str, total: int | None = None) -> Any:
    """None (no progress), a tqdm bar on stderr (progress=True: the CLI) or a callback adapter."""
    if not progress or total == 0:
        return None
    if callable(progress):
        return _CallbackBar(total, progress)
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="块", file=sys.stderr)
