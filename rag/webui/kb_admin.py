"""Knowledge-base management for the web UI: open (cached), create, build the sample, upload, list, delete.

Open stores are cached per process so models and indexes load once; writes to one KB are
serialised with a per-KB lock (the store also holds a file lock across processes).
"""
from __future__ import annotations

import logging
import os
import shutil
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

from rag.config import Settings
from rag.errors import IngestError, KBBusyError, KBNotFoundError, RagError
from rag.types import Document
from rag.webui.uploads import UPLOAD_DIRNAME, UploadProblem, check_upload, sanitize_filename, store_upload, validate_kb_name

log = logging.getLogger(__name__)

_cache: dict[tuple[str, str], object] = {}
_cache_lock = threading.Lock()
_write_locks: dict[str, threading.Lock] = {}

Progress = Callable[[float, str], None]


def _key(name: str, settings: Settings) -> tuple[str, str]:
    return (str(Path(settings.index_dir).resolve()), name)


def write_lock(name: str) -> threading.Lock:
    with _cache_lock:
        return _write_locks.setdefault(name, threading.Lock())


@contextmanager
def writing(name: str, settings: Settings) -> Iterator[None]:
    """This process's turn to write to KB `name`: waits up to settings.lock_timeout_s, then a clear
    KBBusyError (the page shows it, the API answers 409) instead of waiting forever behind another upload."""
    lock = write_lock(name)
    if not lock.acquire(timeout=settings.lock_timeout_s):
        raise KBBusyError(f"知识库“{name}”正在导入其他文件，{settings.lock_timeout_s:g} 秒内未完成；请稍后再试")
    try:
        yield
    finally:
        lock.release()


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
        with writing(kb.name, settings):
            # progress=True: the store's tqdm bar over chunks, which gr.Progress(track_tqdm=True) mirrors
            stats = kb.add_documents(docs, progress=True) or {}
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


def upload_files(kb_name: str, uploads: list[tuple[Path, str]], settings: Settings,
                 progress: Progress | None = None) -> UploadReport:
    """Check, stage and ingest uploaded files. `uploads` holds (temp path, name the user gave).

    A file with the name of a document already in the KB replaces it (same doc id: its old chunks go).
    Files wait in a staging folder until the index commit succeeded and only then move into the
    uploads folder, so that folder always matches the index; on any failure the staging copy goes."""
    report = UploadReport()
    kb = open_kb(kb_name, settings)
    folder = Path(settings.kb_dir(kb_name)) / UPLOAD_DIRNAME
    existing = {d.doc_id for d in kb.documents()}
    staging = folder / f".staging-{uuid.uuid4().hex}"
    staged: dict[str, tuple[Path, str]] = {}  # stored name -> (staged path, name as uploaded)
    try:
        for tmp, shown in uploads:
            safe = sanitize_filename(shown)
            try:
                check_upload(Path(tmp), safe, settings.max_file_mb)
                dest = store_upload(Path(tmp), safe, staging, set())  # same name twice: the later one wins
            except UploadProblem as e:
                report.errors.append((shown, str(e)))
                continue
            except OSError as e:
                report.errors.append((shown, f"无法保存：{e.strerror or e}"))
                continue
            staged[dest.name] = (dest, shown)
        if not staged:
            return report
        final = {p: folder / name for name, (p, _) in staged.items()}
        stats, errors = ingest_paths(kb, list(final), settings, progress, sources=final)
        report.stats = stats
        failed = {f for f, _ in errors}
        for f, problem in errors:
            report.errors.append((staged[f][1] if f in staged else f, problem))
        for name, (path, _) in staged.items():
            if name in failed:
                continue
            os.replace(path, folder / name)  # after the commit: the folder follows the index
            (report.updated if name in existing else report.added).append(name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def list_documents(kb_name: str, settings: Settings) -> list[Document]:
    return sorted(open_kb(kb_name, settings).documents(), key=lambda d: d.doc_id)


def delete_document(kb_name: str, doc_id: str, settings: Settings) -> None:
    """Remove a document from the index, and its uploaded copy if it came through the UI."""
    kb = open_kb(kb_name, settings)
    doc = kb.get_document(doc_id)
    if doc is None:
        raise KBNotFoundError(f"知识库“{kb_name}”中没有文档“{doc_id}”")
    with writing(kb_name, settings):
        kb.delete_document(doc_id)
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


def warm_up(settings: Settings, kb_name: str) -> None:
    """Load the embedding model, tokenizer dictionaries and answer pipeline now, with one throw-away
    extractive question, so the first user question does not pay for them (all cached per process)."""
    from rag.answer import ask
    from rag.embed import get_embedder

    get_embedder(settings)
    kb = open_kb(kb_name, settings)
    if len(kb):
        ask("这篇文章的作者是谁？", kb=kb, settings=settings.replace(llm="extractive"))
