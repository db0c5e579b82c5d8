"""Answer metrics: accuracy and false refusals on answerable questions, correct refusals on the rest.

An answer is correct when it was not a refusal and its text (normalised, [n] markers and framing punctuation
removed: `eval.normalize.answer_form`) contains an acceptable answer; for multi-part questions ("answer_parts": [[alts], ...]) every part must match.
gold_char_recall gives partial credit, as CMRC 2018's own scorer does by characters: the share of the best acceptable
answer's characters that the answer holds in order (longest common subsequence), 0 for a refusal — "头部是平滑的弧型"
holds 5 of "呈平滑的弧型"'s 6, which containment counts as wrong.
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


def _lcs(a: str, b: str) -> int:
    """Length of the longest common subsequence (characters in order, gaps allowed)."""
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0]
        for j, other in enumerate(b):
            cur.append(prev[j] + 1 if ch == other else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def gold_char_recall(text: str, answers: Sequence[str] | None = None,
                     answer_parts: Sequence[Sequence[str]] | None = None) -> float:
    """The share of an acceptable answer's characters the text holds in order (best alternative; parts averaged)."""
    body = answer_form(text)
    if not body:
        return 0.0

    def best(alternatives: Sequence[str]) -> float:
        forms = [f for a in alternatives if (f := answer_form(a))]
        return max((_lcs(f, body) / len(f) for f in forms), default=0.0)

    if answer_parts:
        return sum(best(part) for part in answer_parts) / len(answer_parts)
    return best(answers or [])


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
    recall = [0.0 if r.get("refused") else gold_char_recall(r.get("answer_text", ""), r.get("answers"),
                                                             r.get("answer_parts"))
              for r in rows if r.get("answerable", True)]
    answer = {
        "accuracy": verdicts.count("correct") / n_ans if n_ans else None,
        "gold_char_recall": sum(recall) / n_ans if n_ans else None,
        "false_refusal_rate": verdicts.count("false_refusal") / n_ans if n_ans else None,
        "answer_shown_rate": sum(shown) / len(shown) if shown else None,
        "n": n_ans,
    }
    refusal = {
        "correct_refusal_rate": verdicts.count("correct_refusal") / n_un if n_un else None,
        "n": n_un,
    }
    return answer, refusal
