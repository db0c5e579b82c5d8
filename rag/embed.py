"""Text -> L2-normalised float32 vectors with the configured sentence-transformers model.

The model's training prefixes (rag/models/registry.py) are applied here, so callers pass raw
questions and passages. One model instance per process (`get_embedder`), since loading takes
seconds and ~0.5 GB.
"""
from __future__ import annotations

import socket
import threading
from typing import Any
from urllib.parse import urlparse

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
        from transformers.utils import logging as hf_logging

        bar_was_on = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()  # no "Loading weights" bar in CLI/UI output
        try:
            self.model = _load(spec, SentenceTransformer)
        except ModelMissingError:
            raise
        except Exception as e:  # bad folder, download failure, ...: one clear message, no traceback
            raise ModelMissingError(
                f"embedding model {spec.name!r} could not be loaded from {spec.location}: "
                f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''} "
                f"(offline default: {E5_ALIAS!r}; other models need a local folder or hub access)") from e
        finally:
            if bar_was_on:
                hf_logging.enable_progress_bar()
        self.model.eval()
        if quantize == "int8":
            # dynamic int8 on Linear layers: ~1.5x faster but cosine vs fp32 only ~0.976 (see
            # bench/bench_embed.py), and torch deprecates the API; so not a setting, bench only
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


def _hub_reachable(timeout: float = 3.0) -> bool:
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE:
        return False
    url = urlparse(constants.ENDPOINT)
    try:
        socket.create_connection((url.hostname, url.port or 443), timeout=timeout).close()
        return True
    except OSError:
        return False


def _load(spec: EmbeddingSpec, SentenceTransformer: Any) -> Any:
    """Local folder; else a hub name from the local cache; else download, if the hub answers.

    Without the reachability check, an offline hub name spends ~100 s in download retries."""
    if spec.is_local:
        return SentenceTransformer(spec.location, device="cpu")
    try:
        return SentenceTransformer(spec.location, device="cpu", local_files_only=True)
    except Exception:
        pass  # not cached yet
    if not _hub_reachable():
        raise ModelMissingError(
            f"embedding model {spec.name!r} is not a local folder, not in the Hugging Face cache, "
            f"and the model hub is unreachable; use the offline default {E5_ALIAS!r} "
            "or the path of a downloaded model folder")
    return SentenceTransformer(spec.location, device="cpu")


_cache: dict[tuple[Any, ...], Embedder] = {}
_cache_lock = threading.Lock()


def get_embedder(settings: Settings) -> Any:
    """The process-wide embedder for settings.embed_model on settings.embed_backend (loaded on first use; `auto` is
    the ONNX form measured faster on this CPU, rag/embed_choice.py)."""
    from rag.embed_choice import resolved_backend
    from rag.embed_onnx import BACKENDS, QUANT, OnnxEmbedder

    if settings.embed_backend not in BACKENDS:
        raise ModelMissingError(f"embed_backend={settings.embed_backend!r} is not one of {', '.join(BACKENDS)}")
    spec = resolve_embedding(settings.embed_model, settings)
    ensured = settings.embed_backend == "auto"
    if ensured:
        ensure_embedder(settings)  # before measuring: offline alias, clear error + fix command if not provisioned
    backend = resolved_backend(settings)
    key = (spec, backend)  # one model per process: batch size and threads from the first caller
    with _cache_lock:
        if key not in _cache:
            if not ensured:
                ensure_embedder(settings)
            if backend == "torch":
                _cache[key] = Embedder(spec, batch_size=settings.embed_batch_size, threads=settings.threads)
            else:
                _cache[key] = OnnxEmbedder(spec, settings.models_dir, batch_size=settings.embed_onnx_batch_size,
                                           threads=settings.threads, quant=QUANT[backend])
        return _cache[key]
