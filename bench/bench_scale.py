"""How the stores scale: synthetic Chinese passages at 10k / 100k / 1M chunks.

    python bench/bench_scale.py                       # 10k and 100k, every backend
    python bench/bench_scale.py --sizes 1000000 --backends embedded-hnsw

Passages are generated from a word list (no downloads): 2,000 topics of 30 words each over a shared
vocabulary, each passage ~40 words from its topic and the common pool. Vectors are the normalised
sum of fixed random word vectors, so dense and lexical similarity agree roughly as they do for real
text, and topics make the neighbourhood structure that ANN indexes rely on (pure random vectors would
be an unrealistically hard case). Queries are 4 words of a passage, with their vector.

Each (backend, size) is built in one process and queried in a fresh one, so the query figures (open time,
peak RSS) are the store's alone; the build's peak RSS includes the generated corpus and its vectors. Per run: ingest chunks/s
with embedding excluded (vectors precomputed; through the store's add_embedded, as a migration
would), the same including embedding (the real e5 rate measured on 256 passages here, combined),
time to open the KB in a fresh process, dense / lexical / hybrid query p50/p95 (query embedding
excluded: the same for every backend), recall@10 of the dense index against exact search, disk size.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.config import load_settings  # noqa: E402

CHARS = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
         "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性"
         "好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向"
         "道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件"
         "长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给"
         "色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白"
         "教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石"
         "记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般")
DIM = 384
TOPICS = 2000
TOPIC_WORDS = 30
VOCAB = 20_000
PASSAGE_WORDS = 40
QUERIES = 200
PER_DOC = 10  # passages per synthetic document
BACKENDS = ("embedded-flat", "embedded-hnsw", "milvus-lite")


def vocabulary(rng: np.random.Generator) -> list[str]:
    words: set[str] = set()
    while len(words) < VOCAB:
        words.add("".join(rng.choice(list(CHARS), size=int(rng.integers(2, 4)))))
    return sorted(words)


def corpus(n: int, seed: int = 7) -> tuple[list[str], np.ndarray, list[str], np.ndarray, list[int]]:
    """(passages, vectors, query texts, query vectors, the passage each query came from)."""
    rng = np.random.default_rng(seed)
    words = vocabulary(rng)
    word_vecs = rng.standard_normal((VOCAB, DIM)).astype(np.float32)
    topics = rng.integers(0, VOCAB, size=(TOPICS, TOPIC_WORDS))
    topic_of = rng.integers(0, TOPICS, size=n)
    from_topic = rng.random((n, PASSAGE_WORDS)) < 0.6
    ids = np.where(from_topic, topics[topic_of[:, None], rng.integers(0, TOPIC_WORDS, (n, PASSAGE_WORDS))],
                   rng.integers(0, VOCAB, (n, PASSAGE_WORDS)))
    texts = ["".join(words[i] for i in row) + "。" for row in ids]
    vectors = np.empty((n, DIM), np.float32)
    for start in range(0, n, 50_000):
        block = word_vecs[ids[start:start + 50_000]].sum(axis=1)
        vectors[start:start + 50_000] = block / np.linalg.norm(block, axis=1, keepdims=True)
    sources = rng.choice(n, size=QUERIES, replace=False).tolist()
    q_texts, q_vecs = [], []
    for src in sources:
        pick = ids[src][rng.choice(PASSAGE_WORDS, size=4, replace=False)]
        q_texts.append("".join(words[i] for i in pick))
        v = word_vecs[pick].sum(axis=0)
        q_vecs.append(v / np.linalg.norm(v))
    return texts, vectors, q_texts, np.asarray(q_vecs, np.float32), sources


def exact_top10(vectors: np.ndarray, q_vecs: np.ndarray) -> np.ndarray:
    """Rows of each query's true top 10 by cosine (brute force)."""
    scores = q_vecs @ vectors.T  # (queries, n)
    top = np.argpartition(-scores, 10, axis=1)[:, :10]
    order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
    return np.take_along_axis(top, order, axis=1)


def items(texts: list[str], vectors: np.ndarray):  # type: ignore[no-untyped-def]
    from rag.types import Chunk, Document

    for d in range(0, len(texts), PER_DOC):
        doc_id = f"doc{d // PER_DOC:07d}.txt"
        parts, chunks, pos = texts[d:d + PER_DOC], [], 0
        for i, t in enumerate(parts):
            chunks.append(Chunk(chunk_id=f"{doc_id}#{i}", doc_id=doc_id, source=doc_id, title="", text=t,
                                start=pos, end=pos + len(t)))
            pos += len(t)
        yield Document(doc_id, doc_id, "".join(parts), "", f"h{d}"), chunks, vectors[d:d + PER_DOC]


def settings_for(backend: str, root: Path):  # type: ignore[no-untyped-def]
    s = load_settings(index_dir=root / "index", milvus_uri=str(root / "milvus.db"))
    if backend == "milvus-lite":
        return s.replace(store="milvus")
    return s.replace(index_type="flat" if backend == "embedded-flat" else "hnsw")


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times) * 1000, times[min(len(times) - 1, int(0.95 * len(times)))] * 1000


def peak_rss_mb() -> int:
    """VmHWM of this process (ru_maxrss would include the parent's memory from before exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return -1


def disk_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def run_one(backend: str, n: int, root: Path) -> dict:
    """Build the KB (this process), then open and query it in a fresh process."""
    from rag.stores import open_kb

    texts, vectors, q_texts, q_vecs, _ = corpus(n)
    exact = exact_top10(vectors, q_vecs)
    np.save(root / "queries.npy", q_vecs)
    np.save(root / "exact.npy", exact)
    (root / "queries.json").write_text(json.dumps(q_texts, ensure_ascii=False), encoding="utf-8")
    s = settings_for(backend, root)
    kb = open_kb("scale", s, create=True)
    t = time.perf_counter()
    stored = kb.add_embedded(items(texts, vectors))
    ingest_s = time.perf_counter() - t
    assert stored == n, (stored, n)
    del texts, vectors
    build_rss = peak_rss_mb()
    return {"backend": backend, "n": n, "ingest_s": round(ingest_s, 1), "ingest_cps": round(n / ingest_s),
            "build_peak_rss_mb": build_rss, "disk_mb": round(disk_size(root) / 2**20)}


def query_one(backend: str, n: int, root: Path) -> dict:
    from rag.retrieve import Retriever
    from rag.stores import open_kb

    if (root / "exact.npy").is_file():  # written by the build step: this process holds only the store
        q_vecs, exact = np.load(root / "queries.npy"), np.load(root / "exact.npy")
        q_texts = json.loads((root / "queries.json").read_text(encoding="utf-8"))
    else:
        _, vectors, q_texts, q_vecs, _ = corpus(n)
        exact = exact_top10(vectors, q_vecs)
        del vectors
    s = settings_for(backend, root)
    t = time.perf_counter()
    kb = open_kb("scale", s)
    view = kb.view()
    view.dense_search(q_vecs[0], 10)  # first query: Milvus Lite loads segments, FAISS pages in
    open_s = time.perf_counter() - t
    dense_t, lex_t, hyb_t, recall = [], [], [], []
    retriever = Retriever(kb, s.replace(fusion="weighted"))
    for q, qv, truth in zip(q_texts, q_vecs, exact):
        t = time.perf_counter()
        keys, _ = view.dense_search(qv, s.candidates)  # the candidate list the retriever asks for
        dense_t.append(time.perf_counter() - t)
        got = {view.chunk(k).chunk_id for k in keys[:10]}
        want = {f"doc{r // PER_DOC:07d}.txt#{r % PER_DOC}" for r in truth.tolist()}
        recall.append(len(got & want) / 10)
        t = time.perf_counter()
        view.lexical_search(q, s.candidates)
        lex_t.append(time.perf_counter() - t)
        retriever._embed_query = lambda _q, v=qv: v  # type: ignore[method-assign]  # embedding excluded
        t = time.perf_counter()
        retriever.search(q, 5)
        hyb_t.append(time.perf_counter() - t)
    d50, d95 = percentiles(dense_t)
    l50, l95 = percentiles(lex_t)
    h50, h95 = percentiles(hyb_t)
    return {"open_s": round(open_s, 2), "dense_p50_ms": round(d50, 1), "dense_p95_ms": round(d95, 1),
            "lexical_p50_ms": round(l50, 1), "lexical_p95_ms": round(l95, 1),
            "hybrid_p50_ms": round(h50, 1), "hybrid_p95_ms": round(h95, 1),
            "recall@10": round(float(np.mean(recall)), 3),
            "query_peak_rss_mb": peak_rss_mb()}


def embed_rate() -> float:
    """Chunks/s of the configured embedder on synthetic passages (real model)."""
    from rag.embed import get_embedder

    texts = corpus(256)[0]
    emb = get_embedder(load_settings())
    emb.embed_passages(texts[:16])  # warm-up
    t = time.perf_counter()
    emb.embed_passages(texts)
    return len(texts) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--backends", default=",".join(BACKENDS))
    ap.add_argument("--child", nargs=3, metavar=("STEP", "BACKEND", "N"), help=argparse.SUPPRESS)
    ap.add_argument("--root", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        step, backend, n = args.child
        fn = run_one if step == "build" else query_one
        print(json.dumps(fn(backend, int(n), Path(args.root))))
        return
    rate = embed_rate()
    print(f"embedding (real model, synthetic passages): {rate:.1f} chunks/s")
    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        for backend in args.backends.split(","):
            root = Path(tempfile.mkdtemp(prefix="bench_scale_"))
            try:
                row = {}
                for step in ("build", "query"):
                    out = subprocess.run([sys.executable, __file__, "--child", step, backend, str(n),
                                          "--root", str(root)], capture_output=True, text=True, check=False)
                    if out.returncode:
                        raise SystemExit(f"{backend} {n} {step} failed:\n{out.stderr[-3000:]}")
                    row.update(json.loads(out.stdout.strip().splitlines()[-1]))
                row["ingest_with_embedding_cps"] = round(n / (row["ingest_s"] + n / rate), 1)
                rows.append(row)
                print(json.dumps(row), flush=True)
            finally:
                shutil.rmtree(root, ignore_errors=True)
    cols = ["backend", "n", "ingest_cps", "ingest_with_embedding_cps", "open_s", "dense_p50_ms", "dense_p95_ms",
            "lexical_p50_ms", "lexical_p95_ms", "hybrid_p50_ms", "hybrid_p95_ms", "recall@10",
            "build_peak_rss_mb", "query_peak_rss_mb", "disk_mb"]
    print("\n| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
