"""A verifier rule: one principle, one small class, its id on every verdict it gives.

A sentence rule sees one claim whose citations have been repaired (rag.verify.repair) and says why the claim
is not supported ("" when it passes). An answer rule sees the sentences that passed and may reject the answer
as a whole (a how-many question answered without a count). Rules run in the registry's order; the first
rejection decides and names its rule (rag.verify.registry)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from rag.config import Settings
from rag.facts import KeyFacts, has_facts, missing_facts
from rag.sentences import sentence_texts
from rag.types import Hit
from rag.verify.passages import added_to_question, article_text, cited_text, holding_most, passage_match_text
from rag.verify.reading import QuestionReading
from rag.verify.repair import own_facts


@dataclass
class SentenceCheck:
    """What a sentence rule sees: the claim, the passages it cites (after repair), all shown passages, the
    question as read, the settings (thresholds) and the whole output the claim comes from."""
    sentence: str
    cited: list[int]
    hits: list[Hit]
    question: QuestionReading
    settings: Settings
    answer: str = ""  # the model's whole output the sentence comes from

    def passage(self, n: int) -> str:
        return passage_match_text(self.hits[n - 1])

    @cached_property
    def cited_text(self) -> str:
        return cited_text(self.cited, self.hits)

    @cached_property
    def article(self) -> str:
        """Every shown passage of the cited passages' articles."""
        return article_text(self.cited, self.hits)

    @cached_property
    def own_facts(self) -> list[KeyFacts]:
        """The claim's key facts that are not the question's, one per item (none for a claim without any)."""
        return [f for f in own_facts(self.sentence, self.question) if has_facts(f)]

    @cached_property
    def source_sentences(self) -> list[str]:
        """The sentences of the cited passages that the claim's own facts come from; for a claim without a fact of
        its own, those holding most of the words it adds to the question (2+ bigrams)."""
        sentences = [s for n in self.cited for s in sentence_texts(passage_match_text(self.hits[n - 1]))]
        if self.own_facts:
            return [s for s in sentences if any(not missing_facts(f, s) for f in self.own_facts)]
        added = added_to_question(self.sentence, self.question.text)
        return [sentences[i] for i in holding_most(added, sentences, at_least=2)]


class SentenceRule:
    id: ClassVar[str]
    needs_question: ClassVar[bool] = True  # without a question (tests, plain verification) the rule is skipped

    def reason(self, check: SentenceCheck) -> str:
        """Why the claim is not supported by what it cites, in Chinese for the user; "" when it passes."""
        raise NotImplementedError


@dataclass
class AnswerCheck:
    """What an answer rule sees: the supported sentences, the question as read, the passages they cite, the
    settings, and the answerability judge's margin for those passages (asked only when a rule calls it; None when
    no judge is configured or it cannot tell)."""
    kept: list[str]
    question: QuestionReading
    cited: list[Hit]
    settings: Settings
    judged: Callable[[], float | None] = lambda: None


class AnswerRule:
    id: ClassVar[str]

    def reason(self, check: AnswerCheck) -> str:
        """Why the supported sentences, together, do not answer the question; "" when they do."""
        raise NotImplementedError
