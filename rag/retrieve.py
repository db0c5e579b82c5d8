"""Hybrid retrieval: dense (FAISS cosine) + sparse (BM25) candidates, fused, optionally reranked.

Fusion (settings.fusion):
- "rrf": score = w / (rrf_k + dense_rank) + (1 - w) / (rrf_k + bm25_rank), w = dense_weight;
- "weighted": w * minmax(cosine) + (1 - w) * minmax(bm25) over the candidate union;
- "dense" / "bm25": one retriever only (for evaluation and comparison).
Every hit carries its cosine (dense_score, also for BM25-only candidates: the refusal threshold in
answering relies on it) and its BM25 score (sparse_score).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Hashable

import numpy as np

from rag.config import Settings, load_settings
from rag.errors import RagError
from rag.rerank import get_reranker
from rag.stores import ChunkStore, SearchView, open_kb
from rag.types import Chunk, Hit

FUSIONS = ("rrf", "weighted", "dense", "bm25")


@dataclass
class Candidates:
    """Both retrievers' top lists for one query (keys name chunks in the store's view)."""

    query: str
    query_vec: np.ndarray
    dense_rows: list[Hashable]
    dense_scores: np.ndarray
    sparse_rows: list[Hashable]
    sparse_scores: np.ndarray


def rrf_fuse(dense_rows: list[Hashable], sparse_rows: list[Hashable], dense_weight: float,
             rrf_k: int) -> dict[Hashable, float]:
    fused: dict[Hashable, float] = {}
    for weight, rows in ((dense_weight, dense_rows), (1.0 - dense_weight, sparse_rows)):
        for rank, row in enumerate(rows, start=1):
            fused[row] = fused.get(row, 0.0) + weight / (rrf_k + rank)
    return fused


def _minmax(scores: np.ndarray) -> np.ndarray:
    if not scores.size:
        return scores
    lo, hi = float(scores.min()), float(scores.max())
    return np.ones_like(scores) if hi - lo < 1e-9 else (scores - lo) / (hi - lo)


def weighted_fuse(dense_rows: list[Hashable], dense_scores: np.ndarray, sparse_rows: list[Hashable],
                  sparse_scores: np.ndarray, dense_weight: float) -> dict[Hashable, float]:
    """Min-max normalised scores; a candidate missing from one list gets 0 there."""
    fused: dict[Hashable, float] = {}
    for weight, rows, scores in ((dense_weight, dense_rows, dense_scores),
                                 (1.0 - dense_weight, sparse_rows, sparse_scores)):
        for row, s in zip(rows, _minmax(np.asarray(scores, dtype=np.float64)).tolist()):
            fused[row] = fused.get(row, 0.0) + weight * s
    return fused


def fuse(c: Candidates, settings: Settings) -> list[tuple[Hashable, float]]:
    """(row, fused score) best first, by settings.fusion."""
    if settings.fusion == "rrf":
        fused = rrf_fuse(c.dense_rows, c.sparse_rows, settings.dense_weight, settings.rrf_k)
    elif settings.fusion == "weighted":
        fused = weighted_fuse(c.dense_rows, c.dense_scores, c.sparse_rows, c.sparse_scores, settings.dense_weight)
    elif settings.fusion == "dense":
        fused = dict(zip(c.dense_rows, c.dense_scores.tolist()))
    elif settings.fusion == "bm25":
        fused = dict(zip(c.sparse_rows, c.sparse_scores.tolist()))
    else:
        raise RagError(f"未知的融合方式 fusion={settings.fusion!r}；可选：{', '.join(FUSIONS)}")
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))  # type: ignore[return-value]


class Retriever:
    """Searches one knowledge base. Reads one consistent KB snapshot per query."""

    def __init__(self, kb: ChunkStore, settings: Settings | None = None) -> None:
        self.kb = kb
        self.settings = settings or kb.settings
        if self.settings.fusion not in FUSIONS:
            raise RagError(f"未知的融合方式 fusion={self.settings.fusion!r}；可选：{', '.join(FUSIONS)}")
        self.reranker = get_reranker(self.settings)
        self._embedder = None

    def _embed_query(self, query: str) -> np.ndarray:
        if self._embedder is None:
            from rag.embed import get_embedder

            self._embedder = get_embedder(self.settings)
        return np.asarray(self._embedder.embed_queries([query]), dtype=np.float32)[0]

    def candidates(self, query: str, view: SearchView | None = None) -> Candidates:
        """Both top lists, always (hits need both scores, whatever the fusion)."""
        view = self.kb.view() if view is None else view  # not `or`: that would count the chunks
        qv = self._embed_query(query)
        d_rows, d_scores = view.dense_search(qv, self.settings.candidates)
        s_rows, s_scores = view.lexical_search(query, self.settings.candidates)
        return Candidates(query, qv, d_rows, d_scores, s_rows, s_scores)

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        """Top-k hits, best first (rank 1..k). Empty query or empty KB -> []."""
        k = self.settings.top_k if k is None else k
        query = query.strip()
        if not query or k <= 0:
            return []
        view = self.kb.view()
        c = self.candidates(query, view)  # an empty store gives two empty lists
        ranked = fuse(c, self.settings)
        if not ranked:
            return []
        depth = max(k, min(len(ranked), 4 * k, 30)) if self.reranker else k
        hits = self._hits(view, c, ranked[:depth])
        if self.reranker and hits:
            scores = self.reranker.score(query, [h.chunk.index_text for h in hits])
            for h, s in zip(hits, scores):
                h.rerank_score = float(s)
                h.score = float(s)
            hits.sort(key=lambda h: -h.score)
        hits = hits[:k]
        for rank, h in enumerate(hits, start=1):
            h.rank = rank
        return hits

    @staticmethod
    def _hits(view: SearchView, c: Candidates, ranked: list[tuple[Hashable, float]]) -> list[Hit]:
        keys = [key for key, _ in ranked]
        cosines = view.cosines(c.query_vec, keys)  # exact cosine, for BM25-only hits too
        return [Hit(chunk=view.chunk(key), score=float(score), rank=0, dense_score=float(cos),
                    sparse_score=view.lexical_score(c.query, key))
                for (key, score), cos in zip(ranked, cosines.tolist())]


def with_text_before(hits: list[Hit], kb: ChunkStore) -> list[Hit]:
    """Fill each hit's `before` and `after`: the text of its article right before and after the chunk (from the
    previous and next chunks, their overlap with this one left out), and the article's opening when that is further
    back, so that what the article names there is known to hold for the chunk: a lead that says `五一”假期…` frames
    the figures two chunks on. Done for the passages an answer is verified against, not on every search (a store
    lookup per chunk walked)."""
    for h in hits:
        doc_id, _, ordinal = h.chunk.chunk_id.rpartition("#")
        if not ordinal.isdigit():
            continue
        previous = kb.get_chunk(f"{doc_id}#{int(ordinal) - 1}") if int(ordinal) > 0 else None
        if previous is not None and previous.doc_id == h.chunk.doc_id:
            h.before = previous.text[:max(0, h.chunk.start - previous.start)]
            lead = _article_opening(kb, h.chunk, int(ordinal))
            if lead is not None:
                h.before = lead.text[:max(0, previous.start - lead.start)] + "\n" + h.before
        following = kb.get_chunk(f"{doc_id}#{int(ordinal) + 1}")
        if following is not None and following.doc_id == h.chunk.doc_id:
            h.after = following.text[max(0, h.chunk.end - following.start):]
    return hits


# How far back an article's opening is looked for: a lead frames the next few chunks, and each step is a store lookup
# (a query on Milvus); a chunk deeper into a long untitled document gets none.
_OPENING_REACH = 8


def _article_opening(kb: ChunkStore, chunk: Chunk, ordinal: int) -> Chunk | None:
    """The first chunk of `chunk`'s article (same document, same title) when it lies before the chunk just before
    this one (`ordinal` is this chunk's), within _OPENING_REACH chunks back; None otherwise."""
    opening = None
    first = ordinal - 2  # the previous chunk is read anyway
    for i in range(first, max(-1, first - _OPENING_REACH), -1):
        earlier = kb.get_chunk(f"{chunk.doc_id}#{i}")
        if earlier is None or earlier.doc_id != chunk.doc_id or earlier.title != chunk.title:
            return opening
        opening = earlier
    return opening if first < _OPENING_REACH else None


# ---------------------------------------------------------------------- process-wide cache
# One open store per (store, index folder, name): loaded once, refreshed when another writer commits.
_kbs: dict[tuple[str, Path, str, str], ChunkStore] = {}
_cache_lock = threading.Lock()


def get_retriever(kb: str = "sample", settings: Settings | None = None) -> Retriever:
    """A Retriever over the cached KB `kb`, reloaded when another writer committed a new version."""
    settings = settings or load_settings()
    key = (settings.store, Path(settings.index_dir), settings.milvus_uri, kb)
    with _cache_lock:
        opened = _kbs.get(key)
        if opened is None or (opened.settings.embed_model, opened.settings.embed_backend) != \
                (settings.embed_model, settings.embed_backend):
            opened = open_kb(kb, settings)
            _kbs[key] = opened
        else:
            try:
                opened.refresh()
            except RagError:
                _kbs.pop(key, None)  # deleted meanwhile: report it, and reopen next time
                raise
    return Retriever(opened, settings)  # cheap: models are cached process-wide


def search(query: str, kb: str | ChunkStore = "sample", settings: Settings | None = None,
           k: int | None = None) -> list[Hit]:
    """Search a knowledge base by name (opened once per process) or an open store."""
    if isinstance(kb, ChunkStore):
        kb.refresh()  # pick up versions committed by other processes (e.g. a CLI ingest)
        return Retriever(kb, settings or kb.settings).search(query, k)
    return get_retriever(kb, settings).search(query, k)


def store_of(kb: str | ChunkStore, settings: Settings | None = None) -> ChunkStore:
    """The open store a knowledge base name names (opened once per process), or the store itself."""
    return kb if isinstance(kb, ChunkStore) else get_retriever(kb, settings).kb


def clear_cache() -> None:
    with _cache_lock:
        _kbs.clear()
