"""The first question a freshly started server answers, with and without the generator's warm-up (prints figures;
not a test).

    .venv/bin/python bench/bench_first_question.py [--rounds 2] [--question "西彭园区团购了多少个口罩？"]

Each round starts two fresh processes one after the other, both set up as `app.py` sets up (the sample knowledge
base opened, the embedder loaded, one extractive question). `cold` then asks at once; `warm` first runs what
`app.py` now runs in the background at start (`rag.answer.warm_up_generator`: the local model loaded and the
system prompt read), timed on its own, and then asks. Printed: per mode, the warm-up time and the question's time
to first token and to the whole answer (medians over rounds). Run on an idle machine.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUESTION = "西彭园区团购了多少个口罩？"


def child(mode: str, question: str) -> dict:
    from rag.answer import ask_stream, warm_up_generator
    from rag.config import load_settings
    from rag.webui import kb_admin

    settings = load_settings()
    kb_admin.ensure_kb(settings.default_kb, settings)
    t0 = time.perf_counter()
    kb_admin.warm_up(settings, settings.default_kb, generator=False)  # app.py's set-up, the generator left out
    setup = time.perf_counter() - t0
    warm = 0.0
    if mode == "warm":
        t0 = time.perf_counter()
        warm_up_generator(settings)
        warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    first = None
    for item in ask_stream(question, kb=settings.default_kb, settings=settings):
        if first is None and isinstance(item, str):
            first = time.perf_counter() - t0
    return {"setup_s": round(setup, 2), "warm_up_s": round(warm, 2), "first_token_s": round(first or 0.0, 2),
            "total_s": round(time.perf_counter() - t0, 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--question", default=QUESTION)
    ap.add_argument("--child", choices=("cold", "warm"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.question)))
        return 0
    results: dict[str, list[dict]] = {"cold": [], "warm": []}
    for _ in range(args.rounds):
        for mode in results:  # alternate, so both see the same machine state
            out = subprocess.run([sys.executable, __file__, "--child", mode, "--question", args.question],
                                 capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
            results[mode].append(json.loads(out))
            print(f"{mode}: {out}", flush=True)
    print(f"\nfirst question of a fresh process: {args.question} ({args.rounds} rounds, medians)")
    print("| start-up | generator warm-up | first token | whole answer |\n|---|---|---|---|")
    for mode, rows in results.items():
        med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        label = "as before (no warm-up)" if mode == "cold" else "warm-up at start (default)"
        print(f"| {label} | {med['warm_up_s']:.2f} s | {med['first_token_s']:.2f} s | {med['total_s']:.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
