"""Answer generators behind one interface (rag.generate.base.Generator); pick one by settings.llm."""
from __future__ import annotations

from rag.config import Settings
from rag.errors import RagError
from rag.generate.base import Generator, Message

GENERATORS = ("local", "openai", "extractive")


def get_generator(settings: Settings) -> Generator:
    """The generator named by settings.llm (the local model itself is loaded once per process)."""
    name = settings.llm
    if name == "local":
        from rag.generate.local import LocalGenerator

        return LocalGenerator(settings)
    if name == "openai":
        from rag.generate.openai_compat import OpenAICompatGenerator

        return OpenAICompatGenerator(settings)
    if name == "extractive":
        from rag.generate.extractive import ExtractiveGenerator

        return ExtractiveGenerator(settings)
    raise RagError(f"未知的生成器 llm={name!r}；可选：{', '.join(GENERATORS)}")


__all__ = ["GENERATORS", "Generator", "Message", "get_generator"]
