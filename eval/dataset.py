"""Eval sets and benchmark corpora (JSONL), validated line by line with errors naming file and line.

Question: {"id", "question", "answers": [...], "answer_parts": [[alts], ...]?, "gold_ids": [...]?,
           "evidence": [...]?, "answerable": bool, "answer_bearing_ids": [...]? (extra gold for citations)}
Corpus record: {"id", "title", "text"}.

An answer (in "answers" or an "answer_parts" list) is a string, or a span of a corpus record's text,
{"id", "start", "end"}, read from the corpus at load time: a set written on a benchmark's passages names its
answers by place and so carries none of the benchmark's text (eval/sets/rounds_*.jsonl).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from rag.errors import IngestError


class EvalSetError(IngestError):
    """A question set or corpus file that cannot be used; the message names the file and the problem."""


SPLITS = ("dev", "test")


def question_split(qid: str) -> str:
    """"dev" or "test", fixed by a hash of the question id: rules, prompts and thresholds are tuned on dev
    only and judged on test, so overfitting to the questions one looked at shows as a dev-test gap."""
    return SPLITS[hashlib.sha256(qid.encode("utf-8")).digest()[0] % 2]


def in_split(qid: str, split: str | None) -> bool:
    """Does question `qid` belong to `split` (None or "all" = every question)?"""
    if split in (None, "", "all"):
        return True
    if split not in SPLITS:
        raise ValueError(f"unknown split '{split}' (use dev, test or all)")
    return question_split(qid) == split


def _read_jsonl(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    p = Path(path)
    if not p.is_file():
        raise EvalSetError(p, "file not found")
    rows: list[tuple[int, dict[str, Any]]] = []
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as e:
        raise EvalSetError(p, f"not UTF-8 text ({e.reason})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise EvalSetError(p, f"line {n}: invalid JSON ({e.msg})") from None
        if not isinstance(obj, dict):
            raise EvalSetError(p, f"line {n}: expected a JSON object")
        rows.append((n, obj))
    if not rows:
        raise EvalSetError(p, "no records (empty file)")
    return rows


def _answer_list(p: Path, n: int, given: Any, key: str, texts: Callable[[], dict[str, str]] | None) -> list[str]:
    """The answers `given` under `key`, each a string or a span {"id", "start", "end"} of a corpus record's text, as
    strings."""
    given = given or []
    if not isinstance(given, list):
        raise EvalSetError(p, f"line {n}: '{key}' must be a list")
    out = []
    for a in given:
        if isinstance(a, dict):
            out.append(_span_text(p, n, key, a, texts))
        elif isinstance(a, str):
            out.append(a)
        else:
            raise EvalSetError(p, f"line {n}: '{key}' must hold strings or spans {{id, start, end}}")
    return out


def _span_text(p: Path, n: int, key: str, span: dict, corpus_texts: Callable[[], dict[str, str]] | None) -> str:
    if corpus_texts is None:
        raise EvalSetError(p, f"line {n}: '{key}' names a corpus span; give the corpus (--corpus) to read it")
    texts = corpus_texts()
    rid, start, end = span.get("id"), span.get("start"), span.get("end")
    if rid not in texts:
        raise EvalSetError(p, f"line {n}: '{key}' span names passage '{rid}', which is not in the corpus")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(texts[rid])):
        raise EvalSetError(p, f"line {n}: '{key}' span [{start}, {end}) is outside passage '{rid}' "
                              f"({len(texts[rid])} characters)")
    return texts[rid][start:end]


def _str_list(p: Path, n: int, obj: dict, key: str) -> list[str]:
    v = obj.get(key) or []
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise EvalSetError(p, f"line {n}: '{key}' must be a list of strings")
    return v


def load_questions(path: str | Path, split: str | None = None,
                   corpus: str | Path | None = None) -> list[dict[str, Any]]:
    """Validated questions (only those of `split`, "dev" or "test", when given); unknown extra fields are kept
    (they show up in the report rows). Answers given as spans are read from `corpus`."""
    p = Path(path)
    # read only when a span is met: a set of plain answers run on a corpus does not read it twice
    texts = cache(lambda: {r["id"]: r["text"] for r in load_corpus(corpus)}) if corpus else None
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, obj in _read_jsonl(p):
        q = obj.get("question")
        if not isinstance(q, str) or not q.strip():
            raise EvalSetError(p, f"line {n}: missing 'question'")
        qid = str(obj.get("id") or f"line{n}")
        if qid in seen:
            raise EvalSetError(p, f"line {n}: duplicate id '{qid}'")
        seen.add(qid)
        answerable = obj.get("answerable", True)
        if not isinstance(answerable, bool):
            raise EvalSetError(p, f"line {n}: 'answerable' must be true or false")
        answers = _answer_list(p, n, obj.get("answers"), "answers", texts)
        parts = obj.get("answer_parts") or []
        if not isinstance(parts, list) or not all(isinstance(x, list) and x for x in parts):
            raise EvalSetError(p, f"line {n}: 'answer_parts' must be a list of non-empty lists of answers")
        parts = [_answer_list(p, n, x, "answer_parts", texts) for x in parts]
        if answerable and not answers and not parts:
            raise EvalSetError(p, f"line {n}: answerable question '{qid}' has no 'answers'")
        withheld = _str_list(p, n, obj, "withheld_ids")
        if answerable and withheld:
            raise EvalSetError(p, f"line {n}: answerable question '{qid}' lists 'withheld_ids' (only an "
                                  "unanswerable question's answer passages are withheld)")
        out.append({**obj, "id": qid, "question": q.strip(), "answerable": answerable, "answers": answers,
                    "answer_parts": parts, "gold_ids": _str_list(p, n, obj, "gold_ids"),
                    "evidence": _str_list(p, n, obj, "evidence"),
                    "answer_bearing_ids": _str_list(p, n, obj, "answer_bearing_ids"), "withheld_ids": withheld})
    gone = withheld_ids(out)
    for q in out:
        cited = sorted(set(q["gold_ids"]) & gone) if q["answerable"] else []
        if cited:
            raise EvalSetError(p, f"question '{q['id']}' needs passage '{cited[0]}', which another question withholds")
    return [q for q in out if in_split(q["id"], split)]


def withheld_ids(questions: list[dict[str, Any]]) -> frozenset[str]:
    """The corpus passages a set withholds: those holding its unanswerable questions' answers, left out of the
    corpus for the whole run (as RGB builds its unanswerable questions: the on-topic passages stay, the ones with
    the answer go)."""
    return frozenset(i for q in questions for i in q.get("withheld_ids") or [])


def load_corpus(path: str | Path) -> list[dict[str, Any]]:
    """Validated corpus records {"id", "title", "text"} with unique ids."""
    p = Path(path)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, obj in _read_jsonl(p):
        rid, text = obj.get("id"), obj.get("text")
        if not isinstance(rid, str) or not rid:
            raise EvalSetError(p, f"line {n}: missing string 'id'")
        if rid in seen:
            raise EvalSetError(p, f"line {n}: duplicate id '{rid}'")
        if not isinstance(text, str) or not text.strip():
            raise EvalSetError(p, f"line {n}: record '{rid}' has no 'text'")
        seen.add(rid)
        out.append({"id": rid, "title": str(obj.get("title") or ""), "text": text})
    return out


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
