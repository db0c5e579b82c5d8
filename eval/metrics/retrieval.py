"""Retrieval metrics: hit@k, recall@k, MRR@10, nDCG@10.

A question's gold is either its evidence substrings (preferred: they pin the supporting passage, which
matters when a corpus has only a few large documents) or its gold doc ids. Each retrieved passage is a
dict {"doc_id", "text"}; it maps to the gold *unit* it covers (a doc id, or "evidence") or None.
A unit counts once: a second chunk of the same gold document adds nothing to recall or nDCG.
"""
from __future__ import annotations

import math
from typing import Any, Sequence

from eval.normalize import normalize

KS = (1, 3, 5, 10)
EVIDENCE_UNIT = "evidence"


def gold_units(gold_ids: Sequence[str] | None, evidence: Sequence[str] | None) -> list[str]:
    """The distinct things a perfect ranking would surface."""
    if evidence:
        return [EVIDENCE_UNIT]
    return list(dict.fromkeys(gold_ids or []))


def judge(retrieved: Sequence[dict[str, Any]], gold_ids: Sequence[str] | None,
          evidence: Sequence[str] | None) -> list[str | None]:
    """Per retrieved passage, the gold unit it newly covers (None: irrelevant or already covered)."""
    ev = [normalize(e) for e in (evidence or []) if normalize(e)]
    gold = set(gold_ids or [])
    seen: set[str] = set()
    out: list[str | None] = []
    for p in retrieved:
        if ev:
            text = normalize(p.get("text", ""))
            unit = EVIDENCE_UNIT if any(e in text for e in ev) else None
        else:
            unit = p.get("doc_id") if p.get("doc_id") in gold else None
        if unit is not None and unit in seen:
            unit = None
        if unit is not None:
            seen.add(unit)
        out.append(unit)
    return out


def first_relevant_rank(units: Sequence[str | None]) -> int | None:
    """1-based rank of the first relevant passage, or None."""
    for i, u in enumerate(units, 1):
        if u is not None:
            return i
    return None


def hit_at_k(units: Sequence[str | None], k: int) -> float:
    return 1.0 if any(u is not None for u in units[:k]) else 0.0


def recall_at_k(units: Sequence[str | None], n_gold: int, k: int) -> float:
    if n_gold <= 0:
        return 0.0
    return sum(1 for u in units[:k] if u is not None) / n_gold


def reciprocal_rank(units: Sequence[str | None], k: int = 10) -> float:
    r = first_relevant_rank(units[:k])
    return 1.0 / r if r else 0.0


def ndcg_at_k(units: Sequence[str | None], n_gold: int, k: int = 10) -> float:
    """Binary gains; the ideal ranking puts min(n_gold, k) relevant passages first."""
    if n_gold <= 0:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 1) for i, u in enumerate(units[:k], 1) if u is not None)
    idcg = sum(1.0 / math.log2(i + 1) for i in range(1, min(n_gold, k) + 1))
    return dcg / idcg


def question_retrieval(row: dict[str, Any], ks: Sequence[int] = KS) -> dict[str, Any] | None:
    """Per-question figures, or None when the question has no gold (e.g. unanswerable)."""
    n_gold = len(gold_units(row.get("gold_ids"), row.get("evidence")))
    if n_gold == 0:
        return None
    units = judge(row.get("retrieved", []), row.get("gold_ids"), row.get("evidence"))
    out: dict[str, Any] = {"first_relevant_rank": first_relevant_rank(units)}
    for k in ks:
        out[f"hit@{k}"] = hit_at_k(units, k)
    for k in ks:
        out[f"recall@{k}"] = recall_at_k(units, n_gold, k)
    out["mrr@10"] = reciprocal_rank(units, 10)
    out["ndcg@10"] = ndcg_at_k(units, n_gold, 10)
    return out


def retrieval_metrics(rows: Sequence[dict[str, Any]], ks: Sequence[int] = KS) -> dict[str, Any]:
    """Means over questions that have gold. rows: {"retrieved": [{"doc_id","text"}], "gold_ids", "evidence"}."""
    per = [q for q in (question_retrieval(r, ks) for r in rows) if q is not None]
    return aggregate_retrieval(per, ks)


def aggregate_retrieval(per: Sequence[dict[str, Any]], ks: Sequence[int] = KS) -> dict[str, Any]:
    """Mean of per-question figures (from question_retrieval)."""
    keys = [f"hit@{k}" for k in ks] + [f"recall@{k}" for k in ks] + ["mrr@10", "ndcg@10"]
    out: dict[str, Any] = {k: (sum(q[k] for q in per) / len(per) if per else None) for k in keys}
    out["n"] = len(per)
    return out
