"""The Milvus store: every knowledge base of a deployment in one pair of collections.

The same code talks to Milvus Lite (`RAG_MILVUS_URI` a local path: embedded, one process), a Milvus
standalone or distributed cluster (`http://host:19530`, `RAG_MILVUS_TOKEN` = "user:password") and
Zilliz Cloud (its endpoint and API key); only the URI changes.

Collections (prefix = settings.milvus_collection):
    <prefix>_chunks  pk "<kb>/<chunk_id>", kb (partition key: Milvus advises well under ~1,000
                     collections, so knowledge bases are partitions, not collections), doc_id,
                     text (the chunk's index text in simplified characters, as queries are, analysed by
                     Milvus's jieba tokenizer), chunk (JSON: the Chunk as stored by the embedded store),
                     dense FLOAT_VECTOR (COSINE, HNSW),
                     sparse (output of Milvus's built-in BM25 function over text).
    <prefix>_docs    one row per slice of a Document's JSON (VARCHAR holds 64 KB) plus one manifest
                     row per KB (part -1) that says the KB exists and what embedded it.

A document's slices are written after its chunks, so they act as its commit marker: a crash leaves
chunks without (or with an older) document row, and the next ingest sees the hash missing or
different and rewrites the document. Milvus's BM25 scores change sign and scale between builds, so
ranking uses only their order (the retriever fuses ranks or min-max normalised scores).
"""
from __future__ import annotations

import functools
import json
import logging
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable, Iterator, Sequence, TypeVar

import numpy as np

from rag.ann import HNSW_EF_SEARCH
from rag.config import Settings
from rag.errors import IndexMismatchError, KBNotFoundError, RagError
from rag.stores.base import ChunkStore, ProgressArg, SearchView, check_kb_name, embedding_identity, progress_bar
from rag.textmatch import simplified
from rag.types import Article, Chunk, Document

_SLICE_CHARS = 16_000  # a Document's JSON in slices that fit a 65,535-byte VARCHAR even at 4 bytes/char
_TEXT_BYTES = 65_535
_WRITE_BATCH = 256  # chunks embedded and inserted per round: memory stays flat however big the ingest
_ITER_BATCH = 1000
_MANIFEST_PART = -1

_clients: dict[tuple[str, str], Any] = {}
_clients_lock = threading.Lock()


F = TypeVar("F", bound=Callable[..., Any])


def milvus_errors(fn: F) -> F:
    """Milvus's own exceptions become a RagError that names the server and the problem."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RagError:
            raise
        except Exception as e:
            if type(e).__module__.split(".")[0] != "pymilvus":
                raise
            message = getattr(e, "message", None) or str(e)
            raise RagError(f"Milvus 出错：{message}") from None

    return wrapper  # type: ignore[return-value]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _lit(value: Any) -> str:
    """A filter literal (Milvus strings take JSON's quoting; this pymilvus has no filter_params)."""
    return json.dumps(value, ensure_ascii=False)


def milvus_uri(settings: Settings) -> str:
    return settings.milvus_uri or str(Path(settings.index_dir) / "milvus.db")


def _client(settings: Settings) -> Any:
    """One MilvusClient per URI per process (Milvus Lite holds a file lock on its folder)."""
    uri = milvus_uri(settings)
    key = (uri, settings.milvus_token)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            try:
                from pymilvus import MilvusClient
            except ImportError:
                raise RagError("RAG_STORE=milvus 需要 pymilvus 与 milvus-lite：pip install -r requirements.txt") from None
            # pymilvus logs every failed call with a traceback; ours are reported as RagError instead
            logging.getLogger("pymilvus").setLevel(logging.CRITICAL)
            if "://" not in uri:
                Path(uri).parent.mkdir(parents=True, exist_ok=True)
            try:
                client = MilvusClient(uri=uri, token=settings.milvus_token or "")
            except Exception as e:  # connection refused, bad token, locked Lite folder...
                raise RagError(f"无法连接 Milvus（{uri}）：{e}") from None
            _clients[key] = client
        return client


class _Collections:
    """Names and creation of the two collections for one settings object."""

    def __init__(self, settings: Settings) -> None:
        self.client = _client(settings)
        self.settings = settings
        self.chunks = f"{settings.milvus_collection}_chunks"
        self.docs = f"{settings.milvus_collection}_docs"
        self._has_chunks = False
        for name in (self.chunks, self.docs):  # a collection another process made is released here
            if self.client.has_collection(name):
                self._load(name)

    def _load(self, name: str) -> None:
        state = str(self.client.get_load_state(name).get("state", ""))
        if not state.endswith("Loaded"):
            self.client.load_collection(name)

    def ensure_docs(self) -> None:
        from pymilvus import DataType, MilvusClient

        if self.client.has_collection(self.docs):
            self._load(self.docs)
            return
        s = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        s.add_field("pk", DataType.VARCHAR, is_primary=True, max_length=1024)
        s.add_field("kb", DataType.VARCHAR, max_length=512, is_partition_key=True)
        s.add_field("doc_id", DataType.VARCHAR, max_length=1024)
        s.add_field("part", DataType.INT64)
        s.add_field("hash", DataType.VARCHAR, max_length=128)
        s.add_field("data", DataType.VARCHAR, max_length=_TEXT_BYTES)
        s.add_field("unused", DataType.FLOAT_VECTOR, dim=2)  # Milvus needs a vector field in every collection
        ip = self.client.prepare_index_params()
        ip.add_index("unused", index_type="FLAT", metric_type="L2")
        self.client.create_collection(self.docs, schema=s, index_params=ip, consistency_level="Strong")

    def ensure_chunks(self, dim: int) -> None:
        from pymilvus import DataType, Function, FunctionType, MilvusClient

        if self.client.has_collection(self.chunks):
            self._load(self.chunks)
            have = self.chunk_dim()
            if have and have != dim:
                raise IndexMismatchError(
                    f"Milvus 集合 {self.chunks} 的向量维度是 {have}，当前嵌入模型输出 {dim} 维；"
                    f"请用另一个集合名（RAG_MILVUS_COLLECTION）")
            return
        s = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        s.add_field("pk", DataType.VARCHAR, is_primary=True, max_length=1024)
        s.add_field("kb", DataType.VARCHAR, max_length=512, is_partition_key=True)
        s.add_field("doc_id", DataType.VARCHAR, max_length=1024)
        s.add_field("text", DataType.VARCHAR, max_length=_TEXT_BYTES, enable_analyzer=True,
                    analyzer_params={"tokenizer": "jieba"})
        s.add_field("chunk", DataType.JSON)
        s.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
        s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        s.add_function(Function(name="text_bm25", function_type=FunctionType.BM25,
                                input_field_names=["text"], output_field_names=["sparse"]))
        ip = self.client.prepare_index_params()
        ip.add_index("dense", index_type=self.settings.milvus_index, metric_type="COSINE",
                     params={"M": 32, "efConstruction": 200} if self.settings.milvus_index == "HNSW" else {})
        ip.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
        self.client.create_collection(self.chunks, schema=s, index_params=ip, consistency_level="Strong")

    def chunk_dim(self) -> int | None:
        desc = self.client.describe_collection(self.chunks)
        for f in desc.get("fields", []):
            if f.get("name") == "dense":
                return int(f.get("params", {}).get("dim", 0)) or None
        return None

    def has_chunks(self) -> bool:
        if not self._has_chunks:  # once made it stays (cached: this is asked on every search)
            self._has_chunks = bool(self.client.has_collection(self.chunks))
        return self._has_chunks


def _doc_from_dict(d: dict[str, Any]) -> Document:
    return Document(d["doc_id"], d["source"], d["text"], d.get("title", ""), d.get("content_hash", ""),
                    [Article(**a) for a in d.get("articles", [])], d.get("pages", []))


class MilvusView(SearchView):
    """Searches one KB's partition; keys are chunk ids."""

    def __init__(self, store: "MilvusStore") -> None:
        self.store = store
        self._chunks: dict[str, Chunk] = {}
        self._lexical: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self.store)

    def _search(self, data: Any, field: str, k: int, params: dict[str, Any]) -> list[dict[str, Any]]:
        c = self.store.cols
        if k <= 0 or not c.has_chunks():
            return []
        res = c.client.search(c.chunks, data=[data], anns_field=field, limit=k, filter=self.store.kb_filter,
                              output_fields=["chunk"], search_params=params)
        rows = list(res[0]) if res else []
        for r in rows:
            chunk = Chunk.from_dict(r["entity"]["chunk"])
            self._chunks[chunk.chunk_id] = chunk
        return rows

    @milvus_errors
    def dense_search(self, query_vec: np.ndarray, k: int) -> tuple[list[Hashable], np.ndarray]:
        rows = self._search([float(x) for x in query_vec], "dense", k,
                            {"metric_type": "COSINE", "params": {"ef": max(HNSW_EF_SEARCH, 2 * k)}})
        return ([r["entity"]["chunk"]["chunk_id"] for r in rows],
                np.asarray([r["distance"] for r in rows], dtype=np.float32))

    @milvus_errors
    def lexical_search(self, query: str, k: int) -> tuple[list[Hashable], np.ndarray]:
        if not query.strip():
            return [], np.empty(0, np.float32)
        rows = self._search(simplified(query), "sparse", k, {"metric_type": "BM25"})
        keys = [r["entity"]["chunk"]["chunk_id"] for r in rows]
        scores = np.abs(np.asarray([r["distance"] for r in rows], dtype=np.float32))  # sign differs by build
        self._lexical = dict(zip(keys, scores.tolist()))
        return keys, scores  # type: ignore[return-value]

    @milvus_errors
    def chunk(self, key: Hashable) -> Chunk:
        found = self._chunks.get(str(key)) or self.store.get_chunk(str(key))
        if found is None:
            raise KeyError(key)
        return found

    @milvus_errors
    def cosines(self, query_vec: np.ndarray, keys: Sequence[Hashable]) -> np.ndarray:
        if not keys:
            return np.empty(0, np.float32)
        c = self.store.cols
        got = c.client.get(c.chunks, ids=[self.store.pk(str(k)) for k in keys], output_fields=["dense"])
        by_pk = {r["pk"]: np.asarray(r["dense"], dtype=np.float32) for r in got}
        return np.asarray([float(by_pk[self.store.pk(str(k))] @ query_vec) for k in keys], dtype=np.float32)

    @milvus_errors
    def lexical_score(self, query: str, key: Hashable) -> float | None:
        return self._lexical.get(str(key))


class MilvusStore(ChunkStore):
    """One knowledge base = one partition-key value in the deployment's collections."""

    def __init__(self, name: str, settings: Settings) -> None:
        self.name = check_kb_name(name)
        self.settings = settings
        self.cols = _Collections(settings)
        self.kb_filter = f"kb == {_lit(name)}"
        self._manifest: dict[str, Any] = {}

    # ---------------------------------------------------------------- lifecycle
    @classmethod
    @milvus_errors
    def open(cls, name: str, settings: Settings, create: bool = False,
             check_model: bool = True) -> "MilvusStore":
        store = cls(name, settings)
        store.cols.ensure_docs()
        manifest = store._read_manifest()
        if manifest is None:
            if not create:
                raise KBNotFoundError(f"知识库 {name!r} 不存在（Milvus {milvus_uri(settings)}）；"
                                      f"先运行 python -m rag ingest 路径 --kb {name}")
            manifest = {"name": name, "embedding": {**embedding_identity(settings), "dim": None},
                        "chunker": {"chunk_tokens": settings.chunk_tokens,
                                    "chunk_overlap_tokens": settings.chunk_overlap_tokens},
                        "created": _now(), "updated": _now()}
            store._write_manifest(manifest)
        store._manifest = manifest
        if check_model:
            store.check_model()
        return store

    def pk(self, key: str) -> str:
        return f"{self.name}/{key}"

    def _read_manifest(self) -> dict[str, Any] | None:
        rows = self.cols.client.query(self.cols.docs, filter=f"{self.kb_filter} and part == {_MANIFEST_PART}",
                                      output_fields=["data"])
        return json.loads(rows[0]["data"]) if rows else None

    def _write_manifest(self, manifest: dict[str, Any]) -> None:
        self.cols.client.upsert(self.cols.docs, [{
            "pk": self.pk("\x00manifest"), "kb": self.name, "doc_id": "", "part": _MANIFEST_PART, "hash": "",
            "data": json.dumps(manifest, ensure_ascii=False), "unused": [0.0, 0.0]}])

    @property
    def manifest(self) -> dict[str, Any]:
        return self._manifest

    @milvus_errors
    def check_model(self) -> None:
        stored = self._manifest.get("embedding", {})
        want = embedding_identity(self.settings)
        if not stored.get("dim"):  # nothing embedded yet
            return
        if any(stored.get(k) != want[k] for k in ("model", "query_prefix", "passage_prefix")):
            raise IndexMismatchError(
                f"知识库 {self.name!r} 是用嵌入模型 {stored.get('model')!r} 建立的，当前配置的模型是 "
                f"{want['model']!r}；请运行 python -m rag reindex --kb {self.name} 用当前模型重建向量")

    # ---------------------------------------------------------------- reading
    @milvus_errors
    def view(self) -> MilvusView:
        return MilvusView(self)

    @milvus_errors
    def refresh(self) -> bool:
        manifest = self._read_manifest()
        if manifest is None:
            raise KBNotFoundError(f"知识库 {self.name!r} 不存在（Milvus {milvus_uri(self.settings)}）")
        changed = manifest.get("updated") != self._manifest.get("updated")
        self._manifest = manifest
        return changed

    def _doc_rows(self, extra: str = "") -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        it = self.cols.client.query_iterator(self.cols.docs, batch_size=_ITER_BATCH,
                                             filter=f"{self.kb_filter} and part >= 0{extra}",
                                             output_fields=["doc_id", "part", "data"])
        while batch := it.next():
            rows.extend(batch)
        it.close()
        return rows

    def _assemble(self, rows: list[dict[str, Any]]) -> dict[str, Document]:
        parts: dict[str, list[tuple[int, str]]] = {}
        for r in rows:
            parts.setdefault(r["doc_id"], []).append((int(r["part"]), r["data"]))
        return {d: _doc_from_dict(json.loads("".join(s for _, s in sorted(p)))) for d, p in parts.items()}

    @milvus_errors
    def documents(self) -> list[Document]:
        docs = self._assemble(self._doc_rows())
        return [docs[k] for k in sorted(docs)]

    @milvus_errors
    def get_document(self, doc_id: str) -> Document | None:
        return self._assemble(self._doc_rows(f" and doc_id == {_lit(doc_id)}")).get(doc_id)

    def _hashes(self) -> dict[str, str]:
        rows: dict[str, str] = {}
        it = self.cols.client.query_iterator(self.cols.docs, batch_size=_ITER_BATCH,
                                             filter=f"{self.kb_filter} and part == 0",
                                             output_fields=["doc_id", "hash"])
        while batch := it.next():
            rows.update((r["doc_id"], r["hash"]) for r in batch)
        it.close()
        return rows

    def _iter_chunk_rows(self, fields: list[str]) -> Iterator[dict[str, Any]]:
        if not self.cols.has_chunks():
            return
        it = self.cols.client.query_iterator(self.cols.chunks, batch_size=_ITER_BATCH, filter=self.kb_filter,
                                             output_fields=fields)
        while batch := it.next():
            yield from batch
        it.close()

    @milvus_errors
    def chunks(self) -> list[Chunk]:
        out = [Chunk.from_dict(r["chunk"]) for r in self._iter_chunk_rows(["chunk"])]
        return sorted(out, key=lambda c: (c.doc_id, c.start))

    @milvus_errors
    def get_chunk(self, chunk_id: str) -> Chunk | None:
        if not self.cols.has_chunks():
            return None
        got = self.cols.client.get(self.cols.chunks, ids=[self.pk(chunk_id)], output_fields=["chunk"])
        return Chunk.from_dict(got[0]["chunk"]) if got else None

    def _count(self, collection: str, flt: str) -> int:
        if collection == self.cols.chunks and not self.cols.has_chunks():
            return 0
        rows = self.cols.client.query(collection, filter=flt, output_fields=["count(*)"])
        return int(rows[0]["count(*)"]) if rows else 0

    def __len__(self) -> int:
        return self._count(self.cols.chunks, self.kb_filter)

    @milvus_errors
    def stats(self) -> dict[str, Any]:
        m = self._manifest
        return {
            "name": self.name,
            "docs": self._count(self.cols.docs, f"{self.kb_filter} and part == 0"),
            "chunks": len(self),
            "model": m.get("embedding", {}).get("model"),
            "dim": m.get("embedding", {}).get("dim"),
            "index_type": f"milvus {self.settings.milvus_index}",
            "size_bytes": None,  # Milvus does not report it per partition
            "version": m.get("updated"),
            "created": m.get("created"),
            "updated": m.get("updated"),
            "path": f"{milvus_uri(self.settings)} {self.cols.chunks}",
            "store": "milvus",
        }

    # ---------------------------------------------------------------- writing
    @milvus_errors
    def add_documents(self, docs: Iterable[Document], progress: ProgressArg = False) -> dict[str, int]:
        from rag.chunk import chunk_document
        from rag.stores.embedded import content_hash

        self.refresh()
        self.check_model()
        hashes = self._hashes()
        counts = {"added": 0, "updated": 0, "unchanged": 0, "chunks": 0}
        incoming: dict[str, Document] = {}
        for doc in docs:  # the last copy of a doc_id wins
            incoming[doc.doc_id] = Document(doc.doc_id, doc.source, doc.text, doc.title, content_hash(doc),
                                            list(doc.articles), list(doc.pages))
        embedder = None
        batch: list[tuple[Document, list[Chunk]]] = []
        bar = progress_bar(progress, f"嵌入 {self.name}")
        try:
            for doc in incoming.values():
                prev = hashes.get(doc.doc_id)
                if prev == doc.content_hash:
                    counts["unchanged"] += 1
                    continue
                counts["updated" if prev is not None else "added"] += 1
                batch.append((doc, chunk_document(doc, self.settings)))
                if sum(len(cs) for _, cs in batch) >= _WRITE_BATCH:
                    embedder = embedder or _embedder(self.settings)
                    counts["chunks"] += self._write(batch, embedder, bar)
                    batch = []
            if batch:
                counts["chunks"] += self._write(batch, embedder or _embedder(self.settings), bar)
        finally:
            if bar is not None:
                bar.close()
        return counts

    def _write(self, batch: list[tuple[Document, list[Chunk]]], embedder: Any, bar: Any) -> int:
        chunks = [c for _, cs in batch for c in cs]
        vectors = np.asarray(embedder.embed_passages([c.index_text for c in chunks]), dtype=np.float32) \
            if chunks else np.zeros((0, int(embedder.dim)), np.float32)
        if bar is not None:
            bar.update(len(chunks))
        items, start = [], 0
        for doc, cs in batch:
            items.append((doc, cs, vectors[start:start + len(cs)]))
            start += len(cs)
        return self._store(items, int(embedder.dim))

    def _store(self, items: list[tuple[Document, list[Chunk], np.ndarray]], dim: int) -> int:
        c = self.cols
        if any(len(cs) for _, cs, _ in items):
            c.ensure_chunks(dim)
        ids = [doc.doc_id for doc, _, _ in items]
        self._delete_rows(ids)  # a changed document's old chunks (and any a crash left behind)
        rows = [{"pk": self.pk(ch.chunk_id), "kb": self.name, "doc_id": ch.doc_id,
                 "text": _clip_bytes(simplified(ch.index_text)), "chunk": ch.to_dict(), "dense": vec.tolist()}
                for _, cs, vecs in items for ch, vec in zip(cs, np.asarray(vecs, dtype=np.float32))]
        for i in range(0, len(rows), _WRITE_BATCH):
            c.client.insert(c.chunks, rows[i:i + _WRITE_BATCH])
        doc_rows = []
        for doc, _, _ in items:  # written last: the document's commit marker
            data = json.dumps(doc.to_dict(), ensure_ascii=False)
            for part, i in enumerate(range(0, max(len(data), 1), _SLICE_CHARS)):
                doc_rows.append({"pk": self.pk(f"{doc.doc_id}\x00{part}"), "kb": self.name, "doc_id": doc.doc_id,
                                 "part": part, "hash": doc.content_hash, "data": data[i:i + _SLICE_CHARS],
                                 "unused": [0.0, 0.0]})
        if doc_rows:
            c.client.insert(c.docs, doc_rows)
        self._manifest["embedding"] = {**embedding_identity(self.settings), "dim": dim}
        self._manifest["updated"] = _now()
        self._write_manifest(self._manifest)
        return len(rows)

    def _delete_rows(self, doc_ids: list[str]) -> None:
        if not doc_ids:
            return
        flt = f"{self.kb_filter} and doc_id in {_lit(doc_ids)}"
        if self.cols.has_chunks():
            self.cols.client.delete(self.cols.chunks, filter=flt)
        self.cols.client.delete(self.cols.docs, filter=f"{flt} and part >= 0")

    @milvus_errors
    def add_embedded(self, items: Iterable[tuple[Document, list[Chunk], np.ndarray]]) -> int:
        self.refresh()
        stored, batch = 0, []
        for doc, cs, vecs in items:
            doc = Document(doc.doc_id, doc.source, doc.text, doc.title, doc.content_hash or "",
                           list(doc.articles), list(doc.pages))
            batch.append((doc, cs, vecs))
            if sum(len(x[1]) for x in batch) >= _WRITE_BATCH:
                stored += self._store(batch, _dim_of(batch))
                batch = []
        if batch:
            stored += self._store(batch, _dim_of(batch))
        return stored

    @milvus_errors
    def export(self) -> Iterator[tuple[Document, list[Chunk], np.ndarray]]:
        by_doc: dict[str, list[tuple[Chunk, list[float]]]] = {}
        for r in self._iter_chunk_rows(["chunk", "dense"]):
            ch = Chunk.from_dict(r["chunk"])
            by_doc.setdefault(ch.doc_id, []).append((ch, r["dense"]))
        for doc in self.documents():
            pairs = sorted(by_doc.get(doc.doc_id, []), key=lambda p: p[0].start)
            vecs = np.asarray([v for _, v in pairs], dtype=np.float32) if pairs else np.zeros((0, 0), np.float32)
            yield doc, [ch for ch, _ in pairs], vecs

    @milvus_errors
    def delete_documents(self, doc_ids: Iterable[str]) -> int:
        wanted = sorted(set(doc_ids))
        if not wanted:
            return 0
        stored = self._hashes()
        present = [d for d in wanted if d in stored]
        self._delete_rows(wanted)
        if present:
            self._manifest["updated"] = _now()
            self._write_manifest(self._manifest)
        return len(present)

    @milvus_errors
    def reindex(self, progress: ProgressArg = False) -> int:
        embedder = _embedder(self.settings)
        items = list(self.export())
        bar = progress_bar(progress, f"重新嵌入 {self.name}")
        total = 0
        try:
            for doc, cs, _ in items:
                vecs = np.asarray(embedder.embed_passages([c.index_text for c in cs]), dtype=np.float32) \
                    if cs else np.zeros((0, int(embedder.dim)), np.float32)
                total += self._store([(doc, cs, vecs)], int(embedder.dim))
                if bar is not None:
                    bar.update(len(cs))
        finally:
            if bar is not None:
                bar.close()
        return total


def _dim_of(batch: list[tuple[Document, list[Chunk], np.ndarray]]) -> int:
    for _, cs, v in batch:
        if len(cs):
            return int(np.asarray(v).shape[1])
    return 0


def _clip_bytes(text: str) -> str:
    raw = text.encode("utf-8")
    return text if len(raw) <= _TEXT_BYTES else raw[:_TEXT_BYTES].decode("utf-8", "ignore")


def _embedder(settings: Settings) -> Any:
    from rag.embed import get_embedder

    return get_embedder(settings)


@milvus_errors
def list_milvus_kbs(settings: Settings) -> list[str]:
    cols = _Collections(settings)
    if not cols.client.has_collection(cols.docs):
        return []
    rows = cols.client.query(cols.docs, filter=f"part == {_MANIFEST_PART}", output_fields=["kb"])
    return sorted({r["kb"] for r in rows})


@milvus_errors
def delete_milvus_kb(name: str, settings: Settings) -> None:
    check_kb_name(name)
    store = MilvusStore.open(name, settings, check_model=False)  # raises KBNotFoundError
    if store.cols.has_chunks():
        store.cols.client.delete(store.cols.chunks, filter=store.kb_filter)
    store.cols.client.delete(store.cols.docs, filter=store.kb_filter)
