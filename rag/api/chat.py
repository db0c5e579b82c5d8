"""POST /v1/chat/completions and GET /v1/models: the verified answer, with its citations and per-sentence
verdicts, through the OpenAI protocol. `model` names the knowledge base; earlier messages are the history used
to rewrite a follow-up, exactly as in the web chat."""
from __future__ import annotations

import json
import logging
import time
import uuid
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from rag.answer import Sources
from rag.answer_queue import answer_queue
from rag.api.errors import ApiError
from rag.api.schemas import ChatRequest
from rag.config import Settings
from rag.errors import RagError
from rag.tokens import count_tokens
from rag.types import Answer, Citation, Hit
from rag.verify.claims import split_answer


def citation_json(c: Citation) -> dict[str, Any]:
    """A citation as the API carries it: the supporting span's text and where it is."""
    return {"n": c.number, "document_id": c.doc_id, "title": c.title, "author": c.author,
            "source": Path(c.source).name, "page": c.page or None, "chunk_id": c.chunk_id,
            "quote": c.text[c.span_start:c.span_end],
            "span_start": c.span_start, "span_end": c.span_end, "doc_start": c.doc_start, "doc_end": c.doc_end}


def passage_json(h: Hit) -> dict[str, Any]:
    """A retrieved passage (not a citation): what is being read."""
    c = h.chunk
    return {"rank": h.rank, "document_id": c.doc_id, "title": c.title, "source": Path(c.source).name,
            "page": c.page or None,
            "chunk_id": c.chunk_id, "text": c.text, "doc_start": c.start, "doc_end": c.end,
            "score": h.score, "dense_score": h.dense_score, "bm25_score": h.sparse_score}


def answer_extras(a: Answer) -> dict[str, Any]:
    # the answerability judge's 是 − 否 margin for the cited passages: how firmly the model read them as stating what
    # was asked, and the band of a kept answer (high, medium, low: rag.judge.confidence); None when it was not asked
    # (refused before it, or no local model to judge)
    margin = (a.judged or {}).get("margin")
    return {"refused": a.refused, "query": a.query, "citations": [citation_json(c) for c in a.citations],
            "sentences": [{"text": s.text, "citations": s.citations, "supported": s.supported, "reason": s.reason,
                           "rule": s.rule} for s in a.sentences],
            "judge_margin": None if margin is None else round(margin, 3),
            "judge_confidence": a.confidence}


def _split(messages: list) -> tuple[str, list[dict[str, str]]]:
    """(the last user message, the user/assistant turns before it)."""
    turns = [(m.role, m.text()) for m in messages if m.role in ("user", "assistant")]
    if not turns or turns[-1][0] != "user" or not turns[-1][1].strip():
        raise ApiError(400, "messages: 最后一条消息必须是非空的用户问题（role=user）", "invalid_messages", "messages")
    return turns[-1][1].strip(), [{"role": r, "content": t} for r, t in turns[:-1]]


def router(settings: Settings, kb_open) -> APIRouter:
    r = APIRouter(prefix="/v1", tags=["chat"])

    def request_settings(req: ChatRequest) -> Settings:
        changes = {"top_k": req.top_k, "llm": req.llm, "temperature": req.temperature, "max_tokens": req.max_tokens}
        return settings.replace(**{k: v for k, v in changes.items() if v is not None})

    @r.get("/models")
    def list_models() -> dict[str, Any]:
        from rag.stores import list_kbs
        return {"object": "list", "data": [{"id": name, "object": "model", "created": 0, "owned_by": "rag"}
                                           for name in sorted(list_kbs(settings))]}

    @r.post("/chat/completions")
    def chat(req: ChatRequest, request: Request):
        question, history = _split(req.messages)
        kb = kb_open(req.model)
        s = request_settings(req)
        release = answer_queue(settings.answer_queue_size).admit()  # 503 now, before any byte, when full
        cid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        if not req.stream:
            try:
                answer = _answer(question, kb, history, s)
            finally:
                release()
            return {"id": cid, "object": "chat.completion", "created": created, "model": req.model,
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.text},
                                 "finish_reason": "stop"}],
                    "usage": _usage(answer, s), **answer_extras(answer)}
        events = _events(question, kb, history, s, cid, created, req.model, release)
        weakref.finalize(events, release)  # a client gone before the stream started still frees its place
        return StreamingResponse(events, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    return r


def _answer(question: str, kb: Any, history: list, s: Settings) -> Answer:
    from rag.answer import ask
    return ask(question, kb=kb, history=history, settings=s)


def _usage(a: Answer, s: Settings) -> dict[str, int]:
    """What the generator read (system prompt, numbered passages, question) and wrote (its output before
    verification), counted with the project's tokenizer (tiktoken cl100k, an estimate of the model's own count);
    0 and 0 when no generator was asked (nothing relevant was found)."""
    from rag.answer import build_messages

    if not a.raw_text:
        return {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    prompt = sum(count_tokens(m["content"]) for m in build_messages(a.query, a.passages, s))
    completion = count_tokens(a.raw_text)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _sse(obj: Any) -> str:
    return f"data: {json.dumps(obj, ensure_ascii=False)}\n\n"


def _events(question: str, kb: Any, history: list, s: Settings, cid: str, created: int, model: str,
            release: Callable[[], None]) -> Iterator[str]:
    """OpenAI-format chunks. First the role and the retrieved passages (`passages`, marked as being read, not
    citations); the model's draft is never sent as content: the content is the verified answer, sentence by
    sentence, once verification is done; the last chunk carries citations, refusal and verdicts; then [DONE]."""
    from rag.answer import ask_stream

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        return _sse({"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                     "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra})
    try:
        yield chunk({"role": "assistant", "content": ""})
        answer = None
        for item in ask_stream(question, kb=kb, history=history, settings=s, sources=True):
            if isinstance(item, Sources):
                yield chunk({}, passages=[passage_json(h) for h in item.passages], status="reading")
            elif isinstance(item, Answer):
                answer = item
        if answer is None:
            raise RagError("没有得到回答（生成过程意外结束）")
        for sentence in split_answer(answer.text) or [answer.text]:
            yield chunk({"content": sentence})
        yield chunk({}, "stop", usage=_usage(answer, s), **answer_extras(answer))
    except RagError as e:
        yield _sse({"error": {"message": str(e), "type": "invalid_request_error", "code": "answer_failed"}})
    except Exception:  # a bug: one line for the client, the traceback in the server log
        logging.getLogger(__name__).exception("streaming answer failed")
        yield _sse({"error": {"message": "服务器内部错误（详情见服务器日志）", "type": "server_error",
                              "code": "internal_error"}})
    finally:
        release()
    yield "data: [DONE]\n\n"
