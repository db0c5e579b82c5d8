"""Write a run's report: report.json (metrics + rows), report.md (tables, worst failures), PNG plots."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # headless: CI and servers have no display
import matplotlib.pyplot as plt  # noqa: E402

SECTIONS = ("retrieval", "answer", "refusal", "citations")
PLOTS = ("hit_at_k.png", "latency.png", "outcomes.png")
WORST = 10  # failures listed per kind in report.md


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _table(d: dict[str, Any]) -> list[str]:
    lines = ["| metric | value |", "| --- | --- |"]
    lines += [f"| {k} | {_fmt(v)} |" for k, v in d.items() if not isinstance(v, (dict, list))]
    return lines


def _cell(text: Any, n: int = 80) -> str:
    s = str(text or "").replace("\n", " ").replace("|", "\\|")
    return s if len(s) <= n else s[:n] + "…"


def hit_curve(rows: list[dict[str, Any]], max_k: int = 10) -> list[float]:
    """hit@k for k = 1..max_k from each question's first relevant rank."""
    ranks = [r["retrieval"]["first_relevant_rank"] for r in rows if r.get("retrieval")]
    if not ranks:
        return []
    return [sum(1 for x in ranks if x is not None and x <= k) / len(ranks) for k in range(1, max_k + 1)]


def outcome_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Answer verdicts when answering; otherwise where the first relevant passage landed."""
    counts: dict[str, int] = {}
    for r in rows:
        if "verdict" in r:
            key = r["verdict"]
        elif not r.get("retrieval"):
            key = "no gold"
        else:
            rank = r["retrieval"]["first_relevant_rank"]
            key = "rank 1" if rank == 1 else "rank 2-5" if rank and rank <= 5 else "rank 6-10" if rank else "miss"
        counts[key] = counts.get(key, 0) + 1
    order = ["correct", "wrong", "false_refusal", "correct_refusal", "answered_unanswerable",
             "rank 1", "rank 2-5", "rank 6-10", "miss", "no gold"]
    return {k: counts[k] for k in order if k in counts}


def write_plots(report: dict[str, Any], out: Path) -> list[str]:
    rows = report["rows"]
    written = []
    curve = hit_curve(rows)
    fig, ax = plt.subplots(figsize=(5, 3.2))
    if curve:
        ax.plot(range(1, len(curve) + 1), curve, marker="o")
    ax.set(xlabel="k", ylabel="hit@k", ylim=(0, 1.05), title="Retrieval hit@k")
    ax.grid(alpha=0.3)
    fig.tight_layout(); fig.savefig(out / PLOTS[0], dpi=100); plt.close(fig)
    written.append(PLOTS[0])

    fig, ax = plt.subplots(figsize=(5, 3.2))
    for stage in ("retrieval", "first_token", "total"):
        vals = [r["timings"][stage] for r in rows if r["timings"].get(stage) is not None]
        if vals:
            ax.hist(vals, bins=20, alpha=0.6, label=stage)
    ax.set(xlabel="seconds", ylabel="questions", title="Latency")
    if ax.get_legend_handles_labels()[0]:
        ax.legend()
    fig.tight_layout(); fig.savefig(out / PLOTS[1], dpi=100); plt.close(fig)
    written.append(PLOTS[1])

    counts = outcome_counts(rows)
    fig, ax = plt.subplots(figsize=(5, 3.2))
    ax.bar(list(counts), list(counts.values()), color="#4c72b0")
    ax.set(ylabel="questions", title="Per-question outcomes")
    ax.tick_params(axis="x", labelrotation=20)
    fig.tight_layout(); fig.savefig(out / PLOTS[2], dpi=100); plt.close(fig)
    written.append(PLOTS[2])
    return written


def failures(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Worst cases per kind: retrieval misses (worst rank first), wrong answers, refusals gone wrong."""
    def rank(r: dict[str, Any]) -> int:
        x = r["retrieval"]["first_relevant_rank"]
        return 99 if x is None else x
    misses = sorted((r for r in rows if r.get("retrieval") and rank(r) > 1), key=rank, reverse=True)
    return {
        "retrieval (gold not at rank 1)": misses[:WORST],
        "wrong answers": [r for r in rows if r.get("verdict") == "wrong"][:WORST],
        "false refusals": [r for r in rows if r.get("verdict") == "false_refusal"][:WORST],
        "answered unanswerable": [r for r in rows if r.get("verdict") == "answered_unanswerable"][:WORST],
        "unsupported presented as supported": [
            r for r in rows if (r.get("citation_counts") or {}).get("n_presented")][:WORST],
    }


def render_markdown(report: dict[str, Any], plots: list[str]) -> str:
    cfg = report["config"]
    lines = [f"# Eval report: {Path(cfg.get('questions', '')).name}", "",
             f"{cfg.get('n_questions')} questions · KB `{cfg.get('kb')}` · generator "
             f"`{cfg.get('llm') or 'none (retrieval only)'}` · k={cfg.get('k')} · {cfg.get('seconds')} s", ""]
    for name in SECTIONS:
        lines += [f"## {name}", ""] + _table(report[name]) + [""]
        if name == "retrieval" and isinstance(report[name].get("answer_bearing"), dict):
            lines += ["Gold widened to every answer-bearing passage:", ""]
            lines += _table(report[name]["answer_bearing"]) + [""]
    splits = report.get("splits") or {}
    if splits:
        names = list(splits)
        keys = list(dict.fromkeys(k for v in splits.values() for k in v))
        lines += ["## dev / test halves", "", "| figure | " + " | ".join(names) + " |",
                  "| --- |" + " --- |" * len(names)]
        lines += [f"| {k} | " + " | ".join(_fmt(splits[n].get(k)) for n in names) + " |" for k in keys]
        lines.append("")
    if report.get("rules"):
        lines += ["## verifier rules (answer sentences removed)", "",
                  "| rule | removed | false rejections | on unanswerable | other |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {r} | {c['removed']} | {c['false_rejections']} | {c['on_unanswerable']} | {c['on_other']} |"
                  for r, c in report["rules"].items()]
        lines.append("")
    if report.get("confidence"):  # the judge's band of each answer it read and kept, and how many were right
        lines += ["## answers by the judge's confidence", "",
                  "| band | answered | right | unanswerable | right share |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {b} | {c['answered']} | {c['right']} | {c['unanswerable']} | {_fmt(c['right_share'])} |"
                  for b, c in report["confidence"].items()]
        lines.append("")
    lines += ["## latency (seconds)", "", "| stage | p50 | p95 | mean | n |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {s} | {_fmt(v['p50'])} | {_fmt(v['p95'])} | {_fmt(v['mean'])} | {v['n']} |"
              for s, v in report["latency"].items()]
    lines += ["", "## plots", ""] + [f"![{p}]({p})" for p in plots] + ["", "## worst failures", ""]
    for kind, rs in failures(report["rows"]).items():
        if not rs:
            continue
        lines += [f"### {kind} ({len(rs)} shown)", "", "| id | question | expected | got | gold rank | top passage |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for r in rs:
            expected = "; ".join(r.get("answers") or ["/".join(p) for p in r.get("answer_parts") or []]) or "(refuse)"
            got = r.get("answer_text", "")
            top = r["retrieved"][0] if r.get("retrieved") else {}
            rank = (r.get("retrieval") or {}).get("first_relevant_rank")
            lines.append(f"| {r['id']} | {_cell(r['question'], 40)} | {_cell(expected, 30)} | {_cell(got, 60)} | "
                         f"{_fmt(rank)} | {_cell(top.get('doc_id'), 24)}: {_cell(top.get('text'), 40)} |")
        lines.append("")
    lines += ["## config", "", "```json", json.dumps(cfg, ensure_ascii=False, indent=2), "```", ""]
    return "\n".join(lines)


def write_report(report: dict[str, Any], out: str | Path) -> Path:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    plots = write_plots(report, out)
    (out / "report.md").write_text(render_markdown(report, plots), encoding="utf-8")
    return out


def load_report(path: str | Path) -> dict[str, Any]:
    """A report.json, given the file or its folder."""
    from rag.errors import RagError

    p = Path(path)
    if p.is_dir():
        p = p / "report.json"
    if not p.is_file():
        raise RagError(f"{p}: no report.json found")
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise RagError(f"{p}: not a valid report.json ({e})") from None
