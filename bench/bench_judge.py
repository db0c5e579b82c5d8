"""Would a yes/no entailment judge with the local model pay as a verifier rule? (prints figures; not a test)

    .venv/bin/python bench/bench_judge.py RUN_DIR [RUN_DIR ...] [--limit N] [--thresholds 0.5,1,2]

For every sentence the current verifier keeps in a finished eval run (its stored model outputs, re-verified), the
generator is asked whether the cited passages support the sentence as an answer to the question; the score is the
logit margin 是 − 否 of its next token. A question counts as refused by the judge when all its kept sentences score
below the threshold. Prints, per run, split and threshold, how many right answers the judge would lose and how
many wrong or unanswerable answers it would remove, and the time per judgement. docs/experiments.md (2026-11-30,
sixth session) has the figures that decided against it.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eval.dataset import in_split  # noqa: E402
from eval.report import load_report  # noqa: E402
from eval.reverify import _shown_passages  # noqa: E402
from rag.config import load_settings  # noqa: E402

PROMPT = ("资料：\n{passages}\n\n问题：{question}\n回答：{sentence}\n\n"
          "只根据上面的资料判断：这个回答是否正确回答了问题，并且资料明确支持它？只回答“是”或“否”。")


class Judge:
    def __init__(self) -> None:
        import numpy as np

        from rag.generate.local import load_llama

        settings = load_settings()
        self.np = np
        self.llm = load_llama(Path(settings.llm_model_path), settings.llm_context, settings.threads)
        self.yes = self.llm.tokenize("是".encode(), add_bos=False)[0]
        self.no = self.llm.tokenize("否".encode(), add_bos=False)[0]

    def margin(self, passages: str, question: str, sentence: str) -> float:
        text = ("<|im_start|>system\n你是严谨的事实核查员。<|im_end|>\n<|im_start|>user\n"
                + PROMPT.format(passages=passages, question=question, sentence=sentence)
                + "<|im_end|>\n<|im_start|>assistant\n")
        tokens = self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)
        self.llm.reset()
        self.llm.eval(tokens)
        logits = self.np.ctypeslib.as_array(self.llm._ctx.get_logits(), shape=(self.llm.n_vocab(),))
        return float(logits[self.yes] - logits[self.no])


def judge_run(run_dir: str, judge: Judge, limit: int) -> tuple[list[dict], list[float]]:
    from rag.stores import open_kb
    from rag.verify import verify_answer
    from rag.verify.passages import cited_text

    settings = load_settings()
    report = load_report(Path(run_dir))
    kb = open_kb(report["config"]["kb"], settings)
    rows, seconds = [], []
    for row in [r for r in report["rows"] if r.get("raw_answer")][:limit or None]:
        hits = _shown_passages(kb, row["shown"], run_dir)
        verified = verify_answer(row["raw_answer"], hits, settings.refusal_text, row["query"], settings)
        margins = []
        for s in verified.sentences:
            if s.supported:
                start = time.perf_counter()
                margins.append(judge.margin(cited_text(s.citations, hits), row["question"], s.text))
                seconds.append(time.perf_counter() - start)
        if margins:
            rows.append({"id": row["id"], "split": "dev" if in_split(row["id"], "dev") else "test",
                         "good": bool(row["answerable"]) and row["verdict"] == "correct", "margins": margins})
    return rows, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--limit", type=int, default=0, help="answered questions per run (0 = all)")
    ap.add_argument("--thresholds", default="0.5,1,2")
    args = ap.parse_args()
    judge = Judge()
    thresholds = [float(t) for t in args.thresholds.split(",")]
    print("| run | split | answered (bad) | " + " | ".join(f"t={t:g}: right lost / bad removed" for t in thresholds)
          + " |\n|---|---|---|" + "---|" * len(thresholds))
    all_seconds: list[float] = []
    for run in args.runs:
        rows, seconds = judge_run(run, judge, args.limit)
        all_seconds += seconds
        by_split = defaultdict(list)
        for r in rows:
            by_split[r["split"]].append(r)
            by_split["all"].append(r)
        for split in ("dev", "test", "all"):
            part = by_split[split]
            cells = []
            for t in thresholds:
                refused = [r for r in part if all(m < t for m in r["margins"])]
                cells.append(f"{sum(r['good'] for r in refused)} / {sum(not r['good'] for r in refused)}")
            print(f"| {Path(run).name} | {split} | {len(part)} ({sum(not r['good'] for r in part)}) | "
                  + " | ".join(cells) + " |", flush=True)
    if all_seconds:
        print(f"\n{len(all_seconds)} judgements, {statistics.median(all_seconds):.2f} s each (p50)")


if __name__ == "__main__":
    main()
