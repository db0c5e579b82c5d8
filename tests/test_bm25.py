"""BM25 over jieba tokens: tokenizer behaviour, and scores checked against bm25s, rank-bm25 and by hand."""
from __future__ import annotations

import json
import math

import bm25s
import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from rag.bm25 import BM25Index, tokenize

# A toy corpus where every query term occurs in fewer than half the documents, so Robertson idf is
# positive and rank-bm25's negative-idf floor (epsilon) never applies.
CORPUS = [
    "大足石刻是世界文化遗产，代表团参观了大足石刻。",
    "西彭园区组织11家银行和50余家企业对接座谈。",
    "园区团购了500余桶消毒液和100余万个口罩。",
    "建设存储容量达50PB级的高性能超算中心。",
    "钉钉、腾讯会议、华为WeLink等办公软件呈现爆发式增长。",
    "大足区重点发展大足黑山羊和大足冬菜等特色产业。",
    "推进智慧政务建设，提升政府治理能力。",
]
QUERIES = ["大足石刻", "银行对接座谈", "超算中心存储容量", "WeLink办公软件", "消毒液 口罩"]


def test_tokenize_splits_chinese_into_search_words() -> None:
    toks = tokenize("《以新金融理念推进智慧政务建设》的作者是谁？")
    assert "智慧" in toks and "政务" in toks and "金融" in toks
    assert "慧政" in toks  # character bigrams: match even where jieba splits words differently
    assert not any(t in {"《", "》", "？", " ", "的", "是", "谁"} for t in toks)  # punctuation, stopwords


def test_tokenize_folds_width_and_case_and_drops_punctuation() -> None:
    toks = tokenize("华为WeLink，ＡＢＣ１２３！！  ")
    assert "welink" in toks
    assert "abc123" in toks
    assert all(t.strip() and t not in {"，", "！"} for t in toks)


def test_tokenize_reads_traditional_characters_as_simplified() -> None:
    """A page in traditional characters is found by a question in simplified ones, and the reverse."""
    assert tokenize("星河航空的首個客戶，登記編號") == tokenize("星河航空的首个客户，登记编号")
    index = BM25Index.build(["星河航空的首個客戶臨江航空接收了首架飛機，登記編號為XH-2031。", *CORPUS])
    assert index.search("首架飞机的登记编号", k=3)[0][0] == 0


def test_tokenize_empty_and_punctuation_only() -> None:
    assert tokenize("") == []
    assert tokenize("，。！？——…… \n") == []


def test_scores_match_rank_bm25_okapi() -> None:
    tokens = [tokenize(t) for t in CORPUS]
    ours = BM25Index(tokens, k1=1.5, b=0.75, method="robertson")
    ref = BM25Okapi(tokens, k1=1.5, b=0.75)
    for q in QUERIES:
        qt = tokenize(q)
        expected = np.asarray(ref.get_scores(qt))
        # bm25s leaves out the constant factor (k1 + 1) of the tf term: same ranking, scaled scores
        got = ours.scores(qt) * (1.5 + 1)
        assert expected.max() > 0, q
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4, err_msg=q)
        assert list(np.argsort(-got, kind="stable")[:3]) == list(np.argsort(-expected, kind="stable")[:3])


def test_default_lucene_scores_match_hand_computation() -> None:
    tokens = [tokenize(t) for t in CORPUS]
    index = BM25Index(tokens)  # defaults: lucene idf, k1=1.2, b=0.75
    k1, b = index.k1, index.b
    n = len(tokens)
    avgdl = sum(len(t) for t in tokens) / n
    q = tokenize("大足 银行")
    expected = []
    for doc in tokens:
        s = 0.0
        for term in q:
            df = sum(term in d for d in tokens)
            tf = doc.count(term)
            if df == 0 or tf == 0:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            s += idf * tf / (tf + k1 * (1 - b + b * len(doc) / avgdl))  # bm25s omits (k1 + 1)
        expected.append(s)
    np.testing.assert_allclose(index.scores(q), expected, rtol=1e-4, atol=1e-5)


def test_search_returns_positive_rows_best_first() -> None:
    index = BM25Index.build(CORPUS)
    rows, scores, all_scores = index.search("参观大足石刻", k=5)
    assert rows[0] == 0
    assert (scores > 0).all() and list(scores) == sorted(scores, reverse=True)
    assert all_scores.shape == (len(CORPUS),)
    assert index.search("火星探测器着陆", k=5)[0].size == 0


def test_unknown_terms_and_empty_index() -> None:
    assert BM25Index([]).scores(["大足"]).shape == (0,)
    assert BM25Index([]).search("大足", 3)[0].size == 0
    index = BM25Index.build(CORPUS)
    assert not index.scores(["不存在的词"]).any()


def test_scores_equal_bm25s_for_every_method() -> None:
    tokens = [tokenize(t) for t in CORPUS] + [[], tokenize("大足 大足 大足")]  # an empty row, a repeated term
    for method in ("lucene", "robertson"):
        ref = bm25s.BM25(k1=1.2, b=0.75, method=method)
        ref.index(tokens, show_progress=False)
        ours = BM25Index(tokens, method=method)
        for q in QUERIES + ["大足 大足", "大足黑山羊"]:
            known = [t for t in tokenize(q) if t in ref.vocab_dict]
            np.testing.assert_allclose(ours.scores(tokenize(q)), ref.get_scores(known), rtol=1e-5, atol=1e-6,
                                       err_msg=f"{method}: {q}")


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="atire"):
        BM25Index([["a"]], method="atire")


def test_save_load_roundtrip(tmp_path) -> None:
    index = BM25Index.build(CORPUS)
    index.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25")
    assert loaded.vocab == index.vocab and len(loaded) == len(index)
    assert isinstance(loaded.col_scores, np.memmap)  # opened without reading the matrices
    for q in QUERIES:
        np.testing.assert_allclose(loaded.scores(tokenize(q)), index.scores(tokenize(q)), rtol=1e-6)
    # a write on a loaded (memory-mapped) index is the same as one on a fresh build
    grown = loaded.with_rows([1, 3], [tokenize(CORPUS[0])])
    fresh = BM25Index.build([CORPUS[1], CORPUS[3], CORPUS[0]])
    for q in QUERIES:
        np.testing.assert_allclose(grown.scores(tokenize(q)), fresh.scores(tokenize(q)), rtol=1e-6)


def test_older_format_with_token_lists_still_loads(tmp_path) -> None:
    """Knowledge bases written before format 3 kept token lists (and bm25s's matrices): refit from the lists."""
    folder = tmp_path / "bm25"
    folder.mkdir()
    tokens = [tokenize(t) for t in CORPUS]
    (folder / "tokens.jsonl").write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tokens),
                                         encoding="utf-8")
    (folder / "rag_bm25.json").write_text(json.dumps({"k1": 1.2, "b": 0.75, "method": "lucene",
                                                      "rows": len(tokens), "tokenizer": 2}), encoding="utf-8")
    loaded = BM25Index.load(folder)
    for q in QUERIES:
        np.testing.assert_allclose(loaded.scores(tokenize(q)), BM25Index(tokens).scores(tokenize(q)), rtol=1e-6)


def test_with_rows_equals_fresh_build() -> None:
    index = BM25Index.build(CORPUS[:5])
    updated = index.with_rows([0, 2, 4], [tokenize(CORPUS[5]), tokenize(CORPUS[6])])
    fresh = BM25Index.build([CORPUS[0], CORPUS[2], CORPUS[4], CORPUS[5], CORPUS[6]])
    for q in QUERIES + ["大足黑山羊", "智慧政务"]:
        np.testing.assert_allclose(updated.scores(tokenize(q)), fresh.scores(tokenize(q)), rtol=1e-6)
