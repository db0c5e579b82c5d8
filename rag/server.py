"""One process, one port: the web page at / and the HTTP API under /v1 (`python app.py`, `python -m rag serve`).

Binding an address other than loopback without API keys is refused unless `insecure` is given: the API can
create and delete knowledge bases."""
from __future__ import annotations

import ipaddress
import logging

from rag.config import Settings
from rag.errors import RagError

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def checked_keys(settings: Settings, insecure: bool = False) -> dict[str, str]:
    """The API keys; RagError for a non-loopback address without keys unless `insecure`."""
    from rag.api.auth import load_keys

    keys = load_keys(settings)
    if not keys and not is_loopback(settings.host) and not insecure:
        raise RagError(f"拒绝在 {settings.host} 上无密钥提供服务：请设置 RAG_API_KEYS（或 RAG_API_KEYS_FILE），"
                       "或明确加上 --insecure")
    return keys


def build_app(settings: Settings, kb_name: str, insecure: bool = False):
    """The combined FastAPI app: API routes first, the Gradio page mounted at /."""
    import gradio as gr

    from rag.api.app import create_api
    from rag.api.auth import page_login
    from rag.webui.blocks import build_demo, launch_options

    keys = checked_keys(settings, insecure)
    api = create_api(settings, keys)
    demo = build_demo(settings, kb_name, keys_on=bool(keys))
    demo.queue(default_concurrency_limit=4, max_size=64)
    opts = launch_options(settings)
    return gr.mount_gradio_app(
        api, demo, path="/", auth=page_login(keys) if keys else None, auth_message="请输入用户名和 API 密钥",
        css=opts["css"], head=opts["head"], theme=opts["theme"], show_error=False,
        max_file_size=f"{settings.max_file_mb:g}mb")
