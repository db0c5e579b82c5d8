"""The answerability judge on the local GGUF model: one forward pass over a short prompt of its own."""
from __future__ import annotations

from pathlib import Path

from rag.config import Settings
from rag.context import format_passage
from rag.generate.local import RUN_LOCK, side_context
from rag.judge.base import AnswerabilityJudge
from rag.prompts import load_prompt, render_prompt
from rag.types import Hit


class LocalJudge(AnswerabilityJudge):
    name = "local"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # a context of its own over the answer's model: judging in the answer's context would evict its cached
        # system prompt
        self.context = side_context(Path(settings.llm_model_path), settings.llm_context, settings.threads, "judge")
        self.llm = self.context.llm
        self.yes = self.llm.tokenize("是".encode("utf-8"), add_bos=False)[0]
        self.no = self.llm.tokenize("否".encode("utf-8"), add_bos=False)[0]

    def margin(self, question: str, passages: list[Hit]) -> float | None:
        text = "\n\n".join(format_passage(i, hit) for i, hit in enumerate(passages, 1))
        return self.reply_margin([{"role": "system", "content": load_prompt("judge_system", self.settings)},
                                  {"role": "user", "content": render_prompt("judge_answerable", self.settings,
                                                                            passages=text, question=question)}])

    def reply_margin(self, messages: list[dict[str, str]]) -> float | None:
        """The 是 − 否 margin of the model's first reply token to `messages`, read in the judge's context; None when
        they do not fit it (no judgement rather than a truncated one)."""
        tokens = self.llm.tokenize(chat_text(self.llm, messages).encode("utf-8"), add_bos=False, special=True)
        if len(tokens) >= self.context.n_ctx():
            return None
        with RUN_LOCK:  # two cores: one model pass at a time
            return self.margin_of(self.context.next_logits(tokens))

    def margin_of(self, logits) -> float:
        """是 − 否 in a row of next-token logits."""
        return float(logits[self.yes] - logits[self.no])


def chat_text(llm, messages: list[dict[str, str]]) -> str:
    """`messages` in the model's own chat template (GGUF metadata), ready for the assistant's reply; ChatML (Qwen's)
    when the file has none."""
    template = llm.metadata.get("tokenizer.chat_template")
    if not template:
        return "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages) \
            + "<|im_start|>assistant\n"
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    eos = llm.detokenize([llm.token_eos()], special=True).decode("utf-8", "replace")
    bos = llm.detokenize([llm.token_bos()], special=True).decode("utf-8", "replace")
    return Jinja2ChatFormatter(template, eos, bos)(messages=messages).prompt
