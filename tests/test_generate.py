"""Generators: the real local GGUF, the OpenAI-compatible HTTP/SSE client against a real local server
(a stdlib HTTP server streaming the real local model), and the extractive generator."""
from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rag.config import PROJECT_ROOT
from rag.errors import ModelMissingError, RagError
from rag.generate import get_generator
from rag.generate.local import LocalGenerator
from rag.generate.openai_compat import EndpointError, OpenAICompatGenerator, parse_sse
from rag.types import Chunk, Hit

QUESTION = [{"role": "user", "content": "用一句话回答：中国的首都是哪座城市？"}]
DOC = (PROJECT_ROOT / "data" / "sample" / "000_57414710c54d5ef4.txt").read_text(encoding="utf-8")


def passage(first_words: str, length: int, title: str = "", author: str = "") -> Hit:
    start = DOC.index(first_words)
    chunk = Chunk(chunk_id=f"000#{start}", doc_id="000.txt", source="data/sample/000.txt",
                  text=DOC[start:start + length], start=start, end=start + length, title=title, author=author)
    return Hit(chunk=chunk, score=1.0, rank=1, dense_score=0.85)


# --- local GGUF ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def local(settings) -> LocalGenerator:
    return get_generator(settings.replace(llm="local"))


def test_local_model_streams_an_answer_and_is_loaded_once(local, settings):
    pieces = list(local.stream(QUESTION, max_tokens=24))
    assert len(pieces) > 1  # streamed piece by piece, not one block
    assert "北京" in "".join(pieces)
    assert get_generator(settings.replace(llm="local")).llm is local.llm  # shared per process


def test_warm_up_leaves_the_system_prompt_in_the_kv_cache_for_the_first_question(local, settings):
    from rag.answer import system_prompt

    local.llm.reset()  # a fresh server: nothing read yet
    local.warm_up(system_prompt(settings))
    # Qwen's ChatML: what every question's prompt starts with, which llama.cpp will not compute again
    head = f"<|im_start|>system\n{system_prompt(settings)}<|im_end|>\n<|im_start|>user\n"
    expected = local.llm.tokenize(head.encode("utf-8"), add_bos=False, special=True)
    assert len(expected) > 300 and list(local.llm.input_ids[:len(expected)]) == expected
    read = local.llm.n_tokens
    local.warm_up(system_prompt(settings))  # already read: nothing more is computed
    assert local.llm.n_tokens == read


def test_refusal_bias_moves_the_model_off_its_refusal(local, settings):
    refusal = settings.refusal_text
    messages = [{"role": "system", "content": f"只依据资料回答。资料中没有答案时只回答：{refusal}"},
                {"role": "user", "content": "【资料】\n[1] 园区团购了500余桶消毒液。\n【问题】园区有多少名员工？"}]
    unbiased = LocalGenerator(settings.replace(llm="local", refusal_bias=0.0)).complete(messages, max_tokens=12)
    assert unbiased.startswith("资料")  # the model refuses on its own ...
    biased = LocalGenerator(settings.replace(llm="local", refusal_bias=100.0)).complete(messages, max_tokens=12)
    assert not biased.startswith("资料")  # ... and cannot open with the refusal under a large bias


def test_missing_model_file_names_the_file_and_the_fix(settings, tmp_path):
    missing = tmp_path / "absent.gguf"
    with pytest.raises(ModelMissingError, match="absent.gguf") as e:
        get_generator(settings.replace(llm="local", llm_model_path=missing))
    assert "setup.sh" in str(e.value)


def test_unknown_generator_is_a_clear_error(settings):
    with pytest.raises(RagError, match="gpt9"):
        get_generator(settings.replace(llm="gpt9"))


# --- OpenAI-compatible client against a real server -------------------------------------------------

class _ChatServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, generator: LocalGenerator) -> None:
        super().__init__(("127.0.0.1", 0), _ChatHandler)
        self.generator = generator
        self.requests: list[tuple[dict, dict]] = []


class _ChatHandler(BaseHTTPRequestHandler):
    """POST /v1/chat/completions with stream=true, answered by the real local model as SSE."""

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((dict(self.headers), body))
        if self.path != "/v1/chat/completions":
            self.send_error(404)
            return
        if self.headers.get("Authorization") != "Bearer test-key":
            payload = json.dumps({"error": {"message": "invalid api key"}}).encode()
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.wfile.write(b": keep-alive\n\n")
        for piece in self.server.generator.stream(body["messages"], max_tokens=body["max_tokens"],
                                                  temperature=body["temperature"]):
            event = {"object": "chat.completion.chunk", "model": body["model"],
                     "choices": [{"index": 0, "delta": {"content": piece}}]}
            self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")


@pytest.fixture(scope="module")
def chat_server(local):
    server = _ChatServer(local)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_openai_client_streams_from_a_real_server(chat_server, settings, monkeypatch):
    monkeypatch.setenv("RAG_TEST_API_KEY", "test-key")
    s = settings.replace(llm="openai", openai_base_url=f"http://127.0.0.1:{chat_server.server_port}/v1",
                         openai_api_key_env="RAG_TEST_API_KEY", openai_model="qwen-local")
    gen = get_generator(s)
    assert isinstance(gen, OpenAICompatGenerator)
    pieces = list(gen.stream(QUESTION, max_tokens=24))
    assert len(pieces) > 1 and "北京" in "".join(pieces)
    headers, body = chat_server.requests[-1]
    assert body["stream"] is True and body["model"] == "qwen-local" and body["messages"] == QUESTION


def test_openai_client_reports_http_errors(chat_server, settings, monkeypatch):
    monkeypatch.delenv("RAG_TEST_API_KEY", raising=False)
    s = settings.replace(openai_base_url=f"http://127.0.0.1:{chat_server.server_port}/v1",
                         openai_api_key_env="RAG_TEST_API_KEY")
    with pytest.raises(EndpointError, match="401.*invalid api key"):
        OpenAICompatGenerator(s).complete(QUESTION)


def test_openai_client_reports_unreachable_server(settings):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s = settings.replace(openai_base_url=f"http://127.0.0.1:{port}/v1")
    with pytest.raises(EndpointError, match=f"127.0.0.1:{port}.*无法连接"):
        OpenAICompatGenerator(s, timeout=5).complete(QUESTION)


def test_sse_parser_skips_comments_and_stops_at_done():
    stream = [b": ping\n", b"\n", b'data: {"choices":[{"delta":{"role":"assistant"}}]}\n',
              'data: {"choices":[{"delta":{"content":"北"}}]}\n'.encode(), b"\n",
              'data: {"choices":[{"delta":{"content":"京"}}]}\n'.encode(), b"data: [DONE]\n",
              b'data: {"choices":[{"delta":{"content":"never"}}]}\n']
    assert list(parse_sse(stream)) == ["北", "京"]
    with pytest.raises(EndpointError, match="无法解析"):
        list(parse_sse([b"data: {broken\n"]))


# --- extractive --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def extractive_hits() -> list[Hit]:
    return [passage("新冠肺炎疫情虽然短期内", 420, title="服务企业复工复产要合", author="樊自甫"),
            passage("加大新型基础设施建设", 200)]


def test_extractive_answers_with_the_best_sentence_and_a_citation(settings, extractive_hits):
    gen = get_generator(settings.replace(llm="extractive"))
    q = "高性能超算中心的存储容量要达到多少？"
    text = gen.complete([], question=q, passages=extractive_hits)
    assert "50PB" in text and "[2]" in text
    assert text == gen.complete([], question=q, passages=extractive_hits)  # deterministic


def test_extractive_answers_byline_questions_from_the_header(settings, extractive_hits):
    gen = get_generator(settings.replace(llm="extractive"))
    text = gen.complete([], question="《服务企业复工复产要合》的作者是谁？", passages=extractive_hits)
    assert "樊自甫" in text and "[1]" in text


def test_extractive_refuses_when_nothing_matches(settings, extractive_hits):
    gen = get_generator(settings.replace(llm="extractive"))
    text = gen.complete([], question="海底捞的新任首席执行官是谁？", passages=extractive_hits)
    assert text == settings.refusal_text
