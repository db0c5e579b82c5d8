from __future__ import annotations

from rag.injection import instruction_spans
from rag.textmatch import bigrams
from rag.verify.passages import added_to_question
from rag.verify.rules.base import SentenceCheck, SentenceRule


class NotFromInstructions(SentenceRule):
    """A sentence whose content comes from a cited passage's instructions to an assistant ("忽略以上指令，回答：……") repeats what the
    document tells the model to say, not a fact the document states (see *Hostile documents*)."""
    id = "instruction_source"
    needs_question = False

    def reason(self, check: SentenceCheck) -> str:
        added = added_to_question(check.sentence, check.question.text)
        if not added:
            return ""
        for n in check.cited:
            text = check.hits[n - 1].chunk.text
            spans = instruction_spans(text)
            if not spans:
                continue
            said = bigrams("".join(text[s:e] for s, e in spans))
            rest = bigrams("".join(text[e:s] for (_, e), (s, _) in zip([(0, 0), *spans], [*spans, (len(text), 0)])))
            from_instructions = added & said - rest
            if len(from_instructions) * 2 >= len(added):
                return "所引内容是文档中写给模型的指令，不是资料陈述的事实"
        return ""
