"""API keys: `RAG_API_KEYS` (comma-separated) and/or `RAG_API_KEYS_FILE` (one per line). When any is set, every
/v1 route needs `Authorization: Bearer KEY` and the page asks for a login (any user name, a key as password).
Keys are compared in constant time and never logged.

Roles: `KEY` or `KEY:editor` may do everything; `KEY:reader` may ask and search but not create or delete
knowledge bases or documents (API: 403; page: the action is refused with a message)."""
from __future__ import annotations

import hmac
import threading
from pathlib import Path
from typing import Any, Mapping

from fastapi import Request

from rag.api.errors import ApiError
from rag.config import Settings
from rag.errors import RagError


EDITOR, READER = "editor", "reader"
Keys = Mapping[str, str]  # key -> role


def _parse(entry: str, where: str) -> tuple[str, str]:
    key, sep, role = entry.strip().rpartition(":") if ":" in entry else (entry.strip(), "", EDITOR)
    role = role.strip().lower() or EDITOR
    if role not in (EDITOR, READER) or not key.strip():
        # never echo the key itself: the message may reach a log
        raise RagError(f"{where}: 无法识别的角色 {role!r}（写作 KEY、KEY:editor 或 KEY:reader）")
    return key.strip(), role


def load_keys(settings: Settings) -> dict[str, str]:
    entries = [(k, "RAG_API_KEYS") for k in settings.api_keys.split(",") if k.strip()]
    if settings.api_keys_file:
        path = Path(settings.api_keys_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise RagError(f"{path}: 无法读取 API 密钥文件（{e.strerror or e}）") from None
        entries += [(line, f"{path} 第 {i} 行") for i, line in enumerate(lines, start=1)
                    if line.strip() and not line.lstrip().startswith("#")]
    return dict(_parse(entry, where) for entry, where in entries)


def role_of(given: str, keys: Keys) -> str | None:
    """The role of a presented key, or None when it is not one (constant time per key)."""
    found = None
    for key, role in keys.items():
        if hmac.compare_digest(given.encode(), key.encode()):
            found = role
    return found


def key_matches(given: str, keys: Keys) -> bool:
    return role_of(given, keys) is not None


def is_write(method: str, path: str) -> bool:
    """Routes that change knowledge bases: creating, uploading and deleting (search is a POST that reads)."""
    return method in ("POST", "PUT", "PATCH", "DELETE") and path.startswith("/v1/kbs") and \
        not path.rstrip("/").endswith("/search")


def bearer_checker(keys: Keys):
    """A FastAPI dependency enforcing the keys (a no-op when there are none)."""
    async def check(request: Request) -> None:
        if not keys:
            return
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "缺少 API 密钥：请在请求头中提供 Authorization: Bearer <KEY>", "missing_api_key",
                           headers={"WWW-Authenticate": "Bearer"})
        role = role_of(token.strip(), keys)
        if role is None:
            raise ApiError(401, "API 密钥无效", "invalid_api_key", headers={"WWW-Authenticate": "Bearer"})
        if role != EDITOR and is_write(request.method, request.url.path):
            raise ApiError(403, "此密钥只有读者权限：可以提问和检索，不能新建、上传或删除", "permission_denied")
    return check


_page_roles: dict[str, str] = {}  # page user name -> role of the key it logged in with
_page_lock = threading.Lock()


def page_login(keys: Keys):
    """Gradio's auth callable for the page: any user name, an API key as the password. A user name stays
    bound to the role it first logged in with, so a reader cannot take over an editor's name."""
    def login(user: str, password: str) -> bool:
        role = role_of(password or "", keys)
        if role is None:
            return False
        with _page_lock:
            return _page_roles.setdefault(user or "", role) == role
    return login


def page_may_edit(request: Any, keys_on: bool) -> bool:
    """Whether the page user behind a gr.Request may change knowledge bases (everyone, without keys)."""
    if not keys_on:
        return True
    user = getattr(request, "username", None) or ""
    with _page_lock:
        return _page_roles.get(user) == EDITOR
