"""Where each page of a paged source (PDF, OCRed scan, slides) starts in the cleaned text. Cleaning joins lines
across page breaks and drops page furniture, so each page is found again by its first words."""
from __future__ import annotations

from bisect import bisect_right

ANCHOR_CHARS = 8  # letters and digits of a page's first line that locate it in the cleaned text


def page_starts(raw: str, text: str) -> list[int]:
    """Start offsets in `text` of the pages of `raw` (pages separated by form feeds): [] for a text of one page.
    A page whose first words are not found (all furniture, or nothing) starts where the previous one did."""
    pages = raw.split("\f")
    if len(pages) < 2:
        return []
    positions = [i for i, ch in enumerate(text) if ch.isalnum()]
    letters = "".join(text[i] for i in positions)
    starts, at = [0], 0
    for page in pages[1:]:
        # The page's first words; failing that (a running header or page number cleaning dropped), its lines'.
        lines = ["".join(c for c in line if c.isalnum()) for line in page.split("\n")]
        anchors = ["".join(lines)[:ANCHOR_CHARS]] + [a[:ANCHOR_CHARS] for a in lines if len(a) >= ANCHOR_CHARS]
        found = next((f for f in (letters.find(a, at) for a in anchors if len(a) == ANCHOR_CHARS) if f >= 0), -1)
        if found >= 0:
            at = found
            starts.append(positions[found])
        else:
            starts.append(starts[-1])
    return starts


def page_of(starts: list[int], offset: int) -> int:
    """1-based page holding `offset`, or 0 when the source has no pages. Of pages starting at the same offset (an
    empty page, or one not found) the first holds it."""
    page = bisect_right(starts, offset)
    while page > 1 and starts[page - 1] == starts[page - 2]:
        page -= 1
    return page
