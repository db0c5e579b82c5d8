"""Knowledge-base management for the web UI: open (cached), create, build the sample, upload, list, delete.

Open stores are cached per process so models and indexes load once. Uploads from the page and the API are
staged at once and ingested by the KB's job queue (rag.jobs), one after another; the store's file lock,
held only while committing, keeps other processes (the CLI) consistent with them.
"""
from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rag.config import Settings
from rag.errors import IngestError, KBBusyError, KBNotFoundError, RagError
from rag.types import Document
from rag.webui.uploads import UPLOAD_DIRNAME, UploadProblem, check_upload, sanitize_filename, store_upload, validate_kb_name

log = logging.getLogger(__name__)

_cache: dict[tuple[str, str], object] = {}
_cache_lock = threading.Lock()

Progress = Callable[[float, str], None]
BUSY_RETRY_S = 2.0


def _key(name: str, settings: Settings) -> tuple[str, str]:
    return (str(Path(settings.index_dir).resolve()), name)


def open_kb(name: str, settings: Settings, create: bool = False):
    """The process-wide store for `name` (KBNotFoundError if missing and not `create`)."""
    from rag.stores import open_kb

    key = _key(name, settings)
    with _cache_lock:
        kb = _cache.get(key)
        if kb is None:
            kb = open_kb(name, settings, create=create)
            _cache[key] = kb
    kb.refresh()  # cheap: picks up writes made by the CLI or another process
    return kb


def forget_kb(name: str, settings: Settings) -> None:
    with _cache_lock:
        _cache.pop(_key(name, settings), None)


def kb_names(settings: Settings) -> list[str]:
    from rag.stores import list_kbs

    return sorted(list_kbs(settings))


def create_kb(name: str, settings: Settings) -> str:
    """Validate and create an empty KB; ValueError for a bad or taken name."""
    name = validate_kb_name(name)
    if name in kb_names(settings):
        raise ValueError(f"知识库“{name}”已存在")
    open_kb(name, settings, create=True)
    return name


def ingest_paths(kb, paths: Iterable[Path], settings: Settings, progress: Progress | None = None,
                 sources: dict[Path, Path] | None = None) -> tuple[dict, list[tuple[str, str]]]:
    """Read files through the CLI's ingest path and add them to `kb`. Returns (add stats, [(file, problem)]).

    `sources` maps a file read here to where it will live once indexed (staged uploads)."""
    from rag.ingest import iter_documents

    paths = list(paths)
    docs: list[Document] = []
    errors: list[tuple[str, str]] = []
    for i, path in enumerate(paths):
        if progress:
            progress(0.5 * i / max(1, len(paths)), f"读取 {path.name}")
        for item in iter_documents([path], settings):
            if isinstance(item, IngestError):
                errors.append((Path(item.path).name, item.problem))
            elif isinstance(item, Exception):
                errors.append((path.name, str(item)))
            else:
                if sources and path in sources:
                    item.source = str(sources[path])
                docs.append(item)
    stats: dict = {}
    if docs:
        if progress:
            progress(0.5, f"向量化并写入索引（{len(docs)} 个文档）")
        def chunks_done(done: int, total: int) -> None:  # total 0: a store that streams (Milvus) does not know it
            if total:
                progress(0.5 + 0.5 * done / total, f"向量化并写入索引：{done}/{total} 块")  # type: ignore[misc]
            else:
                progress(0.75, f"向量化并写入索引：已完成 {done} 块")  # type: ignore[misc]

        # without a callback, the store's tqdm bar on stderr (server start-up building the sample)
        stats = kb.add_documents(docs, progress=chunks_done if progress else True) or {}
    if progress:
        progress(1.0, "完成")
    return stats, errors


def ensure_kb(name: str, settings: Settings, progress: Progress | None = None):
    """Open `name`; the default KB is built from data/sample on first start, any other missing KB is created empty."""
    if name in kb_names(settings):  # existing KBs may use any name the CLI accepts
        kb = open_kb(name, settings)
        if name != settings.default_kb or kb.documents():
            return kb
    else:
        kb = open_kb(validate_kb_name(name), settings, create=True)
    if name == settings.default_kb and Path(settings.sample_dir).is_dir():
        files = sorted(p for p in Path(settings.sample_dir).iterdir() if p.is_file())
        _, errors = ingest_paths(kb, files, settings, progress)
        for f, problem in errors:
            log.warning("sample file %s skipped: %s", f, problem)
    return kb


@dataclass
class UploadReport:
    added: list[str] = field(default_factory=list)  # stored file names, new to the KB
    updated: list[str] = field(default_factory=list)  # stored file names that replaced a same-named document
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file as uploaded, problem)
    stats: dict = field(default_factory=dict)


@dataclass
class StagedUpload:
    """Uploads checked and copied into a staging folder, waiting to be ingested (a job's input)."""
    kb: str
    staging: Path
    files: dict[str, tuple[Path, str]] = field(default_factory=dict)  # stored name -> (staged path, name as uploaded)
    errors: list[tuple[str, str]] = field(default_factory=list)  # refused at the door: (name as uploaded, problem)


def stage_uploads(kb_name: str, uploads: list[tuple[Path, str]], settings: Settings) -> StagedUpload:
    """Check each upload (type, size, content) and copy the good ones into a fresh staging folder of the KB,
    so the caller's temporary files may go at once."""
    open_kb(kb_name, settings)  # KBNotFoundError now, not in the job
    folder = Path(settings.kb_dir(kb_name)) / UPLOAD_DIRNAME
    staged = StagedUpload(kb_name, folder / f".staging-{uuid.uuid4().hex}")
    for tmp, shown in uploads:
        safe = sanitize_filename(shown)
        try:
            check_upload(Path(tmp), safe, settings.max_file_mb)
            dest = store_upload(Path(tmp), safe, staged.staging, set())  # same name twice: the later one wins
        except UploadProblem as e:
            staged.errors.append((shown, str(e)))
            continue
        except OSError as e:
            staged.errors.append((shown, f"无法保存：{e.strerror or e}"))
            continue
        staged.files[dest.name] = (dest, shown)
    return staged


def ingest_staged(staged: StagedUpload, settings: Settings, progress: Progress | None = None) -> UploadReport:
    """Ingest staged files, waiting up to settings.job_busy_wait_s while another process writes the KB. A file
    with the name of a document already in the KB replaces it (same doc id: its old chunks go). Files move from
    staging into the uploads folder only after the index commit succeeded, so that folder always matches the
    index; the staging folder goes whatever happens."""
    report = UploadReport(errors=list(staged.errors))
    try:
        if not staged.files:
            return report
        kb = open_kb(staged.kb, settings)
        folder = staged.staging.parent
        existing = {d.doc_id for d in kb.documents()}
        final = {p: folder / name for name, (p, _) in staged.files.items()}
        deadline = time.monotonic() + settings.job_busy_wait_s
        while True:
            try:
                stats, errors = ingest_paths(kb, list(final), settings, progress, sources=final)
                break
            except KBBusyError:  # another process (the CLI) writes this KB: wait for it, within reason
                if time.monotonic() + BUSY_RETRY_S > deadline:
                    raise
                if progress:
                    progress(0.5, "等待其他写入进程完成…")
                time.sleep(BUSY_RETRY_S)
        report.stats = stats
        failed = {f for f, _ in errors}
        for f, problem in errors:
            report.errors.append((staged.files[f][1] if f in staged.files else f, problem))
        for name, (path, _) in staged.files.items():
            if name in failed:
                continue
            os.replace(path, folder / name)  # after the commit: the folder follows the index
            (report.updated if name in existing else report.added).append(name)
    finally:
        shutil.rmtree(staged.staging, ignore_errors=True)
    return report


STALE_STAGING_S = 3600.0


def remove_stale_staging(settings: Settings) -> int:
    """Staging folders left by jobs that never ran (the server stopped with uploads queued): removed at start. Only
    those older than an hour, so another server on the same index keeps its live ones. Returns how many went."""
    removed = 0
    for name in kb_names(settings):
        folder = Path(settings.kb_dir(name)) / UPLOAD_DIRNAME
        for staging in folder.glob(".staging-*") if folder.is_dir() else []:
            try:
                if time.time() - staging.stat().st_mtime > STALE_STAGING_S:
                    shutil.rmtree(staging, ignore_errors=True)
                    removed += 1
            except OSError:
                continue
    return removed


def submit_upload(kb_name: str, uploads: list[tuple[Path, str]], settings: Settings):
    """Stage the uploads and queue their ingestion behind the KB's other jobs; returns the rag.jobs.Job at once
    (its result is the UploadReport)."""
    from rag.jobs import JOBS

    staged = stage_uploads(kb_name, uploads, settings)
    return JOBS.submit(kb_name, [shown for _, shown in uploads],
                       lambda progress: ingest_staged(staged, settings, progress))


def upload_files(kb_name: str, uploads: list[tuple[Path, str]], settings: Settings,
                 progress: Progress | None = None) -> UploadReport:
    """Stage and ingest uploads now, in this thread (tests, scripts); the page and the API use submit_upload."""
    return ingest_staged(stage_uploads(kb_name, uploads, settings), settings, progress)


def list_documents(kb_name: str, settings: Settings) -> list[Document]:
    return sorted(open_kb(kb_name, settings).documents(), key=lambda d: d.doc_id)


def delete_document(kb_name: str, doc_id: str, settings: Settings) -> None:
    """Remove a document from the index, and its uploaded copy if it came through the UI."""
    kb = open_kb(kb_name, settings)
    doc = kb.get_document(doc_id)
    if doc is None:
        raise KBNotFoundError(f"知识库“{kb_name}”中没有文档“{doc_id}”")
    kb.delete_document(doc_id)  # the store's lock: waits for a commit in progress, not for a whole upload
    folder = (Path(settings.kb_dir(kb_name)) / UPLOAD_DIRNAME).resolve()
    try:
        src = Path(doc.source).resolve()
        if src.parent == folder:
            src.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass


def describe_error(e: BaseException) -> str:
    """One line for the UI: a RagError's own message, otherwise the first line of the message (the
    traceback and the exception's class go to the server log, not to the user)."""
    if isinstance(e, (RagError, ValueError)):
        return str(e)
    from rag.errors import first_line

    return f"操作失败：{first_line(e)}"


def warm_up(settings: Settings, kb_name: str, generator: bool = True) -> None:
    """Load the embedding model, tokenizer dictionaries and answer pipeline now, with one throw-away
    extractive question, so the first user question does not pay for them (all cached per process); with
    `generator`, also start the generator's warm-up in the background."""
    from rag.answer import ask, warm_up_generator
    from rag.embed import get_embedder

    get_embedder(settings)
    kb = open_kb(kb_name, settings)
    if len(kb):
        ask("这篇文章的作者是谁？", kb=kb, settings=settings.replace(llm="extractive"))
    # The generator reads its system prompt in the background: the page is up at once, and a question asked
    # before this is done waits for the model, as it would have anyway.
    if generator:
        threading.Thread(target=warm_up_generator, args=(settings,), name="warm-up-generator", daemon=True).start()

