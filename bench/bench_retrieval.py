"""Retrieval benchmark: ingestion throughput, query latency, peak RSS, and hit@1/hit@5/MRR@10 of
dense-only, BM25-only and fused retrieval on the external eval sets (so fusion defaults are chosen
from numbers).

    .venv/bin/python bench/bench_retrieval.py                      # sample + rgb_zh + cmrc2018
    .venv/bin/python bench/bench_retrieval.py --corpus rgb_zh --fresh

Knowledge bases are built once under --work (default /tmp/rag-bench) and reused by later runs
(incremental add skips unchanged documents), so only the first run pays for embedding; --fresh
rebuilds them and is what the ingestion figures need. Metrics are over chunks as the answerer sees
them: hit@k = a chunk of a gold document is among the top k chunks; MRR@10 likewise.
Settings (chunk size, candidates, rrf_k, ...) come from rag/config.py / RAG_* variables.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.config import Settings, load_settings  # noqa: E402
from rag.embed import get_embedder  # noqa: E402
from rag.lexicon import search_words  # noqa: E402
from rag.retrieve import Retriever, fuse  # noqa: E402
from rag.stores import ChunkStore, delete_kb, list_kbs, open_kb  # noqa: E402

EVAL_DIR = Path("/work/shared/eval")
CORPORA = ("sample", "rgb_zh", "cmrc2018")
SAMPLE_QUESTIONS = [  # latency only: the sample corpus has no gold ids
    "《以新金融理念推进智慧政务建设》的作者是谁", "西彭园区组织了多少家银行和企业对接座谈？",
    "园区帮企业团购了多少桶消毒液？", "重庆要建的超算中心存储能力有多大？", "疫情期间哪些线上办公软件用户暴涨？",
    "老挝和缅甸的代表团到大足看了什么？", "大足区重点发展哪些特色农业？", "资阳市人力资源机构来大足考察了什么",
]
# (label, settings overrides) compared on the same candidate lists
CONFIGS: list[tuple[str, dict]] = [
    ("dense", {"fusion": "dense"}),
    ("bm25", {"fusion": "bm25"}),
    *[(f"rrf w={w}", {"fusion": "rrf", "dense_weight": w}) for w in (0.3, 0.4, 0.5, 0.6, 0.7)],
    ("rrf w=0.5 k=20", {"fusion": "rrf", "dense_weight": 0.5, "rrf_k": 20}),
    *[(f"weighted w={w}", {"fusion": "weighted", "dense_weight": w}) for w in (0.3, 0.4, 0.5, 0.6, 0.7)],
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def corpus_documents(corpus: str, settings: Settings) -> list:
    if corpus == "sample":
        from rag.ingest import iter_documents

        return [d for d in iter_documents([settings.sample_dir], settings) if not isinstance(d, Exception)]
    from rag.ingest import document_from_record

    return [document_from_record(rec, corpus) for rec in load_jsonl(EVAL_DIR / corpus / "corpus.jsonl")]


def build_kb(corpus: str, settings: Settings, fresh: bool) -> tuple[ChunkStore, dict]:
    name = f"{corpus}-c{settings.chunk_tokens}-o{settings.chunk_overlap_tokens}"
    if fresh and name in list_kbs(settings):
        delete_kb(name, settings)
    docs = corpus_documents(corpus, settings)
    kb = open_kb(name, settings, create=True)
    # Loading the embedder and jieba's dictionary is a one-off cost (a server or a folder of thousands of documents
    # pays it once), so it is timed apart from the ingestion rate.
    t0 = time.perf_counter()
    get_embedder(settings).embed_passages(["预热"])
    search_words("预热")
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    counts = kb.add_documents(docs, progress=True)
    seconds = time.perf_counter() - t0
    info = {"docs": len(docs), "chunks": len(kb), "embedded_chunks": counts["chunks"],
            "ingest_s": round(seconds, 2), "embedder_load_s": round(load_s, 2)}
    if counts["chunks"]:
        info["chunks_per_s"] = round(counts["chunks"] / seconds, 1)
    return kb, info


def latency(retriever: Retriever, questions: list[str]) -> dict:
    retriever.search(questions[0], 5)  # warm-up: model load, first FAISS/BM25 touch
    times = []
    for q in questions:
        t0 = time.perf_counter()
        retriever.search(q, 5)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return {"queries": len(times), "p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}


def quality(kb: ChunkStore, settings: Settings, questions: list[dict]) -> dict[str, dict]:
    """hit@1, hit@5, MRR@10 for every config, from one candidate computation per question."""
    retriever = Retriever(kb, settings)
    state = kb.view()
    cands = [(retriever.candidates(q["question"], state), set(q["gold_ids"])) for q in questions]
    results = {}
    for label, overrides in CONFIGS:
        s = settings.replace(**overrides)
        h1 = h5 = mrr = 0.0
        for c, gold in cands:
            ranked = [state.chunk(row).doc_id for row, _ in fuse(c, s)[:10]]
            first = next((i for i, d in enumerate(ranked, start=1) if d in gold), None)
            h1 += first == 1
            h5 += first is not None and first <= 5
            mrr += 1.0 / first if first else 0.0
        n = len(cands)
        results[label] = {"hit@1": round(h1 / n, 3), "hit@5": round(h5 / n, 3), "mrr@10": round(mrr / n, 3)}
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", nargs="+", choices=CORPORA, default=list(CORPORA))
    ap.add_argument("--work", type=Path, default=Path("/tmp/rag-bench"), help="where the bench KBs live")
    ap.add_argument("--fresh", action="store_true", help="rebuild KBs (needed for ingestion figures)")
    ap.add_argument("--json", type=Path, help="also write all figures to this file")
    ap.add_argument("--latency-queries", type=int, default=60, help="questions timed per corpus")
    args = ap.parse_args()

    settings = load_settings(index_dir=args.work / "index")
    print(f"settings: chunk_tokens={settings.chunk_tokens} overlap={settings.chunk_overlap_tokens} "
          f"candidates={settings.candidates} fusion={settings.fusion} dense_weight={settings.dense_weight} "
          f"rrf_k={settings.rrf_k} index_type={settings.index_type} threads={settings.threads}")
    report: dict = {"settings": {k: str(v) for k, v in vars(settings).items()}}
    for corpus in args.corpus:
        kb, info = build_kb(corpus, settings, args.fresh)
        info["peak_rss_mb_after_ingest"] = round(peak_rss_mb())
        retriever = Retriever(kb, settings)
        if corpus == "sample":
            qs, answerable = SAMPLE_QUESTIONS, []
        else:
            all_q = load_jsonl(EVAL_DIR / corpus / "questions.jsonl")
            qs = [q["question"] for q in all_q]
            answerable = [q for q in all_q if q.get("gold_ids")]
        info["latency"] = latency(retriever, qs[:args.latency_queries])
        info["peak_rss_mb"] = round(peak_rss_mb())
        print(f"\n== {corpus}: {json.dumps(info, ensure_ascii=False)}")
        if answerable:
            info["quality"] = quality(kb, settings, answerable)
            print(f"{'config':<16} {'hit@1':>6} {'hit@5':>6} {'mrr@10':>7}   ({len(answerable)} answerable questions)")
            for label, m in info["quality"].items():
                print(f"{label:<16} {m['hit@1']:>6.3f} {m['hit@5']:>6.3f} {m['mrr@10']:>7.3f}")
        report[corpus] = info
    print(f"\npeak RSS {peak_rss_mb():.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
