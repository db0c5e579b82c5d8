"""The verifier's rules, in the order they judge. A rule is one file under rag/verify/rules/ and one line here;
`RAG_VERIFY_SKIP=rule,rule` (or `eval reverify --without/--only`) switches rules off to measure what each buys."""
from __future__ import annotations

import inspect

from rag.config import Settings
from rag.verify.rules.answer_type import AnswerOfTypeAsked
from rag.verify.rules.answerable_judge import JudgedAnswerable
from rag.verify.rules.attribute import AskedAttribute
from rag.verify.rules.base import AnswerRule, SentenceRule
from rag.verify.rules.copied_material import NotCopiedMaterial
from rag.verify.rules.counted_elsewhere import NumberCountsTheSame
from rag.verify.rules.grafted_predicate import GraftedPredicate
from rag.verify.rules.group_figure import GroupFigure
from rag.verify.rules.instruction_source import NotFromInstructions
from rag.verify.rules.key_facts import KeyFactsCited
from rag.verify.rules.novel_content import AddedContentCited
from rag.verify.rules.only_title import NotOnlyTitle
from rag.verify.rules.question_conditions import QuestionConditions
from rag.verify.rules.question_figure import QuestionFigure
from rag.verify.rules.relative_asked import RelativeAsked
from rag.verify.rules.reporter_credit import NotTheReporter
from rag.verify.rules.restates_question import AddsToQuestion
from rag.verify.rules.rival_name import RivalName
from rag.verify.rules.rival_qualifier import RivalQualifier
from rag.verify.rules.source_year import SourceYear
from rag.verify.rules.stage_asked import StageAsked
from rag.verify.rules.subject import QuestionSubject
from rag.verify.rules.topic import SameTopic

SENTENCE_RULES: tuple[SentenceRule, ...] = (
    NotFromInstructions(), NotCopiedMaterial(), KeyFactsCited(), QuestionConditions(), SourceYear(), RivalName(),
    RivalQualifier(), QuestionFigure(), StageAsked(), GroupFigure(), RelativeAsked(), NotTheReporter(), SameTopic(),
    QuestionSubject(), AskedAttribute(), AddsToQuestion(), AddedContentCited(), GraftedPredicate(), NotOnlyTitle(),
    NumberCountsTheSame(),
)
# the judge last: a model pass (~1.5 s) only for an answer every word-reading rule has let through
ANSWER_RULES: tuple[AnswerRule, ...] = (AnswerOfTypeAsked(), JudgedAnswerable())
RULE_IDS = tuple(r.id for r in SENTENCE_RULES + ANSWER_RULES)


def _ids(text: str, what: str) -> set[str]:
    ids = {x.strip() for x in (text or "").split(",") if x.strip()}
    unknown = ids - set(RULE_IDS)
    if unknown:
        raise ValueError(f"{what}: unknown verifier rule(s) {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(RULE_IDS)})")
    return ids


def active_rules(settings: Settings) -> tuple[tuple[SentenceRule, ...], tuple[AnswerRule, ...]]:
    """The sentence and answer rules that `settings.verify_skip` leaves on, in order."""
    skip = _ids(settings.verify_skip, "verify_skip")
    return (tuple(r for r in SENTENCE_RULES if r.id not in skip), tuple(r for r in ANSWER_RULES if r.id not in skip))


def skip_setting(without: str = "", only: str = "", current: str = "") -> str:
    """verify_skip for `--without A,B` (added to the current skips) or `--only A,B` (every other rule)."""
    if only:
        keep = _ids(only, "--only")
        return ",".join(r for r in RULE_IDS if r not in keep)
    return ",".join(sorted(_ids(current, "verify_skip") | _ids(without, "--without")))


def describe_rules() -> str:
    """One paragraph per rule, in order: its id and its principle (the class docstring)."""
    out = []
    for rule in SENTENCE_RULES + ANSWER_RULES:
        kind = "sentence" if isinstance(rule, SentenceRule) else "answer"
        doc = " ".join(inspect.getdoc(rule).split())
        out.append(f"{rule.id} ({kind}): {doc}")
    return "\n".join(out)
