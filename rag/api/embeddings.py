"""POST /v1/embeddings (OpenAI format) with a knowledge base's embedder."""
from __future__ import annotations

import base64
from typing import Any

import numpy as np

from fastapi import APIRouter

from rag.api.errors import ApiError
from rag.api.schemas import EmbeddingRequest
from rag.config import Settings
from rag.tokens import count_tokens

MAX_INPUTS = 256


def _encode(vector: np.ndarray, encoding_format: str) -> list[float] | str:
    if encoding_format == "base64":
        return base64.b64encode(vector.astype("<f4").tobytes()).decode("ascii")
    return vector.tolist()


def router(settings: Settings, kb_open) -> APIRouter:
    r = APIRouter(prefix="/v1", tags=["embeddings"])

    @r.post("/embeddings")
    def embeddings(req: EmbeddingRequest) -> dict[str, Any]:
        from rag.embed import get_embedder
        texts = [req.input] if isinstance(req.input, str) else list(req.input)
        if not texts or len(texts) > MAX_INPUTS:
            raise ApiError(400, f"input: 需要 1 到 {MAX_INPUTS} 段文本（收到 {len(texts)} 段）", "invalid_input", "input")
        if any(not t.strip() for t in texts):
            raise ApiError(400, "input: 不能包含空文本", "invalid_input", "input")
        if req.model != str(settings.embed_model):
            kb_open(req.model)  # 404 for an unknown name; a KB refuses to open with another model than its own
        embedder = get_embedder(settings)
        vectors = embedder.embed_queries(texts) if req.input_type == "query" else embedder.embed_passages(texts)
        tokens = sum(count_tokens(t) for t in texts)
        return {"object": "list", "model": req.model,
                "data": [{"object": "embedding", "index": i, "embedding": _encode(v, req.encoding_format)}
                         for i, v in enumerate(vectors)],
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}

    return r
