"""Errors in OpenAI's shape, `{"error": {"message", "type", "code", "param"}}`, with the right status; never a
traceback in a response (the server log keeps it)."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rag.answer_queue import QueueFullError
from rag.errors import KBNotFoundError, RagError

log = logging.getLogger(__name__)

RETRY_AFTER_S = 5
_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
          404: "not_found_error", 409: "conflict_error", 413: "request_too_large", 422: "invalid_request_error",
          503: "service_unavailable", 500: "server_error"}


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str = "", param: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.param, self.headers = status, message, code, param, headers


def error_response(status: int, message: str, code: str = "", param: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"message": message, "type": _TYPES.get(status, "invalid_request_error"),
                      "code": code or None, "param": param}}
    return JSONResponse(body, status_code=status, headers=headers)


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_: Request, e: ApiError) -> JSONResponse:
        return error_response(e.status, e.message, e.code, e.param, e.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, e: RequestValidationError) -> JSONResponse:
        first = e.errors()[0] if e.errors() else {"loc": ("body",), "msg": "invalid request"}
        if first.get("type") == "json_invalid":
            return error_response(400, "body: 不是有效的 JSON", "invalid_json", "body")
        field = _field(tuple(first.get("loc") or ()))
        return error_response(400, f"{field}: {first.get('msg')}", "invalid_request", field)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, e: StarletteHTTPException) -> JSONResponse:
        return error_response(e.status_code, str(e.detail), headers=getattr(e, "headers", None))

    @app.exception_handler(QueueFullError)
    async def _full(_: Request, e: QueueFullError) -> JSONResponse:
        return error_response(503, str(e), "queue_full", headers={"Retry-After": str(RETRY_AFTER_S)})

    @app.exception_handler(KBNotFoundError)
    async def _missing(_: Request, e: KBNotFoundError) -> JSONResponse:
        return error_response(404, str(e), "not_found")

    @app.exception_handler(RagError)
    async def _rag(_: Request, e: RagError) -> JSONResponse:
        from rag.errors import KBBusyError
        if isinstance(e, KBBusyError):
            return error_response(409, str(e), "kb_busy", headers={"Retry-After": str(RETRY_AFTER_S)})
        return error_response(400, str(e), "bad_request")

    @app.exception_handler(Exception)
    async def _bug(request: Request, e: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return error_response(500, "服务器内部错误（详情见服务器日志）", "internal_error")
