"""OCR speed and accuracy on generated Chinese pages (no downloads): `python bench/bench_ocr.py [--pages 4]`.

Prints pages per second for images and for an image-only PDF (render + OCR), and the character error rate
against the rendered text. Run on an idle machine."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.load import read_text  # noqa: E402
from rag.ocr import engine  # noqa: E402
from rag.textdiff import cer  # noqa: E402
from tests.scans import LEFT, NOTICE, RIGHT, render, render_columns, scanned_pdf  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=4, help="pages of the scanned PDF")
    args = ap.parse_args()
    t = time.perf_counter()
    engine()
    print(f"engine load (incl. model sha256 check): {time.perf_counter() - t:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        render(NOTICE).save(folder / "notice.png")
        render_columns(LEFT, RIGHT).save(folder / "columns.png")
        scanned_pdf(folder / "scan.pdf", [NOTICE] * args.pages)
        cases = [("notice.png", "".join(NOTICE), 1), ("columns.png", "".join(LEFT + RIGHT), 1),
                 ("scan.pdf", "".join(NOTICE) * args.pages, args.pages)]
        print(f"{'input':12s} {'pages':>5s} {'seconds':>8s} {'pages/s':>8s} {'CER':>6s}")
        for name, truth, pages in cases:
            t = time.perf_counter()
            text = read_text(folder / name, 50)
            dt = time.perf_counter() - t
            print(f"{name:12s} {pages:5d} {dt:8.2f} {pages / dt:8.2f} {cer(truth, text.replace(chr(12), '')):6.3f}")


if __name__ == "__main__":
    main()
