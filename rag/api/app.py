"""The HTTP API (FastAPI): OpenAI-compatible chat and embeddings, knowledge bases, search, under /v1; docs at
/docs. `rag.server` mounts the web page beside it, so one process and one port serve both."""
from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI

from rag.api import chat, embeddings, kbs
from rag.api.auth import bearer_checker
from rag.api.errors import ApiError, install_error_handlers
from rag.config import Settings
from rag.errors import KBNotFoundError


def create_api(settings: Settings, keys: frozenset[str] = frozenset()) -> FastAPI:
    app = FastAPI(title="中文文档问答 API", version="1.0",
                  description="OpenAI-compatible chat with verified citations over Chinese knowledge bases. "
                              "`model` = knowledge base name.")
    install_error_handlers(app)

    def kb_open(name: str) -> Any:
        from rag.webui import kb_admin
        if name not in kb_admin.kb_names(settings):
            raise ApiError(404, f"知识库“{name}”不存在（GET /v1/models 列出全部）", "model_not_found", "model")
        try:
            return kb_admin.open_kb(name, settings)
        except KBNotFoundError as e:
            raise ApiError(404, str(e), "model_not_found", "model") from None

    auth = [Depends(bearer_checker(keys))]
    for feature in (chat, embeddings, kbs):
        app.include_router(feature.router(settings, kb_open), dependencies=auth)
    app.include_router(kbs.jobs_router(settings), dependencies=auth)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
