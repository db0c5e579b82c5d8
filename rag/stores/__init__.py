"""Store factory: `settings.store` picks the backend; everything else asks for a ChunkStore here."""
from __future__ import annotations

from rag.config import Settings
from rag.errors import RagError
from rag.stores.base import ChunkStore, SearchView, check_kb_name, embedding_identity

STORES = ("embedded", "milvus")

__all__ = ["STORES", "ChunkStore", "SearchView", "check_kb_name", "delete_kb", "embedding_identity",
           "list_kbs", "open_kb"]


def _check(settings: Settings) -> str:
    if settings.store not in STORES:
        raise RagError(f"未知的存储 store={settings.store!r}；可选：{', '.join(STORES)}")
    return settings.store


def open_kb(name: str, settings: Settings, create: bool = False, check_model: bool = True) -> ChunkStore:
    """Open (or with create=True make) knowledge base `name` in the configured store."""
    if _check(settings) == "milvus":
        from rag.stores.milvus import MilvusStore

        return MilvusStore.open(name, settings, create=create, check_model=check_model)
    from rag.stores.embedded import EmbeddedStore

    return EmbeddedStore.open(name, settings, create=create, check_model=check_model)


def list_kbs(settings: Settings) -> list[str]:
    if _check(settings) == "milvus":
        from rag.stores.milvus import list_milvus_kbs

        return list_milvus_kbs(settings)
    from rag.stores.embedded import list_embedded_kbs

    return list_embedded_kbs(settings)


def delete_kb(name: str, settings: Settings) -> None:
    if _check(settings) == "milvus":
        from rag.stores.milvus import delete_milvus_kb

        return delete_milvus_kb(name, settings)
    from rag.stores.embedded import delete_embedded_kb

    return delete_embedded_kb(name, settings)
