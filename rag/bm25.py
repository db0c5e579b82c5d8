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
import shutil
import sys
import re
import unicodedata
from pathlib import Path
from typing import Sequence

import bm25s
import numpy as np

from rag.lexicon import search_words

DEFAULT_METHOD = "lucene"  # idf = log(1 + (N - df + 0.5) / (df + 0.5)): never negative
DEFAULT_K1 = 1.2
DEFAULT_B = 0.75
_TOKENS_FILE = "tokens.jsonl"
_PARAMS_FILE = "rag_bm25.json"


TOKENIZER_VERSION = 2  # stored with the index; a KB tokenized differently is re-tokenized on load
# Function words and question words: frequent in questions, never what a passage is about.
STOPWORDS = frozenset(
    "的 了 着 是 在 和 与 及 或 等 也 都 就 而 之 吗 呢 吧 啊 呀 么 什么 哪些 哪个 哪里 哪 谁 多少 几 怎么 怎样 "
    "如何 为什么 为何 是否 有没有 有 被 把 对 从 于 以 为 这 那 其 该 个 年 月 日 请问 一下".split())
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def _is_content(token: str) -> bool:
    """False for tokens made only of punctuation, symbols, whitespace or control characters."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def tokenize(text: str) -> list[str]:
    """jieba search-mode words + Chinese character bigrams; NFKC-folded, lower-cased, no
    punctuation, no stopwords."""
    text = unicodedata.normalize("NFKC", text).lower()
    words = [t for t in (w.strip() for w in search_words(text))
             if t and t not in STOPWORDS and _is_content(t)]
    bigrams = [run[i:i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)]
    return words + [b for b in bigrams if b not in STOPWORDS]


class BM25Index:
    """BM25 over a list of token lists; rows are the chunk rows of the knowledge base."""

    def __init__(self, tokens: list[list[str]] | None, *, k1: float = DEFAULT_K1, b: float = DEFAULT_B,
                 method: str = DEFAULT_METHOD, model: bm25s.BM25 | None = None,
                 tokens_file: Path | None = None, rows: int | None = None) -> None:
        self._tokens = tokens  # None: still on disk in tokens_file (read only when a write needs them)
        self._tokens_file = tokens_file
        self._rows = len(tokens) if tokens is not None else int(rows or 0)
        self.k1, self.b, self.method = k1, b, method
        self._model = model if model is not None or not tokens else self._fit(tokens)

    @property
    def tokens(self) -> list[list[str]]:
        if self._tokens is None:
            with open(self._tokens_file, encoding="utf-8") as f:  # type: ignore[arg-type]
                # interned: the same word in a million chunks is one string, not a million copies
                self._tokens = [[sys.intern(t) for t in json.loads(line)] for line in f]
        return self._tokens

    def _fit(self, tokens: list[list[str]]) -> bm25s.BM25:
        model = bm25s.BM25(k1=self.k1, b=self.b, method=self.method)
        model.index(tokens, show_progress=False)
        return model

    @classmethod
    def build(cls, texts: Sequence[str], **params: object) -> "BM25Index":
        return cls([tokenize(t) for t in texts], **params)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return self._rows

    def with_rows(self, keep: Sequence[int], new_tokens: list[list[str]]) -> "BM25Index":
        """A new index over the kept rows (in that order) followed by new rows; idf is recomputed."""
        tokens = [self.tokens[i] for i in keep] + [[sys.intern(t) for t in toks] for toks in new_tokens]
        return BM25Index(tokens, k1=self.k1, b=self.b, method=self.method)

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every row for the query (0 where no query term occurs)."""
        n = len(self)
        if self._model is None or n == 0:
            return np.zeros(n, dtype=np.float32)
        vocab = self._model.vocab_dict
        known = [t for t in query_tokens if t in vocab]
        if not known:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)

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

    # --- persistence: the tokens are the state (so later writes need not re-tokenize);
    # the fitted bm25s matrices are saved too so opening a large index is fast.
    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if self._tokens is None and self._tokens_file is not None:
            shutil.copyfile(self._tokens_file, folder / _TOKENS_FILE)  # unchanged: no need to parse it
        else:
            with open(folder / _TOKENS_FILE, "w", encoding="utf-8") as f:
                for toks in self.tokens:
                    f.write(json.dumps(toks, ensure_ascii=False) + "\n")
        (folder / _PARAMS_FILE).write_text(
            json.dumps({"k1": self.k1, "b": self.b, "method": self.method, "rows": len(self),
                        "tokenizer": TOKENIZER_VERSION}),
            encoding="utf-8")
        if self._model is not None:
            self._model.save(str(folder / "bm25s"), show_progress=False)

    @staticmethod
    def stored_tokenizer(folder: Path) -> int:
        """Tokenizer version an index was saved with (re-tokenize when it is not TOKENIZER_VERSION)."""
        return int(json.loads((folder / _PARAMS_FILE).read_text(encoding="utf-8")).get("tokenizer", 1))

    @classmethod
    def load(cls, folder: Path) -> "BM25Index":
        params = json.loads((folder / _PARAMS_FILE).read_text(encoding="utf-8"))
        if not (folder / "bm25s").is_dir():  # an empty index, or one saved without its matrices: fit now
            with open(folder / _TOKENS_FILE, encoding="utf-8") as f:
                tokens = [json.loads(line) for line in f]
            return cls(tokens, k1=params["k1"], b=params["b"], method=params["method"])
        # the fitted matrices memory-mapped; the token lists stay on disk until a write needs them
        model = bm25s.BM25.load(str(folder / "bm25s"), mmap=True, show_progress=False)
        return cls(None, k1=params["k1"], b=params["b"], method=params["method"], model=model,
                   tokens_file=folder / _TOKENS_FILE, rows=params.get("rows"))
