"""Dense vector index factory (FAISS).

Vectors are L2-normalised by the embedder, so inner product == cosine similarity. Every index is
wrapped in IndexIDMap2 so a FAISS label is the chunk's row number in chunks.jsonl and vectors can be
read back by label. The store rebuilds the index from its vector matrix on every write (versions are
immutable folders), so HNSW's lack of deletes does not matter.
"""
from __future__ import annotations

import logging

import numpy as np

# faiss's loader logs "Could not load library with AVX512 support" while looking for the per-SIMD modules older
# wheels had; this wheel has one library that picks the SIMD level at run time: say that instead.
logging.getLogger("faiss.loader").setLevel(logging.WARNING)
import faiss  # noqa: E402


def simd_level() -> str:
    """The SIMD level this machine runs FAISS at ("AVX512_VPOPCNT", "AVX2", ...; "generic" for an older wheel)."""
    config = getattr(faiss, "SIMDConfig", None)
    return config.get_level_name() if config is not None else "generic"


logging.getLogger(__name__).info("faiss %s: SIMD level %s (built with %s)", faiss.__version__, simd_level(),
                                 faiss.get_compile_options().strip())

INDEX_TYPES = ("auto", "flat", "hnsw", "ivf")
HNSW_THRESHOLD = 20_000  # below this an exact scan is fast enough (~2 ms on 2 cores) and exact
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80  # 200 builds 3x slower for +.01 recall at the same efSearch (docs/experiments.md)
HNSW_EF_SEARCH = 1024


def choose_index_type(n: int, index_type: str = "auto") -> str:
    """The concrete index type for `n` vectors ("auto" picks by size)."""
    if index_type not in INDEX_TYPES:
        raise ValueError(f"unknown index_type {index_type!r}; expected one of {', '.join(INDEX_TYPES)}")
    if index_type != "auto":
        return index_type
    return "hnsw" if n >= HNSW_THRESHOLD else "flat"


def make_ann(dim: int, n: int, index_type: str = "auto") -> faiss.Index:
    """An empty (but trainable-ready) inner-product index for `n` vectors of size `dim`."""
    kind = choose_index_type(n, index_type)
    if kind == "flat":
        inner = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        inner = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    else:  # ivf: coarse quantiser over ~sqrt(n) lists; needs training data (see build_ann)
        nlist = max(1, min(4096, int(np.sqrt(max(n, 1)))))
        quantizer = faiss.IndexFlatIP(dim)
        inner = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        inner.nprobe = min(nlist, 16)
    return faiss.IndexIDMap2(inner)


def build_ann(vectors: np.ndarray, index_type: str = "auto") -> faiss.Index:
    """An index holding `vectors`, labelled 0..n-1 (their row numbers)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = vectors.shape
    index = make_ann(dim, n, index_type)
    if n == 0:
        return index
    inner = faiss.downcast_index(index.index)
    if isinstance(inner, faiss.IndexIVF) and not inner.is_trained:
        inner.train(vectors)
    index.add_with_ids(vectors, np.arange(n, dtype=np.int64))
    return index


def index_kind(index: faiss.Index) -> str:
    """"flat" | "hnsw" | "ivf" for an index made by make_ann (used in stats)."""
    inner = faiss.downcast_index(index.index) if isinstance(index, faiss.IndexIDMap) else index
    if isinstance(inner, faiss.IndexHNSW):
        return "hnsw"
    if isinstance(inner, faiss.IndexIVF):
        return "ivf"
    return "flat"


def search_ann(index: faiss.Index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-k (labels, cosine scores) for one query vector; labels -1 (padding) removed."""
    if index.ntotal == 0 or k <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    k = min(k, index.ntotal)
    inner = faiss.downcast_index(index.index)
    if isinstance(inner, faiss.IndexHNSW):
        # recall of the candidate list matters for fusion (bench/bench_hnsw.py, synthetic chunks): at 100k
        # efSearch 256 -> recall@10 .98; at a million 256 -> .81, 1024 -> .97 at ~2 ms a query
        inner.hnsw.efSearch = max(HNSW_EF_SEARCH, 2 * k)
    q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    scores, labels = index.search(q, k)
    keep = labels[0] >= 0
    return labels[0][keep], scores[0][keep]


def save_ann(index: faiss.Index, path: str) -> None:
    faiss.write_index(index, path)


def load_ann(path: str) -> faiss.Index:
    """Memory-mapped and read-only: a large index opens at once and shares pages between processes."""
    return faiss.read_index(path, faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
