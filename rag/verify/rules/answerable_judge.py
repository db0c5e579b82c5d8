from __future__ import annotations

from rag.verify.rules.base import AnswerCheck, AnswerRule


class JudgedAnswerable(AnswerRule):
    """The passages the answer cites state the very item the question asks, as the model judges them when asked
    that alone, without the answer: its 是 − 否 margin (rag.judge) reaches `verify_judge_min_margin` (1.0). Every
    other rule reads words; a passage about the asked event that states a neighbouring fact (another year's figure, the
    founding for the founder) holds every word the answer takes from it, and only a reader of the whole passage
    sees that the item asked is not there. Without a judge (another generator, `RAG_JUDGE=off`) the rule passes."""
    id = "answerable_judge"

    def reason(self, check: AnswerCheck) -> str:
        margin = check.judged()
        if margin is None or margin >= check.settings.verify_judge_min_margin:
            return ""
        return "模型通读所引资料后判断：资料没有写出问题所问的内容"
