"""The ONNX Runtime embedder against the torch one (real model, real export, real ONNX Runtime)."""
from __future__ import annotations

import numpy as np
import pytest

from rag.config import Settings
from rag.embed import get_embedder

TEXTS = ["西彭园区已分批次组织了11家银行和50余家企业进行了对接座谈。", "大足石刻",
         "深化国家绿色数据中心试点，建设峰值浮点运算能力达亿亿次级、存储容量达50PB级的高性能超算中心。" * 3]


@pytest.fixture(scope="module")
def onnx_settings(settings: Settings) -> Settings:
    # exports go under models_dir/onnx; a temp models_dir would lose the provisioned model, so the
    # export lands in the project's models/ (git-ignored) like the other weights
    return settings.replace(embed_backend="onnx")


def test_onnx_fp32_vectors_match_torch(settings: Settings, onnx_settings: Settings) -> None:
    torch_emb, onnx_emb = get_embedder(settings), get_embedder(onnx_settings)
    assert type(onnx_emb).__name__ == "OnnxEmbedder" and onnx_emb.dim == torch_emb.dim == 384
    for embed in ("embed_passages", "embed_queries"):
        a, b = getattr(torch_emb, embed)(TEXTS), getattr(onnx_emb, embed)(TEXTS)
        cos = (a * b).sum(axis=1)
        assert cos.min() > 0.9999, cos
        np.testing.assert_allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    assert onnx_emb.embed_passages([]).shape == (0, 384)


def test_int8_is_close_but_its_own_identity(settings: Settings) -> None:
    from rag.errors import IndexMismatchError
    from rag.stores import embedding_identity, open_kb
    from rag.types import Document

    s8 = settings.replace(embed_backend="onnx-int8")
    a, b = get_embedder(settings).embed_passages(TEXTS), get_embedder(s8).embed_passages(TEXTS)
    assert (a * b).sum(axis=1).min() > 0.95
    assert embedding_identity(s8)["model"] != embedding_identity(settings)["model"]
    kb = open_kb("int8_kb", s8, create=True)
    kb.add_documents([Document("a.txt", "a.txt", TEXTS[0], "")])
    with pytest.raises(IndexMismatchError):
        open_kb("int8_kb", settings)  # fp32 queries against int8 vectors: refused, reindex needed


def test_retrieval_on_onnx_finds_the_sample_passage(onnx_settings: Settings) -> None:
    from rag.ingest import iter_documents
    from rag.retrieve import Retriever
    from rag.stores import open_kb
    from tests.conftest import SAMPLE_DIR

    kb = open_kb("onnx_sample", onnx_settings, create=True)
    kb.add_documents([d for d in iter_documents([SAMPLE_DIR], onnx_settings) if not isinstance(d, Exception)])
    hits = Retriever(kb, onnx_settings).search("西彭园区组织了多少家银行和企业对接座谈？", 3)
    assert "11家银行" in hits[0].chunk.text


def test_unknown_backend_is_a_clear_error(settings: Settings) -> None:
    from rag.errors import ModelMissingError

    with pytest.raises(ModelMissingError, match="embed_backend"):
        get_embedder(settings.replace(embed_backend="tensorrt"))
