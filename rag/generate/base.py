"""One interface for every answer generator: chat messages in, text tokens out."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": "..."}


class Generator(ABC):
    name: str = "base"
    uses_llm: bool = True  # False for generators that ignore the prompt (extractive)

    @abstractmethod
    def stream(self, messages: list[Message], **opts) -> Iterator[str]:
        """Yield the reply piece by piece. opts: temperature, max_tokens, and for non-LLM generators
        question= and passages= (the packed hits), which LLM generators ignore."""

    def complete(self, messages: list[Message], **opts) -> str:
        return "".join(self.stream(messages, **opts))

    def warm_up(self, system_prompt: str) -> None:
        """Get ready to answer: a local model loads and reads the fixed system prompt now, so the first question
        of a fresh server does not pay for it. Nothing to do for a remote or extractive generator."""
