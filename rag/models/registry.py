"""Which embedding model a name means, and the prefixes it was trained with.

Retrieval models are trained with fixed text prefixes; embedding without them costs recall, and
mixing query/passage prefixes up costs more. The name in `settings.embed_model` is one of:
- the alias "multilingual-e5-small": the offline folder rebuilt by `python -m rag.models.provision`;
- a known hub family (its prefixes are looked up here);
- anything else (another hub name or a local folder): loaded as is, with no prefixes.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

from rag.config import Settings

E5_ALIAS = "multilingual-e5-small"
E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "
BGE_ZH_QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章："


@dataclass(frozen=True)
class EmbeddingSpec:
    name: str  # what the user asked for (alias, hub name or path); stored in index manifests
    location: str  # what sentence-transformers loads: a local folder or a hub name
    query_prefix: str
    passage_prefix: str
    normalize: bool = True

    @property
    def is_local(self) -> bool:
        return Path(self.location).is_dir()


# (glob on the lower-cased hub name, query prefix, passage prefix); first match wins.
_HUB_FAMILIES: list[tuple[str, str, str]] = [
    ("intfloat/multilingual-e5-*", E5_QUERY_PREFIX, E5_PASSAGE_PREFIX),
    ("intfloat/e5-*", E5_QUERY_PREFIX, E5_PASSAGE_PREFIX),
    ("baai/bge-m3", "", ""),
    ("baai/bge-*-zh*", BGE_ZH_QUERY_INSTRUCTION, ""),
]


def e5_folder(settings: Settings) -> Path:
    """Where the rebuilt offline multilingual-e5-small lives."""
    return Path(settings.models_dir) / E5_ALIAS


def prefixes_for(name: str) -> tuple[str, str]:
    """(query_prefix, passage_prefix) for a hub name; ("", "") when the family is unknown."""
    key = name.strip().lower()
    for pattern, query_prefix, passage_prefix in _HUB_FAMILIES:
        if fnmatch.fnmatchcase(key, pattern):
            return query_prefix, passage_prefix
    return "", ""


def resolve_embedding(name: str, settings: Settings) -> EmbeddingSpec:
    """Turn a configured model name into what to load and which prefixes to apply."""
    name = name.strip()
    if name == E5_ALIAS:
        return EmbeddingSpec(name, str(e5_folder(settings)), E5_QUERY_PREFIX, E5_PASSAGE_PREFIX)
    query_prefix, passage_prefix = prefixes_for(name)
    return EmbeddingSpec(name, name, query_prefix, passage_prefix)
