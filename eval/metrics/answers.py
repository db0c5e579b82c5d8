"""Answer metrics: accuracy and false refusals on answerable questions, correct refusals on the rest.

An answer is correct when it was not a refusal and its text (normalised, [n] markers and framing punctuation
removed: `eval.normalize.answer_form`) contains an acceptable answer; for multi-part questions ("answer_parts": [[alts], ...]) every part must match.
"""
from __future__ import annotations

from typing import Any, Sequence

from eval.normalize import answer_form


def answer_matches(text: str, answers: Sequence[str] | None = None,
                   answer_parts: Sequence[Sequence[str]] | None = None) -> bool:
    body = answer_form(text)
    if not body:
        return False

    def found(alternatives: Sequence[str]) -> bool:
        return any(answer_form(a) and answer_form(a) in body for a in alternatives)

    if answer_parts:
        return all(found(part) for part in answer_parts)
    return found(answers or [])


def verdict(row: dict[str, Any]) -> str:
    """One word per question: correct | wrong | false_refusal | correct_refusal | answered_unanswerable."""
    refused = bool(row.get("refused"))
    if row.get("answerable", True):
        if refused:
            return "false_refusal"
        ok = answer_matches(row.get("answer_text", ""), row.get("answers"), row.get("answer_parts"))
        return "correct" if ok else "wrong"
    return "correct_refusal" if refused else "answered_unanswerable"


def answer_metrics(rows: Sequence[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """rows: {"answerable", "answers", "answer_parts", "answer_text", "refused", "answer_shown"?} ->
    (answer, refusal) sections. answer_shown_rate: share of answerable questions whose answer was in the
    passages the model was shown -- the ceiling on accuracy that retrieval and passage focusing leave."""
    verdicts = [verdict(r) for r in rows]
    n_ans = sum(1 for r in rows if r.get("answerable", True))
    n_un = len(rows) - n_ans
    shown = [bool(r["answer_shown"]) for r in rows if r.get("answerable", True) and "answer_shown" in r]
    answer = {
        "accuracy": verdicts.count("correct") / n_ans if n_ans else None,
        "false_refusal_rate": verdicts.count("false_refusal") / n_ans if n_ans else None,
        "answer_shown_rate": sum(shown) / len(shown) if shown else None,
        "n": n_ans,
    }
    refusal = {
        "correct_refusal_rate": verdicts.count("correct_refusal") / n_un if n_un else None,
        "n": n_un,
    }
    return answer, refusal
