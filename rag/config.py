"""All configuration in one place. Defaults work offline on a 2-core CPU.

Every field can be overridden by an environment variable `RAG_<FIELD>` (upper case), and per call
with `settings.replace(field=value)`. Nothing else in the project reads the environment for settings.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import SettingError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    # --- where things live ---
    index_dir: Path = PROJECT_ROOT / "index"  # one folder per knowledge base
    models_dir: Path = PROJECT_ROOT / "models"  # provisioned weights (git-ignored)
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    sample_dir: Path = PROJECT_ROOT / "data" / "sample"
    default_kb: str = "sample"

    # --- embedding (see rag/models/registry.py for names) ---
    embed_model: str = "multilingual-e5-small"  # registry alias, hub name or local path
    # auto (onnx or onnx-q8, whichever embeds faster on this CPU, measured at set-up) | onnx (torch's vectors) |
    # onnx-q8 (8-bit weight blocks: fp32's retrieval; 1.3x onnx with int8 dot products, 0.5x without) | torch |
    # onnx-int8 (its own KB identity); README
    embed_backend: str = "auto"
    embed_batch_size: int = 16  # torch backend: texts per forward pass
    embed_onnx_batch_size: int = 2  # ONNX backends: texts per run, one single-threaded session per core side by side (README)
    threads: int = 2

    # --- chunking ---
    chunk_tokens: int = 200  # token budget per chunk (tiktoken cl100k)
    chunk_overlap_tokens: int = 40  # overlap carried over as whole sentences

    # --- store (rag/stores/) ---
    store: str = "embedded"  # embedded (FAISS + BM25 folders under index_dir) | milvus
    milvus_uri: str = ""  # "" = Milvus Lite in index_dir/milvus.db; http://host:19530 = a Milvus server; a Zilliz Cloud endpoint
    milvus_token: str = ""  # "user:password" or a Zilliz API key
    milvus_collection: str = "rag"  # prefix of the deployment's two collections (<prefix>_chunks, <prefix>_docs)
    milvus_index: str = "HNSW"  # dense index in Milvus: HNSW | AUTOINDEX (Zilliz) | FLAT

    # --- index ---
    index_type: str = "auto"  # auto | flat | hnsw | ivf
    max_file_mb: float = 50.0
    max_expanded_mb: float = 200.0  # office/e-book files are zips: refused when their members expand past this
    max_doc_chars: int = 3_000_000  # characters extracted from one file (a few thousand pages)
    max_read_s: float = 300.0  # time to read one file (checked between pages, slides, sheets, chapters)
    lock_timeout_s: float = 30.0  # a writer waits this long for the knowledge base's lock (held only to commit)
    job_busy_wait_s: float = 600.0  # a queued upload retries this long while another process writes the KB

    # --- retrieval ---
    top_k: int = 3  # passages shown to the model: 3 vs 5 measured with full answer runs (README, docs/experiments.md)
    candidates: int = 50  # per retriever, before fusion
    fusion: str = "weighted"  # weighted | rrf | dense | bm25 (chosen by bench/bench_retrieval.py on rgb_zh)
    dense_weight: float = 0.6  # weighted fusion: dense share; rrf: weight of the dense list
    rrf_k: int = 60
    reranker: str = ""  # cross-encoder name or path; "" = off

    # --- answering ---
    llm: str = "local"  # local | openai | extractive
    llm_model_path: Path = PROJECT_ROOT / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    llm_context: int = 4096
    openai_base_url: str = "http://127.0.0.1:8000/v1"
    openai_model: str = "qwen2.5"
    openai_api_key_env: str = "OPENAI_API_KEY"  # name of the env var holding the key
    temperature: float = 0.0  # greedy: grounded answers should be reproducible
    max_tokens: int = 384
    context_tokens: int = 1800  # budget for packed passages in the prompt
    passage_sentences: int = 2  # per passage, show the model only this many best-matching sentences (0 = all)
    full_passages: int = 2  # ...except the best-ranked passage and, among the next ranks up to this many, those of its article: shown whole (README)
    min_relevance: float = 0.83  # dense cosine below which nothing counts as relevant (refusal); calibrated in bench/bench_answer.py --calibrate
    refusal_text: str = "资料中没有找到相关信息。"
    refusal_bias: float = 2.0  # local model: logits taken off the refusal's first token (0 = none); measured in eval (README)

    # --- citation verifier (rag/verify/; thresholds tuned on the dev halves of the eval sets) ---
    verify_skip: str = ""  # comma-separated rule ids to switch off (`python -m eval rules` lists them)
    verify_attach_min_overlap: float = 0.5  # bigram share a passage needs to be cited for an unmarked sentence
    verify_cited_min_overlap: float = 0.25  # ...for a sentence the model cited itself (not an unrelated passage)
    verify_topic_min_overlap: float = 0.15  # share of the question's bigrams the cited article must hold
    verify_novel_min_bigrams: int = 3  # fewer new bigrams than this ("是A组") is too little to judge
    verify_graft_min_chars: int = 6  # a copied run this long is the passage's own clause, not a coincidence
    verify_graft_window: int = 8  # characters before that run where the passage would state the question's verb
    judge: str = "auto"  # answerability judge (rag/judge/): auto = the local model when it generates | local | off
    verify_judge_min_margin: float = 1.0  # 是 − 否 margin the judge must reach (rule answerable_judge; README)
    judge_medium_margin: float = 1.5  # an answer kept below this margin is shown as low confidence (README)...
    judge_high_margin: float = 2.5  # ...and from this margin up as high; between them, medium

    # --- UI and HTTP API (one server: the page at /, the API under /v1) ---
    host: str = "127.0.0.1"
    port: int = 7860
    api_keys: str = ""  # comma-separated; when set (or api_keys_file), /v1 needs "Authorization: Bearer KEY"
    api_keys_file: str = ""  # a file with one key per line ("#" comments allowed)
    answer_queue_size: int = 16  # answer requests running + waiting, page and API together; more get 503
    max_upload_files: int = 20  # files per upload request

    def replace(self, **changes: Any) -> "Settings":
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **{k: _coerce(self, k, v) for k, v in changes.items()})

    def kb_dir(self, name: str) -> Path:
        return self.index_dir / name


def _coerce(s: Settings, name: str, value: Any) -> Any:
    current = getattr(s, name)
    if isinstance(value, str):
        if isinstance(current, bool):
            return value.lower() in {"1", "true", "yes", "on"}
        kind = int if isinstance(current, int) else float if isinstance(current, float) else None
        if kind is not None:
            try:
                return kind(value)
            except ValueError:
                raise SettingError(f"设置 {name}（环境变量 RAG_{name.upper()}）的值 {value!r} 不是"
                                   f"{'整数' if kind is int else '数字'}") from None
        if isinstance(current, Path):
            return Path(value)
    return value


def load_settings(**overrides: Any) -> Settings:
    """Defaults, then RAG_* environment variables, then explicit overrides."""
    base = Settings()
    env = {f.name: os.environ[f"RAG_{f.name.upper()}"] for f in dataclasses.fields(base)
           if f"RAG_{f.name.upper()}" in os.environ}
    return base.replace(**env).replace(**{k: v for k, v in overrides.items() if v is not None})
