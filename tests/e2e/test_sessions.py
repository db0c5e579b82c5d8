"""Many page sessions at once, through the real server with gradio_client (one client = one browser session):
ten chats get their own answers, and uploads from three sessions into one knowledge base all queue and land."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from gradio_client import Client, handle_file

from rag.textmatch import normalize

# (question, a fact only its answer holds): answers about different parts of the sample pages
QUESTIONS = [
    ("高性能超算中心的存储容量要达到多少？", "50PB"),
    ("西彭园区团购了多少桶消毒液？", "500"),
    ("服务企业复工复产要合的作者是谁？", "樊自甫"),
    ("文章建议建设基于5G的什么级别自动驾驶开放道路场景示范运营基地？", "L4"),
    ("超算中心峰值浮点运算能力要达到多少？", "亿亿次"),
]
SESSIONS = 10


def _ask(url: str, question: str) -> str:
    client = Client(url, verbose=False)
    # respond(q, kb, top_k, dense_weight, llm, temperature) -> (chat html, sources html, cleared question box);
    # the turns state lives in the session, as for a browser
    chat_html, _sources, _box = client.predict(question, "sample", 5, 0.6, "extractive", 0.1, api_name="/respond")
    return chat_html


def test_ten_chat_sessions_at_once_each_get_their_own_answer(app_url: str) -> None:
    asked = [QUESTIONS[i % len(QUESTIONS)] for i in range(SESSIONS)]
    with ThreadPoolExecutor(SESSIONS) as pool:
        answers = list(pool.map(lambda qa: _ask(app_url, qa[0]), asked))
    for (question, fact), html_text in zip(asked, answers):
        text = normalize(html_text).upper()
        assert normalize(question) in normalize(html_text), "a session shows another session's question"
        assert normalize(fact).upper() in text, (question, html_text[:500])
        others = [q for q, _ in QUESTIONS if q != question]
        assert not any(normalize(q) in normalize(html_text) for q in others), "histories mixed between sessions"


def _upload(url: str, path: Path) -> str:
    client = Client(url, verbose=False)
    # into the sample KB: a session's KB choices are the page's, built when the server started
    result, *_ = client.predict([handle_file(str(path))], "sample", api_name="/do_upload")
    return result


def test_uploads_from_three_sessions_into_one_kb_all_land(app_url: str, tmp_path: Path) -> None:
    files = []
    for i, (place, time) in enumerate([("一号楼", "八点"), ("二号楼", "九点"), ("三号楼", "十点")]):
        path = tmp_path / f"通知{i}.txt"
        path.write_text(f"{place}会议室每天{time}开放，请提前预约。" * 20, encoding="utf-8")
        files.append(path)
    with ThreadPoolExecutor(len(files)) as pool:
        results = list(pool.map(lambda p: _upload(app_url, p), files))
    for path, result in zip(files, results):
        assert f"已导入 1 个文件到“sample”：{path.name}" in result, result
    listed = httpx.get(app_url + "v1/kbs/sample/documents", timeout=60).json()["data"]
    assert {p.name for p in files} <= {d["id"] for d in listed}
