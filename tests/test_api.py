"""The HTTP API through the real server (`python app.py` on a free port) with the real local LLM: the official
`openai` client for chat and models, httpx for knowledge bases, search, errors and auth."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx
import pytest
from filelock import FileLock

from rag.textmatch import normalize
from tests.server import running_app

FACT_Q = "文章提出建设的高性能超算中心存储容量要达到多少？"  # sample set s03, answered by the 1.5B model
READER_KEY = "reader-key-for-tests-5678"
KEY = "test-key-123"
POLICY = "职工食堂管理规定\n\n职工食堂每天晚餐于17点30分开始供应，周末停止供应晚餐。食堂由后勤处负责管理。\n"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("api_index")


@pytest.fixture(scope="module")
def base(index_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """No keys; a queue of one answer and a 1 MB upload limit, so 503 and 413 are easy to reach."""
    env = {"RAG_ANSWER_QUEUE_SIZE": "1", "RAG_MAX_FILE_MB": "1", "RAG_LOCK_TIMEOUT_S": "2", "RAG_JOB_BUSY_WAIT_S": "6"}
    with running_app(index_dir, tmp_path_factory.mktemp("api_log") / "app.log", env) as url:
        yield url


@pytest.fixture(scope="module")
def client(base: str):
    from openai import OpenAI
    return OpenAI(base_url=base + "v1", api_key="unused", max_retries=0, timeout=300)


def test_models_list_the_knowledge_bases(client):
    assert "sample" in [m.id for m in client.models.list().data]


def test_answer_carries_verified_citations_with_quotes(client):
    r = client.chat.completions.create(model="sample", messages=[{"role": "user", "content": FACT_Q}])
    extra = r.model_extra
    assert not extra["refused"], extra["sentences"]
    assert "50PB" in normalize(r.choices[0].message.content).upper()
    assert "[1]" in r.choices[0].message.content or "[2]" in r.choices[0].message.content
    cites = extra["citations"]
    keys = {"n", "document_id", "title", "source", "page", "chunk_id", "quote", "doc_start", "doc_end"}
    assert cites and all(keys <= set(c) for c in cites)
    assert any("50PB" in normalize(c["quote"]).upper() for c in cites)
    assert all("/" not in c["source"] for c in cites)  # a file name, never a server path
    assert all(s["supported"] for s in extra["sentences"] if s["citations"])
    # the local model judged the cited passages to state what was asked, at or above the rule's threshold
    assert isinstance(extra["judge_margin"], float) and extra["judge_margin"] >= 1.0
    # ...and its band, by the settings' thresholds
    from rag.config import load_settings
    from rag.judge import confidence
    assert extra["judge_confidence"] == confidence(extra["judge_margin"], load_settings())
    # usage counts what the model read (system prompt, passages, question) and wrote, not the question alone
    assert r.usage.prompt_tokens > 10 * len(FACT_Q) and r.usage.completion_tokens > 0
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens


def test_unanswerable_question_is_refused(client):
    r = client.chat.completions.create(model="sample", messages=[{"role": "user", "content": "樊自甫教授是哪一年出生的"}])
    assert r.model_extra["refused"] is True
    assert r.choices[0].message.content == "资料中没有找到相关信息。"
    assert r.model_extra["citations"] == []
    assert r.model_extra["judge_margin"] is None or r.model_extra["judge_margin"] < 1.0  # not judged, or judged no
    assert r.model_extra["judge_confidence"] is None  # a band is said of an answer kept, never of a refusal


def test_streaming_sends_sources_first_then_the_verified_answer(client):
    chunks = list(client.chat.completions.create(
        model="sample", stream=True, messages=[{"role": "user", "content": FACT_Q}]))
    extras = [c.model_extra for c in chunks]
    assert chunks[0].choices[0].delta.role == "assistant"
    first_passages = next(i for i, e in enumerate(extras) if e.get("passages"))
    first_content = next(i for i, c in enumerate(chunks) if c.choices and c.choices[0].delta.content)
    assert first_passages < first_content  # what is being read comes before any answer text
    assert extras[first_passages]["status"] == "reading"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert chunks[-1].choices[0].finish_reason == "stop"
    final = extras[-1]
    assert "50PB" in normalize(text).upper() and not final["refused"]
    assert any("50PB" in normalize(c["quote"]).upper() for c in final["citations"])
    assert final["judge_confidence"] in ("high", "medium", "low")  # judged and kept: its band comes last too


def test_follow_up_uses_the_history(client):
    history = [{"role": "user", "content": "樊自甫和万晓榆在文章中提出了什么建议？"},
               {"role": "assistant", "content": "他们建议抢抓疫情带来的数字化转型机遇，培育数字经济新增长点[1]。"}]
    r = client.chat.completions.create(model="sample", messages=history + [
        {"role": "user", "content": "那他们是哪所大学的教授？"}])
    assert "樊自甫" in r.model_extra["query"] and "他们" not in r.model_extra["query"]
    assert "重庆邮电大学" in normalize(r.choices[0].message.content)


def test_unknown_model_is_a_404_in_openai_shape(client):
    from openai import NotFoundError
    with pytest.raises(NotFoundError) as e:
        client.chat.completions.create(model="no-such-kb", messages=[{"role": "user", "content": "你好"}])
    assert e.value.body["code"] == "model_not_found" and "no-such-kb" in e.value.body["message"]


def test_embeddings_use_the_knowledge_base_embedder(client):
    r = client.embeddings.create(model="sample", input=["超算中心", "存储容量"])
    assert [d.index for d in r.data] == [0, 1] and len(r.data[0].embedding) == 384
    norm = sum(x * x for x in r.data[0].embedding) ** 0.5
    assert abs(norm - 1) < 1e-3


def test_kb_lifecycle(base: str, tmp_path: Path):
    with httpx.Client(base_url=base + "v1", timeout=300) as h:
        assert h.post("/kbs", json={"name": "policy"}).status_code == 201
        assert h.post("/kbs", json={"name": "policy"}).status_code == 409
        (tmp_path / "policy.txt").write_text(POLICY, encoding="utf-8")
        with open(tmp_path / "policy.txt", "rb") as f:
            up = h.post("/kbs/policy/documents", files=[("files", ("policy.txt", f, "text/plain"))])
        assert up.status_code == 200, up.text
        assert up.json()["added"] == ["policy.txt"]
        docs = h.get("/kbs/policy/documents").json()["data"]
        assert [d["id"] for d in docs] == ["policy.txt"]
        assert h.get("/kbs/policy").json()["docs"] == 1
        hits = h.post("/kbs/policy/search", json={"query": "晚餐几点开始供应", "k": 3}).json()["data"]
        assert "17点30分" in hits[0]["text"]
        assert {"dense_score", "bm25_score", "score", "doc_start", "doc_end"} <= set(hits[0])
        answer = h.post("/chat/completions", json={"model": "policy", "llm": "extractive", "messages": [
            {"role": "user", "content": "职工食堂晚餐几点开始供应？"}]}).json()
        assert "17点30分" in answer["choices"][0]["message"]["content"] and answer["citations"]
        assert h.delete("/kbs/policy/documents/policy.txt").status_code == 200
        assert h.delete("/kbs/policy/documents/policy.txt").status_code == 404
        assert h.get("/kbs/policy/documents").json()["data"] == []
        assert h.delete("/kbs/policy").status_code == 200
        assert h.get("/kbs/policy").status_code == 404
        assert "policy" not in [m["id"] for m in h.get("/models").json()["data"]]


def _error(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    body = r.json()["error"]
    assert body["message"] and body["type"] and "Traceback" not in body["message"]
    return body


def test_bad_inputs_get_clear_errors(base: str, tmp_path: Path):
    with httpx.Client(base_url=base + "v1", timeout=300) as h:
        assert _error(h.post("/chat/completions", content=b"{not json", headers={"content-type": "application/json"}),
                      400)["param"] == "body"
        assert _error(h.post("/chat/completions", json={"model": "sample"}), 400)["param"] == "messages"
        assert "messages" in _error(h.post("/chat/completions", json={
            "model": "sample", "messages": [{"role": "assistant", "content": "hi"}]}), 400)["message"]
        assert _error(h.post("/chat/completions", json={"model": "sample", "top_k": 0, "messages": [
            {"role": "user", "content": "问"}]}), 400)["param"] == "top_k"
        assert _error(h.post("/chat/completions", json={"model": "sample", "n": 3, "messages": [
            {"role": "user", "content": "问"}]}), 400)["param"] == "n"
        assert "名称" in _error(h.post("/kbs", json={"name": "../etc"}), 400)["message"]
        _error(h.get("/kbs/nope"), 404)
        _error(h.post("/kbs/nope/search", json={"query": "x"}), 404)
        (tmp_path / "bad.exe").write_bytes(b"MZ\x00\x01")
        with open(tmp_path / "bad.exe", "rb") as f:
            assert "bad.exe" in _error(h.post("/kbs/sample/documents", files=[("files", ("bad.exe", f))]), 400)["message"]
        (tmp_path / "big.txt").write_bytes("大".encode() * 600_000)  # 1.8 MB over the 1 MB limit
        with open(tmp_path / "big.txt", "rb") as f:
            assert "big.txt" in _error(h.post("/kbs/sample/documents", files=[("files", ("big.txt", f))]), 413)["message"]
        assert h.get("/kbs/sample").json()["docs"] == 2  # nothing indexed was lost


def test_uploads_queue_behind_a_busy_kb_and_are_polled_by_job_id(base: str, index_dir: Path, tmp_path: Path):
    """Another process holds the KB: a waiting upload gives up after RAG_JOB_BUSY_WAIT_S with 409; one sent with
    wait=false gets 202 and a job id at once, waits in the queue and is stored when the KB is free."""
    with httpx.Client(base_url=base + "v1", timeout=300) as h:
        assert h.post("/kbs", json={"name": "busy"}).status_code == 201
        (tmp_path / "a.txt").write_text(POLICY, encoding="utf-8")
        with FileLock(str(index_dir / "busy" / ".lock")):
            with open(tmp_path / "a.txt", "rb") as f:
                body = _error(h.post("/kbs/busy/documents", files=[("files", ("a.txt", f))]), 409)
            assert "另一个进程" in body["message"]
            with open(tmp_path / "a.txt", "rb") as f:
                r = h.post("/kbs/busy/documents", params={"wait": "false"}, files=[("files", ("a.txt", f))])
            assert r.status_code == 202, r.text
            job = r.json()
            assert job["object"] == "job" and job["state"] in ("queued", "running") and job["files"] == ["a.txt"]
            assert _error(h.delete("/kbs/busy"), 409)["code"] == "kb_busy"  # not while a job is pending
        deadline = time.monotonic() + 120
        while (status := h.get(f"/jobs/{job['id']}").json())["state"] in ("queued", "running"):
            assert time.monotonic() < deadline, status
            time.sleep(0.3)
        assert status["state"] == "done", status
        assert status["result"]["added"] == ["a.txt"] and status["result"]["job"] == job["id"]
        assert job["id"] in [j["id"] for j in h.get("/kbs/busy/jobs").json()["data"]]
        assert [d["id"] for d in h.get("/kbs/busy/documents").json()["data"]] == ["a.txt"]
        assert _error(h.get("/jobs/nope"), 404)["param"] == "job_id"
        assert h.delete("/kbs/busy").status_code == 200


def test_full_answer_queue_is_a_503_with_retry_after(base: str):
    with httpx.Client(base_url=base + "v1", timeout=300) as h:
        holder = h.build_request("POST", "/chat/completions", json={
            "model": "sample", "stream": True, "messages": [{"role": "user", "content": FACT_Q}]})
        first = h.send(holder, stream=True)  # holds the only place in the queue until its stream ends
        stream = first.iter_lines()
        try:
            next(stream)
            with httpx.Client(base_url=base + "v1", timeout=60) as other:
                r = other.post("/chat/completions", json={"model": "sample", "llm": "extractive",
                                                          "messages": [{"role": "user", "content": "问题"}]})
            body = _error(r, 503)
            assert body["code"] == "queue_full" and int(r.headers["Retry-After"]) > 0
        finally:
            lines = list(stream)
            first.close()
        assert [line for line in lines if line][-1] == "data: [DONE]"


@pytest.fixture(scope="module")
def keyed(index_dir: Path, base: str, tmp_path_factory: pytest.TempPathFactory):
    """A second server on the same index, with an API key."""
    log = tmp_path_factory.mktemp("api_keyed_log") / "app.log"
    with running_app(index_dir, log, {"RAG_API_KEYS": f"{KEY},{READER_KEY}:reader", "RAG_LLM": "extractive"}) as url:
        yield url, log


def test_auth_missing_wrong_and_right_key(keyed):
    url, log = keyed
    with httpx.Client(base_url=url + "v1", timeout=120) as h:
        assert _error(h.get("/models"), 401)["code"] == "missing_api_key"
        assert _error(h.get("/models", headers={"Authorization": "Bearer wrong"}), 401)["code"] == "invalid_api_key"
        ok = h.get("/models", headers={"Authorization": f"Bearer {KEY}"})
        assert ok.status_code == 200 and "sample" in [m["id"] for m in ok.json()["data"]]
        assert _error(h.post("/kbs", json={"name": "x"}), 401)
    with httpx.Client(base_url=url, timeout=60) as h:  # the page: its config needs a login with a key
        assert h.get("/config").status_code == 401
        assert h.post("/login", data={"username": "u", "password": "wrong"}).status_code == 400
        assert h.post("/login", data={"username": "u", "password": KEY}).status_code == 200
        assert h.get("/config").status_code == 200
    assert KEY not in log.read_text(encoding="utf-8")


def test_reader_key_asks_and_searches_but_cannot_change_kbs(keyed):
    url, _ = keyed
    reader = {"Authorization": f"Bearer {READER_KEY}"}
    editor = {"Authorization": f"Bearer {KEY}"}
    with httpx.Client(base_url=url + "v1", timeout=120) as h:
        assert h.get("/models", headers=reader).status_code == 200
        assert h.post("/kbs/sample/search", json={"query": "西彭园区"}, headers=reader).status_code == 200
        chat = h.post("/chat/completions", headers=reader,
                      json={"model": "sample", "messages": [{"role": "user", "content": "西彭园区组织了多少家银行？"}]})
        assert chat.status_code == 200
        for r in (h.post("/kbs", json={"name": "by_reader"}, headers=reader),
                  h.delete("/kbs/sample", headers=reader),
                  h.delete("/kbs/sample/documents/anything.txt", headers=reader),
                  h.post("/kbs/sample/documents", files={"files": ("a.txt", "内容".encode())}, headers=reader)):
            assert _error(r, 403)["code"] == "permission_denied"
        assert h.post("/kbs", json={"name": "by_editor"}, headers=editor).status_code == 201
        assert h.delete("/kbs/by_editor", headers=editor).status_code == 200
        assert "sample" in [m["id"] for m in h.get("/models", headers=reader).json()["data"]]


def test_page_user_names_stay_bound_to_their_role():
    from types import SimpleNamespace

    from rag.api.auth import page_login, page_may_edit

    keys = {"ed-key": "editor", "rd-key": "reader"}
    login = page_login(keys)
    assert login("reader_user", "rd-key") and not page_may_edit(SimpleNamespace(username="reader_user"), True)
    assert not login("reader_user", "ed-key")  # a reader's name cannot be taken over with another role
    assert login("editor_user", "ed-key") and page_may_edit(SimpleNamespace(username="editor_user"), True)
    assert not login("someone", "wrong")
    assert page_may_edit(SimpleNamespace(username=""), False)  # no keys: everyone edits


def test_auth_off_needs_no_key(base: str):
    assert httpx.get(base + "v1/models", timeout=60).status_code == 200


def test_public_address_without_keys_is_refused(index_dir: Path, tmp_path: Path):
    import subprocess
    import sys

    from rag.config import PROJECT_ROOT
    import os
    env = dict(os.environ, RAG_INDEX_DIR=str(index_dir), RAG_API_KEYS="")
    r = subprocess.run([sys.executable, str(PROJECT_ROOT / "app.py"), "--host", "0.0.0.0", "--port", "1"],
                       cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "RAG_API_KEYS" in r.stderr and "--insecure" in r.stderr


def test_docs_page_is_served(base: str):
    r = httpx.get(base + "docs", timeout=60)
    assert r.status_code == 200 and "swagger" in r.text.lower()
    spec = json.loads(httpx.get(base + "openapi.json", timeout=60).text)
    assert "/v1/chat/completions" in spec["paths"]


def test_answer_queue_turns_away_the_request_over_its_size_and_releases_once():
    from rag.answer_queue import AnswerQueue, QueueFullError

    queue = AnswerQueue(2)
    first, second = queue.admit(), queue.admit()
    with pytest.raises(QueueFullError, match="队列已满"):
        queue.admit()
    first()
    first()  # a stream released on completion and again when collected frees one place, not two
    assert queue.admitted == 1
    with queue.slot():
        assert queue.admitted == 2
    second()
    assert queue.admitted == 0
