"""Copy a knowledge base between stores without re-embedding (vectors travel with their chunks)."""
from __future__ import annotations

from rag.config import Settings
from rag.errors import RagError
from rag.stores import list_kbs, open_kb


def migrate_kb(name: str, settings: Settings, source: str, target: str) -> dict[str, int]:
    """Copy KB `name` from store `source` to store `target`; the target KB must not hold documents."""
    if source == target:
        raise RagError(f"源存储与目标存储相同（{source}）")
    src_settings, dst_settings = settings.replace(store=source), settings.replace(store=target)
    src = open_kb(name, src_settings)
    if name in list_kbs(dst_settings):
        dst = open_kb(name, dst_settings)
        if len(dst.documents()):
            raise RagError(f"目标存储 {target} 中已有知识库 {name!r} 且不为空；先删除它"
                           f"（RAG_STORE={target} python -m rag kb delete {name}）")
    else:
        dst = open_kb(name, dst_settings, create=True)
    docs = 0

    def counted():  # type: ignore[no-untyped-def]
        nonlocal docs
        for item in src.export():
            docs += 1
            yield item

    chunks = dst.add_embedded(counted())
    if len(dst) != len(src):
        raise RagError(f"迁移后段落数不一致：源 {len(src)}，目标 {len(dst)}")
    return {"docs": docs, "chunks": chunks}
