"""Passages the verifier tests share: real sample-page cuts (`passage`) and crafted ones (`hit`)."""
from __future__ import annotations

from rag.config import PROJECT_ROOT
from rag.types import Chunk, Hit, SentenceSupport
from rag.verify import verify_answer

DOC = (PROJECT_ROOT / "data" / "sample" / "000_57414710c54d5ef4.txt").read_text(encoding="utf-8")
PAGE2 = (PROJECT_ROOT / "data" / "sample" / "004_f0bf289586f4ddda.txt").read_text(encoding="utf-8")
REFUSAL = "资料中没有找到相关信息。"


def passage(first_words: str, length: int, title: str = "", author: str = "", page: str = DOC) -> Hit:
    """A chunk of a real sample page (the first by default) starting at `first_words`, offsets into the page."""
    start = page.index(first_words)
    doc_id = "000_57414710c54d5ef4.txt" if page is DOC else "004_f0bf289586f4ddda.txt"
    chunk = Chunk(chunk_id=f"{doc_id}#{start}", doc_id=doc_id, source=f"data/sample/{doc_id}",
                  text=page[start:start + length], start=start, end=start + length, title=title, author=author)
    return Hit(chunk=chunk, score=1.0, rank=1, dense_score=0.85)


def first_verdict(answer: str, question: str, shown: list[Hit]) -> SentenceSupport:
    """The verifier's verdict on the answer's first sentence."""
    return verify_answer(answer, shown, REFUSAL, question=question).sentences[0]


def hit(text: str, title: str = "报道", doc: str = "d1") -> Hit:
    """A passage of text written for a test (no benchmark text in the repository)."""
    chunk = Chunk(chunk_id=f"{doc}#0", doc_id=doc, source=f"{doc}.txt", text=text, start=0, end=len(text), title=title)
    return Hit(chunk=chunk, score=1.0, rank=1, dense_score=0.9)


FOUNDING = hit("星河科技公司成立于2009年，总部位于杭州。公司创始人是李明远，他此前在一家软件企业任职。")
