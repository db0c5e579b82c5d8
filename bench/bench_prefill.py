"""Where the local model's time to first token goes (prints figures; not a test).

    .venv/bin/python bench/bench_prefill.py [--questions 12] [--configs warm,flash,...] [--top-k 5,3]

For sample-set questions, the prompt is built exactly as the chat builds it (retrieval, packing, focusing,
templates) against the sample knowledge base (built in a temporary folder). Prints the prompt's token counts
(system prompt, user message = passages + question) and then, per llama.cpp configuration, the time to the first
generated token (max_tokens=1: prefill plus one decoding step), p50/p95, and the prefill rate:
- `cold`: the KV cache emptied before each question (every prompt token computed);
- `warm`: questions one after another, as a server answers them: llama-cpp-python reuses the cached prefix of the
  previous prompt (the fixed system prompt), so only the rest is computed;
- variants of `warm` with another n_batch / n_ubatch, flash attention, or threads;
and the decoding rate (tokens/s of a 64-token answer). `--models a.gguf,b.gguf` compares other quantisations,
`--top-k 5,3` prompts with that many passages (default: settings.top_k).
Each configuration loads its own llama.cpp context; run on an idle machine.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.config import load_settings  # noqa: E402

SAMPLE_QA = Path(__file__).resolve().parent.parent / "eval" / "sets" / "sample_qa.jsonl"
CONFIGS = {
    "cold": dict(warm=False),
    "warm": dict(warm=True),
    "warm-batch128": dict(warm=True, n_batch=128, n_ubatch=128),
    "warm-batch2048": dict(warm=True, n_batch=2048, n_ubatch=2048),
    "warm-flash": dict(warm=True, flash_attn=True),
    "warm-1thread": dict(warm=True, n_threads=1),
}


def prompts(n: int, top_ks: list[int]) -> dict[int, list[list[dict]]]:
    """The chat's messages for the first `n` sample questions, per number of passages shown."""
    from rag.answer import build_messages
    from rag.ingest import iter_documents
    from rag.retrieve import search
    from rag.stores import open_kb

    settings = load_settings(index_dir=Path(tempfile.mkdtemp(prefix="bench_prefill_")))
    kb = open_kb("sample", settings, create=True)
    kb.add_documents([d for d in iter_documents([settings.sample_dir], settings) if not isinstance(d, Exception)])
    rows = [json.loads(line) for line in SAMPLE_QA.read_text(encoding="utf-8").splitlines() if line.strip()][:n]
    out: dict[int, list[list[dict]]] = {}
    for k in top_ks:
        at_k = settings.replace(top_k=k)
        out[k] = [build_messages(row["question"], search(row["question"], kb, at_k, k=k), at_k) for row in rows]
    return out


def run(config: dict, message_sets: list[list[dict]], model: str = "") -> dict:
    from llama_cpp import Llama

    settings = load_settings()
    params = {k: v for k, v in config.items() if k != "warm"}
    threads = params.pop("n_threads", settings.threads)
    llm = Llama(model_path=model or str(settings.llm_model_path), n_ctx=settings.llm_context, n_threads=threads,
                n_threads_batch=threads, verbose=False, **params)
    times, computed = [], []
    for messages in message_sets:
        if not config["warm"]:
            llm.reset()
        tokens = llm.tokenize(_chat_text(messages).encode("utf-8"), add_bos=False, special=True)
        cached = _common_prefix(llm, tokens) if config["warm"] else 0
        start = time.perf_counter()
        for _ in llm.create_chat_completion(messages=messages, max_tokens=1, temperature=0, stream=True):
            break
        times.append(time.perf_counter() - start)
        computed.append(len(tokens) - cached)
    # decoding speed: one answer of up to 64 tokens to the last prompt (its prefix is cached by now)
    start, pieces = time.perf_counter(), 0
    for chunk in llm.create_chat_completion(messages=message_sets[-1] + [], max_tokens=64, temperature=0, stream=True):
        if pieces == 0:
            start = time.perf_counter()
        pieces += 1
    decode_tok_s = (pieces - 1) / max(1e-9, time.perf_counter() - start)
    llm.close()
    times_sorted = sorted(times)
    return {"p50_s": round(statistics.median(times), 2),
            "p95_s": round(times_sorted[min(len(times) - 1, int(0.95 * len(times)))], 2),
            "tokens_computed_mean": round(statistics.mean(computed)),
            "prefill_tok_s": round(sum(computed) / sum(times)), "decode_tok_s": round(decode_tok_s, 1)}


def _chat_text(messages: list[dict]) -> str:
    # Qwen's ChatML, as the GGUF's template renders it
    return "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages) + "<|im_start|>assistant\n"


def _common_prefix(llm, new: list[int]) -> int:  # type: ignore[no-untyped-def]
    """Prompt tokens already in the KV cache (llama-cpp-python reuses the longest common prefix)."""
    old = list(llm.input_ids[:llm.n_tokens])
    n = 0
    while n < min(len(new), len(old)) and new[n] == old[n]:
        n += 1
    return n


def passage_counts(text: str) -> list[int]:
    """"5,3" -> [5, 3]; argparse reports anything else as an invalid --top-k value."""
    counts = [int(k) for k in text.split(",")]
    if min(counts) < 1:
        raise ValueError(text)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=int, default=12)
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--models", default="", help="comma-separated GGUF paths to compare (default: the configured model)")
    ap.add_argument("--top-k", type=passage_counts, default=[],
                    help="comma-separated passage counts, e.g. 5,3 (default: settings.top_k)")
    args = ap.parse_args()
    settings = load_settings()
    top_ks = args.top_k or [settings.top_k]
    by_k = prompts(args.questions, top_ks)
    from llama_cpp import Llama

    counter = Llama(model_path=str(settings.llm_model_path), n_ctx=settings.llm_context, vocab_only=True, verbose=False)
    for k, message_sets in by_k.items():
        system = [len(counter.tokenize(m[0]["content"].encode(), add_bos=False)) for m in message_sets]
        user = [len(counter.tokenize(m[1]["content"].encode(), add_bos=False)) for m in message_sets]
        print(f"top {k}: {len(message_sets)} sample questions; prompt tokens: system {system[0]} (fixed), "
              f"user p50 {statistics.median(user):.0f} (min {min(user)}, max {max(user)})")
    print("| model | passages | config | first token p50 | p95 | tokens computed (mean) | prefill tok/s "
          "| decode tok/s |\n|---|---|---|---|---|---|---|---|")
    for model in args.models.split(",") if args.models else [""]:
        for name in args.configs.split(","):
            for k, message_sets in by_k.items():
                r = run(CONFIGS[name], message_sets, model)
                label = Path(model).name if model else "default"
                print(f"| {label} | {k} | {name} | {r['p50_s']} s | {r['p95_s']} s | {r['tokens_computed_mean']} | "
                      f"{r['prefill_tok_s']} | {r['decode_tok_s']} |", flush=True)


if __name__ == "__main__":
    main()
