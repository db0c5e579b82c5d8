"""The embedded store (default): knowledge bases on disk, FAISS vectors + BM25 state, versioned.

Layout of index/<name>/:
    CURRENT            name of the live version folder, swapped atomically (os.replace)
    .lock              file lock held by the (single) writer
    v000007/           one complete, immutable version:
        manifest.json  format_version, embedding model/dim/prefixes, chunker settings, index type, counts
        docs.jsonl     Documents (full cleaned text: citations point into it)
        chunks.jsonl   Chunks; line i is FAISS label i and vector row i
        vectors.npy    float32 (n, dim), L2-normalised embeddings of chunk.index_text
        index.faiss    ANN index built from vectors.npy
        bm25/          term frequencies by row + scores by term (numpy, memory-mapped) + vocabulary

A write builds the whole new version in a temp folder next to the others, renames it into place and
only then swaps CURRENT, so a reader (or a crash at any point) always sees a complete version.
Vectors of unchanged chunks are carried over; only new or changed documents are embedded.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Hashable, Iterable, Iterator, Sequence

import numpy as np
from filelock import FileLock, Timeout

from rag.ann import build_ann, choose_index_type, index_kind, load_ann, save_ann, search_ann
from rag.bm25 import TOKENIZER_VERSION, BM25Index, tokenize
from rag.config import Settings
from rag.errors import IndexMismatchError, KBBusyError, KBCorruptError, KBNotFoundError, RagError
from rag.npy import load_npy
from rag.stores.base import ChunkStore, ProgressArg, SearchView, check_kb_name, embedding_identity, progress_bar
from rag.types import Article, Chunk, Document

FORMAT_VERSION = 1
CURRENT = "CURRENT"
LOCK = ".lock"
_VERSION_RE = re.compile(r"^v(\d{6,})$")
_KEEP_VERSIONS = 2  # the live one plus its predecessor, for readers that opened it just before a swap
COMMIT_CHUNKS = 1024  # a long ingest commits a version after about this many newly embedded chunks...
COMMIT_GROWTH = 0.5  # ...or this share of the chunks already stored, if more: every commit rewrites the
# whole version, so commits growing with the KB keep a long ingest's total work linear, not quadratic


def _commit_size(stored: int) -> int:
    return max(COMMIT_CHUNKS, int(stored * COMMIT_GROWTH))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def content_hash(doc: Document) -> str:
    return doc.content_hash or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


class ChunkList(Sequence[Chunk]):
    """chunks.jsonl read on demand: line offsets found once with numpy, a line parsed only when asked for.
    A KB of a million chunks opens without building a million objects; a commit copies kept lines as bytes."""

    _DOC_ID = re.compile(rb'"doc_id": ("(?:[^"\\]|\\.)*")')

    def __init__(self, path: Path | None = None, chunks: list[Chunk] | None = None) -> None:
        self._items = chunks  # in-memory list (a version being built), or None when backed by a file
        self._data: Any = b""
        self._starts = np.zeros(1, dtype=np.int64)
        if path is not None and path.stat().st_size:
            import mmap

            with open(path, "rb") as f:
                self._data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            ends = np.flatnonzero(np.frombuffer(self._data, dtype=np.uint8) == 10) + 1
            self._starts = np.concatenate([[0], ends]).astype(np.int64)

    def __len__(self) -> int:
        return len(self._items) if self._items is not None else len(self._starts) - 1

    def raw(self, i: int) -> bytes:
        """Line i as stored (with its newline)."""
        if self._items is not None:
            return (json.dumps(self._items[i].to_dict(), ensure_ascii=False) + "\n").encode("utf-8")
        return bytes(self._data[self._starts[i]:self._starts[i + 1]])

    def __getitem__(self, i):  # type: ignore[no-untyped-def, override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if self._items is not None:
            return self._items[i]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return Chunk.from_dict(json.loads(self.raw(i)))

    def __iter__(self) -> Iterator[Chunk]:
        return (self[i] for i in range(len(self)))

    @cached_property
    def doc_ids(self) -> list[str]:
        """Each row's doc_id, read from the raw lines (no full parse)."""
        if self._items is not None:
            return [c.doc_id for c in self._items]
        return [json.loads(m.group(1)) for m in (self._DOC_ID.search(self.raw(i)) for i in range(len(self)))]


@dataclass
class _State(SearchView):
    """One loaded version. Never mutated after construction (writes build a new one); keys are rows."""

    version: str | None
    manifest: dict[str, Any]
    docs: dict[str, Document] = field(default_factory=dict)
    chunks: ChunkList = field(default_factory=ChunkList)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    ann: Any = None  # faiss.Index or None when empty
    bm25: BM25Index = field(default_factory=lambda: BM25Index([]))

    def __post_init__(self) -> None:
        if not isinstance(self.chunks, ChunkList):
            self.chunks = ChunkList(chunks=list(self.chunks))
        self._last_lexical: tuple[str, np.ndarray] | None = None

    @cached_property
    def row_of(self) -> dict[str, int]:
        """chunk_id -> row, built on first use (looking a chunk up by id is rare: the document view)."""
        return {c.chunk_id: i for i, c in enumerate(self.chunks)}

    def __len__(self) -> int:
        return len(self.chunks)

    def dense_search(self, query_vec: np.ndarray, k: int) -> tuple[list[Hashable], np.ndarray]:
        if self.ann is None:
            return [], np.empty(0, np.float32)
        rows, scores = search_ann(self.ann, query_vec, k)
        return rows.tolist(), scores

    def lexical_search(self, query: str, k: int) -> tuple[list[Hashable], np.ndarray]:
        rows, scores, every = self.bm25.search(query, k)
        self._last_lexical = (query, every)  # one tuple, swapped atomically: safe across threads
        return rows.tolist(), scores

    def chunk(self, key: Hashable) -> Chunk:
        return self.chunks[int(key)]  # type: ignore[call-overload]

    def cosines(self, query_vec: np.ndarray, keys: Sequence[Hashable]) -> np.ndarray:
        rows = np.asarray(keys, dtype=np.int64)
        return self.vectors[rows] @ query_vec if len(rows) else np.empty(0, np.float32)

    def lexical_score(self, query: str, key: Hashable) -> float | None:
        last = self._last_lexical
        every = last[1] if last is not None and last[0] == query else self.bm25.search(query, 1)[2]
        return float(every[int(key)]) if every.size else None  # type: ignore[call-overload]


class EmbeddedStore(ChunkStore):
    """A named collection of documents, searchable by vectors and BM25. See module docstring."""

    def __init__(self, name: str, settings: Settings, state: _State) -> None:
        self.name = name
        self.settings = settings
        self.path = Path(settings.kb_dir(name))
        self._state = state

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, name: str, settings: Settings, create: bool = False,
             check_model: bool = True) -> "EmbeddedStore":
        """Open (or with create=True make) index/<name>. check_model=False is for reindex/stats/delete."""
        check_kb_name(name)
        path = Path(settings.kb_dir(name))
        if not (path / CURRENT).is_file():
            if not create:
                raise KBNotFoundError(
                    f"知识库 {name!r} 不存在（{path}）；先运行 python -m rag ingest 路径 --kb {name}")
            path.mkdir(parents=True, exist_ok=True)
            kb = cls(name, settings, _State(None, {}))
            with kb._locked():
                if not (path / CURRENT).is_file():  # another process may have created it meanwhile
                    kb._write_version(_State(None, kb._new_manifest(None, {"dim": None})))
            kb._state = _load_state(path, name)
        else:
            kb = cls(name, settings, _load_state(path, name))
        if check_model:
            kb.check_model()
        return kb

    def check_model(self) -> None:
        """Refuse to mix embeddings of two models in one index."""
        stored = self.manifest.get("embedding", {})
        want = embedding_identity(self.settings)
        if not self._state.chunks:  # nothing embedded yet: the next write adopts the current model
            return
        fields = ("model", "query_prefix", "passage_prefix")
        if any(stored.get(k) != want[k] for k in fields):
            raise IndexMismatchError(
                f"知识库 {self.name!r} 是用嵌入模型 {stored.get('model')!r} 建立的，当前配置的模型是 "
                f"{want['model']!r}；请运行 python -m rag reindex --kb {self.name} 用当前模型重建向量")

    # ------------------------------------------------------------------ reading
    @property
    def manifest(self) -> dict[str, Any]:
        return self._state.manifest

    @property
    def version(self) -> str | None:
        return self._state.version

    def disk_version(self) -> str | None:
        """The version CURRENT points to now (cheap; used to notice other writers)."""
        try:
            return (self.path / CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None

    def refresh(self) -> bool:
        """Reload if another writer committed a newer version; True when reloaded."""
        if self.disk_version() == self._state.version:
            return False
        self._state = _load_state(self.path, self.name)
        return True

    def view(self) -> _State:
        """The loaded version as one consistent object (retrieval reads only this)."""
        return self._state

    def documents(self) -> list[Document]:
        return list(self._state.docs.values())

    def get_document(self, doc_id: str) -> Document | None:
        return self._state.docs.get(doc_id)

    def chunks(self) -> list[Chunk]:
        return list(self._state.chunks)

    def get_chunk(self, chunk_id: str) -> Chunk | None:
        row = self._state.row_of.get(chunk_id)
        return None if row is None else self._state.chunks[row]

    def __len__(self) -> int:
        return len(self._state.chunks)

    def stats(self) -> dict[str, Any]:
        m = self.manifest
        vdir = self.path / self._state.version if self._state.version else None
        size = sum(p.stat().st_size for p in vdir.rglob("*") if p.is_file()) if vdir and vdir.is_dir() else 0
        return {
            "name": self.name,
            "docs": len(self._state.docs),
            "chunks": len(self._state.chunks),
            "model": m.get("embedding", {}).get("model"),
            "dim": m.get("embedding", {}).get("dim"),
            "index_type": m.get("index_type"),
            "size_bytes": size,
            "version": self._state.version,
            "created": m.get("created"),
            "updated": m.get("updated"),
            "path": str(self.path),
            "store": "embedded",
        }

    # ------------------------------------------------------------------ writing
    def add_documents(self, docs: Iterable[Document], progress: ProgressArg = False) -> dict[str, int]:
        """Add new documents, replace changed ones (by content_hash), skip unchanged ones.

        Returns counts: added, updated, unchanged, chunks (newly embedded).
        """
        from rag.chunk import chunk_document

        incoming: dict[str, Document] = {}
        for doc in docs:  # the last copy of a doc_id wins
            incoming[doc.doc_id] = Document(doc.doc_id, doc.source, doc.text, doc.title,
                                            content_hash(doc), list(doc.articles), list(doc.pages))
        # Chunking and embedding happen outside the lock (readers and other writers go on); the lock is held
        # for each commit only, and the state is re-read under it, so a document stored meanwhile by another
        # writer with the same content is not stored twice.
        self._reload_if_stale()
        self.check_model()
        counts = {"added": 0, "updated": 0, "unchanged": 0, "chunks": 0}
        changed = [doc for doc in incoming.values() if self._is_new_content(doc)]
        counts["unchanged"] = len(incoming) - len(changed)
        # Commit every _commit_size new chunks: a killed long ingest keeps what it embedded, and re-running it
        # skips those documents as unchanged.
        pending = [(doc, chunk_document(doc, self.settings)) for doc in changed]
        bar = progress_bar(progress, f"嵌入 {self.name}", sum(len(cs) for _, cs in pending))
        try:
            while pending:
                group, n, limit = [], 0, _commit_size(len(self._state.chunks))
                while pending and (not group or n + len(pending[0][1]) <= limit):
                    group.append(pending.pop(0))
                    n += len(group[-1][1])
                vectors, dim = self._embed([c.index_text for _, cs in group for c in cs], bar, check_dim=True)
                with self._locked():
                    self._reload_if_stale()
                    self.check_model()
                    old, keep, starts = self._state, [], np.cumsum([0] + [len(cs) for _, cs in group])
                    for i, (doc, _) in enumerate(group):
                        if not self._is_new_content(doc):
                            counts["unchanged"] += 1
                            continue
                        counts["updated" if doc.doc_id in old.docs else "added"] += 1
                        keep.append(i)
                    if not keep:
                        continue
                    new_chunks = [c for i in keep for c in group[i][1]]
                    rows = np.concatenate([np.arange(starts[i], starts[i + 1]) for i in keep]).astype(np.int64)
                    docs_out = dict(old.docs)
                    for i in keep:
                        docs_out[group[i][0].doc_id] = group[i][0]
                    self._commit(old, docs_out, {group[i][0].doc_id for i in keep}, new_chunks, vectors[rows], dim)
                    counts["chunks"] += len(new_chunks)
        finally:
            if bar is not None:
                bar.close()
        return counts

    def _is_new_content(self, doc: Document) -> bool:
        prev = self._state.docs.get(doc.doc_id)
        return prev is None or prev.content_hash != doc.content_hash

    def add_embedded(self, items: Iterable[tuple[Document, list[Chunk], np.ndarray]]) -> int:
        stored = 0
        with self._locked():
            self._reload_if_stale()
            batch: list[tuple[Document, list[Chunk], np.ndarray]] = []
            for item in items:
                batch.append(item)
                if sum(len(cs) for _, cs, _ in batch) >= _commit_size(len(self._state.chunks)):
                    stored += self._commit_embedded(batch)
                    batch = []
            if batch:
                stored += self._commit_embedded(batch)
        return stored

    def _commit_embedded(self, batch: list[tuple[Document, list[Chunk], np.ndarray]]) -> int:
        old = self._state
        docs_out = dict(old.docs)
        for doc, _, _ in batch:
            docs_out[doc.doc_id] = doc
        chunks = [c for _, cs, _ in batch for c in cs]
        parts = [np.asarray(v, dtype=np.float32).reshape(len(cs), -1) for _, cs, v in batch if len(cs)]
        vectors = np.concatenate(parts) if parts else None
        self._commit(old, docs_out, {d.doc_id for d, _, _ in batch}, chunks, vectors,
                     int(vectors.shape[1]) if vectors is not None else None)
        return len(chunks)

    def export(self) -> Iterator[tuple[Document, list[Chunk], np.ndarray]]:
        st = self._state
        rows_of: dict[str, list[int]] = {}
        for i, doc_id in enumerate(st.chunks.doc_ids):
            rows_of.setdefault(doc_id, []).append(i)
        for doc in st.docs.values():
            rows = rows_of.get(doc.doc_id, [])
            yield doc, [st.chunks[i] for i in rows], st.vectors[rows] if rows else np.zeros((0, 0), np.float32)

    def delete_documents(self, doc_ids: Iterable[str]) -> int:
        """Remove documents and their chunks; returns how many existed."""
        wanted = set(doc_ids)
        with self._locked():
            self._reload_if_stale()
            old = self._state
            drop = wanted & old.docs.keys()
            if not drop:
                return 0
            docs_out = {k: v for k, v in old.docs.items() if k not in drop}
            self._commit(old, docs_out, drop, [], None, None)
            return len(drop)

    def reindex(self, progress: ProgressArg = False) -> int:
        """Re-embed every chunk with the currently configured model; returns the chunk count."""
        with self._locked():
            self._reload_if_stale()
            old = self._state
            bar = progress_bar(progress, f"重新嵌入 {self.name}", len(old.chunks))
            try:
                vectors, dim = self._embed([c.index_text for c in old.chunks], bar, check_dim=False)
            finally:
                if bar is not None:
                    bar.close()
            manifest = self._new_manifest(old.manifest, {"dim": dim})
            self._write_version(_State(None, manifest, dict(old.docs), old.chunks, vectors,
                                       build_ann(vectors, self.settings.index_type) if len(vectors) else None,
                                       old.bm25))
            self._state = _load_state(self.path, self.name)
            return len(old.chunks)

    # ------------------------------------------------------------------ internals
    def _embed(self, texts: list[str], bar: Any, check_dim: bool) -> tuple[np.ndarray, int]:
        from rag.embed import get_embedder

        embedder = get_embedder(self.settings)
        dim = int(embedder.dim)
        stored_dim = self.manifest.get("embedding", {}).get("dim")
        if check_dim and self._state.chunks and stored_dim and stored_dim != dim:
            raise IndexMismatchError(f"知识库 {self.name!r} 的向量维度是 {stored_dim}，当前模型输出 {dim} 维；"
                                     f"请运行 python -m rag reindex --kb {self.name}")
        if not texts:
            return np.zeros((0, dim), dtype=np.float32), dim
        batch = max(1, self.settings.embed_batch_size) * 4
        parts = []
        for i in range(0, len(texts), batch):
            parts.append(np.asarray(embedder.embed_passages(texts[i:i + batch]), dtype=np.float32))
            if bar is not None:
                bar.update(len(texts[i:i + batch]))
        return np.ascontiguousarray(np.concatenate(parts)), dim

    def _commit(self, old: _State, docs_out: dict[str, Document], drop: set[str],
                new_chunks: list[Chunk], new_vectors: np.ndarray | None, dim: int | None) -> None:
        keep = [i for i, doc_id in enumerate(old.chunks.doc_ids) if doc_id not in drop]
        chunk_lines = [old.chunks.raw(i) for i in keep] + \
            [(json.dumps(c.to_dict(), ensure_ascii=False) + "\n").encode("utf-8") for c in new_chunks]
        parts = [old.vectors[keep]] if old.vectors.size else []
        if new_vectors is not None and len(new_vectors):
            parts.append(new_vectors)
        dim = dim or self.manifest.get("embedding", {}).get("dim") or 0
        vectors = np.ascontiguousarray(np.concatenate(parts), dtype=np.float32) if parts else \
            np.zeros((0, dim), dtype=np.float32)
        bm25 = old.bm25.with_rows(keep, [tokenize(c.index_text) for c in new_chunks])
        ann = _extend_or_build(old, keep, new_vectors, vectors, self.settings.index_type)
        manifest = self._new_manifest(old.manifest, {"dim": dim})
        self._write_version(_State(None, manifest, docs_out, ChunkList(), vectors, ann, bm25), chunk_lines)
        self._state = _load_state(self.path, self.name)

    def _new_manifest(self, old: dict[str, Any] | None, embedding_extra: dict[str, Any]) -> dict[str, Any]:
        old = old or {}
        now = _now()
        return {
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "embedding": {**embedding_identity(self.settings), **embedding_extra},
            "chunker": {"chunk_tokens": self.settings.chunk_tokens,
                        "chunk_overlap_tokens": self.settings.chunk_overlap_tokens},
            "index_type_setting": self.settings.index_type,
            "created": old.get("created", now),
            "updated": now,
        }

    @contextmanager
    def _locked(self) -> Iterator[None]:
        if not self.path.is_dir():
            raise KBNotFoundError(f"知识库 {self.name!r} 不存在（{self.path}）")
        lock = FileLock(str(self.path / LOCK), timeout=self.settings.lock_timeout_s)
        try:
            lock.acquire()
        except Timeout:
            raise KBBusyError(f"知识库 {self.name!r} 正在被另一个进程写入（锁 {self.path / LOCK}），"
                              f"{self.settings.lock_timeout_s:g} 秒内未完成；请稍后重试") from None
        try:
            yield
        finally:
            lock.release()

    def _reload_if_stale(self) -> None:
        if self._state.version != self.disk_version():
            self._state = _load_state(self.path, self.name)

    def _write_version(self, st: _State, chunk_lines: list[bytes] | None = None) -> None:
        """Write `st` (its chunks given as stored lines, or in st.chunks) as a new version and make it live.
        Caller holds the lock."""
        if chunk_lines is None:
            chunk_lines = [st.chunks.raw(i) for i in range(len(st.chunks))]
        st.manifest["index_type"] = index_kind(st.ann) if st.ann is not None else \
            choose_index_type(len(chunk_lines), self.settings.index_type)
        st.manifest["counts"] = {"docs": len(st.docs), "chunks": len(chunk_lines)}
        tmp = self.path / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir()
        _write_jsonl(tmp / "docs.jsonl", (d.to_dict() for d in st.docs.values()))
        with open(tmp / "chunks.jsonl", "wb") as f:
            f.writelines(chunk_lines)
            _sync(f)
        with open(tmp / "vectors.npy", "wb") as f:
            np.save(f, st.vectors)
            _sync(f)
        if st.ann is not None:
            save_ann(st.ann, str(tmp / "index.faiss"))
        st.bm25.save(tmp / "bm25")
        _write_text(tmp / "manifest.json", json.dumps(st.manifest, ensure_ascii=False, indent=2))
        number = 1 + max((int(m.group(1)) for p in self.path.iterdir()
                          if (m := _VERSION_RE.match(p.name))), default=0)
        final = f"v{number:06d}"
        os.rename(tmp, self.path / final)
        _write_text(self.path / f"{CURRENT}.tmp", final)
        os.replace(self.path / f"{CURRENT}.tmp", self.path / CURRENT)  # the commit point
        _sync_dir(self.path)
        self._cleanup(final)

    def _cleanup(self, live: str) -> None:
        """Drop old versions and temp folders left by crashed writers (we hold the lock)."""
        versions = sorted((p for p in self.path.iterdir() if _VERSION_RE.match(p.name)),
                          key=lambda p: int(p.name[1:]))
        older = [p.name for p in versions if int(p.name[1:]) < int(live[1:])]
        keep = {live, *older[len(older) - (_KEEP_VERSIONS - 1):]}
        for p in self.path.iterdir():
            if (p.name.startswith(".tmp-") or (_VERSION_RE.match(p.name) and p.name not in keep)) and p.is_dir():
                shutil.rmtree(p, ignore_errors=True)


def _extend_or_build(old: _State, keep: list[int], new_vectors: np.ndarray | None, vectors: np.ndarray,
                     index_type: str) -> Any:
    """The new version's ANN index: when nothing was removed and the index type stays, a copy of the old
    index with the new vectors added (an HNSW graph is not rebuilt for every commit of a long ingest)."""
    import faiss

    if not len(vectors):
        return None
    kind = choose_index_type(len(vectors), index_type)
    if old.ann is not None and len(keep) == old.ann.ntotal and keep == list(range(len(keep))) \
            and index_kind(old.ann) == kind and kind != "ivf":
        index = faiss.clone_index(old.ann)
        if new_vectors is not None and len(new_vectors):
            index.add_with_ids(np.ascontiguousarray(new_vectors, dtype=np.float32),
                               np.arange(len(keep), len(keep) + len(new_vectors), dtype=np.int64))
        return index
    return build_ann(vectors, index_type)


# ---------------------------------------------------------------------- files
def _sync(f: Any) -> None:
    f.flush()
    os.fsync(f.fileno())


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        _sync(f)


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        _sync(f)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _doc_from_dict(d: dict[str, Any]) -> Document:
    arts = [Article(**a) for a in d.get("articles", [])]
    return Document(d["doc_id"], d["source"], d["text"], d.get("title", ""), d.get("content_hash", ""), arts,
                    d.get("pages", []))


def _load_state(path: Path, name: str, attempts: int = 3) -> _State:
    """Load the version CURRENT points to; retry if a writer swapped and pruned it meanwhile."""
    for attempt in range(attempts):
        try:
            version = (path / CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise KBNotFoundError(f"知识库 {name!r} 不存在（{path}）") from None
        vdir = path / version
        try:
            return _load_version(vdir, version)
        except FileNotFoundError:
            if attempt == attempts - 1 or (path / CURRENT).read_text(encoding="utf-8").strip() == version:
                raise KBCorruptError(f"知识库 {name!r} 的版本 {vdir} 不完整；请删除后重新导入"
                                     f"（python -m rag kb delete {name}）") from None
        except (ValueError, KeyError, TypeError, OSError, RuntimeError) as e:
            raise KBCorruptError(f"知识库 {name!r} 的文件 {vdir} 无法读取：{e}") from None
    raise AssertionError("unreachable")


def _load_version(vdir: Path, version: str) -> _State:
    manifest = json.loads((vdir / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise IndexMismatchError(f"{vdir}: 索引格式版本 {manifest['format_version']} 比本程序支持的 "
                                 f"{FORMAT_VERSION} 新；请升级程序")
    docs = {d.doc_id: d for d in (_doc_from_dict(r) for r in _read_jsonl(vdir / "docs.jsonl"))}
    chunks = ChunkList(vdir / "chunks.jsonl")
    # memory-mapped: opening costs no more than the pages a query touches (versions are immutable)
    vectors = load_npy(vdir / "vectors.npy")
    ann = load_ann(str(vdir / "index.faiss")) if (vdir / "index.faiss").is_file() else None
    if not (vdir / "bm25").is_dir():
        bm25 = BM25Index([])
    elif BM25Index.stored_tokenizer(vdir / "bm25") != TOKENIZER_VERSION:
        bm25 = BM25Index.build([c.index_text for c in chunks])  # older tokenizer: redo in memory
    else:
        bm25 = BM25Index.load(vdir / "bm25")
    if len(vectors) != len(chunks) or len(bm25) != len(chunks) or (ann is not None and ann.ntotal != len(chunks)):
        raise ValueError(f"行数不一致：chunks={len(chunks)} vectors={len(vectors)} bm25={len(bm25)}")
    return _State(version, manifest, docs, chunks, vectors, ann, bm25)


# ---------------------------------------------------------------------- collection level
def list_embedded_kbs(settings: Settings) -> list[str]:
    root = Path(settings.index_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / CURRENT).is_file())


def delete_embedded_kb(name: str, settings: Settings) -> None:
    """Remove a knowledge base (waits for a running writer to finish)."""
    check_kb_name(name)
    path = Path(settings.kb_dir(name))
    if not (path / CURRENT).is_file():
        raise KBNotFoundError(f"知识库 {name!r} 不存在（{path}）")
    kb = EmbeddedStore(name, settings, _State(None, {}))
    graveyard = path.parent / f".deleted-{name}-{uuid.uuid4().hex[:8]}"
    with kb._locked():
        os.rename(path, graveyard)  # readers see it gone at once; removal can take a while
    shutil.rmtree(graveyard, ignore_errors=True)

