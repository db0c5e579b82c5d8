"""Re-check a finished run's answers with the current citation verifier, without the LLM
(`python -m eval reverify DIR --out DIR2`).

Generation is the slow part of a run (seconds per question on CPU) and the verifier is the part most often
tuned, so every answered row keeps the model's raw output, the query and the chunk ids of the passages
shown. Re-verification rebuilds those passages from the knowledge base and runs rag.answer.finish_answer,
exactly what the chat does after generation; retrieval figures and latencies are the original run's.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from rag.config import Settings
from rag.errors import RagError
from rag.retrieve import with_text_before
from rag.types import Hit
from eval.dataset import in_split
from eval.report import load_report, write_report


def _shown_passages(kb: Any, chunk_ids: list[str], where: str) -> list[Hit]:
    hits = []
    for rank, chunk_id in enumerate(chunk_ids, start=1):
        chunk = kb.get_chunk(chunk_id)
        if chunk is None:
            raise RagError(f"{where}: passage {chunk_id} is no longer in knowledge base '{kb.name}' "
                           "(re-indexed since the run?); re-run the set instead")
        hits.append(Hit(chunk=chunk, score=0.0, rank=rank))
    return with_text_before(hits, kb)


def reverify_report(report: dict[str, Any], settings: Settings, where: str = "report",
                    split: str | None = None, judge: bool = False) -> dict[str, Any]:
    """A copy of `report` (only the rows of `split`, "dev" or "test", when given) whose answer fields, verdicts
    and metrics come from re-verifying the stored raw outputs with the verifier rules `settings` enable.
    Rows refused before generation (nothing relevant retrieved) stay as they were. The answerability judge's
    stored verdicts are replayed; with `judge`, the configured judge (rag.judge) reads the passages it has no
    verdict for (a model pass, ~1.5 s each), otherwise such an answer passes the rule unjudged."""
    from rag.answer import finish_answer
    from rag.judge import get_judge
    from rag.judge.replay import ReplayJudge
    from rag.stores import open_kb
    from eval.runner import set_answer, summarize

    config = report.get("config") or {}
    if config.get("retrieval_only"):
        raise RagError(f"{where}: a retrieval-only run has no answers to re-verify")
    rows = [r for r in copy.deepcopy(report.get("rows") or []) if in_split(r["id"], split)]
    if rows and all("raw_answer" not in r for r in rows):
        raise RagError(f"{where}: the run predates stored model outputs (no raw_answer in its rows); re-run it")
    kb = open_kb(config["kb"], settings)
    live = get_judge(settings.replace(judge="local" if settings.judge == "auto" else settings.judge)) \
        if judge else None  # the run's generator is in the report, not the settings: `auto` means the local model
    for row in rows:
        if not row.get("raw_answer"):
            continue
        hits = _shown_passages(kb, row["shown"], f"{where}, question {row['id']}")
        answer = finish_answer(row["question"], row["query"], row["raw_answer"], hits, settings,
                               row.get("generator", ""), ReplayJudge(row.get("judged"), live))
        set_answer(row, answer)
    out = summarize(rows, dict(config), retrieval_only=False)
    out["config"].update({"reverified_from": config.get("started"), "split": split,
                          "verify_skip": settings.verify_skip, "n_questions": len(rows)})
    return out


def reverify_dir(run_dir: str | Path, out: str | Path, settings: Settings,
                 split: str | None = None, judge: bool = False) -> tuple[dict[str, Any], Path]:
    run_dir = Path(run_dir)
    report = reverify_report(load_report(run_dir), settings, where=str(run_dir), split=split, judge=judge)
    return report, write_report(report, out)
