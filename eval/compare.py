"""Side-by-side metrics of two runs with deltas (`python -m eval compare DIR_A DIR_B`)."""
from __future__ import annotations

from typing import Any

from eval.report import SECTIONS, load_report


def flat_metrics(report: dict[str, Any]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for sec in SECTIONS:
        for k, v in (report.get(sec) or {}).items():
            if isinstance(v, (int, float)) or v is None:
                out[f"{sec}.{k}"] = v
            elif isinstance(v, dict):  # e.g. retrieval.answer_bearing
                out.update({f"{sec}.{k}.{kk}": vv for kk, vv in v.items() if isinstance(vv, (int, float))})
    for name, figures in (report.get("splits") or {}).items():
        out.update({f"{name}.{k}": v for k, v in figures.items() if isinstance(v, (int, float))})
    for rule, counts in (report.get("rules") or {}).items():
        out.update({f"rule.{rule}.{k}": v for k, v in counts.items()})
    for stage, d in (report.get("latency") or {}).items():
        for q in ("p50", "p95"):
            out[f"latency.{stage}.{q}"] = d.get(q)
    return out


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, float | None, float | None, float | None]]:
    fa, fb = flat_metrics(a), flat_metrics(b)
    keys = list(dict.fromkeys(list(fa) + list(fb)))
    rows = []
    for k in keys:
        va, vb = fa.get(k), fb.get(k)
        delta = vb - va if isinstance(va, (int, float)) and isinstance(vb, (int, float)) else None
        rows.append((k, va, vb, delta))
    return rows


def format_comparison(dir_a: str, dir_b: str) -> str:
    rows = compare(load_report(dir_a), load_report(dir_b))
    width = max(len(r[0]) for r in rows) if rows else 10

    def f(v: float | None, signed: bool = False) -> str:
        if v is None:
            return "—"
        return f"{v:+.3f}" if signed else f"{v:.3f}"
    lines = [f"A = {dir_a}", f"B = {dir_b}", "",
             f"{'metric':<{width}}  {'A':>9}  {'B':>9}  {'B-A':>9}"]
    lines += [f"{k:<{width}}  {f(va):>9}  {f(vb):>9}  {f(d, True):>9}" for k, va, vb, d in rows]
    return "\n".join(lines)
