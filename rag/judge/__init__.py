"""The answerability judge behind one interface (rag.judge.base.AnswerabilityJudge); picked by settings.judge."""
from __future__ import annotations

from rag.config import Settings
from rag.errors import RagError
from rag.judge.base import AnswerabilityJudge

JUDGES = ("auto", "local", "off")


def get_judge(settings: Settings) -> AnswerabilityJudge | None:
    """The judge settings.judge names; `auto` is the local model when it is also the generator (nothing more to
    load) and none otherwise (an OpenAI-compatible server gives no logits to read a 是/否 margin from)."""
    name = settings.judge
    if name not in JUDGES:
        raise RagError(f"未知的可答性判断 judge={name!r}；可选：{', '.join(JUDGES)}")
    if name == "local" or (name == "auto" and settings.llm == "local"):
        from rag.judge.local import LocalJudge

        return LocalJudge(settings)
    return None


# each band as the page and the command line say it: a low one asks the reader to check the source
CONFIDENCE_NOTES = {"high": "核对：资料写明所问内容", "medium": "核对：资料大致写明所问内容",
                    "low": "核对：把握较低，请查看原文"}


def confidence(margin: float | None, settings: Settings) -> str | None:
    """How far an answer the judge kept can be trusted, by its margin: `high`, `medium` or `low` (on rounds of
    questions written after the judge, the share of right answers falls from ~97% to ~37% across the bands: README);
    None when the judge was not asked or could not tell."""
    if margin is None:
        return None
    if margin >= settings.judge_high_margin:
        return "high"
    return "medium" if margin >= settings.judge_medium_margin else "low"


__all__ = ["CONFIDENCE_NOTES", "JUDGES", "AnswerabilityJudge", "confidence", "get_judge"]
