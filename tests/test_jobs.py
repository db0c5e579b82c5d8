"""Write jobs (rag.jobs): uploads to one knowledge base queue and run one after another; a writer in another
process makes them wait, not fail; embedding happens outside the knowledge base's lock."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

from rag.config import Settings
from rag.jobs import JobQueue

WAIT_S = 120


def _wait_for(condition, what: str, timeout: float = WAIT_S) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


# ---------------------------------------------------------------- the queue itself
def test_jobs_of_one_kb_run_in_order_one_at_a_time_and_report_their_place() -> None:
    queue, gate, order, running = JobQueue(), threading.Event(), [], []

    def work(tag: str):  # type: ignore[no-untyped-def]
        def run(progress):  # type: ignore[no-untyped-def]
            running.append(tag)
            assert len(running) - len(order) == 1, "two jobs of one KB ran at once"
            progress(0.5, f"{tag} 进行中")
            gate.wait(WAIT_S)
            order.append(tag)
            return tag
        return run

    first, second, third = (queue.submit("kb", [f"{t}.txt"], work(t)) for t in "abc")
    other = queue.submit("other", ["x.txt"], lambda progress: "x")  # another KB does not wait behind kb
    assert other.done_event.wait(WAIT_S) and other.result == "x"
    _wait_for(lambda: first.message == "a 进行中", "the first job to start")
    assert (queue.position(first), queue.position(second), queue.position(third)) == (0, 1, 2)
    assert queue.describe(third)["position"] == 2 and queue.describe(third)["state"] == "queued"
    assert queue.active("kb") == 3
    gate.set()
    for job in (first, second, third):
        assert job.done_event.wait(WAIT_S)
    assert order == ["a", "b", "c"] and [j.state for j in (first, second, third)] == ["done"] * 3
    assert third.result == "c" and queue.active("kb") == 0


def test_a_failing_job_is_reported_and_the_next_one_still_runs() -> None:
    queue = JobQueue()

    def broken(progress):  # type: ignore[no-untyped-def]
        raise ValueError("文件 x.txt：第 3 行无法解析")

    bad = queue.submit("kb", ["x.txt"], broken)
    good = queue.submit("kb", ["y.txt"], lambda progress: "ok")
    assert bad.done_event.wait(WAIT_S) and good.done_event.wait(WAIT_S)
    assert bad.state == "failed" and bad.error == "文件 x.txt：第 3 行无法解析"
    assert good.state == "done" and good.result == "ok"


# ---------------------------------------------------------------- real uploads into a real knowledge base
@pytest.fixture()
def jobs_kb(settings: Settings, tmp_path: Path, request: pytest.FixtureRequest) -> tuple[str, Settings]:
    from rag.stores import open_kb

    s = settings.replace(index_dir=tmp_path / "index", lock_timeout_s=0.2, job_busy_wait_s=WAIT_S)
    name = "jobs_" + request.node.name[5:25]
    open_kb(name, s, create=True)
    return name, s


def _file(tmp_path: Path, name: str, text: str) -> tuple[Path, str]:
    path = tmp_path / "browser-tmp" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, name


def test_second_upload_queues_behind_the_first_and_nothing_is_dropped(jobs_kb, tmp_path: Path) -> None:
    """Another process (the CLI) holds the KB: the first upload waits for it, the second queues behind the
    first (第 1 个), and once the lock is free both are indexed and both files are in the uploads folder."""
    from rag.jobs import JOBS
    from rag.webui import kb_admin
    from rag.webui.uploads import UPLOAD_DIRNAME

    name, s = jobs_kb
    with FileLock(str(s.kb_dir(name) / ".lock")):
        first = kb_admin.submit_upload(name, [_file(tmp_path, "早.txt", "职工食堂早餐七点开始供应。")], s)
        second = kb_admin.submit_upload(name, [_file(tmp_path, "晚.txt", "职工食堂晚餐五点半开始供应。")], s)
        _wait_for(lambda: "等待其他写入进程" in first.message, "the first job to wait for the other writer")
        assert first.state == "running" and JOBS.position(second) == 1 and second.state == "queued"
    for job in (first, second):
        assert job.done_event.wait(WAIT_S), job.message
        assert job.state == "done", job.error
    assert first.result.added == ["早.txt"] and second.result.added == ["晚.txt"]
    assert sorted(d.doc_id for d in kb_admin.list_documents(name, s)) == ["早.txt", "晚.txt"]
    folder = s.kb_dir(name) / UPLOAD_DIRNAME
    assert sorted(p.name for p in folder.iterdir()) == ["早.txt", "晚.txt"]  # no staging folder left


def test_upload_waiting_past_its_limit_fails_clearly_and_stores_nothing(jobs_kb, tmp_path: Path) -> None:
    from rag.webui import kb_admin
    from rag.webui.uploads import UPLOAD_DIRNAME

    name, s = jobs_kb
    with FileLock(str(s.kb_dir(name) / ".lock")):
        job = kb_admin.submit_upload(name, [_file(tmp_path, "晚到.txt", "晚到的文件内容。")],
                                     s.replace(job_busy_wait_s=0))
        assert job.done_event.wait(WAIT_S)
    assert job.state == "failed" and "正在被另一个进程写入" in job.error
    assert kb_admin.list_documents(name, s) == []
    folder = s.kb_dir(name) / UPLOAD_DIRNAME
    assert not folder.exists() or list(folder.iterdir()) == []  # the staged copy went with the job


def test_embedding_runs_outside_the_kb_lock(jobs_kb) -> None:
    """While an ingest embeds, the KB's lock is free: another writer could commit meanwhile."""
    from rag.stores import open_kb
    from rag.types import Document

    name, s = jobs_kb
    kb = open_kb(name, s)
    lock_free_while_embedding = []

    def on_progress(done: int, total: int) -> None:  # called between embedding batches, before the commit
        lock = FileLock(str(s.kb_dir(name) / ".lock"), timeout=0)
        try:
            with lock:
                lock_free_while_embedding.append(True)
        except Exception:
            lock_free_while_embedding.append(False)

    text = "。".join(f"第{i}条规定：职工每年享有带薪年假{i % 15 + 5}天" for i in range(60)) + "。"
    counts = kb.add_documents([Document("规定.txt", "规定.txt", text, "规定")], progress=on_progress)
    assert counts["added"] == 1 and counts["chunks"] > 0
    assert lock_free_while_embedding and all(lock_free_while_embedding)
    assert kb.get_document("规定.txt") is not None


def test_staging_left_by_a_stopped_server_is_removed_at_start(jobs_kb) -> None:
    import os

    from rag.webui import kb_admin
    from rag.webui.uploads import UPLOAD_DIRNAME

    name, s = jobs_kb
    folder = s.kb_dir(name) / UPLOAD_DIRNAME
    old, live = folder / ".staging-old", folder / ".staging-live"
    for staging in (old, live):
        staging.mkdir(parents=True)
        (staging / "a.txt").write_text("内容", encoding="utf-8")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert kb_admin.remove_stale_staging(s) == 1
    assert not old.exists() and (live / "a.txt").exists()  # another server's upload in progress stays
