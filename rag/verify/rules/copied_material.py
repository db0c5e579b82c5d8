from __future__ import annotations

import re

from rag.verify.rules.base import SentenceCheck, SentenceRule

# The labels the prompt gives the passages and the question under (prompts/answer_user.txt).
_PROMPT_LABEL = re.compile(r"^\s*【(?:资料|问题)】")


class NotCopiedMaterial(SentenceRule):
    """An output that opens with the label the passages were given under (【资料】[2] …) is the material copied
    out of the prompt, not an answer drawn from it, every sentence of it, even when its words are all in a
    passage; so is any sentence opening with that label. ("根据【资料】，…" is the model naming its source, and
    stays.)"""
    id = "copied_material"
    needs_question = False

    def reason(self, check: SentenceCheck) -> str:
        copied = _PROMPT_LABEL.match(check.sentence) or _PROMPT_LABEL.match(check.answer)
        return "照抄的资料原文，不是回答" if copied else ""
