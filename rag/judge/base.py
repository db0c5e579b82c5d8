"""One interface for the answerability judge: a model asked whether passages state what a question asks."""
from __future__ import annotations

from abc import ABC, abstractmethod

from rag.types import Hit


class AnswerabilityJudge(ABC):
    name: str = "base"

    @abstractmethod
    def margin(self, question: str, passages: list[Hit]) -> float | None:
        """How firmly the model says `passages` state the very item `question` asks: the logit margin 是 − 否 of
        its one-token reply (above 0 leans yes). The answer is never shown: a model that has just answered says 是
        to its own answer. None when this judge cannot tell (no logits)."""
