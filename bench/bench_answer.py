"""Answer latency per generator over ~8 sample questions (prints a table; not a test).

    .venv/bin/python bench/bench_answer.py [--generators local extractive openai local-nojudge] [--runs 1]

Measures, per question, through the full ask_stream pipeline (rewrite, retrieval, packing, generation,
citation checking): time to first text piece (from the question), total answer time, generation speed
(streamed pieces per second from the first piece to the last = decoding tokens/s for llama.cpp and for the SSE endpoint, which
sends one token per event). "openai" streams from the same local model through an OpenAI-compatible
HTTP/SSE server: `python -m llama_cpp.server` when its extras are installed, otherwise a small stdlib
server in this process, so the figure shows the HTTP/SSE overhead over the local generator.
`local-nojudge` is the local model with the answerability judge off (`RAG_JUDGE=off`): the judge's cost is the
difference in total time (it reads after the answer has streamed; the first token does not move).
The sample knowledge base is built in a temporary folder (index/ is not touched).

    .venv/bin/python bench/bench_answer.py --calibrate [--rgb]

Calibration of settings.min_relevance: distribution of the best dense cosine among the top-5 hits for
the sample questions (eval/sets/sample_qa.jsonl, answerable and in-domain unanswerable), for the rgb_zh
questions asked of the sample KB (off-topic), and with --rgb for rgb_zh questions against the rgb_zh
corpus (built in a temporary folder; ~1 min of embedding), then what each threshold keeps/refuses.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.answer import ask_stream  # noqa: E402
from rag.config import Settings, load_settings  # noqa: E402
from rag.types import Answer  # noqa: E402

SAMPLE_QA = Path(__file__).resolve().parent.parent / "eval" / "sets" / "sample_qa.jsonl"
RGB_DIR = Path("/work/shared/eval/rgb_zh")  # read in place, never copied into the project
QUESTIONS = [
    "高性能超算中心的存储容量要达到多少？",
    "《以新金融理念推进智慧政务建设》的作者是谁？",
    "高永强担任什么职务？",
    "疫情期间哪些办公软件呈现爆发式增长？",
    "法治政府建设实施纲要的时间范围是哪几年？",
    "为什么说职业技能培训是帮助贫困群众最直接有效的途径？",
    "樊自甫教授是哪一年出生的？",  # not in the corpus: must be refused
    "海底捞的新任首席执行官是谁？",  # off topic: must be refused
]


def build_sample_kb(settings: Settings):
    from rag.ingest import iter_documents
    from rag.stores import open_kb

    kb = open_kb("sample", settings, create=True)
    kb.add_documents([d for d in iter_documents([settings.sample_dir], settings) if not isinstance(d, Exception)])
    return kb


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for piece in self.server.generator.stream(body["messages"], max_tokens=body["max_tokens"],
                                                  temperature=body["temperature"]):
            event = {"choices": [{"index": 0, "delta": {"content": piece}}]}
            self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")


def start_openai_server(settings: Settings) -> tuple[str, str]:
    """(base_url, kind) of an OpenAI-compatible server streaming the local model."""
    from rag.generate.local import LocalGenerator

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.generator = LocalGenerator(settings)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/v1", "stdlib SSE server in-process"


def run_one(question: str, settings: Settings, kb) -> dict:
    pieces = 0
    answer = None
    first = last = 0.0
    for item in ask_stream(question, kb=kb, settings=settings):
        if isinstance(item, Answer):
            answer = item
        else:
            pieces += 1
            last = time.perf_counter()
            first = first or last
    t = answer.timings
    decode = last - first  # first piece to last: decoding speed, prompt processing excluded
    return {"first": t.get("first_token", t["total"]), "total": t["total"], "pieces": pieces,
            "rate": (pieces - 1) / decode if pieces > 1 and decode > 0 else float("nan"),
            "refused": answer.refused, "retrieve": t["retrieve"], "text": answer.text}


def best_dense(questions: list[str], kb, settings: Settings):
    import numpy as np

    from rag.retrieve import search

    return np.array([max((h.dense_score or 0.0) for h in search(q, kb, settings, k=5)) for q in questions])


def calibrate(base: Settings, kb, with_rgb: bool) -> None:
    import numpy as np

    sample = [json.loads(line) for line in open(SAMPLE_QA, encoding="utf-8")]
    rgb = [json.loads(line) for line in open(RGB_DIR / "questions.jsonl", encoding="utf-8")]
    groups = {
        "sample answerable": best_dense([q["question"] for q in sample if q["answerable"]], kb, base),
        "sample unanswerable (in-domain)": best_dense([q["question"] for q in sample if not q["answerable"]],
                                                      kb, base),
        "rgb_zh questions vs sample KB": best_dense([q["question"] for q in rgb], kb, base),
    }
    if with_rgb:
        from rag.ingest import document_from_record
        from rag.stores import open_kb

        rkb = open_kb("rgb_zh", base, create=True)
        with open(RGB_DIR / "corpus.jsonl", encoding="utf-8") as f:
            rkb.add_documents([document_from_record(json.loads(line), "rgb_zh") for line in f])
        groups["rgb answerable vs rgb KB"] = best_dense([q["question"] for q in rgb if q["answerable"]], rkb, base)
        groups["rgb unanswerable vs rgb KB"] = best_dense(
            [q["question"] for q in rgb if not q["answerable"]], rkb, base)
    for name, x in groups.items():
        print(f"{name:34s} n={len(x):3d} min={x.min():.3f} p5={np.percentile(x, 5):.3f} "
              f"median={np.median(x):.3f} max={x.max():.3f}")
    print("threshold: share of each group at or above it (answerable: kept; others: not refused by relevance)")
    for t in np.arange(0.80, 0.875, 0.01):
        print(f"  {t:.2f}  " + "  ".join(f"{name.split(' vs')[0][:18]}={np.mean(x >= t):.2f}"
                                         for name, x in groups.items()))
    print(f"current settings.min_relevance = {base.min_relevance}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generators", nargs="+", default=["extractive", "local", "openai"])
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--questions", type=int, default=len(QUESTIONS), help="use only the first N questions")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each answer")
    ap.add_argument("--calibrate", action="store_true", help="print the min_relevance calibration instead")
    ap.add_argument("--rgb", action="store_true", help="with --calibrate: also build and use the rgb_zh corpus")
    args = ap.parse_args()

    base = load_settings(index_dir=Path(tempfile.mkdtemp(prefix="bench_answer_")))
    t = time.perf_counter()
    kb = build_sample_kb(base)
    print(f"sample KB built in {time.perf_counter() - t:.1f}s ({len(kb.chunks())} chunks); "
          f"threads={base.threads}, top_k={base.top_k}, model={base.llm_model_path.name}")
    if args.calibrate:
        calibrate(base, kb, args.rgb)
        return 0

    rows = []
    for name in args.generators:
        settings = base.replace(llm="local", judge="off") if name == "local-nojudge" else base.replace(llm=name)
        note = ""
        if name == "openai":
            url, note = start_openai_server(base)
            settings = settings.replace(openai_base_url=url)
        if name in ("local", "openai", "local-nojudge"):  # model loaded, system prompt read: outside the timings,
            # as in a server
            t = time.perf_counter()
            from rag.answer import warm_up_generator

            warm_up_generator(base.replace(llm="local"))
            print(f"{name}: model ready in {time.perf_counter() - t:.1f}s {note}")
        results = []
        for _ in range(args.runs):
            for q in QUESTIONS[:args.questions]:
                r = run_one(q, settings, kb)
                results.append(r)
                if args.verbose:
                    print(f"  [{name}] {q} -> {'(拒答) ' if r['refused'] else ''}{r['text'][:80]}")
        rates = [r["rate"] for r in results if r["rate"] == r["rate"]]  # drop NaN (single-piece replies)
        rows.append((name, len(results), statistics.median(r["first"] for r in results),
                     statistics.median(r["total"] for r in results), max(r["total"] for r in results),
                     statistics.median(rates) if rates else float("nan"),
                     statistics.median(r["retrieve"] for r in results), sum(r["refused"] for r in results)))

    print()
    print(f"{'generator':<11} {'n':>3} {'first_token_s':>13} {'total_s(med)':>12} {'total_s(max)':>12} "
          f"{'tok/s':>7} {'retrieve_s':>10} {'refused':>7}")
    for name, n, first, total, tmax, rate, retr, refused in rows:
        print(f"{name:<11} {n:>3} {first:>13.2f} {total:>12.2f} {tmax:>12.2f} {rate:>7.1f} {retr:>10.3f} "
              f"{refused:>7}")
    print("(medians over questions; tok/s = streamed pieces per second from first to last piece; first_token and total "
          "are measured from the question, including rewrite + retrieval)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
