"""The same embedding model run by ONNX Runtime instead of torch (RAG_EMBED_BACKEND=onnx | onnx-q8 | onnx-int8).

The transformer is exported once from the provisioned (or any local / cached) sentence-transformers folder into
models/onnx/<name>/ (fp32; q8 = its matrices' weights in 8 bits per block of 128, ONNX Runtime's MatMulNBits, whose
kernels also quantise the activations per block at run time; int8 = ONNX Runtime dynamic quantisation, one activation
scale per batch), then run with mean pooling
and L2 normalisation in numpy, as the sentence-transformers folder configures (the e5 default: mean, normalised).
Texts are sorted by length and batched, so a batch pads only to its own longest text; batches run side by side on
one single-threaded session per core.
Every export is checked against the sentence-transformers pipeline's own vectors before it is used; set-up
(`python -m rag.models.provision`, the default backend is `onnx`) exports ahead of the first question and checks
against torch's (`check_against_torch`); `tests/test_embed_onnx.py` does the same.
"""
from __future__ import annotations

import functools
import hashlib
import json
import queue
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from rag.config import Settings
from rag.errors import ModelMissingError
from rag.models.registry import EmbeddingSpec

BACKENDS = ("auto", "torch", "onnx", "onnx-q8", "onnx-int8")  # auto: rag/embed_choice.py
# The quantised model each ONNX backend runs ("" = the fp32 export itself).
QUANT = {"onnx": "", "onnx-q8": "q8", "onnx-int8": "int8"}
MAX_TOKENS = 512
# Lowest cosine to torch's vectors a backend must keep on CHECK_TEXTS (measured: fp32 > 0.99999, int8 per channel
# ~0.997 on rgb_zh's passages).
MIN_COSINE = {"onnx": 0.9999, "onnx-q8": 0.999, "onnx-int8": 0.99}
CHECK_TEXTS = ("西彭园区已分批次组织了11家银行和50余家企业进行了对接座谈。", "大足石刻",
               "深化国家绿色数据中心试点，建设峰值浮点运算能力达亿亿次级、存储容量达50PB级的高性能超算中心。" * 3,
               "The ONNX export must give the torch model's vectors.")


@functools.lru_cache(maxsize=None)  # asked by set-up's check, the export and the embedder: look it up once
def _model_folder(spec: EmbeddingSpec) -> Path:
    """The model's local folder: the user's own, the Hugging Face cache, or downloaded when the hub answers."""
    if spec.is_local:
        return Path(spec.location)
    from huggingface_hub import snapshot_download

    from rag.embed import E5_ALIAS, _hub_reachable

    try:
        return Path(snapshot_download(spec.location, local_files_only=True))
    except Exception:
        pass  # not cached yet
    if not _hub_reachable():
        raise ModelMissingError(f"embedding model {spec.name!r} is not a local folder, not in the Hugging Face cache, "
                                f"and the model hub is unreachable; use the offline default {E5_ALIAS!r} or the path "
                                f"of a downloaded model folder")
    return Path(snapshot_download(spec.location))


def _fingerprint(folder: Path) -> str:
    """Which weights an export came from (re-export when they change, not when the same weights sit elsewhere)."""
    h = hashlib.sha256()
    for name in ("model.safetensors", "pytorch_model.bin", "config.json"):
        p = folder / name
        if p.is_file():
            size = p.stat().st_size
            h.update(name.encode())
            h.update(str(size).encode())
            with open(p, "rb") as f:  # size + first and last MB: enough to tell weight files apart, fast
                h.update(f.read(1 << 20))
                f.seek(max(0, size - (1 << 20)))
                h.update(f.read(1 << 20))
    return h.hexdigest()[:16]


INT8_RECIPE = {"weight_type": "QInt8", "per_channel": True}  # stamped: a change re-quantises
# Blocks of 128 weights, symmetric; accuracy level 4 = int8 compute with activations quantised per block of a row, so a
# vector does not depend on the other texts of its batch. Blocks of 32: closer still but 20% slower (docs/experiments.md).
Q8_RECIPE = {"bits": 8, "block_size": 128, "is_symmetric": True, "accuracy_level": 4}
RECIPES = {"int8": INT8_RECIPE, "q8": Q8_RECIPE}


def _stamped(path: Path, stamp: Path, want: dict[str, Any]) -> bool:
    return path.is_file() and stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == want


def onnx_dir(spec: EmbeddingSpec, models_dir: Path) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in spec.name)
    return Path(models_dir) / "onnx" / safe


def _source(folder: Path) -> dict[str, str]:
    """What an export is stamped with: its weights' fingerprint. Not the folder's path: two checkouts sharing one
    models/ folder (a worktree, a symlink) would otherwise re-export it in turn."""
    return {"fingerprint": _fingerprint(folder)}


def export_is_current(spec: EmbeddingSpec, out_dir: Path, quant: str = "") -> bool:
    """Whether export_onnx would reuse what is there (nothing to export, quantise or check)."""
    want = _source(_model_folder(spec))
    current = _stamped(out_dir / "model.onnx", out_dir / "source.json", want)
    return current and (not quant or _stamped(out_dir / f"model.{quant}.onnx", out_dir / f"{quant}.json",
                                              {**want, **RECIPES[quant]}))


def export_onnx(spec: EmbeddingSpec, out_dir: Path, quant: str = "") -> Path:
    """models/onnx/<name>/model[.q8|.int8].onnx, exported (and quantised) on first use; atomic."""
    folder = _model_folder(spec)
    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "model.onnx"
    stamp = out_dir / "source.json"
    want = _source(folder)
    if not _stamped(fp32, stamp, want):
        tmp = out_dir / "model.onnx.tmp"
        _export_checked(spec, folder, tmp)
        tmp.replace(fp32)
        for name in RECIPES:
            (out_dir / f"model.{name}.onnx").unlink(missing_ok=True)
        stamp.write_text(json.dumps(want), encoding="utf-8")
    if not quant:
        return fp32
    q = out_dir / f"model.{quant}.onnx"
    q_stamp = out_dir / f"{quant}.json"
    want_q = {**want, **RECIPES[quant]}
    if not _stamped(q, q_stamp, want_q):
        tmp = out_dir / f"model.{quant}.onnx.tmp"
        QUANTIZERS[quant](fp32, tmp)
        _check_quantized(spec, folder, fp32, tmp, quant)
        tmp.replace(q)
        q_stamp.write_text(json.dumps(want_q), encoding="utf-8")
    return q


def _check_quantized(spec: EmbeddingSpec, folder: Path, fp32: Path, target: Path, quant: str) -> None:
    """The quantised model must keep the fp32 export's directions on CHECK_TEXTS (any model, not only the default:
    a hub model quantised on first use is held to the same bar); otherwise it is removed and the user told."""
    backend = next(b for b, q in QUANT.items() if q == quant)
    lowest = float((_onnx_vectors(fp32, folder, spec) * _onnx_vectors(target, folder, spec)).sum(axis=1).min())
    if lowest < MIN_COSINE[backend]:
        target.unlink(missing_ok=True)
        raise ModelMissingError(f"embedding model {spec.name!r}: quantised for {backend} its vectors drift from the "
                                f"fp32 export's (cosine {lowest:.4f} < {MIN_COSINE[backend]}); use RAG_EMBED_BACKEND=onnx")


def _onnx_vectors(path: Path, folder: Path, spec: EmbeddingSpec) -> np.ndarray:
    """CHECK_TEXTS as passages through the ONNX model at `path`, pooled as the folder configures, unit length."""
    import onnxruntime as ort
    from transformers import AutoTokenizer

    enc = AutoTokenizer.from_pretrained(str(folder))([spec.passage_prefix + t for t in CHECK_TEXTS], padding=True,
                                                     truncation=True, max_length=MAX_TOKENS, return_tensors="np")
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    mask = enc["attention_mask"].astype(np.int64)
    (h,) = session.run(["h"], {"input_ids": enc["input_ids"].astype(np.int64), "attention_mask": mask})
    return _unit(_pool(h, mask, _pooling(folder), spec.normalize))


def _quantize_int8(fp32: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # One scale per output channel, not one per tensor: the per-tensor recipe moved rgb_zh MRR@10 by -0.028,
    # per channel by < 0.005 (docs/experiments.md), at the same speed.
    quantize_dynamic(str(fp32), str(target), weight_type=QuantType[INT8_RECIPE["weight_type"]],
                     per_channel=INT8_RECIPE["per_channel"])


def _quantize_q8(fp32: Path, target: Path) -> None:
    import logging

    import onnx
    try:
        from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer
    except ImportError as e:  # it needs onnx-ir (requirements.txt)
        raise ModelMissingError(f"RAG_EMBED_BACKEND=onnx-q8 needs onnx-ir to quantise ({e}); run bash scripts/setup.sh "
                                f"or choose RAG_EMBED_BACKEND=onnx") from None
    logging.getLogger("onnxruntime.quantization.matmul_nbits_quantizer").setLevel(logging.WARNING)  # a line per MatMul
    quantizer = MatMulNBitsQuantizer(onnx.load(str(fp32)), **Q8_RECIPE)
    quantizer.process()
    quantizer.model.save_model_to_file(str(target), use_external_data_format=False)


# How each recipe in RECIPES is made from the fp32 export.
QUANTIZERS = {"int8": _quantize_int8, "q8": _quantize_q8}


def _export_checked(spec: EmbeddingSpec, folder: Path, target: Path) -> None:
    """Export the sentence-transformers model's transformer to `target` and check that it, with this module's pooling,
    gives the full pipeline's vectors (a pipeline with more than pooling and normalisation, e.g. a Dense layer, does
    not: a clear error instead of silently different vectors)."""
    import torch
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(folder), device="cpu").eval()
    tok, model = st.tokenizer, st[0].auto_model.eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, m: torch.nn.Module) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    dummy = tok(["passage: 你好"], return_tensors="pt")
    dyn = {"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"}, "h": {0: "b", 1: "t"}}
    with warnings.catch_warnings():  # the tracer's warnings concern shapes the export makes dynamic
        warnings.simplefilter("ignore")
        torch.onnx.export(LastHidden(model), (dummy["input_ids"], dummy["attention_mask"]), str(target),
                          input_names=["input_ids", "attention_mask"], output_names=["h"],
                          dynamic_axes=dyn, opset_version=17, dynamo=False)
    texts = [spec.passage_prefix + t for t in CHECK_TEXTS]
    want = st.encode(texts, normalize_embeddings=spec.normalize, convert_to_numpy=True, show_progress_bar=False)
    got = _onnx_vectors(target, folder, spec)
    want = _unit(want)  # directions are compared: a model that does not normalise is checked too
    lowest = float((want * got).sum(axis=1).min()) if want.shape == got.shape else -1.0
    if lowest < MIN_COSINE["onnx"]:
        target.unlink(missing_ok=True)
        raise ModelMissingError(f"embedding model {spec.name!r}: its ONNX export does not reproduce the "
                                f"sentence-transformers vectors (cosine {lowest:.4f}; a pooling or layer this backend "
                                f"does not run); use RAG_EMBED_BACKEND=torch")


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def _pool(h: np.ndarray, mask: np.ndarray, pooling: str, normalize: bool) -> np.ndarray:
    if pooling == "cls":
        pooled = h[:, 0, :]
    else:
        m = mask[:, :, None].astype(np.float32)
        pooled = (h * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)  # mean over real tokens
    return (_unit(pooled) if normalize else pooled).astype(np.float32)


def _pooling(folder: Path) -> str:
    """"mean" or "cls", as the sentence-transformers folder's pooling module says (mean when it has none)."""
    for cfg in sorted(folder.glob("*Pooling*/config.json")):
        conf = json.loads(cfg.read_text(encoding="utf-8"))
        if conf.get("pooling_mode_cls_token"):
            return "cls"
        if conf.get("pooling_mode_mean_tokens"):
            return "mean"
        raise ModelMissingError(f"{cfg}: only mean or CLS pooling run on the ONNX backend; use RAG_EMBED_BACKEND=torch")
    return "mean"


def _weights(path: Path) -> list[tuple[str, Any]]:
    """The model's initializers as OrtValues, to be shared by several sessions (each keeps a reference to its numpy
    array, which must outlive the sessions: the caller keeps the list)."""
    import onnx
    import onnxruntime as ort
    from onnx import numpy_helper

    model = onnx.load(str(path))
    return [(t.name, ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(numpy_helper.to_array(t))))
            for t in model.graph.initializer]


class OnnxEmbedder:
    """Drop-in for rag.embed.Embedder: embed_queries / embed_passages / dim / token_count."""

    def __init__(self, spec: EmbeddingSpec, models_dir: Path, batch_size: int = 4, threads: int = 2,
                 quant: str = "") -> None:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        self.spec = spec
        self.name = spec.name
        self.quant = quant
        self.batch_size = max(1, batch_size)  # RAG_EMBED_ONNX_BATCH_SIZE=0 means one text per run, not a crash
        folder = _model_folder(spec)
        path = export_onnx(spec, onnx_dir(spec, models_dir), quant)
        self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
        self.pooling = _pooling(folder)
        # One single-threaded session per core, fed small batches side by side: a 384-wide model's matrices are too
        # small for one session's threads to share well (2 cores, rgb_zh: int8 ~100 chunks/s this way vs 55-85 with
        # one two-thread session; bench/bench_backends.py).
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        # The sessions read one copy of the weights: each would otherwise hold its own (fp32: +0.5 GB per session).
        self._weights = _weights(path)
        for name, value in self._weights:
            opts.add_initializer(name, value)
        self.sessions = [ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
                         for _ in range(max(1, threads))]
        self._free: queue.SimpleQueue[Any] = queue.SimpleQueue()
        for s in self.sessions:
            self._free.put(s)
        self._pool = ThreadPoolExecutor(len(self.sessions), thread_name_prefix="onnx-embed")
        self._tokenizer_lock = threading.Lock()  # a fast tokenizer is not safe to call from two threads at once
        self.dim = int(self.sessions[0].get_outputs()[0].shape[-1] or 0) or self._probe_dim()

    def _probe_dim(self) -> int:
        return int(self._run(["x"], "").shape[1])

    @property
    def max_seq_length(self) -> int:
        return MAX_TOKENS

    def _run(self, texts: list[str], prefix: str) -> np.ndarray:
        with self._tokenizer_lock:
            enc = self.tokenizer([prefix + t for t in texts], padding=True, truncation=True, max_length=MAX_TOKENS,
                                 return_tensors="np")
        mask = enc["attention_mask"].astype(np.int64)
        session = self._free.get()  # a session runs one batch at a time; the others run theirs meanwhile
        try:
            (h,) = session.run(["h"], {"input_ids": enc["input_ids"].astype(np.int64), "attention_mask": mask})
        finally:
            self._free.put(session)
        return _pool(h, mask, self.pooling, self.spec.normalize)

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("pass a list of strings, not a single string")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")  # batches of similar length: little padding
        batches = [order[i:i + self.batch_size] for i in range(0, len(texts), self.batch_size)]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if len(batches) == 1:  # a query: no hand-off to the pool
            out[batches[0]] = self._run([texts[j] for j in batches[0]], prefix)
            return out
        for idx, vectors in zip(batches, self._pool.map(lambda b: self._run([texts[j] for j in b], prefix), batches)):
            out[idx] = vectors
        return out

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.spec.query_prefix)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.spec.passage_prefix)

    def token_count(self, text: str) -> int:
        return len(self.tokenizer(self.spec.passage_prefix + text)["input_ids"])


def check_against_torch(settings: Settings) -> float:
    """Export (if needed) and compare settings.embed_backend's vectors with torch's on CHECK_TEXTS, as passages and
    as queries; the lowest cosine, or ModelMissingError when it is below MIN_COSINE for the backend."""
    from rag.embed import get_embedder

    floor = MIN_COSINE.get(settings.embed_backend)
    if floor is None:
        raise ModelMissingError(f"embed_backend={settings.embed_backend!r}: only the ONNX backends are checked")
    ref, other = get_embedder(settings.replace(embed_backend="torch")), get_embedder(settings)
    texts = list(CHECK_TEXTS)
    lowest = min(float(((ref.embed_passages(texts) * other.embed_passages(texts)).sum(axis=1)).min()),
                 float(((ref.embed_queries(texts) * other.embed_queries(texts)).sum(axis=1)).min()))
    if lowest < floor:
        raise ModelMissingError(f"{settings.embed_backend} embedder ({settings.embed_model}): vectors differ from "
                                f"torch's (cosine {lowest:.4f} < {floor}); delete {settings.models_dir / 'onnx'} "
                                f"and run set-up again")
    return lowest
