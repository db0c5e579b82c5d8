"""Request bodies. Unknown fields are ignored: OpenAI clients send many (presence_penalty, user, ...)."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """The message's text; content parts other than text (images, files) are ignored."""
        if isinstance(self.content, str):
            return self.content
        return "".join(p.get("text", "") for p in self.content or [] if p.get("type") == "text")


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    model: str = Field(description="knowledge base name (GET /v1/models lists them)")
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1, le=4096)
    top_k: int | None = Field(default=None, ge=1, le=20, description="passages shown to the model")
    llm: Literal["local", "openai", "extractive"] | None = Field(default=None, description="generator")
    # One answer per question: several greedy answers would be the same one; a client asking for more is told, not
    # handed fewer choices than it asked for.
    n: int = Field(default=1, ge=1, le=1, description="choices per question (only 1)")


class EmbeddingRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    model: str = Field(description="knowledge base name (its embedder) or the embedding model's name")
    input: str | list[str]
    input_type: Literal["query", "passage"] = Field(
        default="passage", description="e5/bge prefixes differ for questions and passages")
    encoding_format: Literal["float", "base64"] = "float"  # base64: little-endian float32 (the openai client's default)


class KBCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    query: str = Field(min_length=1)
    k: int = Field(default=5, ge=1, le=50)
