"""Would a yes/no judge with the local model pay as a verifier rule? (prints figures; not a test)

    .venv/bin/python bench/bench_judge.py RUN_DIR [RUN_DIR ...] [--ask supported|answerable|followup] [--limit N]
                                          [--thresholds 0.5,1,2] [--dump FILE]

`--ask supported` (the default): for every sentence the current verifier keeps in a finished eval run (its stored
model outputs, re-verified), the generator is asked whether the cited passages support the sentence as an answer to
the question. `--ask answerable`: once per answered question, whether the passages its kept sentences cite state the
item the question asks (not only its topic or another event's) — the answer itself is not shown; this is the
verifier's judge (rag.judge.local, rule `answerable_judge`), here run on answers the other rules kept. `--ask
followup`: the same question as a second user turn after the answer prompt (whose KV the model would still hold:
~0.5 s instead of ~1.5 s). The score is the logit margin 是 − 否 of the next token. A question counts as refused by
the judge when all its scores are below the threshold. Prints, per run, split and threshold, how many right answers
the judge would lose and how many wrong or unanswerable answers it would remove, and the time per judgement; with
several runs, the pooled AUROC.
docs/experiments.md has the figures: `supported` (sixth session) not built; `answerable` measured in the twenty-third,
built in the thirty-seventh on rounds written after it; `followup` (thirty-seventh) separates far less.
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
from eval.reverify import _shown_passages, reverify_report  # noqa: E402
from rag.config import load_settings  # noqa: E402
from rag.judge.local import LocalJudge  # noqa: E402
from rag.prompts import load_prompt  # noqa: E402

PROMPT = ("资料：\n{passages}\n\n问题：{question}\n回答：{sentence}\n\n"
          "只根据上面的资料判断：这个回答是否正确回答了问题，并且资料明确支持它？只回答“是”或“否”。")

FOLLOWUP = ("只根据上面的资料判断：资料是否明确写出了这个问题所问的那一项内容（而不只是相关话题或另一件事的情况）？"
            "只回答“是”或“否”。")


def followup_margin(judge, messages: list[dict]) -> tuple[float, float]:
    """The answer prompt as the generator reads it (its KV kept, as after answering), then the judge's question as a
    second user turn, in the judge's context: (margin, seconds for the follow-up alone)."""
    llm, context = judge.llm, judge.context
    head = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)  # ChatML, as Qwen's
    ask = f"<|im_start|>user\n{FOLLOWUP}<|im_end|>\n<|im_start|>assistant\n"
    prefix = llm.tokenize(head.encode("utf-8"), add_bos=False, special=True)
    context.next_logits(prefix)  # what the context would hold after answering, read outside the timing
    start = time.perf_counter()
    logits = context.next_logits(llm.tokenize(ask.encode("utf-8"), add_bos=False, special=True), keep=len(prefix))
    return judge.margin_of(logits), time.perf_counter() - start


_KBS: dict = {}  # one open knowledge base per name across the runs


def judge_run(run_dir: str, judge, limit: int, ask: str = "supported") -> tuple[list[dict], list[float]]:
    from rag.stores import open_kb
    from rag.verify.passages import cited_text

    from rag.verify.registry import skip_setting

    settings = load_settings()  # the answers every other rule keeps: the judge's own verdicts are what is measured
    settings = settings.replace(verify_skip=skip_setting("answerable_judge", current=settings.verify_skip))
    report = load_report(Path(run_dir))
    name = report["config"]["kb"]
    kb = _KBS[name] if name in _KBS else _KBS.setdefault(name, open_kb(name, settings))
    rows, seconds = [], []
    # the stored outputs as this verifier judges them: a run stored by an older verifier may have judged otherwise
    current = [r for r in reverify_report(report, settings, where=run_dir)["rows"] if r.get("raw_answer")]
    for row in current[:limit or None]:
        hits = _shown_passages(kb, row["shown"], run_dir)
        kept = [s for s in row["sentences"] if s["supported"]]
        margins = []
        cited = sorted({n for s in kept for n in s["citations"]})
        if ask == "followup" and cited:
            from rag.answer import build_messages
            margin, took = followup_margin(judge, build_messages(row["query"], hits, settings))
            margins.append(margin)
            seconds.append(took)
        if ask == "answerable" and cited:
            start = time.perf_counter()
            margins.append(judge.margin(row["question"], [hits[n - 1] for n in cited]))
            seconds.append(time.perf_counter() - start)
        for s in kept if ask == "supported" else []:
            start = time.perf_counter()
            asked = PROMPT.format(passages=cited_text(s["citations"], hits), question=row["question"],
                                  sentence=s["text"])
            margins.append(judge.reply_margin([{"role": "system", "content": load_prompt("judge_system")},
                                               {"role": "user", "content": asked}]))
            seconds.append(time.perf_counter() - start)
        if margins:
            rows.append({"run": Path(run_dir).name, "question": row["question"], "answer": row["answer_text"],
                         "id": row["id"], "split": "dev" if in_split(row["id"], "dev") else "test",
                         "good": bool(row["answerable"]) and row["verdict"] == "correct",
                         "unanswerable": not row["answerable"], "margins": margins})
    return rows, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--limit", type=int, default=0, help="answered questions per run (0 = all)")
    ap.add_argument("--thresholds", default="0.5,1,2")
    ap.add_argument("--dump", default="", help="write every judged question's margins to this JSONL file")
    ap.add_argument("--ask", choices=("supported", "answerable", "followup"), default="supported")
    args = ap.parse_args()
    judge = LocalJudge(load_settings())
    thresholds = [float(t) for t in args.thresholds.split(",")]
    print("| run | split | answered (bad) | " + " | ".join(f"t={t:g}: right lost / bad removed" for t in thresholds)
          + " |\n|---|---|---|" + "---|" * len(thresholds))
    all_seconds: list[float] = []
    pooled: list[dict] = []
    for run in args.runs:
        rows, seconds = judge_run(run, judge, args.limit, args.ask)
        all_seconds += seconds
        pooled += rows
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
    if args.dump:
        import json
        with open(args.dump, "w", encoding="utf-8") as f:
            for r in pooled:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    if all_seconds:
        print(f"\n{len(all_seconds)} judgements, {statistics.median(all_seconds):.2f} s each (p50)")
    if len(args.runs) > 1 and pooled:
        score = [max(r["margins"]) for r in pooled]
        good = [m for m, r in zip(score, pooled) if r["good"]]
        bad = [m for m, r in zip(score, pooled) if not r["good"]]
        unanswerable = [m for m, r in zip(score, pooled) if r["unanswerable"]]
        print(f"pooled: {len(good)} right, {len(bad)} not ({len(unanswerable)} unanswerable answered); AUROC right vs "
              f"not {auroc(good, bad):.3f}, right vs unanswerable {auroc(good, unanswerable):.3f}")
        for t in thresholds:
            print(f"  below {t:g}: right lost {sum(m < t for m in good)}, not-right removed {sum(m < t for m in bad)} "
                  f"(unanswerable {sum(m < t for m in unanswerable)})")


def auroc(positive: list[float], negative: list[float]) -> float:
    """The chance a right answer scores above a wrong one (ties count half); nan without both."""
    if not positive or not negative:
        return float("nan")
    return sum((p > n) + 0.5 * (p == n) for p in positive for n in negative) / (len(positive) * len(negative))


if __name__ == "__main__":
    main()
