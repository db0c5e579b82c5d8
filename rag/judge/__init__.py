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


__all__ = ["JUDGES", "AnswerabilityJudge", "get_judge"]
