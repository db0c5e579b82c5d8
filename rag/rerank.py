"""Optional second-stage reranking of fused candidates.

Off by default: no cross-encoder weights are installable offline (see docs on offline models). Where
a hub or a local copy is available, set `reranker` to a sentence-transformers CrossEncoder name or
folder (e.g. BAAI/bge-reranker-base) and the top candidates are re-scored by it.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Sequence

from rag.config import Settings
from rag.errors import ModelMissingError


class Reranker:
    """Scores (query, passage) pairs; higher means more relevant."""

    name: str = ""

    def score(self, query: str, texts: Sequence[str]) -> list[float]:
        raise NotImplementedError


class CrossEncoderReranker(Reranker):
    def __init__(self, name_or_path: str, settings: Settings) -> None:
        self.name = name_or_path
        local = _local_path(name_or_path, settings)
        try:
            import torch
            from sentence_transformers import CrossEncoder

            torch.set_num_threads(max(1, settings.threads))
            # local_files_only: never try the network (it is absent and retries are slow)
            self._model = CrossEncoder(str(local or name_or_path), device="cpu", local_files_only=True)
        except Exception as e:  # noqa: BLE001 - any load failure means the same thing to the user
            raise ModelMissingError(
                f"重排序模型 {name_or_path!r} 无法加载（{type(e).__name__}: {str(e)[:200]}）；"
                f"把模型文件夹放到 {Path(settings.models_dir) / Path(name_or_path).name}，"
                f"或设置 RAG_RERANKER=\"\" 关闭重排序") from None

    def score(self, query: str, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        scores = self._model.predict([(query, t) for t in texts], show_progress_bar=False)
        return [float(s) for s in scores]


def _local_path(name: str, settings: Settings) -> Path | None:
    for candidate in (Path(name), Path(settings.models_dir) / name, Path(settings.models_dir) / Path(name).name):
        if candidate.is_dir():
            return candidate
    return None


_cache: dict[str, Reranker] = {}
_lock = threading.Lock()


def get_reranker(settings: Settings) -> Reranker | None:
    """None when settings.reranker is ""; otherwise the named model, loaded once per process."""
    name = settings.reranker.strip()
    if not name:
        return None
    with _lock:
        if name not in _cache:
            _cache[name] = CrossEncoderReranker(name, settings)
        return _cache[name]
