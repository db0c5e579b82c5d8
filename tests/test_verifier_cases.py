"""Verifier regression cases (tests/fixtures/verifier_cases.jsonl, written by `python -m eval cases` from a
sample-set run): the model's real outputs over the real sample passages, each sentence with the verdict and rule
that were right. A change to a rule that flips one of them fails here, naming the question and the sentence."""
from __future__ import annotations

import json

import pytest

from rag.config import PROJECT_ROOT
from rag.retrieve import with_text_before
from rag.types import Hit
from rag.verify import verify_answer

CASES = [json.loads(line) for line in
         (PROJECT_ROOT / "tests" / "fixtures" / "verifier_cases.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


def test_there_are_cases_of_both_kinds():
    verdicts = [e["supported"] for c in CASES for e in c["expect"]]
    assert len(CASES) >= 40 and any(verdicts) and not all(verdicts)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_verdicts_hold(case, sample_kb, settings):
    hits = [Hit(chunk=sample_kb.get_chunk(cid), score=0.0, rank=i) for i, cid in enumerate(case["shown"], 1)]
    assert all(h.chunk is not None for h in hits), "the sample KB was chunked differently; regenerate the cases"
    hits = with_text_before(hits, sample_kb)  # as the retriever gives them
    got = verify_answer(case["raw"], hits, settings.refusal_text, case["question"], settings).sentences
    assert [(s.text, s.supported, s.rule) for s in got] == \
        [(e["sentence"], e["supported"], e["rule"]) for e in case["expect"]]
