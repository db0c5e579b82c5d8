"""Answers by the judge's confidence band: how many answers each band holds and how many of them are right, so that
every run shows whether the band the page prints (rag.judge.confidence) means what it says. Plain row dicts in."""
from __future__ import annotations

from typing import Any, Sequence

from eval.metrics.answers import verdict

BANDS = ("high", "medium", "low")


def confidence_metrics(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """rows: {"answerable", "answers", "answer_parts", "answer_text", "refused", "judged": {"confidence"}?} ->
    {band: {"answered", "right", "unanswerable", "right_share"}} over the answers shown (not refused) that the
    judge read; bands no answer fell in are left out."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        band = (row.get("judged") or {}).get("confidence")
        if row.get("refused") or band not in BANDS:
            continue
        c = out.setdefault(band, {"answered": 0, "right": 0, "unanswerable": 0})
        c["answered"] += 1
        c["right"] += verdict(row) == "correct"
        c["unanswerable"] += not row.get("answerable", True)
    for c in out.values():
        c["right_share"] = c["right"] / c["answered"]
    return {band: out[band] for band in BANDS if band in out}
