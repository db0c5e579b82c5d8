"""Any OpenAI-compatible /chat/completions endpoint (llama_cpp.server, vLLM, Ollama, a hosted API),
streamed over SSE with the standard library only."""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator

from rag.config import Settings
from rag.errors import RagError
from rag.generate.base import Generator, Message


class EndpointError(RagError):
    """The chat endpoint is unreachable or answered with an error."""


class OpenAICompatGenerator(Generator):
    name = "openai"

    def __init__(self, settings: Settings, timeout: float = 120.0) -> None:
        self.settings = settings
        self.url = settings.openai_base_url.rstrip("/") + "/chat/completions"
        self.timeout = timeout

    def _request(self, messages: list[Message], opts: dict) -> urllib.request.Request:
        body = {
            "model": self.settings.openai_model,
            "messages": messages,
            "stream": True,
            "temperature": opts.get("temperature", self.settings.temperature),
            "max_tokens": opts.get("max_tokens", self.settings.max_tokens),
        }
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        key = os.environ.get(self.settings.openai_api_key_env, "")  # the key never sits in settings/files
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return urllib.request.Request(self.url, data=json.dumps(body).encode("utf-8"), headers=headers,
                                      method="POST")

    def stream(self, messages: list[Message], **opts) -> Iterator[str]:
        request = self._request(messages, opts)
        try:
            response = urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as e:
            detail = e.read(300).decode("utf-8", "replace").strip()
            raise EndpointError(f"{self.url}: HTTP {e.code} {detail}") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise EndpointError(f"{self.url}: 无法连接 OpenAI 兼容服务（{reason}）") from None
        with response:
            yield from parse_sse(response, self.url)


def parse_sse(lines, url: str = "") -> Iterator[str]:
    """Content deltas from an SSE byte stream of chat.completion.chunk events, until [DONE]."""
    for raw in lines:
        line = raw.decode("utf-8", "replace").strip() if isinstance(raw, bytes) else raw.strip()
        if not line.startswith("data:"):
            continue  # blank separators, comments (": ping"), event:/id: fields
        data = line[5:].strip()
        if data == "[DONE]":
            return
        try:
            event = json.loads(data)
        except json.JSONDecodeError:
            raise EndpointError(f"{url}: 服务返回了无法解析的数据：{data[:120]}") from None
        if "error" in event:
            raise EndpointError(f"{url}: {event['error']}")
        for choice in event.get("choices", []):
            piece = (choice.get("delta") or {}).get("content")
            if piece:
                yield piece
