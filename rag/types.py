"""Data that flows through the pipeline, one way:
Document -> Chunk -> Hit -> (Citation, SentenceSupport) -> Answer.

Plain dataclasses with `to_dict()` so the CLI (--json), the UI and the eval runner share one shape.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One article inside a document (a newspaper page holds several)."""

    title: str
    author: str  # from a byline like `□高永强`; "" when unknown
    start: int  # character offsets into Document.text
    end: int
    note: str = ""  # author note such as `(作者系…)`


@dataclass
class Document:
    doc_id: str  # stable id: a file's path relative to the ingest root, or a corpus record id
    source: str  # where it came from (file path or corpus name), shown to users
    text: str  # cleaned full text; every offset in the system points into this string
    title: str = ""
    content_hash: str = ""  # sha256 of the raw bytes; unchanged files are skipped on re-ingest
    articles: list[Article] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # start offset of each page in `text` (PDF, slides); [] = none

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Chunk:
    chunk_id: str  # f"{doc_id}#{ordinal}"
    doc_id: str
    source: str
    text: str  # exactly Document.text[start:end]
    start: int
    end: int
    title: str = ""  # article title the chunk belongs to
    author: str = ""
    note: str = ""  # the article's author note, e.g. "作者系重庆市政府参事"
    page: int = 0  # 1-based page (or slide) where the chunk starts; 0 = the source has no pages
    page_breaks: list[int] = field(default_factory=list)  # document offsets inside the chunk where a page starts

    def page_at(self, offset: int) -> int:
        """The page of a document offset inside this chunk (0 when the source has no pages)."""
        return self.page + sum(1 for b in self.page_breaks if b <= offset) if self.page else 0

    @property
    def header(self) -> str:
        """Title/author line prepended for embedding and BM25 and shown to the model with every passage,
        so that "……的作者是谁" and "作者是什么身份" find, and are answered from, any part of the article."""
        return self.heading(with_note=True)

    def heading(self, with_note: bool = True) -> str:
        parts = []
        if self.title:
            parts.append(f"《{self.title}》")
        if self.author:
            parts.append(f"作者：{self.author}")
        if self.note and with_note:
            parts.append(f"（{self.note}）")
        return " ".join(parts)

    @property
    def index_text(self) -> str:
        return f"{self.header}\n{self.text}" if self.header else self.text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Chunk":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


@dataclass
class Hit:
    chunk: Chunk
    score: float  # fused (or reranked) score; higher is better
    rank: int  # 1-based
    dense_score: float | None = None  # cosine similarity from the embedding index
    sparse_score: float | None = None  # BM25 score
    rerank_score: float | None = None
    # The article's text just before this chunk (the part of its previous chunk that this one does not repeat),
    # after the article's opening chunk when that is further back: a title or subject named there still holds for
    # this passage. Filled for the passages an answer is verified
    # against (rag.retrieve.with_text_before); read by the verifier, never shown to the model.
    before: str = ""
    # And the article's text right after it (what its next chunk adds): a place or year the article names in the
    # next sentence holds for this passage as well.
    after: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["chunk"] = self.chunk.to_dict()
        del d["before"], d["after"]  # the verifier's context, not part of what was retrieved
        return d


@dataclass
class Citation:
    number: int  # the n in [n], 1-based, as shown to the model
    chunk_id: str
    doc_id: str
    source: str
    title: str
    author: str
    text: str  # the passage (chunk text)
    span_start: int  # supporting span, offsets into `text`
    span_end: int
    doc_start: int  # the same span, offsets into Document.text
    doc_end: int
    chunk_start: int = 0  # chunk offsets in Document.text
    chunk_end: int = 0
    note: str = ""  # the article's author note (shown with title and author above the passage)
    page: int = 0  # 1-based page or slide of the passage; 0 = the source has no pages

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SentenceSupport:
    text: str
    citations: list[int]  # citation numbers attached to this sentence after verification
    supported: bool
    reason: str = ""  # why not supported, e.g. "数字 1963 不在引用段落中"
    rule: str = ""  # id of the verifier rule that rejected it (rag/verify/registry.py)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    question: str
    query: str  # the standalone query actually used for retrieval (rewritten for follow-ups)
    text: str  # final answer text with [n] markers
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    sentences: list[SentenceSupport] = field(default_factory=list)
    passages: list[Hit] = field(default_factory=list)  # what was retrieved and shown to the model
    generator: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # seconds: retrieve, first_token, total
    raw_text: str = ""  # the generator's output before verification ("" when it was not asked)
    judged: dict | None = None  # the answerability judge's margin, chunk ids read, seconds, confidence (if asked)

    @property
    def confidence(self) -> str | None:
        """The judge's band (high, medium, low) of an answer it read and kept; None for a refusal or when unjudged."""
        return None if self.refused else (self.judged or {}).get("confidence")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["passages"] = [h.to_dict() for h in self.passages]
        return d
