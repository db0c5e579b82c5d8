"""Character error rate, for OCR quality (bench/bench_ocr.py and its tests)."""
from __future__ import annotations


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between two strings (insertions, deletions, substitutions)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate of `hypothesis` against `reference`, whitespace ignored."""
    ref, hyp = "".join(reference.split()), "".join(hypothesis.split())
    return edit_distance(ref, hyp) / max(1, len(ref))
