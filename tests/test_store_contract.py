"""One contract for every store backend (txtai style): the same tests against the embedded store
(FAISS + BM25 folders) and Milvus (Milvus Lite, embedded, started by the tests themselves), with the
real embedding model. Backend-specific behaviour (versions, file locks) lives in test_store.py."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.config import Settings
from rag.errors import KBNotFoundError, RagError
from rag.retrieve import Retriever
from rag.stores import STORES, ChunkStore, delete_kb, list_kbs, open_kb
from rag.types import Document

TEXTS = {
    "dazu.txt": "当天，代表团一行参观了大足石刻，在讲解员的解说下，了解了石刻背后的历史、艺术、科学价值与文化内涵。"
                "规模宏大、雕刻精美的大足石刻令代表团震撼不已。",
    "xipeng.txt": "西彭园区已分批次组织了11家银行和50余家企业进行了对接座谈，及时联结了“银企”，持续做好企业资金保障工作。",
    "supercomputer.txt": "深化国家绿色数据中心试点，建设峰值浮点运算能力达亿亿次级、存储容量达50PB级的高性能超算中心。",
    # rare terms only: found by the lexical side, whatever the vectors say
    "rare.txt": "档案馆新近收到一批鎏金铜铎和錾花银盏的捐赠，将于明年春季展出。",
}


def make_doc(doc_id: str, text: str | None = None) -> Document:
    return Document(doc_id=doc_id, source=f"fixture/{doc_id}", text=text or TEXTS[doc_id], title="")


@pytest.fixture(scope="module", params=STORES)
def backend_settings(request: pytest.FixtureRequest, settings: Settings,
                     tmp_path_factory: pytest.TempPathFactory) -> Settings:
    if request.param == "milvus":
        return settings.replace(store="milvus", milvus_uri=str(tmp_path_factory.mktemp("milvus") / "lite.db"))
    return settings


@pytest.fixture()
def store(backend_settings: Settings, request: pytest.FixtureRequest) -> ChunkStore:
    name = "c_" + request.node.originalname[5:40]
    if name in list_kbs(backend_settings):
        delete_kb(name, backend_settings)
    kb = open_kb(name, backend_settings, create=True)
    kb.add_documents([make_doc(d) for d in TEXTS])
    return kb


def top_doc(store: ChunkStore, query: str, fusion: str) -> str:
    hits = Retriever(store, store.settings.replace(fusion=fusion)).search(query, 3)
    return hits[0].chunk.doc_id


def test_documents_and_chunks_round_trip(store: ChunkStore) -> None:
    assert sorted(d.doc_id for d in store.documents()) == sorted(TEXTS)
    assert store.get_document("xipeng.txt").text == TEXTS["xipeng.txt"]
    assert store.get_document("missing.txt") is None
    chunks = store.chunks()
    assert len(chunks) == len(store) >= len(TEXTS)
    first = chunks[0]
    assert store.get_chunk(first.chunk_id) == first
    assert store.get_document(first.doc_id).text[first.start:first.end] == first.text
    stats = store.stats()
    assert (stats["docs"], stats["chunks"], stats["dim"]) == (len(TEXTS), len(chunks), 384)
    assert stats["store"] == store.settings.store


@pytest.mark.parametrize("fusion", ["dense", "bm25", "rrf", "weighted"])
def test_each_search_finds_the_passage(store: ChunkStore, fusion: str) -> None:
    assert top_doc(store, "西彭园区组织了多少家银行和企业对接座谈？", fusion) == "xipeng.txt"
    assert top_doc(store, "代表团参观了哪里的石刻？", fusion) == "dazu.txt"


def test_lexical_search_finds_rare_terms(store: ChunkStore) -> None:
    view = store.view()
    keys, scores = view.lexical_search("鎏金铜铎", 3)
    assert keys and view.chunk(keys[0]).doc_id == "rare.txt"
    assert all(s > 0 for s in scores) and list(scores) == sorted(scores, reverse=True)
    assert view.lexical_search("完全无关的词语组合飞船", 3)[0] == [] or \
        view.chunk(view.lexical_search("完全无关的词语组合飞船", 3)[0][0]).doc_id != "rare.txt"


def test_lexical_search_reads_traditional_characters_as_simplified(store: ChunkStore) -> None:
    store.add_documents([make_doc("hk.txt", "星河航空的首個客戶臨江航空接收了首架飛機，登記編號為XH-2031。")])
    view = store.view()
    for query in ("登记编号", "登記編號"):
        keys, _ = view.lexical_search(query, 3)
        assert keys and view.chunk(keys[0]).doc_id == "hk.txt"


def test_hits_carry_exact_cosines(store: ChunkStore) -> None:
    from rag.embed import get_embedder

    question = "超算中心的存储容量是多少？"
    qv = get_embedder(store.settings).embed_queries([question])[0]
    vectors = {c.chunk_id: v for _, cs, vs in store.export() for c, v in zip(cs, vs)}
    for fusion in ("bm25", "weighted"):
        for h in Retriever(store, store.settings.replace(fusion=fusion)).search(question, 4):
            assert h.dense_score == pytest.approx(float(vectors[h.chunk.chunk_id] @ qv), abs=1e-4)


def test_unchanged_skipped_changed_replaced_deleted(store: ChunkStore) -> None:
    again = store.add_documents([make_doc(d) for d in TEXTS])
    assert again == {"added": 0, "updated": 0, "unchanged": len(TEXTS), "chunks": 0}
    new_text = "西彭园区已组织了23家银行和90余家企业进行对接。"
    counts = store.add_documents([make_doc("xipeng.txt", new_text)])
    assert (counts["updated"], counts["added"]) == (1, 0)
    texts = [c.text for c in store.chunks() if c.doc_id == "xipeng.txt"]
    assert texts == [new_text]  # the old chunks are gone, not kept beside the new ones
    assert store.delete_documents(["xipeng.txt", "never.txt"]) == 1
    assert "xipeng.txt" not in {c.doc_id for c in store.chunks()}
    assert all(h.chunk.doc_id != "xipeng.txt"
               for h in Retriever(store, store.settings).search("西彭园区银行对接", 5))


def test_progress_callback_counts_the_embedded_chunks(store: ChunkStore) -> None:
    """How the upload queue follows an ingest: callback(done, total) after each embedded batch (total 0 when the
    store streams and does not know it); the last call has every new chunk."""
    calls: list[tuple[int, int]] = []
    counts = store.add_documents([make_doc("new.txt", "新建的职工图书室每周二、周四晚上开放。" * 30)],
                                 progress=lambda done, total: calls.append((done, total)))
    assert counts["added"] == 1 and calls and calls[-1][0] == counts["chunks"] > 0
    assert all(total in (0, counts["chunks"]) for _, total in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_kb_lifecycle(backend_settings: Settings) -> None:
    name = "c_lifecycle"
    with pytest.raises(KBNotFoundError):
        open_kb(name, backend_settings)
    kb = open_kb(name, backend_settings, create=True)
    assert name in list_kbs(backend_settings) and len(kb) == 0
    assert Retriever(kb, backend_settings).search("任何问题", 3) == []
    kb.add_documents([make_doc("dazu.txt")])
    other = open_kb("c_other", backend_settings, create=True)  # KBs do not see each other
    assert other.documents() == [] and Retriever(other, backend_settings).search("大足石刻", 3) == []
    delete_kb(name, backend_settings)
    assert name not in list_kbs(backend_settings)
    with pytest.raises(KBNotFoundError):
        open_kb(name, backend_settings)
    with pytest.raises(RagError):
        open_kb("bad\nname", backend_settings, create=True)


def test_other_embedding_model_is_refused(store: ChunkStore) -> None:
    from rag.errors import IndexMismatchError

    with pytest.raises(IndexMismatchError):
        open_kb(store.name, store.settings.replace(embed_model="BAAI/bge-small-zh-v1.5"))


def test_migrate_there_and_back_keeps_vectors(settings: Settings, tmp_path: Path) -> None:
    from rag.stores.migrate import migrate_kb

    s = settings.replace(index_dir=tmp_path / "index", milvus_uri=str(tmp_path / "lite.db"))
    kb = open_kb("moving", s, create=True)
    kb.add_documents([make_doc(d) for d in TEXTS])
    before = {c.chunk_id: v for _, cs, vs in kb.export() for c, v in zip(cs, vs)}
    assert migrate_kb("moving", s, "embedded", "milvus") == {"docs": len(TEXTS), "chunks": len(before)}
    delete_kb("moving", s)
    there = s.replace(store="milvus")
    assert migrate_kb("moving", s, "milvus", "embedded")["chunks"] == len(before)
    back = open_kb("moving", s)
    after = {c.chunk_id: v for _, cs, vs in back.export() for c, v in zip(cs, vs)}
    assert after.keys() == before.keys()
    for cid, v in before.items():
        np.testing.assert_allclose(after[cid], v, atol=1e-6)
    assert top_doc(back, "鎏金铜铎", "weighted") == top_doc(open_kb("moving", there), "鎏金铜铎", "weighted")
    with pytest.raises(RagError):  # the target already holds it
        migrate_kb("moving", s, "embedded", "milvus")


def test_sample_question_answered_with_citation(backend_settings: Settings) -> None:
    """The sample corpus through the whole pipeline (real local LLM) on each backend."""
    from rag.answer import ask
    from rag.ingest import iter_documents
    from tests.conftest import SAMPLE_DIR

    kb = open_kb("c_sample", backend_settings, create=True)
    kb.add_documents([d for d in iter_documents([SAMPLE_DIR], backend_settings) if not isinstance(d, Exception)])
    answer = ask("西彭园区组织了多少家银行和企业进行对接座谈？", kb=kb, settings=backend_settings)
    assert not answer.refused and "11" in answer.text
    assert answer.citations and any("11家银行" in c.text for c in answer.citations)
