"""API keys: `RAG_API_KEYS` (comma-separated) and/or `RAG_API_KEYS_FILE` (one per line). When any is set, every
/v1 route needs `Authorization: Bearer KEY` and the page asks for a login (any user name, a key as password).
Keys are compared in constant time and never logged."""
from __future__ import annotations

import hmac
from pathlib import Path

from fastapi import Request

from rag.api.errors import ApiError
from rag.config import Settings
from rag.errors import RagError


def load_keys(settings: Settings) -> frozenset[str]:
    keys = {k.strip() for k in settings.api_keys.split(",") if k.strip()}
    if settings.api_keys_file:
        path = Path(settings.api_keys_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise RagError(f"{path}: 无法读取 API 密钥文件（{e.strerror or e}）") from None
        keys |= {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}
    return frozenset(keys)


def key_matches(given: str, keys: frozenset[str]) -> bool:
    return any(hmac.compare_digest(given.encode(), k.encode()) for k in keys)


def bearer_checker(keys: frozenset[str]):
    """A FastAPI dependency enforcing the keys (a no-op when there are none)."""
    async def check(request: Request) -> None:
        if not keys:
            return
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "缺少 API 密钥：请在请求头中提供 Authorization: Bearer <KEY>", "missing_api_key",
                           headers={"WWW-Authenticate": "Bearer"})
        if not key_matches(token.strip(), keys):
            raise ApiError(401, "API 密钥无效", "invalid_api_key", headers={"WWW-Authenticate": "Bearer"})
    return check


def page_login(keys: frozenset[str]):
    """Gradio's auth callable for the page: any user name, an API key as the password."""
    return lambda _user, password: key_matches(password or "", keys)
