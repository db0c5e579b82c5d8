"""HNSW recall and latency against efSearch, on bench_scale's synthetic corpus (no downloads).

    python bench/bench_hnsw.py --n 1000000 [--ef 256 512 1024 2048]

Builds a FAISS HNSW index (M 32, efConstruction 80: the store's settings in rag/ann.py) over n generated
passages, then for each efSearch the recall@10 of a 50-candidate search (the list the retriever fuses) against
exact search, and the time per query.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_scale  # noqa: E402
from rag.ann import HNSW_EF_CONSTRUCTION, HNSW_M  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--ef", type=int, nargs="+", default=[64, 128, 256, 512, 1024, 2048])
    args = ap.parse_args()
    import faiss

    _, vecs, _, queries, _ = bench_scale.corpus(args.n)
    exact = bench_scale.exact_top10(vecs, queries)
    index = faiss.IndexHNSWFlat(vecs.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    t = time.perf_counter()
    index.add(vecs)
    print(f"n={args.n:,}: HNSW M={HNSW_M} efConstruction={HNSW_EF_CONSTRUCTION} built in {time.perf_counter() - t:.0f} s")
    for ef in args.ef:
        index.hnsw.efSearch = ef
        t = time.perf_counter()
        _, found = index.search(queries, 50)
        ms = (time.perf_counter() - t) / len(queries) * 1000
        recall = np.mean([len(set(found[i][:10]) & set(exact[i])) / 10 for i in range(len(queries))])
        print(f"efSearch {ef:>5}: recall@10 {recall:.3f}, {ms:.2f} ms a query")


if __name__ == "__main__":
    main()
