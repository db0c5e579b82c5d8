"""The judge's stored verdicts replayed: re-verifying a finished eval run needs no model pass for the passages the
judge already read."""
from __future__ import annotations

from rag.judge.base import AnswerabilityJudge
from rag.types import Hit


class ReplayJudge(AnswerabilityJudge):
    name = "replay"

    def __init__(self, judged: dict | None, fallback: AnswerabilityJudge | None = None) -> None:
        self.judged = judged or {}
        self.fallback = fallback

    def margin(self, question: str, passages: list[Hit]) -> float | None:
        """The stored margin when it was given for exactly these passages; otherwise the fallback judge's (None
        without one: a verifier that now cites other passages has no verdict to replay)."""
        if self.judged.get("cited") == [h.chunk.chunk_id for h in passages]:
            return self.judged.get("margin")
        return self.fallback.margin(question, passages) if self.fallback else None
