"""Citation metrics.

- precision: cited passages (in non-refused answers) that are gold — contain the evidence, or come from a
  gold document when a question has no evidence — or that contain an acceptable answer;
- coverage: correct answers with at least one correct citation;
- unsupported_sentence_rate: answer sentences marked supported=False / all answer sentences;
- unsupported_presented_as_supported: sentences marked supported whose cited passages lack one of the
  sentence's key facts (numbers, Latin terms, 《titles》). The pipeline should make this 0; we check it.
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from eval.normalize import normalize, strip_citations
from rag.facts import with_digits

_KEY_FACT = re.compile(r"\d+(?:\.\d+)?|[a-z][a-z0-9+\-]+|《([^》]+)》")


def key_facts(sentence: str) -> list[str]:
    """Facts a citation must literally carry: numbers, Latin terms, book/document titles (the words
    inside 《》: a passage may write the title with a subtitle or year inside the brackets)."""
    return [m.group(1) or m.group(0) for m in _KEY_FACT.finditer(normalize(strip_citations(sentence)))]


def cited_text(citation: dict[str, Any]) -> str:
    """What the reader of a citation sees: the article's title and author line, and the passage."""
    return normalize(" ".join(citation.get(k, "") for k in ("title", "author", "note", "text")))


def citation_correct(citation: dict[str, Any], row: dict[str, Any]) -> bool:
    text = cited_text(citation)
    evidence = [normalize(e) for e in row.get("evidence") or [] if normalize(e)]
    if evidence:
        if any(e in text for e in evidence):
            return True
    elif citation.get("doc_id") in set(row.get("citation_gold_ids") or row.get("gold_ids") or []):
        return True
    alts = list(row.get("answers") or []) + [a for part in row.get("answer_parts") or [] for a in part]
    return any(normalize(a) and normalize(a) in text for a in alts)


def sentence_presented_unsupported(sentence: dict[str, Any], citations: Sequence[dict[str, Any]]) -> bool:
    """A sentence marked supported whose cited passages miss one of its key facts."""
    if not sentence.get("supported"):
        return False
    facts = key_facts(sentence.get("text", ""))
    if not facts:
        return False
    by_number = {c.get("number"): c for c in citations}
    cited = "".join(cited_text(by_number[n]) for n in sentence.get("citations") or [] if n in by_number)
    cited += normalize(with_digits(cited))  # a passage's 第六任 carries the sentence's 第6任, its 二十年 20年
    return any(f not in cited for f in facts)


def question_citations(row: dict[str, Any]) -> dict[str, Any]:
    """Per-question counts. row: citations [{number, doc_id, title, text}], sentences [{text, citations, supported}]."""
    if row.get("refused"):
        return {"n_citations": 0, "n_correct": 0, "n_sentences": 0, "n_unsupported": 0, "n_presented": 0}
    cits = row.get("citations") or []
    sents = row.get("sentences") or []
    return {
        "n_citations": len(cits),
        "n_correct": sum(citation_correct(c, row) for c in cits),
        "n_sentences": len(sents),
        "n_unsupported": sum(1 for s in sents if not s.get("supported")),
        "n_presented": sum(sentence_presented_unsupported(s, cits) for s in sents),
    }


def citation_metrics(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """rows also carry "correct" (the answer verdict) for coverage."""
    per = [question_citations(r) for r in rows]
    n_cit = sum(p["n_citations"] for p in per)
    n_sent = sum(p["n_sentences"] for p in per)
    correct = [p for r, p in zip(rows, per) if r.get("correct")]
    return {
        "precision": sum(p["n_correct"] for p in per) / n_cit if n_cit else None,
        "coverage": sum(1 for p in correct if p["n_correct"] > 0) / len(correct) if correct else None,
        "unsupported_sentence_rate": sum(p["n_unsupported"] for p in per) / n_sent if n_sent else None,
        "unsupported_presented_as_supported": sum(p["n_presented"] for p in per),
        "n_citations": n_cit,
        "n_sentences": n_sent,
    }
