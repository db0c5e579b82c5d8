"""Offline OCR for scanned PDF pages and images: RapidOCR (PP-OCRv4 Chinese detection and recognition, ONNX
models shipped inside the pinned `rapidocr-onnxruntime` wheel; nothing is downloaded). Lines are put in reading
order: top to bottom, and where a page has two columns, the left column before the right one."""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from rag.errors import ModelMissingError
from rag.models.shipped import shipped_files_problem

# The wheel's ONNX models, pinned (rapidocr-onnxruntime==1.4.4): a changed or corrupt file is refused.
MODEL_SHA256 = {
    "ch_PP-OCRv4_det_infer.onnx": "d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9",
    "ch_PP-OCRv4_rec_infer.onnx": "48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b",
    "ch_ppocr_mobile_v2.0_cls_infer.onnx": "e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c",
}
COLUMN_MAX_SHARE = 0.48  # a line narrower than this share of the page, wholly on one side, belongs to a column
_lock = threading.Lock()  # the ONNX sessions are shared; one page at a time on 2 cores anyway


def model_problem() -> str:
    """"" when the OCR package is installed and its models match the pinned sha256, else what is wrong."""
    return shipped_files_problem("rapidocr_onnxruntime", "models", MODEL_SHA256, "OCR")


@lru_cache(maxsize=1)
def engine() -> Any:
    problem = model_problem()
    if problem:
        raise ModelMissingError(f"{problem}；请运行 bash scripts/setup.sh")
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def ocr_image(image: Any) -> str:
    """The text of one image (a path, bytes or a numpy/PIL image), one OCR line per line, in reading order."""
    with _lock:
        result, _ = engine()(image)
    if not result:
        return ""
    width = max(max(x for x, _ in box) for box, _, _ in result) or 1
    lines = [(box, text) for box, text, _ in result if text.strip()]
    return "\n".join(text for _, text in reading_order(lines, width))


def reading_order(lines: list[tuple[list[list[float]], str]], page_width: float) -> list[tuple[Any, str]]:
    """Lines (box corners, text) in reading order. A line spanning the middle (a headline) closes a band; inside
    a band the left column is read before the right one."""
    def left(box): return min(x for x, _ in box)
    def right(box): return max(x for x, _ in box)
    def top(box): return min(y for _, y in box)

    middle = page_width / 2
    out: list[tuple[Any, str]] = []
    band: list[tuple[Any, str]] = []

    def flush() -> None:
        columns = sorted(band, key=lambda bt: (0 if right(bt[0]) <= middle else 1, top(bt[0]), left(bt[0])))
        out.extend(columns)
        band.clear()

    for box, text in sorted(lines, key=lambda bt: (top(bt[0]), left(bt[0]))):
        narrow = right(box) - left(box) < COLUMN_MAX_SHARE * page_width
        if narrow and (right(box) <= middle or left(box) >= middle):
            band.append((box, text))
        else:
            flush()
            out.append((box, text))
    flush()
    return out
