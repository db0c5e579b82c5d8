"""Hybrid retrieval on the sample corpus (real model, real FAISS, real BM25)."""
from __future__ import annotations

import numpy as np
import pytest

from rag.config import Settings
from rag.errors import ModelMissingError, RagError
from rag.rerank import get_reranker
from rag.retrieve import Retriever, clear_cache, rrf_fuse, search, weighted_fuse, with_text_before

# (question, a string the answering chunk must contain in chunk.index_text). Several are paraphrases
# that share few words with the text.
QUESTIONS = [
    ("《以新金融理念推进智慧政务建设》的作者是谁", "高永强"),
    ("西彭园区组织了多少家银行和企业对接座谈？", "11家银行"),
    ("园区帮企业团购了多少桶消毒液？", "500余桶消毒液"),
    ("重庆要建的超算中心存储能力有多大？", "50PB"),
    ("疫情期间哪些线上办公软件用户暴涨？", "WeLink"),
    ("老挝和缅甸的代表团到大足看了什么？", "大足石刻"),
    ("大足区重点发展哪些特色农业？", "大足黑山羊"),
    ("法治政府建设实施纲要对政务数据共享有什么要求", "政务数据共享协调机制"),
    ("资阳市人力资源机构来大足考察了什么", "人力资源服务产业园"),
]


@pytest.fixture(scope="module")
def retriever(sample_kb, settings: Settings) -> Retriever:
    return Retriever(sample_kb, settings)


@pytest.mark.parametrize("question,answer", QUESTIONS)
def test_answer_chunk_in_top5(retriever: Retriever, question: str, answer: str) -> None:
    hits = retriever.search(question, 5)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    found = [h.rank for h in hits if answer in h.chunk.index_text]
    assert found, f"{question}: {answer} not in top 5: {[h.chunk.text[:30] for h in hits]}"


def test_byline_question_finds_the_article_by_author(retriever: Retriever) -> None:
    hit = retriever.search("《以新金融理念推进智慧政务建设》的作者是谁", 5)[0]
    assert hit.chunk.title == "以新金融理念推进智慧政务建设"
    assert hit.chunk.author == "高永强"


def test_hits_carry_dense_and_sparse_scores(retriever: Retriever, sample_kb) -> None:
    from rag.embed import get_embedder

    question = "西彭园区组织了多少家银行和企业对接座谈？"
    hits = retriever.search(question, 8)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    qv = get_embedder(retriever.settings).embed_queries([question])[0]
    stored = {c.chunk_id: v for _, cs, vs in sample_kb.export() for c, v in zip(cs, vs)}
    for h in hits:
        # dense_score is the exact cosine, whether the hit came from FAISS or only from BM25
        assert h.dense_score == pytest.approx(float(stored[h.chunk.chunk_id] @ qv), abs=1e-4)
        assert -1.0 <= h.dense_score <= 1.0
        assert h.sparse_score is not None and h.sparse_score >= 0


def test_bm25_only_candidates_get_a_cosine(sample_kb, settings: Settings) -> None:
    # a rare literal token: BM25 ranks it first; its cosine must still be computed
    hits = Retriever(sample_kb, settings.replace(fusion="bm25")).search("WeLink", 3)
    assert "WeLink" in hits[0].chunk.text
    assert hits[0].dense_score is not None and hits[0].sparse_score == hits[0].score


@pytest.mark.parametrize("fusion", ["rrf", "weighted", "dense", "bm25"])
def test_every_fusion_mode_answers_a_plain_question(sample_kb, settings: Settings, fusion: str) -> None:
    hits = Retriever(sample_kb, settings.replace(fusion=fusion)).search("超算中心存储容量达50PB级", 5)
    assert any("50PB" in h.chunk.text for h in hits)


def test_unknown_fusion_is_a_clear_error(sample_kb, settings: Settings) -> None:
    with pytest.raises(RagError, match="fusion"):
        Retriever(sample_kb, settings.replace(fusion="magic"))


def test_empty_query_returns_nothing(retriever: Retriever) -> None:
    assert retriever.search("   ", 5) == []


def test_rrf_and_weighted_fusion_arithmetic() -> None:
    fused = rrf_fuse(np.array([3, 1]), np.array([1, 7]), dense_weight=0.5, rrf_k=60)
    assert fused[1] == pytest.approx(0.5 / 62 + 0.5 / 61)
    assert fused[3] == pytest.approx(0.5 / 61) and fused[7] == pytest.approx(0.5 / 62)
    w = weighted_fuse(np.array([3, 1]), np.array([0.9, 0.7]), np.array([1, 7]), np.array([10.0, 5.0]), 0.7)
    assert w[3] == pytest.approx(0.7) and w[1] == pytest.approx(0.3) and w[7] == pytest.approx(0.0)


def test_module_search_caches_and_reloads_new_versions(settings: Settings) -> None:
    from rag.stores import open_kb
    from rag.types import Document

    kb = open_kb("cache_kb", settings, create=True)
    kb.add_documents([Document("dazu.txt", "dazu.txt", "代表团一行参观了大足石刻，了解了石刻背后的历史。")])
    clear_cache()
    first = search("大足石刻", kb="cache_kb", settings=settings, k=3)
    assert first[0].chunk.doc_id == "dazu.txt"
    # another writer adds a document; the cached retriever must notice the new version
    writer = open_kb("cache_kb", settings)
    writer.add_documents([Document("bamboo.txt", "bamboo.txt", "永川茶山竹海景区的竹林面积约有七万亩，是重庆著名的避暑胜地。")])
    hits = search("茶山竹海的竹林面积有多大", kb="cache_kb", settings=settings, k=3)
    assert hits[0].chunk.doc_id == "bamboo.txt"
    writer.delete_document("bamboo.txt")
    assert [h.chunk.doc_id for h in search("茶山竹海", "cache_kb", settings, 5)] == ["dazu.txt"]


def test_reranker_off_by_default_and_missing_model_is_clear(settings: Settings) -> None:
    assert get_reranker(settings) is None
    with pytest.raises(ModelMissingError, match="no-such-reranker"):
        get_reranker(settings.replace(reranker="no-such-org/no-such-reranker"))


def test_hits_carry_their_articles_text_just_before_them(retriever: Retriever, sample_kb) -> None:
    hits = with_text_before(retriever.search("高性能超算中心的存储容量要达到多少？", k=5), sample_kb)
    later = [h for h in hits if not h.chunk.chunk_id.endswith("#0")]
    assert later, "the sample question should retrieve a chunk that is not its article's first"
    for h in later:
        doc_id, _, n = h.chunk.chunk_id.rpartition("#")
        previous = sample_kb.get_chunk(f"{doc_id}#{int(n) - 1}")
        # the previous chunk's text up to where this one starts: what the article said just before, not repeated
        just_before = previous.text[:max(0, h.chunk.start - previous.start)]
        assert just_before and h.before.endswith(just_before)
        opening = h.before[:-len(just_before)]
        if opening:  # the article's first chunk, further back: its lead frames what follows
            first = next(c for i in range(int(n) - 1)
                         if (c := sample_kb.get_chunk(f"{doc_id}#{i}")).title == h.chunk.title)
            assert int(n) >= 2 and opening.rstrip("\n") and first.text.startswith(opening.rstrip("\n"))
    for h in hits:
        if h.chunk.chunk_id.endswith("#0"):
            assert h.before == ""


def test_a_chunk_far_into_an_article_carries_the_articles_opening(sample_kb) -> None:
    from rag.types import Hit
    chunks = [sample_kb.get_chunk(f"004_f0bf289586f4ddda.txt#{i}") for i in range(20)]
    assert chunks[0].title and chunks[3].title == chunks[0].title, "the page's first article should span 4+ chunks"
    hit = with_text_before([Hit(chunk=chunks[3], score=0.0, rank=1)], sample_kb)[0]
    assert hit.before.startswith(chunks[0].text[:chunks[1].start - chunks[0].start])
    assert chunks[2].text[:chunks[3].start - chunks[2].start] in hit.before
    # an article that starts later on the page is framed by its own opening, not by the page's first article
    page = [c for i in range(80) if (c := sample_kb.get_chunk(f"004_f0bf289586f4ddda.txt#{i}")) is not None]
    third = next(c for i, c in enumerate(page[2:], 2)
                 if c.title and c.title != chunks[0].title and page[i - 2].title == c.title)
    own = next(c for c in page if c.title == third.title)
    framed = with_text_before([Hit(chunk=third, score=0.0, rank=1)], sample_kb)[0]
    assert framed.before.startswith(own.text[:20]) and chunks[0].text[:20] not in framed.before


def test_hits_carry_their_articles_text_just_after_them(retriever: Retriever, sample_kb) -> None:
    hits = with_text_before(retriever.search("高性能超算中心的存储容量要达到多少？", k=5), sample_kb)
    for h in hits:
        doc_id, _, n = h.chunk.chunk_id.rpartition("#")
        following = sample_kb.get_chunk(f"{doc_id}#{int(n) + 1}")
        if following is None or following.doc_id != h.chunk.doc_id:
            assert h.after == ""
            continue
        # the next chunk's text from where this one ends: what the article says next, not repeated
        assert h.after and following.text.endswith(h.after)
        after_starts = following.end - len(h.after)  # where this chunk ends, or the next one starts past a gap
        assert after_starts in (h.chunk.end, following.start) and after_starts >= h.chunk.end
    assert any(h.after for h in hits), "the sample pages' chunks should have articles that go on after them"
