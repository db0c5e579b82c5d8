"""What an embedder backend costs a server: load time, resident memory and one query's time (prints a table).

    .venv/bin/python bench/bench_embed_load.py [--backends torch onnx onnx-q8 onnx-int8] [--queries 20]

Each backend loads in its own child process (so memory is its own): the resident-set growth from loading the
embedder (weights, sessions, tokenizer; after the libraries are imported), the load time, and the p50/p95 of
embedding one question at a time (3 rounds over the questions, after one warm-up query).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUESTIONS = ["西彭园区团购了多少个口罩？", "高性能超算中心的存储容量要达到多少？", "《以新金融理念推进智慧政务建设》的作者是谁？",
             "2022年印度新当选总统是谁？", "大足重点发展的“一主两辅”特色产业是哪些？"]


def rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def child(backend: str, n: int) -> dict:
    import onnxruntime  # noqa: F401  (libraries first: their import is not the embedder's cost)
    import transformers  # noqa: F401

    from rag.config import load_settings
    from rag.embed import get_embedder

    before, start = rss_mb(), time.perf_counter()
    embedder = get_embedder(load_settings(embed_backend=backend))
    load_s, grown = time.perf_counter() - start, rss_mb() - before
    questions = (QUESTIONS * (n // len(QUESTIONS) + 1))[:n]
    embedder.embed_queries([questions[0]])
    times = []
    for _ in range(3):
        for q in questions:
            t = time.perf_counter()
            embedder.embed_queries([q])
            times.append(time.perf_counter() - t)
    times.sort()
    return {"backend": backend, "load_s": round(load_s, 1), "rss_mb": round(grown),
            "query_p50_ms": round(1000 * statistics.median(times), 1),
            "query_p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backends", nargs="+", default=["torch", "onnx", "onnx-q8", "onnx-int8"])
    ap.add_argument("--queries", type=int, default=20)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.queries)))
        return
    print("| backend | load | embedder RSS | query p50 / p95 |\n|---|---|---|---|")
    for backend in args.backends:
        out = subprocess.run([sys.executable, __file__, "--child", backend, "--queries", str(args.queries)],
                             capture_output=True, text=True, check=False)
        if out.returncode:
            raise SystemExit(f"{backend} failed:\n{out.stderr[-3000:]}")
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {backend} | {r['load_s']} s | {r['rss_mb']} MB | {r['query_p50_ms']} / {r['query_p95_ms']} ms |",
              flush=True)


if __name__ == "__main__":
    main()
