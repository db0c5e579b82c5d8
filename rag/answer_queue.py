"""One bounded queue of answer requests, shared by the web page and the HTTP API.

Requests beyond `settings.answer_queue_size` (running + waiting) are turned away at once (the API answers 503
with Retry-After) instead of piling up; those admitted wait their turn for the local model, which is used by
one request at a time (rag.generate.local.RUN_LOCK)."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rag.errors import RagError


class QueueFullError(RagError):
    """Too many answer requests are running or waiting."""


class AnswerQueue:
    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._admitted = 0
        self._lock = threading.Lock()

    @property
    def admitted(self) -> int:
        return self._admitted

    def admit(self) -> Callable[[], None]:
        """Take a place in the queue (QueueFullError when none is free); returns its release function, which may
        be called more than once (a streamed answer releases on completion, on disconnect, or when collected)."""
        with self._lock:
            if self._admitted >= self.size:
                raise QueueFullError(f"回答队列已满（{self.size} 个请求正在处理或等待），请稍后再试")
            self._admitted += 1
        released = threading.Event()

        def release() -> None:
            with self._lock:
                if not released.is_set():
                    released.set()
                    self._admitted -= 1
        return release

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold a place in the queue for the duration of one answer; QueueFullError when none is free."""
        release = self.admit()
        try:
            yield
        finally:
            release()


_queue: AnswerQueue | None = None
_queue_lock = threading.Lock()


def answer_queue(size: int) -> AnswerQueue:
    """The process-wide queue (created with `size` on first use)."""
    global _queue
    with _queue_lock:
        if _queue is None:
            _queue = AnswerQueue(size)
        return _queue
