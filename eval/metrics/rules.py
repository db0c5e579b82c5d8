"""Verifier rule metrics: per rule id, how many answer sentences it removed, and of those how many were right
answers (the sentence alone holds an acceptable answer to an answerable question: a false rejection) and how
many answered unanswerable questions (what the rule is for). Plain row dicts in, a dict out."""
from __future__ import annotations

from typing import Any, Sequence

from eval.metrics.answers import answer_matches

REPAIR = "repair"  # sentences no rule judged because citation repair found nothing to cite


def rule_metrics(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """rows: {"answerable", "answers", "answer_parts", "sentences": [{"text", "supported", "rule"}]} ->
    {rule id: {"removed", "false_rejections", "on_unanswerable", "on_other"}}, most removals first."""
    out: dict[str, dict[str, int]] = {}
    for row in rows:
        for s in row.get("sentences") or []:
            rule = s.get("rule")
            if s.get("supported") or not rule:
                continue
            c = out.setdefault(rule, {"removed": 0, "false_rejections": 0, "on_unanswerable": 0, "on_other": 0})
            c["removed"] += 1
            if not row.get("answerable", True):
                c["on_unanswerable"] += 1
            elif answer_matches(s.get("text", ""), row.get("answers"), row.get("answer_parts")):
                c["false_rejections"] += 1
            else:
                c["on_other"] += 1
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["removed"]))
