"""One chat request: stream `rag.answer.ask_stream` into Turn updates without ever raising into the UI."""
from __future__ import annotations

import logging
import time
from typing import Iterator

from rag.answer_queue import answer_queue
from rag.config import Settings
from rag.errors import RagError
from rag.types import Answer
from rag.webui.kb_admin import describe_error, open_kb
from rag.webui.render import Turn

log = logging.getLogger(__name__)

GENERATORS = ("extractive", "local", "openai")
STREAM_INTERVAL = 0.08  # seconds between UI refreshes while tokens stream in (keeps websocket traffic low)


def session_settings(base: Settings, top_k: float, dense_weight: float, llm: str, temperature: float) -> Settings:
    """The per-session knobs applied on top of the process settings."""
    if llm not in GENERATORS:
        raise ValueError(f"未知的生成方式“{llm}”，可选：{'、'.join(GENERATORS)}")
    return base.replace(top_k=int(top_k), dense_weight=float(dense_weight), llm=llm, temperature=float(temperature))


def history_of(turns: list[Turn]) -> list[dict[str, str]]:
    """Earlier turns as chat messages, for follow-up rewriting (only turns that got an answer)."""
    msgs: list[dict[str, str]] = []
    for t in turns:
        if t.answer is not None:
            msgs.append({"role": "user", "content": t.question})
            msgs.append({"role": "assistant", "content": t.answer.text})
    return msgs


def stream_turn(question: str, turns: list[Turn], kb_name: str, settings: Settings) -> Iterator[Turn]:
    """Yield the growing Turn (partial text) at most every STREAM_INTERVAL, then the final Turn."""
    from rag.answer import Sources, ask_stream

    turn = Turn(question=question, kb=kb_name)
    yield turn
    last = 0.0
    try:
        kb = open_kb(kb_name, settings)
        with answer_queue(settings.answer_queue_size).slot():  # shared with the HTTP API
            for item in ask_stream(question, kb=kb, history=history_of(turns), settings=settings, sources=True):
                if isinstance(item, Answer):
                    turn.answer = item
                    break
                if isinstance(item, Sources):  # shown at once, before the model has read a word
                    turn.reading = item.passages
                    yield turn
                    continue
                turn.partial += str(item)
                now = time.monotonic()
                if now - last >= STREAM_INTERVAL:
                    last = now
                    yield turn
        if turn.answer is None:
            turn.error = "没有得到回答（生成过程意外结束）"
    except RagError as e:  # a user-facing problem (missing KB/model...): one line, no traceback
        log.warning("answering %r: %s", question, e)
        turn.error = describe_error(e)
    except Exception as e:  # a bug: the UI still shows one line; the server log keeps the traceback
        log.exception("answering %r failed", question)
        turn.error = describe_error(e)
    yield turn
