"""The same embedding model run by ONNX Runtime instead of torch (RAG_EMBED_BACKEND=onnx | onnx-int8).

The transformer is exported once from the provisioned (or any local / cached) sentence-transformers folder into
models/onnx/<name>/ (fp32; int8 = ONNX Runtime dynamic quantisation of that export), then run with mean pooling
and L2 normalisation in numpy, as the sentence-transformers folder configures (the e5 default: mean, normalised).
Texts are sorted by length and batched, so a batch pads only to its own longest text.
Set-up (`python -m rag.models.provision` with RAG_EMBED_BACKEND=onnx|onnx-int8) exports and checks the vectors
against torch's (`check_against_torch`); `tests/test_embed_onnx.py` does the same.
"""
from __future__ import annotations

import hashlib
import json
import threading
import warnings
from pathlib import Path

import numpy as np

from rag.config import Settings
from rag.errors import ModelMissingError
from rag.models.registry import EmbeddingSpec

BACKENDS = ("torch", "onnx", "onnx-int8")
MAX_TOKENS = 512
# Lowest cosine to torch's vectors a backend must keep on CHECK_TEXTS (measured: fp32 > 0.99999, int8 per channel
# ~0.997 on rgb_zh's passages).
MIN_COSINE = {"onnx": 0.9999, "onnx-int8": 0.99}
CHECK_TEXTS = ("西彭园区已分批次组织了11家银行和50余家企业进行了对接座谈。", "大足石刻",
               "深化国家绿色数据中心试点，建设峰值浮点运算能力达亿亿次级、存储容量达50PB级的高性能超算中心。" * 3,
               "The ONNX export must give the torch model's vectors.")


def _model_folder(spec: EmbeddingSpec) -> Path:
    if spec.is_local:
        return Path(spec.location)
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(spec.location, local_files_only=True))
    except Exception:
        raise ModelMissingError(f"embedding model {spec.name!r}: the ONNX backend exports from a local folder or the "
                                f"Hugging Face cache; load it once with RAG_EMBED_BACKEND=torch first") from None


def _fingerprint(folder: Path) -> str:
    """Which weights an export came from (re-export when the model folder changes)."""
    h = hashlib.sha256()
    for name in ("model.safetensors", "pytorch_model.bin", "config.json"):
        p = folder / name
        if p.is_file():
            h.update(name.encode())
            h.update(str(p.stat().st_size).encode())
            with open(p, "rb") as f:
                h.update(f.read(1 << 20))  # size + first MB: enough to tell weight files apart, fast
    return h.hexdigest()[:16]


INT8_RECIPE = {"weight_type": "QInt8", "per_channel": True}  # stamped: a change re-quantises


def export_onnx(spec: EmbeddingSpec, out_dir: Path, int8: bool) -> Path:
    """models/onnx/<name>/model[.int8].onnx, exported (and quantised) on first use; atomic."""
    folder = _model_folder(spec)
    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "model.onnx"
    stamp = out_dir / "source.json"
    want = {"source": str(folder), "fingerprint": _fingerprint(folder)}
    if not fp32.is_file() or not stamp.is_file() or json.loads(stamp.read_text(encoding="utf-8")) != want:
        import torch
        from transformers import AutoModel, AutoTokenizer

        tok = AutoTokenizer.from_pretrained(str(folder))
        model = AutoModel.from_pretrained(str(folder)).eval()

        class LastHidden(torch.nn.Module):
            def __init__(self, m: torch.nn.Module) -> None:
                super().__init__()
                self.m = m

            def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
                return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

        dummy = tok(["passage: 你好"], return_tensors="pt")
        tmp = out_dir / "model.onnx.tmp"
        dyn = {"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"}, "h": {0: "b", 1: "t"}}
        with warnings.catch_warnings():  # the tracer's warnings concern shapes the export makes dynamic
            warnings.simplefilter("ignore")
            torch.onnx.export(LastHidden(model), (dummy["input_ids"], dummy["attention_mask"]), str(tmp),
                              input_names=["input_ids", "attention_mask"], output_names=["h"],
                              dynamic_axes=dyn, opset_version=17, dynamo=False)
        tmp.replace(fp32)
        (out_dir / "model.int8.onnx").unlink(missing_ok=True)
        stamp.write_text(json.dumps(want), encoding="utf-8")
    if not int8:
        return fp32
    q = out_dir / "model.int8.onnx"
    q_stamp = out_dir / "int8.json"
    want_q = {**want, **INT8_RECIPE}
    if not q.is_file() or not q_stamp.is_file() or json.loads(q_stamp.read_text(encoding="utf-8")) != want_q:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        tmp = out_dir / "model.int8.onnx.tmp"
        # One scale per output channel, not one per tensor: the per-tensor recipe moved rgb_zh MRR@10 by -0.028,
        # per channel by < 0.005 (docs/experiments.md), at the same speed.
        quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType[INT8_RECIPE["weight_type"]],
                         per_channel=INT8_RECIPE["per_channel"])
        tmp.replace(q)
        q_stamp.write_text(json.dumps(want_q), encoding="utf-8")
    return q


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


class OnnxEmbedder:
    """Drop-in for rag.embed.Embedder: embed_queries / embed_passages / dim / token_count."""

    def __init__(self, spec: EmbeddingSpec, models_dir: Path, batch_size: int = 16, threads: int = 2,
                 int8: bool = False) -> None:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        self.spec = spec
        self.name = spec.name
        self.batch_size = batch_size
        folder = _model_folder(spec)
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in spec.name)
        path = export_onnx(spec, Path(models_dir) / "onnx" / safe, int8)
        self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
        self.pooling = _pooling(folder)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.dim = int(self.session.get_outputs()[0].shape[-1] or 0) or self._probe_dim()
        self._lock = threading.Lock()

    def _probe_dim(self) -> int:
        return int(self._run(["x"], "").shape[1])

    @property
    def max_seq_length(self) -> int:
        return MAX_TOKENS

    def _run(self, texts: list[str], prefix: str) -> np.ndarray:
        enc = self.tokenizer([prefix + t for t in texts], padding=True, truncation=True, max_length=MAX_TOKENS,
                             return_tensors="np")
        mask = enc["attention_mask"].astype(np.int64)
        (h,) = self.session.run(["h"], {"input_ids": enc["input_ids"].astype(np.int64), "attention_mask": mask})
        if self.pooling == "cls":
            pooled = h[:, 0, :].copy()
        else:
            m = mask[:, :, None].astype(np.float32)
            pooled = (h * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)  # mean over real tokens
        if self.spec.normalize:
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled.astype(np.float32)

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("pass a list of strings, not a single string")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")  # batches of similar length: little padding
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with self._lock:
            for i in range(0, len(texts), self.batch_size):
                idx = order[i:i + self.batch_size]
                out[idx] = self._run([texts[j] for j in idx], prefix)
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
