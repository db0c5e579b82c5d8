"""Verifier regression cases from a run on the sample set (`python -m eval cases DIR --out FILE`).

A case is one question of the run whose verdicts were all right (a kept sentence holds an acceptable answer; a
removed one does not, or the question is unanswerable): the question, the model's raw output, the chunk ids of
the passages it was shown, and each sentence's expected verdict and rule. tests/test_verifier_cases.py replays
them against the sample knowledge base, so a verifier change that flips a right verdict fails a test. Only the
sample set is used: benchmark text stays in ../shared/eval/."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.metrics.answers import answer_matches
from eval.report import load_report


def sentence_right(row: dict[str, Any], s: dict[str, Any]) -> bool:
    holds = row["answerable"] and answer_matches(s["text"], row.get("answers"), row.get("answer_parts"))
    return bool(s["supported"]) == bool(holds)


def cases_from(report: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for row in report["rows"]:
        sentences = row.get("sentences") or []
        if not row.get("raw_answer") or not sentences or not all(sentence_right(row, s) for s in sentences):
            continue
        out.append({"id": row["id"], "question": row["query"], "raw": row["raw_answer"], "shown": row["shown"],
                    "expect": [{"sentence": s["text"], "supported": s["supported"], "rule": s.get("rule", "")}
                               for s in sentences]})
    return out


def write_cases(run_dir: Path, out: Path) -> int:
    cases = cases_from(load_report(run_dir))
    out.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    return len(cases)
