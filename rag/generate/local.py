"""Local GGUF model through llama-cpp-python: loaded once per process, shared, one call at a time."""
from __future__ import annotations

import atexit
import threading
from collections.abc import Iterator
from pathlib import Path

from rag.config import Settings
from rag.errors import ModelMissingError, RagError
from rag.generate.base import Generator, Message

_MODELS: dict[tuple[str, int, int], object] = {}
_SIDE_CONTEXTS: dict[tuple[str, int, int, str], "SideContext"] = {}
_LOAD_LOCK = threading.Lock()
# llama.cpp contexts are not re-entrant: a second request waits for the first to finish streaming.
RUN_LOCK = threading.Lock()


def load_llama(path: Path, n_ctx: int, n_threads: int):
    """The shared llama_cpp.Llama for this file (chat template read from the GGUF metadata): the model and the answer
    context. Other roles read in contexts of their own over the same model (`side_context`)."""
    key = (str(path), n_ctx, n_threads)
    with _LOAD_LOCK:
        if key not in _MODELS:
            if not path.is_file():
                raise ModelMissingError(
                    f"{path}: 生成模型文件不存在；请先运行 bash scripts/setup.sh（或 python -m rag.models.provision）")
            try:
                from llama_cpp import Llama
            except ImportError as e:
                raise ModelMissingError(
                    f"llama-cpp-python 未安装（{e}）；请运行 bash scripts/setup.sh") from None
            try:
                _MODELS[key] = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads,
                                     n_threads_batch=n_threads, verbose=False)
            except ValueError as e:  # llama-cpp raises ValueError for unreadable/corrupt files
                raise ModelMissingError(f"{path}: 无法加载生成模型（{e}）；请重新运行 bash scripts/setup.sh") from None
        return _MODELS[key]


class SideContext:
    """A llama.cpp context of its own over the answer's loaded model: its own KV cache, so that reading another
    prompt (the answerability judge's) never evicts the answer context's cached system prompt, and no second copy of
    the weights — llama.cpp repacks them into memory of its own at each load (~0.8 GB for the default model)."""

    def __init__(self, llm) -> None:
        from llama_cpp import _internals

        self.llm = llm  # the tokenizer, chat template and vocabulary are the model's
        self._ctx = _internals.LlamaContext(model=llm._model, params=llm.context_params, verbose=False)
        self._batch = _internals.LlamaBatch(n_tokens=llm.n_batch, embd=0, n_seq_max=1, verbose=False)

    def n_ctx(self) -> int:
        return self._ctx.n_ctx()

    def next_logits(self, tokens: list[int], keep: int = 0):
        """The logits (numpy, one per vocabulary entry) for the token after `tokens`, read after the first `keep`
        positions already in this context (0: from scratch)."""
        import numpy as np

        self._ctx.kv_cache_seq_rm(-1, keep, -1)
        step = self.llm.n_batch
        for i in range(0, len(tokens), step):
            self._batch.set_batch(tokens[i:i + step], n_past=keep + i, logits_all=False)
            self._ctx.decode(self._batch)
        return np.ctypeslib.as_array(self._ctx.get_logits(), shape=(self.llm.n_vocab(),)).copy()

    def close(self) -> None:
        self._batch.close()
        self._ctx.close()


def side_context(path: Path, n_ctx: int, n_threads: int, role: str) -> SideContext:
    """The shared context for `role` over the model `load_llama` loads."""
    llm = load_llama(path, n_ctx, n_threads)
    key = (str(path), n_ctx, n_threads, role)
    with _LOAD_LOCK:
        if key not in _SIDE_CONTEXTS:
            _SIDE_CONTEXTS[key] = SideContext(llm)
        return _SIDE_CONTEXTS[key]


@atexit.register
def _close_models() -> None:
    # Free llama.cpp while the interpreter is intact; Llama.__del__ at shutdown prints a TypeError. A context goes
    # before its model.
    for context in _SIDE_CONTEXTS.values():
        context.close()
    _SIDE_CONTEXTS.clear()
    for llm in _MODELS.values():
        llm.close()
    _MODELS.clear()


class LocalGenerator(Generator):
    name = "local"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.llm = load_llama(Path(settings.llm_model_path), settings.llm_context, settings.threads)

    def refusal_bias(self) -> dict[int, float] | None:
        """Logit bias against the refusal sentence's first token: the small model refuses too readily
        when the answer is in the passages; the citation checker still refuses unsupported answers."""
        if self.settings.refusal_bias <= 0:
            return None
        first = self.llm.tokenize(self.settings.refusal_text.encode("utf-8"), add_bos=False)[:1]
        return {t: -self.settings.refusal_bias for t in first}

    def warm_up(self, system_prompt: str) -> None:
        """Prefill the system prompt, the same for every question: llama.cpp keeps the longest common prefix of
        consecutive prompts in its KV cache, so the first question then computes only its own part (~420 tokens,
        ~5 s on 2 cores, saved)."""
        with RUN_LOCK:
            if self.llm.n_tokens == 0:  # a question already read it otherwise
                self.llm.create_chat_completion(
                    messages=[{"role": "system", "content": system_prompt}, {"role": "user", "content": "。"}],
                    max_tokens=1, temperature=0.0)

    def stream(self, messages: list[Message], **opts) -> Iterator[str]:
        with RUN_LOCK:
            try:
                chunks = self.llm.create_chat_completion(
                    messages=messages, stream=True,
                    temperature=opts.get("temperature", self.settings.temperature),
                    max_tokens=opts.get("max_tokens", self.settings.max_tokens),
                    logit_bias=self.refusal_bias(), seed=0)
                for chunk in chunks:
                    piece = chunk["choices"][0]["delta"].get("content")
                    if piece:
                        yield piece
            except ValueError as e:  # e.g. prompt longer than the context window
                raise RagError(f"本地模型生成失败：{e}") from None
