"""Latency percentiles (seconds) per stage: retrieval, first token, whole answer."""
from __future__ import annotations

import math
from typing import Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default), q in [0, 100]."""
    xs = sorted(float(v) for v in values if v is not None)
    if not xs:
        return None
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def latency_metrics(timings: Sequence[dict[str, float | None]],
                    stages: Sequence[str] = ("retrieval", "first_token", "total")) -> dict[str, dict]:
    """timings: one dict per question, e.g. {"retrieval": 0.02, "first_token": 1.1, "total": 3.4}."""
    out: dict[str, dict] = {}
    for stage in stages:
        vals = [t[stage] for t in timings if t.get(stage) is not None]
        out[stage] = {"p50": percentile(vals, 50), "p95": percentile(vals, 95),
                      "mean": (sum(vals) / len(vals)) if vals else None, "n": len(vals)}
    return out
