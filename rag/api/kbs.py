"""Knowledge bases over HTTP: list, create, stats, delete; upload, list and delete documents; search. Uploads go
through the page's own checks (rag.webui.kb_admin), so the limits and messages are the same."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, File, Response, UploadFile

from rag.api.chat import passage_json
from rag.api.errors import ApiError
from rag.api.schemas import KBCreate, SearchRequest
from rag.config import Settings
from rag.jobs import JOBS
from rag.webui import kb_admin

COPY_BLOCK = 1 << 20


def _stats(kb: Any) -> dict[str, Any]:
    s = kb.stats()
    s.pop("path", None)  # server paths stay on the server
    return s


def router(settings: Settings, kb_open) -> APIRouter:
    r = APIRouter(prefix="/v1/kbs", tags=["knowledge bases"])

    @r.get("")
    def list_kbs() -> dict[str, Any]:
        return {"object": "list", "data": [_stats(kb_open(n)) for n in kb_admin.kb_names(settings)]}

    @r.post("", status_code=201)
    def create(body: KBCreate) -> dict[str, Any]:
        try:
            name = kb_admin.validate_kb_name(body.name)
        except ValueError as e:
            raise ApiError(400, f"name: {e}", "invalid_name", "name") from None
        if name in kb_admin.kb_names(settings):
            raise ApiError(409, f"知识库“{name}”已存在", "kb_exists", "name")
        return _stats(kb_admin.open_kb(name, settings, create=True))

    @r.get("/{name}")
    def stats(name: str) -> dict[str, Any]:
        return _stats(kb_open(name))

    @r.delete("/{name}")
    def delete(name: str) -> dict[str, Any]:
        from rag.stores import delete_kb
        kb_open(name)
        if active := JOBS.active(name):
            raise ApiError(409, f"知识库“{name}”还有 {active} 个导入任务未完成，请稍后再删除", "kb_busy")
        delete_kb(name, settings)
        kb_admin.forget_kb(name, settings)
        return {"id": name, "object": "kb", "deleted": True}

    @r.get("/{name}/documents")
    def documents(name: str) -> dict[str, Any]:
        kb_open(name)
        return {"object": "list", "data": [
            {"id": d.doc_id, "title": d.title, "chars": len(d.text), "source": Path(d.source).name}
            for d in kb_admin.list_documents(name, settings)]}

    @r.post("/{name}/documents")
    def upload(name: str, response: Response, files: list[UploadFile] = File(...), wait: bool = True) -> dict[str, Any]:
        """Files are checked and staged now, then ingested by the KB's job queue behind earlier uploads.
        `wait=false`: 202 with the job at once (poll GET /v1/jobs/{id}); otherwise the reply comes when it is done."""
        kb_open(name)
        if len(files) > settings.max_upload_files:
            raise ApiError(413, f"files: 一次最多上传 {settings.max_upload_files} 个文件（收到 {len(files)} 个）",
                           "too_many_files", "files")
        limit = int(settings.max_file_mb * 1024 * 1024)
        with tempfile.TemporaryDirectory(prefix="rag-upload-") as tmp:
            saved = []
            for i, f in enumerate(files):
                path = Path(tmp) / f"{i}"
                size = _save(f, path, limit)
                if size > limit:
                    raise ApiError(413, f"{f.filename}: 文件太大（超过 {settings.max_file_mb:g} MB 上限）",
                                   "file_too_large", "files")
                saved.append((path, f.filename or "upload"))
            job = kb_admin.submit_upload(name, saved, settings)  # staged: the temporary copies may go now
        if not wait:
            response.status_code = 202
            return JOBS.describe(job)
        job.done_event.wait()
        if job.state == "failed":
            raise job.result  # the error handlers give KBBusyError 409, others their status
        return upload_reply(job)

    @r.get("/{name}/jobs")
    def jobs(name: str) -> dict[str, Any]:
        kb_open(name)
        return {"object": "list", "data": [JOBS.describe(j) for j in JOBS.jobs(name)]}

    @r.delete("/{name}/documents/{doc_id}")
    def delete_document(name: str, doc_id: str) -> dict[str, Any]:
        kb_open(name)
        kb_admin.delete_document(name, doc_id, settings)
        return {"id": doc_id, "object": "document", "deleted": True}

    @r.post("/{name}/search")
    def search(name: str, body: SearchRequest) -> dict[str, Any]:
        from rag.retrieve import Retriever
        hits = Retriever(kb_open(name), settings).search(body.query, k=body.k)
        return {"object": "list", "query": body.query, "data": [passage_json(h) for h in hits]}

    return r


def upload_reply(job: Any) -> dict[str, Any]:
    """A finished upload job's report; ApiError 400 when no file could be used."""
    report = job.result
    errors = [{"file": f, "problem": p} for f, p in report.errors]
    if errors and not report.added and not report.updated:
        raise ApiError(400, "；".join(f"{e['file']}: {e['problem']}" for e in errors), "no_valid_file", "files")
    return {"job": job.id, "added": report.added, "updated": report.updated, "errors": errors, "stats": report.stats}


def jobs_router(settings: Settings) -> APIRouter:
    r = APIRouter(prefix="/v1/jobs", tags=["jobs"])

    @r.get("/{job_id}")
    def job(job_id: str) -> dict[str, Any]:
        """An upload job: state queued | running | done | failed, its place in the queue, progress; when done,
        the upload's report (`result`)."""
        found = JOBS.get(job_id)
        if found is None:
            raise ApiError(404, f"job_id: 没有任务“{job_id}”（已完成的任务只保留最近 500 个）", "job_not_found", "job_id")
        out = JOBS.describe(found)
        if found.state == "done":
            try:
                out["result"] = upload_reply(found)
            except ApiError as e:
                out["state"], out["error"] = "failed", e.message
        return out

    return r


def _save(upload: UploadFile, path: Path, limit: int) -> int:
    """Copy an upload to `path`, stopping one block past `limit`; returns the bytes written."""
    written = 0
    with open(path, "wb") as out:
        while block := upload.file.read(COPY_BLOCK):
            written += len(block)
            if written > limit:
                break
            out.write(block)
    return written
