"""The embedded store: incremental writes, atomic versions, locking, model checks (real model, real FAISS)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest

from rag.config import PROJECT_ROOT, Settings
from rag.errors import IndexMismatchError, KBNotFoundError, RagError
from rag.errors import KBBusyError
from rag.stores import delete_kb, list_kbs
from rag.stores.embedded import CURRENT, LOCK, EmbeddedStore as KnowledgeBase
from rag.types import Document

# Short real passages (from the sample newspaper pages) so embedding stays cheap.
TEXTS = {
    "dazu.txt": "当天，代表团一行参观了大足石刻，在讲解员的解说下，了解了石刻背后的历史、艺术、科学价值与文化内涵。"
                "规模宏大、雕刻精美的大足石刻令代表团震撼不已。",
    "xipeng.txt": "西彭园区已分批次组织了11家银行和50余家企业进行了对接座谈，及时联结了“银企”，持续做好企业资金保障工作。",
    "supercomputer.txt": "深化国家绿色数据中心试点，建设峰值浮点运算能力达亿亿次级、存储容量达50PB级的高性能超算中心。",
}


def make_doc(doc_id: str, text: str | None = None) -> Document:
    return Document(doc_id=doc_id, source=f"fixture/{doc_id}", text=text or TEXTS[doc_id], title="")


def vectors_of(kb: KnowledgeBase, doc_id: str) -> np.ndarray:
    state = kb.view()
    return np.stack([state.vectors[i] for i, c in enumerate(state.chunks) if c.doc_id == doc_id])


@pytest.fixture()
def kb(settings: Settings, request: pytest.FixtureRequest) -> KnowledgeBase:
    name = request.node.name.replace("[", "_").replace("]", "")[:60]
    kb = KnowledgeBase.open(name, settings, create=True)
    kb.add_documents([make_doc("dazu.txt"), make_doc("xipeng.txt")])
    return kb


def test_add_skips_unchanged_and_reopens_identically(kb: KnowledgeBase, settings: Settings) -> None:
    version = kb.version
    assert kb.stats()["docs"] == 2
    counts = kb.add_documents([make_doc("dazu.txt"), make_doc("xipeng.txt")])
    assert counts == {"added": 0, "updated": 0, "unchanged": 2, "chunks": 0}
    assert kb.version == version  # nothing written

    again = KnowledgeBase.open(kb.name, settings)
    assert [d.doc_id for d in again.documents()] == ["dazu.txt", "xipeng.txt"]
    assert [c.chunk_id for c in again.chunks()] == [c.chunk_id for c in kb.chunks()]
    np.testing.assert_array_equal(again.view().vectors, kb.view().vectors)
    assert again.view().ann.ntotal == len(again.chunks())
    # vectors are unit length: inner product == cosine
    np.testing.assert_allclose(np.linalg.norm(again.view().vectors, axis=1), 1.0, atol=1e-4)
    chunk = again.chunks()[0]
    assert again.get_chunk(chunk.chunk_id) == chunk
    assert again.get_document("dazu.txt").text == TEXTS["dazu.txt"]
    assert chunk.text == again.get_document(chunk.doc_id).text[chunk.start:chunk.end]


def test_update_reembeds_only_changed_document(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    from rag.embed import get_embedder

    embedder = get_embedder(kb.settings)
    kept_before = vectors_of(kb, "dazu.txt")
    embedded: list[str] = []
    real = embedder.embed_passages

    def recording(texts: list[str]) -> np.ndarray:  # records what reaches the real model
        embedded.extend(texts)
        return real(texts)

    monkeypatch.setattr(embedder, "embed_passages", recording)
    changed = TEXTS["xipeng.txt"].replace("11家银行", "12家银行")
    counts = kb.add_documents([make_doc("dazu.txt"), make_doc("xipeng.txt", changed),
                               make_doc("supercomputer.txt")])
    assert (counts["added"], counts["updated"], counts["unchanged"]) == (1, 1, 1)
    assert embedded and all("大足石刻" not in t for t in embedded)  # unchanged doc not re-embedded
    assert any("12家银行" in t for t in embedded) and any("50PB" in t for t in embedded)
    np.testing.assert_array_equal(vectors_of(kb, "dazu.txt"), kept_before)
    texts = " ".join(c.text for c in kb.chunks() if c.doc_id == "xipeng.txt")
    assert "12家银行" in texts and "11家银行" not in texts
    assert kb.stats()["docs"] == 3


def test_delete_document_removes_chunks_everywhere(kb: KnowledgeBase, settings: Settings) -> None:
    assert kb.delete_document("dazu.txt") is True
    assert kb.delete_document("dazu.txt") is False
    reopened = KnowledgeBase.open(kb.name, settings)
    assert [d.doc_id for d in reopened.documents()] == ["xipeng.txt"]
    assert all(c.doc_id == "xipeng.txt" for c in reopened.chunks())
    st = reopened.view()
    assert st.ann.ntotal == len(st.chunks) == len(st.vectors) == len(st.bm25)
    rows, _, _ = st.bm25.search("大足石刻", 5)
    assert rows.size == 0  # BM25 state rebuilt without the deleted text


def test_bm25_from_an_older_tokenizer_is_rebuilt_on_open(kb: KnowledgeBase, settings: Settings) -> None:
    params = kb.path / kb.version / "bm25" / "rag_bm25.json"
    saved = json.loads(params.read_text(encoding="utf-8"))
    params.write_text(json.dumps({**saved, "tokenizer": 1}), encoding="utf-8")
    (kb.path / kb.version / "bm25" / "tokens.jsonl").write_text(
        "".join('["旧"]\n' for _ in kb.chunks()), encoding="utf-8")
    reopened = KnowledgeBase.open(kb.name, settings)
    rows, _, _ = reopened.view().bm25.search("大足石刻", 3)
    assert reopened.chunks()[int(rows[0])].doc_id == "dazu.txt"


def test_crash_mid_write_keeps_previous_version(kb: KnowledgeBase, settings: Settings,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import rag.stores.embedded

    before = (kb.version, [c.chunk_id for c in kb.chunks()])

    def crash(self, folder: Path) -> None:  # docs, chunks, vectors and faiss are already written
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(rag.stores.embedded.BM25Index, "save", crash)
    with pytest.raises(OSError):
        kb.add_documents([make_doc("supercomputer.txt")])
    assert any(p.name.startswith(".tmp-") for p in kb.path.iterdir())  # the half-written attempt
    monkeypatch.undo()

    reopened = KnowledgeBase.open(kb.name, settings)
    assert (reopened.version, [c.chunk_id for c in reopened.chunks()]) == before
    assert reopened.get_document("supercomputer.txt") is None
    # the next write succeeds and removes the leftover temp folder
    assert reopened.add_documents([make_doc("supercomputer.txt")])["added"] == 1
    assert not any(p.name.startswith(".tmp-") for p in reopened.path.iterdir())


def test_long_ingest_commits_in_groups_and_resumes(kb: KnowledgeBase, settings: Settings,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import rag.stores.embedded

    monkeypatch.setattr(rag.stores.embedded, "COMMIT_CHUNKS", 1)  # one document per commit
    real_save, calls = rag.stores.embedded.BM25Index.save, []

    def crash_on_second(self, folder: Path) -> None:
        calls.append(folder)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the user stops the ingest during the second group
        real_save(self, folder)

    monkeypatch.setattr(rag.stores.embedded.BM25Index, "save", crash_on_second)
    extra = make_doc("extra.txt", "永川茶山竹海景区的竹林面积约有七万亩，是重庆著名的避暑胜地。")
    with pytest.raises(KeyboardInterrupt):
        kb.add_documents([make_doc("supercomputer.txt"), extra])
    monkeypatch.setattr(rag.stores.embedded.BM25Index, "save", real_save)
    reopened = KnowledgeBase.open(kb.name, settings)
    assert reopened.get_document("supercomputer.txt") is not None  # first group was committed
    assert reopened.get_document("extra.txt") is None
    counts = reopened.add_documents([make_doc("supercomputer.txt"), extra])
    assert (counts["added"], counts["unchanged"]) == (1, 1)


def test_killed_writer_process_leaves_kb_readable(kb: KnowledgeBase, settings: Settings) -> None:
    """A writer killed mid-write (no cleanup, lock released by the OS) does not break the KB."""
    script = textwrap.dedent(f"""
        import os, rag.stores.embedded
        from rag.config import load_settings
        from rag.stores.embedded import EmbeddedStore as KnowledgeBase
        def die(self, folder):
            os._exit(9)  # like SIGKILL: no exception handling, no cleanup
        rag.stores.embedded.BM25Index.save = die
        kb = KnowledgeBase.open({kb.name!r}, load_settings(), check_model=False)
        kb.delete_document("dazu.txt")
    """)
    env = {**os.environ, "RAG_INDEX_DIR": str(settings.index_dir)}
    proc = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, timeout=120)
    assert proc.returncode == 9
    reopened = KnowledgeBase.open(kb.name, settings)
    assert reopened.version == kb.version
    assert reopened.get_document("dazu.txt") is not None
    assert reopened.delete_document("dazu.txt") is True  # lock is free again


def test_second_writer_fails_clearly_then_waits(kb: KnowledgeBase, settings: Settings) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from filelock import FileLock; l = FileLock(sys.argv[1]); l.acquire();"
         " print('locked', flush=True); time.sleep(float(sys.argv[2]))", str(kb.path / LOCK), "1.5"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        impatient = KnowledgeBase.open(kb.name, settings.replace(lock_timeout_s=0.2))
        with pytest.raises(KBBusyError) as err:
            impatient.delete_document("dazu.txt")
        assert kb.name in str(err.value) and "另一个进程" in str(err.value)
        patient = KnowledgeBase.open(kb.name, settings.replace(lock_timeout_s=30))
        assert patient.delete_document("dazu.txt") is True  # waited for the holder to exit
    finally:
        holder.wait(timeout=30)


def test_writer_picks_up_other_writers_version(kb: KnowledgeBase, settings: Settings) -> None:
    other = KnowledgeBase.open(kb.name, settings)
    other.delete_document("xipeng.txt")
    # `kb` still holds the older version; its next write must build on the newer one
    kb.delete_document("dazu.txt")
    assert KnowledgeBase.open(kb.name, settings).documents() == []


def test_readers_see_complete_versions_during_writes(kb: KnowledgeBase, settings: Settings) -> None:
    errors: list[Exception] = []
    stop = threading.Event()

    def read_loop() -> None:
        while not stop.is_set():
            try:
                st = KnowledgeBase.open(kb.name, settings).view()
                assert len(st.chunks) == len(st.vectors) == len(st.bm25) == st.ann.ntotal
            except Exception as e:  # noqa: BLE001 - collected and asserted below
                errors.append(e)

    reader = threading.Thread(target=read_loop)
    reader.start()
    try:
        for _ in range(3):
            kb.delete_document("xipeng.txt")
            kb.add_documents([make_doc("xipeng.txt")])
    finally:
        stop.set()
        reader.join()
    assert not errors, errors[:3]


def test_other_embedding_model_is_refused_and_reindex_fixes_it(kb: KnowledgeBase, settings: Settings) -> None:
    with pytest.raises(IndexMismatchError) as err:
        KnowledgeBase.open(kb.name, settings.replace(embed_model="BAAI/bge-small-zh-v1.5"))
    assert f"python -m rag reindex --kb {kb.name}" in str(err.value)

    # A KB written by another model: its manifest names that model.
    manifest_path = kb.path / kb.version / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["embedding"]["model"] = "intfloat/multilingual-e5-base"
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(IndexMismatchError):
        KnowledgeBase.open(kb.name, settings)

    stale = KnowledgeBase.open(kb.name, settings, check_model=False)
    assert stale.reindex() == len(stale.chunks())
    fixed = KnowledgeBase.open(kb.name, settings)
    assert fixed.manifest["embedding"]["model"] == settings.embed_model
    from rag.embed import get_embedder

    fresh = get_embedder(settings).embed_passages([c.index_text for c in fixed.chunks()])
    np.testing.assert_allclose(fixed.view().vectors, fresh, atol=1e-5)


def test_manifest_records_what_the_index_depends_on(kb: KnowledgeBase) -> None:
    m = kb.manifest
    assert m["format_version"] == 1
    assert m["embedding"]["model"] == "multilingual-e5-small"
    assert m["embedding"]["dim"] == kb.view().vectors.shape[1] == 384
    assert m["embedding"]["query_prefix"] == "query: " and m["embedding"]["passage_prefix"] == "passage: "
    assert m["chunker"] == {"chunk_tokens": kb.settings.chunk_tokens,
                            "chunk_overlap_tokens": kb.settings.chunk_overlap_tokens}
    assert m["index_type"] == "flat"
    assert m["counts"] == {"docs": 2, "chunks": len(kb.chunks())}
    assert m["created"] <= m["updated"]
    stats = kb.stats()
    assert stats["size_bytes"] > 0 and stats["model"] == "multilingual-e5-small"
    files = {p.name for p in (kb.path / kb.version).iterdir()}
    assert {"manifest.json", "docs.jsonl", "chunks.jsonl", "vectors.npy", "index.faiss", "bm25"} <= files
    assert (kb.path / CURRENT).read_text().strip() == kb.version


def test_hnsw_index_type_gives_same_top_hit(settings: Settings) -> None:
    s = settings.replace(index_type="hnsw")
    kb = KnowledgeBase.open("hnsw_kb", s, create=True)
    kb.add_documents([make_doc(n) for n in TEXTS])
    assert kb.manifest["index_type"] == "hnsw"
    from rag.retrieve import Retriever

    hit = Retriever(kb, s.replace(fusion="dense")).search("超算中心的存储容量是多少", 1)[0]
    assert hit.chunk.doc_id == "supercomputer.txt"


def test_list_and_delete_kbs(settings: Settings) -> None:
    kb = KnowledgeBase.open("to_delete", settings, create=True)
    assert "to_delete" in list_kbs(settings)
    assert kb.stats()["docs"] == 0
    delete_kb("to_delete", settings)
    assert "to_delete" not in list_kbs(settings)
    with pytest.raises(KBNotFoundError):
        KnowledgeBase.open("to_delete", settings)
    with pytest.raises(KBNotFoundError):
        delete_kb("to_delete", settings)


@pytest.mark.parametrize("bad", ["", "../x", "a/b", ".hidden"])
def test_bad_kb_names_are_refused(settings: Settings, bad: str) -> None:
    with pytest.raises(RagError, match="名称"):
        KnowledgeBase.open(bad, settings, create=True)


def test_faiss_runs_at_the_machines_simd_level(caplog: pytest.LogCaptureFixture) -> None:
    """The wheel picks its SIMD level at run time; the level is reported, not faiss's misleading "could not load"."""
    import importlib
    import logging

    import rag.ann

    flags = Path("/proc/cpuinfo").read_text(encoding="utf-8") if Path("/proc/cpuinfo").is_file() else ""
    if " avx2" not in flags:
        pytest.skip("a CPU without AVX2")
    assert rag.ann.simd_level().startswith(("AVX2", "AVX512"))
    with caplog.at_level(logging.INFO):
        importlib.reload(rag.ann)
    assert any("SIMD level AVX" in r.getMessage() for r in caplog.records if r.name == "rag.ann")
