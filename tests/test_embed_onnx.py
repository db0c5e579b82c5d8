"""The ONNX Runtime embedder against the torch one (real model, real export, real ONNX Runtime)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.config import Settings
from rag.embed import get_embedder
from rag.embed_onnx import CHECK_TEXTS

TEXTS = list(CHECK_TEXTS[:3])  # two sample sentences and a long one


@pytest.fixture(scope="module")
def onnx_settings(settings: Settings) -> Settings:
    # exports go under models_dir/onnx; a temp models_dir would lose the provisioned model, so the
    # export lands in the project's models/ (git-ignored) like the other weights
    return settings.replace(embed_backend="onnx")


@pytest.fixture(scope="module")
def torch_settings(settings: Settings) -> Settings:
    return settings.replace(embed_backend="torch")


def test_auto_is_the_default_and_runs_the_form_measured_faster_here(settings: Settings) -> None:
    from rag.embed_choice import CANDIDATES, Q8_MARGIN, cpu_identity, stamped_choice

    assert settings.embed_backend == "auto"  # onnx or onnx-q8, whichever is faster on this CPU (README)
    emb = get_embedder(settings)
    stamp = stamped_choice(settings)  # set-up measured it (or the first use did, just now)
    assert stamp is not None and stamp["cpu"] == cpu_identity() and set(stamp["texts_per_s"]) == set(CANDIDATES)
    speed = stamp["texts_per_s"]
    assert all(v > 0 for v in speed.values())
    assert stamp["backend"] == ("onnx-q8" if speed["onnx-q8"] >= Q8_MARGIN * speed["onnx"] else "onnx")
    assert emb.quant == ("q8" if stamp["backend"] == "onnx-q8" else "")
    assert get_embedder(settings.replace(embed_backend=stamp["backend"])) is emb  # one model in memory, not two


def test_auto_measures_again_on_another_cpu(settings: Settings, monkeypatch) -> None:
    """A models folder carried to another machine is measured again there (really: both forms embed the timing
    texts), and the stamp is replaced atomically; the choice moves speed only (one embedding identity)."""
    from rag import embed_choice
    from rag.stores import embedding_identity

    get_embedder(settings)  # the stamp of this machine exists
    path, _ = embed_choice._stamp_key(settings)
    original = path.read_text(encoding="utf-8")
    monkeypatch.setattr(embed_choice, "cpu_identity", lambda: "another-cpu")
    try:
        assert embed_choice.stamped_choice(settings) is None
        stamp, fresh = embed_choice.choose(settings)
        assert fresh
        assert stamp["cpu"] == "another-cpu" and embed_choice.stamped_choice(settings) == stamp
        assert stamp["backend"] in embed_choice.CANDIDATES and min(stamp["texts_per_s"].values()) > 0
        assert not list(path.parent.glob("speed.json.*.tmp"))
    finally:
        path.write_text(original, encoding="utf-8")  # this machine's measurement, as set-up left it
    assert embedding_identity(settings) == embedding_identity(settings.replace(embed_backend="onnx-q8")) \
        == embedding_identity(settings.replace(embed_backend="onnx"))


def test_q8_vectors_match_fp32_and_share_its_knowledge_bases(settings: Settings, torch_settings: Settings) -> None:
    from rag.stores import embedding_identity

    q8 = get_embedder(settings.replace(embed_backend="onnx-q8"))
    assert q8.quant == "q8" and q8.dim == 384
    torch_emb = get_embedder(torch_settings)
    for embed in ("embed_passages", "embed_queries"):
        cos = (getattr(torch_emb, embed)(TEXTS) * getattr(q8, embed)(TEXTS)).sum(axis=1)
        assert cos.min() > 0.999, cos  # measured on 500 rgb_zh/cmrc2018 passages: mean 0.9998, min 0.9994
    # close enough to search fp32-built knowledge bases as they are (retrieval within 0.004 MRR@10 on three sets)
    assert embedding_identity(settings.replace(embed_backend="onnx-q8")) == embedding_identity(torch_settings)
    # activations are quantised per block of each token's row, not per batch: a text's vector hardly depends on
    # the texts embedded with it (ONNX Runtime's dynamic int8 scales per batch)
    alone = np.vstack([q8.embed_passages([t]) for t in TEXTS])
    assert (alone * q8.embed_passages(TEXTS)).sum(axis=1).min() > 0.9999


def test_onnx_fp32_vectors_match_torch(torch_settings: Settings, onnx_settings: Settings) -> None:
    torch_emb, onnx_emb = get_embedder(torch_settings), get_embedder(onnx_settings)
    assert type(onnx_emb).__name__ == "OnnxEmbedder" and type(torch_emb).__name__ == "Embedder"
    assert onnx_emb.dim == torch_emb.dim == 384
    for embed in ("embed_passages", "embed_queries"):
        a, b = getattr(torch_emb, embed)(TEXTS), getattr(onnx_emb, embed)(TEXTS)
        cos = (a * b).sum(axis=1)
        assert cos.min() > 0.9999, cos
        np.testing.assert_allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    assert onnx_emb.embed_passages([]).shape == (0, 384)


def test_batches_run_side_by_side_keep_each_text_with_its_vector(onnx_settings: Settings) -> None:
    from concurrent.futures import ThreadPoolExecutor

    emb = get_embedder(onnx_settings)
    assert len(emb.sessions) == onnx_settings.threads  # one single-threaded session per core...
    assert len(emb._weights) > 100  # ...reading one shared copy of the model's weights (e5-small: ~200 tensors)
    texts = [f"{t}（第{i}段）" for i in range(7) for t in TEXTS]  # 21 texts of mixed length: several batches
    one_by_one = np.vstack([emb.embed_passages([t]) for t in texts])
    together = emb.embed_passages(texts)
    assert (one_by_one * together).sum(axis=1).min() > 0.9999  # every row is its own text's vector, in order
    # a query while a bulk embedding runs (the server answers during an upload): both get their own vectors
    with ThreadPoolExecutor(2) as ex:
        bulk = ex.submit(emb.embed_passages, texts)
        query = ex.submit(emb.embed_queries, [TEXTS[0]])
        assert (bulk.result() * together).sum(axis=1).min() > 0.9999
        assert float((query.result() * emb.embed_queries([TEXTS[0]])).sum()) > 0.9999


def test_a_batch_size_below_one_embeds_one_text_per_run(settings: Settings) -> None:
    from rag.embed_onnx import OnnxEmbedder
    from rag.models.registry import resolve_embedding

    spec = resolve_embedding(settings.embed_model, settings)
    emb = OnnxEmbedder(spec, settings.models_dir, batch_size=0, threads=1)
    vectors = emb.embed_passages(TEXTS)
    assert emb.batch_size == 1 and vectors.shape == (len(TEXTS), 384)


def test_int8_is_close_but_its_own_identity(settings: Settings, torch_settings: Settings) -> None:
    from rag.errors import IndexMismatchError
    from rag.stores import embedding_identity, open_kb
    from rag.types import Document

    s8 = settings.replace(embed_backend="onnx-int8")
    a, b = get_embedder(torch_settings).embed_passages(TEXTS), get_embedder(s8).embed_passages(TEXTS)
    assert (a * b).sum(axis=1).min() > 0.99  # per-channel scales (per tensor gave ~0.98)
    assert embedding_identity(s8)["model"] != embedding_identity(settings)["model"]
    assert embedding_identity(torch_settings) == embedding_identity(settings)  # torch and ONNX fp32 share KBs
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


def test_setup_checks_the_onnx_vectors_against_torch(settings: Settings, torch_settings: Settings) -> None:
    from rag.embed_onnx import MIN_COSINE, check_against_torch
    from rag.errors import ModelMissingError

    for backend in ("onnx", "onnx-q8", "onnx-int8"):
        assert check_against_torch(settings.replace(embed_backend=backend)) >= MIN_COSINE[backend]
    with pytest.raises(ModelMissingError, match="only the ONNX backends"):
        check_against_torch(torch_settings)


def test_int8_model_is_requantised_when_the_recipe_changes(settings: Settings, tmp_path) -> None:
    import json

    from rag.embed_onnx import INT8_RECIPE, export_onnx
    from rag.models.registry import resolve_embedding

    spec = resolve_embedding(settings.embed_model, settings)
    fp32 = export_onnx(spec, settings.models_dir / "onnx" / spec.name, quant="")
    out = tmp_path / "onnx"
    out.mkdir()
    (out / "model.onnx").symlink_to(fp32)  # the fp32 export is reused as it is (its stamp matches)
    (out / "source.json").write_text((fp32.parent / "source.json").read_text(encoding="utf-8"), encoding="utf-8")
    stale = {**json.loads((out / "source.json").read_text(encoding="utf-8")), **INT8_RECIPE, "per_channel": False}
    (out / "int8.json").write_text(json.dumps(stale), encoding="utf-8")
    (out / "model.int8.onnx").write_bytes(b"an int8 model made by an older recipe")
    q = export_onnx(spec, out, quant="int8")
    assert q.stat().st_size > 50_000_000  # quantised again: ~118 MB, not the stale bytes
    assert json.loads((out / "int8.json").read_text(encoding="utf-8"))["per_channel"] is True
    assert (out / "model.onnx").is_symlink()  # fp32 export untouched


def test_an_export_follows_the_weights_not_the_folder_they_sit_in(settings: Settings, tmp_path) -> None:
    """Two checkouts sharing one models/ folder (a worktree, a symlink) reuse each other's export; other weights
    under the same name do not."""
    from rag.embed_onnx import export_is_current, export_onnx
    from rag.models.registry import resolve_embedding

    spec = resolve_embedding(settings.embed_model, settings)
    out = settings.models_dir / "onnx" / spec.name
    export_onnx(spec, out, quant="q8")
    elsewhere = tmp_path / "same-weights"
    elsewhere.symlink_to(spec.location)
    assert export_is_current(resolve_embedding(str(elsewhere), settings), out, "q8")
    edited = tmp_path / "other-weights"  # same files but one changed: a fine-tuned copy, say
    edited.mkdir()
    for f in Path(spec.location).iterdir():
        if f.name != "config.json":
            (edited / f.name).symlink_to(f)
    config = (Path(spec.location) / "config.json").read_text(encoding="utf-8")
    (edited / "config.json").write_text(config.replace("{", '{"fine_tuned": true, ', 1), encoding="utf-8")
    assert not export_is_current(resolve_embedding(str(edited), settings), out)


def test_setup_exports_the_onnx_backend_when_it_is_configured(settings: Settings, torch_settings: Settings,
                                                             tmp_path) -> None:
    from rag.models.provision import provision_onnx
    from rag.models.registry import resolve_embedding

    lines: list[str] = []
    provision_onnx(torch_settings, lines.append)
    assert lines == []  # torch: nothing to export
    # a models folder holding the provisioned embedder but no export yet, as on a fresh clone
    (tmp_path / "multilingual-e5-small").symlink_to(resolve_embedding(settings.embed_model, settings).location)
    fresh = settings.replace(models_dir=tmp_path)
    provision_onnx(fresh, lines.append)
    assert [line.split(":")[0] for line in lines] == ["embedder onnx", "embedder onnx-q8", "embedder auto"]
    assert all(": ready" in line and "cosine" in line for line in lines[:2])
    assert lines[2].startswith(("embedder auto: onnx (measured: ", "embedder auto: onnx-q8 (measured: "))
    assert {p.name for p in (tmp_path / "onnx" / "multilingual-e5-small").glob("*.onnx")} == {"model.onnx", "model.q8.onnx"}
    provision_onnx(fresh, lines.append)  # set-up run again: nothing to export, check or measure
    assert lines[3].startswith("embedder onnx: ok (") and lines[4].startswith("embedder onnx-q8: ok (")
    assert lines[5] == lines[2].replace("(measured: ", "(ok: ")
    provision_onnx(settings.replace(models_dir=tmp_path, embed_backend="onnx-q8"), lines.append)
    assert lines[6:] == [lines[4]]  # a backend named: only its export, nothing measured


def test_export_is_checked_against_the_full_pipeline(settings: Settings, tmp_path) -> None:
    """A sentence-transformers folder whose vectors the ONNX export cannot reproduce is refused with a clear error,
    and nothing half-written is left to be loaded later."""
    import json
    import os
    import shutil

    from rag.embed_onnx import export_onnx
    from rag.errors import ModelMissingError
    from rag.models.registry import resolve_embedding

    spec = resolve_embedding(settings.embed_model, settings)
    folder = tmp_path / "e5-cls"
    shutil.copytree(spec.location, folder, copy_function=os.symlink)  # the weights linked, not copied (470 MB)
    pooling = next(folder.glob("*Pooling*/config.json"))
    conf = json.loads(pooling.read_text(encoding="utf-8"))
    modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    (folder / "modules.json").unlink()  # a link to the provisioned model's file: replaced, never written through
    (folder / "modules.json").write_text(json.dumps(modules + [{"idx": 9, "name": "9", "path": "9_Dense",
                                                                "type": "sentence_transformers.models.Dense"}]),
                                         encoding="utf-8")
    dense = folder / "9_Dense"
    dense.mkdir()
    import torch
    from sentence_transformers.models import Dense

    torch.manual_seed(0)
    Dense(conf["word_embedding_dimension"], 64).save(str(dense))  # a layer after pooling: not run by this backend
    local = resolve_embedding(str(folder), settings)
    out = tmp_path / "onnx"
    with pytest.raises(ModelMissingError, match="RAG_EMBED_BACKEND=torch"):
        export_onnx(local, out, quant="")
    assert not (out / "model.onnx").exists() and not (out / "model.onnx.tmp").exists()


def test_a_quantised_model_that_drifts_from_fp32_is_removed_and_reported(settings: Settings, tmp_path,
                                                                         monkeypatch) -> None:
    import json

    from rag import embed_onnx
    from rag.errors import ModelMissingError
    from rag.models.registry import resolve_embedding

    spec = resolve_embedding(settings.embed_model, settings)
    fp32 = embed_onnx.export_onnx(spec, settings.models_dir / "onnx" / spec.name, quant="")
    out = tmp_path / "onnx"
    out.mkdir()
    (out / "model.onnx").symlink_to(fp32)
    (out / "source.json").write_text((fp32.parent / "source.json").read_text(encoding="utf-8"), encoding="utf-8")
    # the real quantiser and the real check, held to a bar no quantised model can meet
    monkeypatch.setitem(embed_onnx.MIN_COSINE, "onnx-int8", 1.01)
    with pytest.raises(ModelMissingError, match="RAG_EMBED_BACKEND=onnx"):
        embed_onnx.export_onnx(spec, out, quant="int8")
    assert sorted(p.name for p in out.iterdir()) == ["model.onnx", "source.json"]  # nothing half-made left to load
    assert json.loads((out / "source.json").read_text(encoding="utf-8"))["fingerprint"]
