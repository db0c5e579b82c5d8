from __future__ import annotations

from rag.verify.claims import opens_as_material, opens_with_prompt_label
from rag.verify.rules.base import SentenceCheck, SentenceRule


class NotCopiedMaterial(SentenceRule):
    """An output that opens with the label the passages were given under (【资料】[2] …, or a passage's number first, `[1]
    坐标：…`) is the material copied out of the prompt, not an answer drawn from it, every sentence of it, even when
    its words are all in a passage; so is any sentence opening with the 【资料】 label. ("根据【资料】，…" is the model naming
    its source, and stays.)"""
    id = "copied_material"
    needs_question = False

    def reason(self, check: SentenceCheck) -> str:
        copied = opens_with_prompt_label(check.sentence) or opens_as_material(check.answer)
        return "照抄的资料原文，不是回答" if copied else ""
