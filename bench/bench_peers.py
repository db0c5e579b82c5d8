"""This project against two common pipelines on one corpus with one embedding model (prints a table; not a test).

    python3 -m venv .venv-peers
    echo "$PWD/.venv/lib/python3.11/site-packages" > .venv-peers/lib/python3.11/site-packages/project_venv.pth
    .venv-peers/bin/pip install -r bench/requirements-peers.txt
    .venv-peers/bin/python bench/bench_peers.py [--corpus ../shared/eval/rgb_zh] [--rounds 2]

(.venv-peers holds LlamaIndex and LangChain and falls back to the project's .venv for everything else, so the
project's own environment is never changed by them.)

Pipelines, all embedding with the project's e5 model through the project's embedder (same "passage: "/"query: "
prefixes); the peers on torch, as sentence-transformers runs it for them, so `this project, torch` and the two peers
differ only in splitting, indexing and retrieval:
- `this project`: as shipped: rag ingestion (clean, structure, chunk at 200 cl100k tokens) into the embedded store
  (FAISS + jieba BM25), hybrid retrieval, its default embedder (ONNX Runtime, `auto`: the fp32 export or its 8-bit
  weight blocks, whichever embeds faster on the machine);
- `this project, onnx fp32`: the same with the fp32 ONNX export (the torch model's vectors);
- `this project, torch`: the same on torch, the peers' runtime;
- `LlamaIndex`: VectorStoreIndex over a FAISS IndexFlatIP with its default SentenceSplitter (1,024 tokens, overlap
  200), dense retrieval;
- `Chatchat-style`: Langchain-Chatchat's recipe: a recursive splitter on Chinese sentence punctuation at 500
  characters (overlap 50), BM25Retriever over jieba.lcut_for_search + FAISS, EnsembleRetriever weights 0.5/0.5;
- `this project, onnx-int8`: this project with RAG_EMBED_BACKEND=onnx-int8 (the same e5 weights quantised to int8,
  per channel; not the default).
Each pipeline builds and queries in its own child process (peak RSS is its own); the rounds run the pipelines in
alternating order so a noisy machine disturbs them alike. Retrieval: top-10 chunks mapped to their passages
(first occurrence), hit@1/hit@5/MRR@10 against the questions' gold passages; query time includes embedding the
query.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PIPELINES = ("this project", "LlamaIndex", "Chatchat-style", "this project, onnx fp32", "this project, torch",
             "this project, onnx-int8")
PIPELINE_ENV = {"LlamaIndex": {"RAG_EMBED_BACKEND": "torch"}, "Chatchat-style": {"RAG_EMBED_BACKEND": "torch"},
                "this project, onnx fp32": {"RAG_EMBED_BACKEND": "onnx"},
                "this project, torch": {"RAG_EMBED_BACKEND": "torch"},
                "this project, onnx-int8": {"RAG_EMBED_BACKEND": "onnx-int8"}}
CHINESE_SEPARATORS = ["\n\n", "\n", "。|！|？", r"\.\s|\!\s|\?\s", "；|;\s", "，|,\s"]  # Chatchat's splitter's


def load(corpus_dir: Path) -> tuple[list[dict], list[dict]]:
    records = [json.loads(l) for l in (corpus_dir / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if l]
    questions = [json.loads(l) for l in (corpus_dir / "questions.jsonl").read_text(encoding="utf-8").splitlines() if l]
    return records, [q for q in questions if q.get("gold_ids")]


def embedder():  # type: ignore[no-untyped-def]
    from rag.config import load_settings
    from rag.embed import get_embedder

    return get_embedder(load_settings())


# ---------------------------------------------------------------- the three pipelines: build -> search(q) -> doc ids
def build_project(records: list[dict]):  # type: ignore[no-untyped-def]
    from rag.config import load_settings
    from rag.ingest import document_from_record
    from rag.retrieve import Retriever
    from rag.stores import open_kb

    settings = load_settings(index_dir=Path(tempfile.mkdtemp(prefix="peers_")))
    kb = open_kb("peers", settings, create=True)
    kb.add_documents([document_from_record(r, "corpus.jsonl") for r in records])
    retriever = Retriever(kb, settings)
    return len(kb), lambda q: [h.chunk.doc_id for h in retriever.search(q, k=10)]


def build_llamaindex(records: list[dict]):  # type: ignore[no-untyped-def]
    import faiss
    from llama_index.core import Document, Settings as LISettings, StorageContext, VectorStoreIndex
    from llama_index.core.embeddings import BaseEmbedding
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.faiss import FaissVectorStore

    e5 = embedder()

    class E5(BaseEmbedding):
        def _get_text_embedding(self, text: str) -> list[float]:
            return e5.embed_passages([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return e5.embed_passages(texts).tolist()

        def _get_query_embedding(self, query: str) -> list[float]:
            return e5.embed_queries([query])[0].tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    LISettings.embed_model = E5(embed_batch_size=64)
    LISettings.llm = None
    docs = [Document(text=r["text"], id_=r["id"], metadata={"title": r.get("title", "")}) for r in records]
    nodes = SentenceSplitter().get_nodes_from_documents(docs)
    store = FaissVectorStore(faiss_index=faiss.IndexFlatIP(int(e5.dim)))
    index = VectorStoreIndex(nodes, storage_context=StorageContext.from_defaults(vector_store=store))
    retriever = index.as_retriever(similarity_top_k=10)
    return len(nodes), lambda q: [n.node.ref_doc_id for n in retriever.retrieve(q)]


def build_chatchat(records: list[dict]):  # type: ignore[no-untyped-def]
    import jieba
    from langchain_classic.retrievers import EnsembleRetriever
    from langchain_community.retrievers import BM25Retriever
    from langchain_community.vectorstores import FAISS
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    e5 = embedder()

    class E5(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return e5.embed_passages(texts).tolist()

        def embed_query(self, text: str) -> list[float]:
            return e5.embed_queries([text])[0].tolist()

    splitter = RecursiveCharacterTextSplitter(separators=CHINESE_SEPARATORS, is_separator_regex=True,
                                              keep_separator=True, chunk_size=500, chunk_overlap=50)
    docs = splitter.split_documents([Document(page_content=r["text"], metadata={"id": r["id"]}) for r in records])
    bm25 = BM25Retriever.from_documents(docs, preprocess_func=jieba.lcut_for_search, k=10)
    dense = FAISS.from_documents(docs, E5(), distance_strategy="MAX_INNER_PRODUCT").as_retriever(search_kwargs={"k": 10})
    ensemble = EnsembleRetriever(retrievers=[bm25, dense], weights=[0.5, 0.5])
    return len(docs), lambda q: [d.metadata["id"] for d in ensemble.invoke(q)][:10]


BUILDERS = {"this project": build_project, "LlamaIndex": build_llamaindex, "Chatchat-style": build_chatchat,
            "this project, onnx fp32": build_project, "this project, torch": build_project,
            "this project, onnx-int8": build_project}


def child(name: str, corpus_dir: Path) -> dict:
    records, questions = load(corpus_dir)
    embedder()  # the model loads before the clock starts, for every pipeline alike
    start = time.perf_counter()
    chunks, search = BUILDERS[name](records)
    build_s = time.perf_counter() - start
    hit1 = hit5 = mrr = 0.0
    times = []
    for q in questions:
        t = time.perf_counter()
        ranked = search(q["question"])
        times.append(time.perf_counter() - t)
        docs = list(dict.fromkeys(ranked))[:10]  # passages in the order their first chunk came
        gold = set(q["gold_ids"])
        rank = next((i for i, d in enumerate(docs, 1) if d in gold), 0)
        hit1 += rank == 1
        hit5 += 0 < rank <= 5
        mrr += 1 / rank if rank else 0.0
    n = len(questions)
    times.sort()
    return {"pipeline": name, "chunks": chunks, "build_s": round(build_s, 1), "chunks_per_s": round(chunks / build_s, 1),
            "passages_per_s": round(len(records) / build_s, 1), "hit@1": round(hit1 / n, 3),
            "hit@5": round(hit5 / n, 3), "mrr@10": round(mrr / n, 3),
            "query_p50_ms": round(1000 * statistics.median(times), 1),
            "query_p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "eval" / "rgb_zh"))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--pipelines", nargs="+", choices=PIPELINES, default=list(PIPELINES))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, Path(args.corpus)), ensure_ascii=False))
        return
    runs: dict[str, list[dict]] = {p: [] for p in args.pipelines}
    for r in range(args.rounds):
        for name in (args.pipelines if r % 2 == 0 else args.pipelines[::-1]):
            out = subprocess.run([sys.executable, __file__, "--child", name, "--corpus", args.corpus],
                                 capture_output=True, text=True, check=False,
                                 env=dict(os.environ, TOKENIZERS_PARALLELISM="false", **PIPELINE_ENV.get(name, {})))
            if out.returncode:
                raise SystemExit(f"{name} failed:\n{out.stderr[-3000:]}")
            row = json.loads(out.stdout.strip().splitlines()[-1])
            runs[name].append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    cols = ["chunks", "build_s", "chunks_per_s", "passages_per_s", "hit@1", "hit@5", "mrr@10", "query_p50_ms",
            "query_p95_ms", "peak_rss_mb"]
    print(f"\n{Path(args.corpus).name}, median of {args.rounds} rounds\n| pipeline | " + " | ".join(cols)
          + " |\n|---|" + "---|" * len(cols))
    for name, rows in runs.items():
        print(f"| {name} | " + " | ".join(f"{statistics.median(r[c] for r in rows):g}" for c in cols) + " |")


if __name__ == "__main__":
    main()
