"""Write jobs per knowledge base: uploads queue and run one after another in a background worker.

The page and the API submit a job and return at once (the API with a job id to poll; the page polls it and shows
"排队中，第N个" and then the progress); a second upload to a busy knowledge base waits its turn instead of failing.
One worker thread per knowledge base, started when a job arrives and gone when its queue is empty. (An upload
that meets a knowledge base held by another process, the CLI, waits for it: rag.webui.kb_admin.ingest_staged.)
Finished jobs are kept (the last `KEEP_FINISHED`) so a client can still read the result.
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
KEEP_FINISHED = 500


@dataclass
class Job:
    id: str
    kb: str
    files: list[str]
    state: str = "queued"  # queued | running | done | failed
    progress: float = 0.0
    message: str = "排队中"
    result: Any = None  # what the work returned (an UploadReport for uploads)
    error: str = ""
    created: float = field(default_factory=time.time)
    finished: float | None = None
    done_event: threading.Event = field(default_factory=threading.Event, repr=False)
    work: Callable[[Progress], Any] | None = field(default=None, repr=False)  # dropped once it has run


class JobQueue:
    """Per-KB FIFO queues of write jobs, each served by its own worker thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[str, deque[Job]] = {}
        self._served: set[str] = set()  # KBs with a live worker
        self._jobs: dict[str, Job] = {}
        self._finished: deque[str] = deque()

    def submit(self, kb: str, files: list[str], work: Callable[[Progress], Any]) -> Job:
        """Queue `work(progress)` behind the KB's other jobs; returns at once."""
        job = Job(uuid.uuid4().hex[:16], kb, list(files), work=work)
        with self._lock:
            self._jobs[job.id] = job
            self._waiting.setdefault(kb, deque()).append(job)
            if kb not in self._served:  # no worker for this KB: start one
                self._served.add(kb)
                threading.Thread(target=self._serve, args=(kb,), name=f"rag-jobs-{kb}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def position(self, job: Job) -> int:
        """1 for the next job to run, 2 behind it...; 0 once it runs or has finished."""
        with self._lock:
            queue = self._waiting.get(job.kb) or deque()
            return next((i + 1 for i, j in enumerate(queue) if j.id == job.id), 0)

    def active(self, kb: str) -> int:
        """Jobs of `kb` queued or running."""
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.kb == kb and j.state in ("queued", "running"))

    def jobs(self, kb: str | None = None) -> list[Job]:
        with self._lock:
            return [j for j in self._jobs.values() if kb is None or j.kb == kb]

    def describe(self, job: Job) -> dict[str, Any]:
        """A job as plain data (the API's job object)."""
        return {"id": job.id, "object": "job", "kb": job.kb, "files": job.files, "state": job.state,
                "position": self.position(job), "progress": round(job.progress, 3), "message": job.message,
                "error": job.error, "created": int(job.created),
                "finished": int(job.finished) if job.finished else None}

    def _serve(self, kb: str) -> None:
        while True:
            with self._lock:
                queue = self._waiting.get(kb)
                if not queue:
                    self._served.discard(kb)
                    self._waiting.pop(kb, None)
                    return
                job = queue.popleft()
                work, job.work = job.work, None
                job.state, job.message = "running", "开始处理"
            self._run(job, work)  # type: ignore[arg-type]

    def _run(self, job: Job, work: Callable[[Progress], Any]) -> None:
        def progress(frac: float, message: str) -> None:
            job.progress, job.message = max(0.0, min(1.0, frac)), message

        try:
            job.result = work(progress)
            job.state, job.progress, job.message = "done", 1.0, "完成"
        except Exception as e:  # the job fails, the worker goes on with the next one
            from rag.webui.kb_admin import describe_error

            log.exception("job %s on %s failed", job.id, job.kb)
            job.state, job.error, job.message = "failed", describe_error(e), "失败"
            job.result = e
        finally:
            job.finished = time.time()
            job.done_event.set()
            with self._lock:
                self._finished.append(job.id)
                while len(self._finished) > KEEP_FINISHED:
                    self._jobs.pop(self._finished.popleft(), None)


JOBS = JobQueue()  # the process's queue: the page and the API share it
