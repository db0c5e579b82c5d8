"""Embedding backends side by side: torch fp32, ONNX Runtime fp32, 8-bit weight blocks (q8), dynamic int8.

    python bench/bench_backends.py [--corpus sample rgb_zh cmrc2018]

For each backend, bench/bench_retrieval.py builds the corpora fresh (in its own process, one after
another, on the same machine state) and reports the embedder's load time, ingestion chunks/s once it is loaded
(read, clean, chunk, embed, index) and retrieval quality. Printed: chunks/s per corpus, and dense-only and default
(weighted 0.6) MRR@10 and hit@5 on the sets with gold passages, with the change against torch.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BACKENDS = ("torch", "onnx", "onnx-q8", "onnx-int8")  # auto is one of onnx and onnx-q8 (rag/embed_choice.py)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", nargs="+", default=["sample", "rgb_zh", "cmrc2018"])
    ap.add_argument("--backends", nargs="+", default=list(BACKENDS))
    args = ap.parse_args()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench_backends_") as tmp:
        for backend in args.backends:
            out = Path(tmp) / f"{backend}.json"
            env = dict(os.environ, RAG_EMBED_BACKEND=backend)
            cmd = [sys.executable, str(HERE / "bench_retrieval.py"), "--fresh", "--work", str(Path(tmp) / backend),
                   "--json", str(out), "--latency-queries", "20", "--corpus", *args.corpus]
            r = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
            if r.returncode:
                print(f"{backend} failed:\n{r.stderr[-2000:]}")
                return 1
            results[backend] = json.loads(out.read_text(encoding="utf-8"))
            print(f"{backend}: done", flush=True)
    print("\n| backend | corpus | chunks | embedder load s | ingest chunks/s | dense MRR@10 (Δ) | default MRR@10 (Δ) "
          "| default hit@5 |")
    print("|---|---|---|---|---|---|---|---|")
    base = results.get("torch", {})
    for backend, rep in results.items():
        for corpus in args.corpus:
            info = rep.get(corpus, {})
            q = info.get("quality", {})
            cells = []
            for label in ("dense", "weighted w=0.6"):
                m = q.get(label, {}).get("mrr@10")
                b = base.get(corpus, {}).get("quality", {}).get(label, {}).get("mrr@10")
                cells.append("–" if m is None else f"{m:.3f} ({m - b:+.3f})" if b is not None else f"{m:.3f}")
            hit5 = q.get("weighted w=0.6", {}).get("hit@5")
            print(f"| {backend} | {corpus} | {info.get('chunks')} | {info.get('embedder_load_s')} | "
                  f"{info.get('chunks_per_s')} | {cells[0]} | "
                  f"{cells[1]} | {'–' if hit5 is None else f'{hit5:.3f}'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
