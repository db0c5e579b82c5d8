"""Text -> L2-normalised float32 vectors with the configured sentence-transformers model.

The model's training prefixes (rag/models/registry.py) are applied here, so callers pass raw
questions and passages. One model instance per process (`get_embedder`), since loading takes
seconds and ~0.5 GB.
"""
from __future__ import annotations

import threading
from typing import Any

import numpy as np

from rag.config import Settings
from rag.errors import ModelMissingError
from rag.models.provision import ensure_embedder
from rag.models.registry import E5_ALIAS, EmbeddingSpec, resolve_embedding

QUANTIZE_MODES = ("none", "int8")


class Embedder:
    def __init__(self, spec: EmbeddingSpec, batch_size: int = 16, threads: int = 2,
                 quantize: str = "none") -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        if quantize not in QUANTIZE_MODES:
            raise ValueError(f"embed_quantize must be one of {QUANTIZE_MODES}, not {quantize!r}")
        torch.set_num_threads(threads)
        self.spec = spec
        self.name = spec.name
        self.batch_size = batch_size
        self.quantize = quantize
        try:
            self.model = SentenceTransformer(spec.location, device="cpu")
        except Exception as e:  # hub unreachable, bad folder, ...: one clear message, no traceback
            raise ModelMissingError(
                f"embedding model {spec.name!r} could not be loaded from {spec.location}: "
                f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''} "
                f"(offline default: {E5_ALIAS!r}; other models need a local folder or hub access)") from e
        self.model.eval()
        if quantize == "int8":
            # dynamic int8 on Linear layers: measured in bench/bench_embed.py before being offered
            self.model = torch.ao.quantization.quantize_dynamic(
                self.model, {torch.nn.Linear}, dtype=torch.qint8)
        self.dim = int(self.model.get_embedding_dimension())
        self._lock = threading.Lock()  # torch modules are not safe to call from many threads at once

    @property
    def max_seq_length(self) -> int:
        return int(self.model.max_seq_length)

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("pass a list of strings, not a single string")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self.model.encode(
                [prefix + t for t in texts], batch_size=self.batch_size,
                normalize_embeddings=self.spec.normalize, convert_to_numpy=True,
                show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.spec.query_prefix)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.spec.passage_prefix)

    def token_count(self, text: str) -> int:
        """Model tokens (with specials) for a passage; above max_seq_length the text is truncated."""
        return len(self.model.tokenizer(self.spec.passage_prefix + text)["input_ids"])


_cache: dict[tuple[Any, ...], Embedder] = {}
_cache_lock = threading.Lock()


def get_embedder(settings: Settings) -> Embedder:
    """The process-wide Embedder for settings.embed_model (loaded on first use)."""
    spec = resolve_embedding(settings.embed_model, settings)
    quantize = getattr(settings, "embed_quantize", "none")
    key = (spec, quantize)
    with _cache_lock:
        if key not in _cache:
            ensure_embedder(settings)  # offline alias: clear error + fix command if not provisioned
            _cache[key] = Embedder(spec, batch_size=settings.embed_batch_size,
                                   threads=settings.threads, quantize=quantize)
        return _cache[key]
