"""Sparse retrieval: jieba tokens (+ character bigrams) scored with BM25 (bm25s).

bm25s's own tokenizer keeps a whole run of Chinese characters as one token, which makes BM25 useless
on Chinese; `tokenize` uses jieba's search mode instead, which also emits the sub-words of long words
(e.g. 智慧政务 -> 智慧, 政务, 智慧政务) so a question's wording need not match the text's exactly.
Character bigrams of every Chinese run are added so that names and terms jieba splits differently
in question and passage still match, and a short list of function/question words is dropped.
Measured with bench/bench_retrieval.py-style runs (BM25 only, chunk level, MRR@10): rgb_zh
0.851 (jieba) -> 0.866 (+stopwords, bigrams); cmrc2018 0.966 -> 0.983.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from rag.lexicon import search_words
from rag.npy import load_npy
from rag.textmatch import simplified

DEFAULT_METHOD = "lucene"  # idf = log(1 + (N - df + 0.5) / (df + 0.5)): never negative
DEFAULT_K1 = 1.2
DEFAULT_B = 0.75
_PARAMS_FILE = "rag_bm25.json"
_VOCAB_FILE = "vocab.json"
_OLD_TOKENS_FILE = "tokens.jsonl"  # format 1-2: token lists (+ bm25s's matrices)
_ARRAYS = ("row_ptr", "term_ids", "tf", "col_ptr", "col_rows", "col_scores")
FORMAT_VERSION = 3
# idf per method, as bm25s computes it (robertson clipped at 0, lucene never negative); 0 for absent terms
_IDF = {
    "lucene": lambda df, n: np.where(df > 0, np.log1p((n - df + 0.5) / (df + 0.5)), 0.0),
    "robertson": lambda df, n: np.where(df > 0, np.log(np.maximum((n - df + 0.5) / (df + 0.5), 1.0)), 0.0),
}


TOKENIZER_VERSION = 3  # stored with the index; a KB tokenized differently is re-tokenized on load
# Function words and question words: frequent in questions, never what a passage is about.
STOPWORDS = frozenset(
    "的 了 着 是 在 和 与 及 或 等 也 都 就 而 之 吗 呢 吧 啊 呀 么 什么 哪些 哪个 哪里 哪 谁 多少 几 怎么 怎样 "
    "如何 为什么 为何 是否 有没有 有 被 把 对 从 于 以 为 这 那 其 该 个 年 月 日 请问 一下".split())
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def _is_content(token: str) -> bool:
    """False for tokens made only of punctuation, symbols, whitespace or control characters."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def tokenize(text: str) -> list[str]:
    """jieba search-mode words + Chinese character bigrams; NFKC-folded, lower-cased, in simplified characters (a
    page in traditional ones, 登記編號, is found by 登记编号), no punctuation, no stopwords."""
    text = simplified(unicodedata.normalize("NFKC", text).lower())
    words = [t for t in (w.strip() for w in search_words(text))
             if t and t not in STOPWORDS and _is_content(t)]
    bigrams = [run[i:i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)]
    return words + [b for b in bigrams if b not in STOPWORDS]


class BM25Index:
    """BM25 over the chunk rows of a knowledge base, held as numpy arrays.

    The state is the term frequencies by row (CSR: row_ptr, term_ids, tf) and the vocabulary; the scores by term
    (CSC: col_ptr, col_rows, col_scores) are derived from them on every write, because idf and the mean length
    change with every row. Arrays, not token lists, so that a million chunks take ~1 GB instead of ~5 GB of
    Python objects, and opening memory-maps them. Scores equal bm25s's (the reference in tests/test_bm25.py)."""

    def __init__(self, tokens: list[list[str]] | None = None, *, k1: float = DEFAULT_K1, b: float = DEFAULT_B,
                 method: str = DEFAULT_METHOD) -> None:
        if method not in _IDF:
            raise ValueError(f"BM25 method {method!r}: choose from {', '.join(_IDF)}")
        self.k1, self.b, self.method = k1, b, method
        self.vocab: dict[str, int] = {}
        row_ptr, term_ids, tf = _postings(tokens or [], self.vocab)
        self._set(row_ptr, term_ids, tf)

    @classmethod
    def build(cls, texts: Sequence[str], **params: Any) -> "BM25Index":
        return cls([tokenize(t) for t in texts], **params)

    def _set(self, row_ptr: np.ndarray, term_ids: np.ndarray, tf: np.ndarray,
             columns: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> None:
        self.row_ptr, self.term_ids, self.tf = row_ptr, term_ids, tf
        self.col_ptr, self.col_rows, self.col_scores = columns or self._columns()

    def _columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every (row, term) score, grouped by term."""
        n, n_terms = len(self), len(self.vocab)
        row_of = np.repeat(np.arange(n, dtype=np.int32), np.diff(self.row_ptr))
        df = np.bincount(self.term_ids, minlength=n_terms)
        col_ptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=col_ptr[1:])
        if not len(self.term_ids):
            return col_ptr, np.zeros(0, np.int32), np.zeros(0, np.float32)
        doc_len = np.bincount(row_of, weights=self.tf, minlength=n)
        norm = (self.k1 * ((1 - self.b) + self.b * doc_len / doc_len.mean())).astype(np.float32)
        idf = _IDF[self.method](df.astype(np.float64), n).astype(np.float32)
        scores = idf[self.term_ids] * self.tf / (norm[row_of] + self.tf)
        order = np.argsort(self.term_ids, kind="stable")  # rows stay ascending within a term
        return col_ptr, row_of[order], scores[order]

    def __len__(self) -> int:
        return len(self.row_ptr) - 1

    def with_rows(self, keep: Sequence[int], new_tokens: list[list[str]]) -> "BM25Index":
        """A new index over the kept rows (in that order) followed by new rows; idf is recomputed."""
        keep_rows = np.asarray(keep, dtype=np.int64)
        if len(keep_rows) == len(self) and np.array_equal(keep_rows, np.arange(len(self))):
            kept_ptr, kept_ids, kept_tf = self.row_ptr, self.term_ids, self.tf  # nothing deleted: the usual case
        else:
            starts, lengths = self.row_ptr[keep_rows], np.diff(self.row_ptr)[keep_rows]
            kept_ptr = np.zeros(len(keep_rows) + 1, dtype=np.int64)
            np.cumsum(lengths, out=kept_ptr[1:])
            where = np.repeat(starts - kept_ptr[:-1], lengths) + np.arange(kept_ptr[-1])
            kept_ids, kept_tf = self.term_ids[where], self.tf[where]
        out = BM25Index(k1=self.k1, b=self.b, method=self.method)
        out.vocab = dict(self.vocab)  # a copy: readers of this version keep theirs
        new_ptr, new_ids, new_tf = _postings(new_tokens, out.vocab)
        out._set(np.concatenate([kept_ptr, kept_ptr[-1] + new_ptr[1:]]),
                 np.concatenate([kept_ids, new_ids]), np.concatenate([kept_tf, new_tf]))
        return out

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every row for the query (0 where no query term occurs); a repeated query term counts
        once per occurrence, as in bm25s."""
        out = np.zeros(len(self), dtype=np.float32)
        for token in query_tokens:
            term = self.vocab.get(token)
            if term is not None:
                start, end = self.col_ptr[term], self.col_ptr[term + 1]
                out[self.col_rows[start:end]] += self.col_scores[start:end]  # rows are unique within a term
        return out

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(top rows, their scores, all scores); only rows with a positive score are returned."""
        all_scores = self.scores(tokenize(query))
        if k <= 0 or not all_scores.size:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32), all_scores
        k = min(k, all_scores.size)
        top = np.argpartition(-all_scores, k - 1)[:k]
        top = top[np.argsort(-all_scores[top], kind="stable")]
        top = top[all_scores[top] > 0]
        return top.astype(np.int64), all_scores[top], all_scores

    # --- persistence: the arrays as .npy (memory-mapped on load), the vocabulary as a JSON list
    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name in _ARRAYS:
            with open(folder / f"{name}.npy", "wb") as f:
                np.save(f, getattr(self, name))
                f.flush()
                os.fsync(f.fileno())
        with open(folder / _VOCAB_FILE, "w", encoding="utf-8") as f:
            json.dump(sorted(self.vocab, key=self.vocab.__getitem__), f, ensure_ascii=False)
        (folder / _PARAMS_FILE).write_text(
            json.dumps({"k1": self.k1, "b": self.b, "method": self.method, "rows": len(self),
                        "tokenizer": TOKENIZER_VERSION, "format": FORMAT_VERSION}),
            encoding="utf-8")

    @staticmethod
    def stored_tokenizer(folder: Path) -> int:
        """Tokenizer version an index was saved with (re-tokenize when it is not TOKENIZER_VERSION)."""
        return int(json.loads((folder / _PARAMS_FILE).read_text(encoding="utf-8")).get("tokenizer", 1))

    @classmethod
    def load(cls, folder: Path) -> "BM25Index":
        params = json.loads((folder / _PARAMS_FILE).read_text(encoding="utf-8"))
        settings = {"k1": params["k1"], "b": params["b"], "method": params["method"]}
        if params.get("format", 1) < FORMAT_VERSION:  # token lists + bm25s matrices: refit from the tokens
            with open(folder / _OLD_TOKENS_FILE, encoding="utf-8") as f:
                return cls([json.loads(line) for line in f], **settings)
        index = cls(**settings)
        with open(folder / _VOCAB_FILE, encoding="utf-8") as f:
            index.vocab = {term: i for i, term in enumerate(json.load(f))}
        arrays = {name: load_npy(folder / f"{name}.npy") for name in _ARRAYS}
        index._set(arrays["row_ptr"], arrays["term_ids"], arrays["tf"],
                   (arrays["col_ptr"], arrays["col_rows"], arrays["col_scores"]))
        if len(index) != params.get("rows", len(index)):
            raise ValueError(f"{folder}: BM25 has {len(index)} rows, its parameters say {params['rows']}")
        return index


def _postings(tokens: Iterable[list[str]], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Term frequencies by row (CSR) of token lists; new terms are added to `vocab`."""
    term_ids: list[int] = []
    counts: list[int] = []
    row_ptr = [0]
    for toks in tokens:
        tf = Counter(vocab.setdefault(t, len(vocab)) for t in toks)
        term_ids.extend(tf)
        counts.extend(tf.values())
        row_ptr.append(len(term_ids))
    return (np.asarray(row_ptr, dtype=np.int64), np.asarray(term_ids, dtype=np.int32),
            np.asarray(counts, dtype=np.float32))
