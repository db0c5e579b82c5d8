"""`python -m eval run ...`, `python -m eval reverify DIR --out DIR2` and `python -m eval compare DIR_A DIR_B`.
Errors print one line, exit 2."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rag.errors import RagError


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m eval", description="Evaluate retrieval, answers and citations.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", help="run an eval set, write report.json/report.md/plots")
    src = run.add_mutually_exclusive_group(required=True)
    src.add_argument("--kb", help="existing knowledge base name")
    src.add_argument("--corpus", type=Path, help="benchmark corpus JSONL {id,title,text}, indexed into a cached KB")
    run.add_argument("--questions", type=Path, required=True, help="eval set JSONL")
    run.add_argument("--llm", choices=["local", "openai", "extractive"], default=None,
                     help="generator (default: settings.llm)")
    run.add_argument("-k", type=int, default=None, help="passages given to the generator (default: settings.top_k)")
    run.add_argument("--retrieval-only", action="store_true", help="skip answering; retrieval metrics only")
    run.add_argument("--limit", type=int, default=None, help="first N questions only")
    run.add_argument("--out", type=Path, default=None, help="report folder (default <index_dir>/eval-reports/<timestamp>)")
    run.add_argument("--split", choices=["dev", "test", "all"], default=None,
                     help="only the dev or test half of the set (fixed by a hash of the question id)")
    rev = sub.add_parser("reverify", help="re-check a run's stored model outputs with the current citation "
                         "verifier (no LLM unless --judge), write a new report")
    rev.add_argument("run_dir", type=Path, help="folder of a finished run (its report.json)")
    rev.add_argument("--out", type=Path, required=True, help="folder for the re-verified report")
    rev.add_argument("--split", choices=["dev", "test", "all"], default=None, help="only the rows of this half")
    rev.add_argument("--judge", action="store_true",
                     help="let the answerability judge (the local model, ~1.5 s an answer) read the cited passages it "
                     "has no stored verdict for; without it such answers pass rule answerable_judge unjudged")
    rules = rev.add_mutually_exclusive_group()
    rules.add_argument("--without", default="", metavar="RULE[,RULE]",
                       help="verifier rules to switch off (ids as in `python -m eval rules`)")
    rules.add_argument("--only", default="", metavar="RULE[,RULE]", help="the only verifier rules to apply")
    sub.add_parser("rules", help="list the citation verifier's rules in order, with their principles")
    abl = sub.add_parser("ablate", help="re-verify runs with each verifier rule switched off in turn; print the "
                         "change per dev/test half")
    abl.add_argument("run_dirs", type=Path, nargs="+")
    cas = sub.add_parser("cases", help="write verifier regression cases (right verdicts of a sample-set run)")
    cas.add_argument("run_dir", type=Path)
    cas.add_argument("--out", type=Path, default=Path("tests/fixtures/verifier_cases.jsonl"))
    inj = sub.add_parser("injection", help="ask the prompt-injection set (eval/sets/injection/cases.jsonl); count hijacked answers")
    inj.add_argument("--llm", default=None, help="local | openai | extractive (default settings.llm)")
    inj.add_argument("--limit", type=int, default=0)
    inj.add_argument("--out", type=Path, default=None)
    cmp_ = sub.add_parser("compare", help="print two runs' metrics side by side with deltas")
    cmp_.add_argument("dir_a")
    cmp_.add_argument("dir_b")
    return ap


def print_summary(report: dict) -> None:
    from eval.report import SECTIONS

    for sec in SECTIONS:
        vals = {k: v for k, v in report[sec].items() if isinstance(v, (int, float))}
        print(f"{sec:10s} " + "  ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                                         for k, v in vals.items()))
    for name, figures in (report.get("splits") or {}).items():
        print(f"{name:10s} " + "  ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                                         for k, v in figures.items()))
    for rule, counts in (report.get("rules") or {}).items():
        print(f"rule {rule:24s} " + "  ".join(f"{k}={v}" for k, v in counts.items()))
    ab = report["retrieval"].get("answer_bearing")
    if ab:
        print("  answer-bearing gold: " + "  ".join(f"{k}={v:.3f}" for k, v in ab.items() if k != "n"))
    lat = report["latency"]
    print("latency    " + "  ".join(f"{s}: p50={d['p50']:.3f}s p95={d['p95']:.3f}s"
                                    for s, d in lat.items() if d["p50"] is not None))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.cmd == "compare":
            from eval.compare import format_comparison
            print(format_comparison(args.dir_a, args.dir_b))
            return 0
        if args.cmd == "rules":
            from rag.verify.registry import describe_rules
            print(describe_rules())
            return 0
        from rag.config import load_settings

        settings = load_settings()
        if args.cmd == "cases":
            from eval.cases import write_cases
            print(f"{write_cases(args.run_dir, args.out)} cases -> {args.out}")
            return 0
        if args.cmd == "injection":
            from eval.injection import run_injection, summary
            print(summary(run_injection(settings, args.llm or settings.llm, args.limit, args.out)))
            return 0
        if args.cmd == "ablate":
            from eval.ablate import ablate_dirs
            print(ablate_dirs(args.run_dirs, settings))
            return 0
        if args.cmd == "reverify":
            from eval.reverify import reverify_dir
            from rag.verify.registry import skip_setting
            settings = settings.replace(verify_skip=skip_setting(args.without, args.only, settings.verify_skip))
            report, out = reverify_dir(args.run_dir, args.out, settings, split=args.split, judge=args.judge)
        else:
            from eval.runner import RunOptions, run_eval
            opts = RunOptions(questions=args.questions, kb=args.kb, corpus=args.corpus,
                              llm=args.llm or settings.llm, k=args.k, retrieval_only=args.retrieval_only,
                              limit=args.limit, out=args.out, split=args.split)
            report, out = run_eval(opts, settings)
        print_summary(report)
        print(f"report: {out / 'report.md'}")
        return 0
    except (RagError, ValueError) as e:  # bad input: one line, no traceback
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
