"""RAG_EMBED_BACKEND=auto (the default): whichever of the fp32 export (`onnx`) and its 8-bit weight blocks (`onnx-q8`)
embeds faster on this CPU, measured once and stamped in models/onnx/<name>/speed.json.

Why measure rather than read CPU flags: q8's kernels quantise the activations and multiply in int8, which pays where
the CPU has fast int8 dot products. On the AVX-512 VNNI machines of earlier sessions q8 ran ~1.3x fp32, on the first
AVX2 machine 1.4x, but on a 2 GHz AVX2 EPYC VM without VNNI (2026-12-04) at half fp32's speed
(`bench/bench_backends.py`: sample 5.4 against 10.9 chunks/s). Both forms keep torch's knowledge bases (cosine > 0.999
on CHECK_TEXTS, one embedding identity), so the choice moves speed only; it is measured again when the CPU or the
weights change.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from rag.config import Settings

CANDIDATES = ("onnx", "onnx-q8")  # the forms that share torch's vectors; onnx-int8 has its own KB identity
# q8 is chosen only when clearly faster: fp32 gives torch's own vectors.
Q8_MARGIN = 1.1
# Texts of the lengths a knowledge base holds (a sentence, a ~200-token chunk), embedded as passages are.
_SENTENCE = "深化国家绿色数据中心试点，建设峰值浮点运算能力达亿亿次级、存储容量达50PB级的高性能超算中心。"
_TIMING_TEXTS = ("西彭园区已分批次组织了11家银行和50余家企业进行了对接座谈。", _SENTENCE * 4) * 6


def cpu_identity() -> str:
    """What the measurement holds for: the CPU model, its instruction-set flags and the cores this process may use."""
    text = platform.processor() or platform.machine()
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines()
        text += "".join(line for line in lines if line.startswith(("model name", "flags")))[:4000]
    except OSError:
        pass  # not Linux: the processor name and the core count must do
    return hashlib.sha256(f"{text}|{os.cpu_count()}".encode()).hexdigest()[:16]


def _texts_per_second(embedder: Any) -> float:
    texts = list(_TIMING_TEXTS)
    embedder.embed_passages(texts[:4])  # first run: the sessions allocate their buffers
    best = 0.0
    for _ in range(2):
        t0 = time.perf_counter()
        embedder.embed_passages(texts)
        best = max(best, len(texts) / (time.perf_counter() - t0))
    return best


def measure(settings: Settings) -> dict[str, Any]:
    """Embed the timing texts with each candidate (each exported and checked first, if it is not yet) and return the
    stamp: texts/s per candidate and the chosen backend."""
    from rag.embed_onnx import QUANT, OnnxEmbedder
    from rag.models.registry import resolve_embedding

    spec = resolve_embedding(settings.embed_model, settings)
    speed = {}
    for backend in CANDIDATES:
        embedder = OnnxEmbedder(spec, settings.models_dir, batch_size=settings.embed_onnx_batch_size,
                                threads=settings.threads, quant=QUANT[backend])
        speed[backend] = round(_texts_per_second(embedder), 2)
        del embedder  # one model's sessions in memory at a time
    chosen = "onnx-q8" if speed["onnx-q8"] >= Q8_MARGIN * speed["onnx"] else "onnx"
    return {"backend": chosen, "texts_per_s": speed}


def _stamp_key(settings: Settings) -> tuple[Path, dict[str, str]]:
    from rag.embed_onnx import _model_folder, _source, onnx_dir
    from rag.models.registry import resolve_embedding

    spec = resolve_embedding(settings.embed_model, settings)
    return onnx_dir(spec, settings.models_dir) / "speed.json", {"cpu": cpu_identity(), **_source(_model_folder(spec))}


def stamped_choice(settings: Settings) -> dict[str, Any] | None:
    """The stamp measured on this CPU for these weights, or None."""
    return _read_stamp(*_stamp_key(settings))


def _read_stamp(path: Path, want: dict[str, str]) -> dict[str, Any] | None:
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = {k: stamp.get(k) for k in want} == want and stamp.get("backend") in CANDIDATES
    return stamp if ok else None


def choose(settings: Settings) -> tuple[dict[str, Any], bool]:
    """The stamp for this CPU and weights, measured (and written atomically) when there is none; and whether it was
    measured just now."""
    path, want = _stamp_key(settings)
    stamp = _read_stamp(path, want)
    if stamp is not None:
        return stamp, False
    stamp = {**want, **measure(settings)}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(stamp), encoding="utf-8")
    tmp.replace(path)
    return stamp, True


_resolved: dict[tuple[str, str], str] = {}  # per process: the stamp is read once, not at every question


def resolved_backend(settings: Settings) -> str:
    """settings.embed_backend, with `auto` read as the form measured faster here."""
    if settings.embed_backend != "auto":
        return settings.embed_backend
    key = (settings.embed_model, str(settings.models_dir))
    if key not in _resolved:
        _resolved[key] = choose(settings)[0]["backend"]
    return _resolved[key]
