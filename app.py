"""Web chat and HTTP API over the knowledge bases: `python app.py [--host 127.0.0.1] [--port 7860] [--kb sample]
[--insecure]`. The page is at /, the OpenAI-compatible API under /v1, its docs at /docs.

Defaults come from rag.config.load_settings (RAG_* environment variables); serves on loopback unless --host.
"""
from __future__ import annotations

import argparse
import logging
import sys

from rag.config import load_settings
from rag.errors import RagError


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="中文文档问答 Web 界面")
    p.add_argument("--host", default=None, help="listen address (default: settings.host, 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default: settings.port, 7860)")
    p.add_argument("--kb", default=None, help="knowledge base to open (default: settings.default_kb)")
    p.add_argument("--insecure", action="store_true",
                   help="allow a non-loopback --host without API keys (RAG_API_KEYS)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings(host=args.host, port=args.port)
        kb_name = args.kb or settings.default_kb
        from rag.server import build_app, checked_keys
        from rag.webui import kb_admin

        checked_keys(settings, args.insecure)  # before minutes of set-up

        def report(frac: float, desc: str) -> None:
            print(f"[{frac:4.0%}] {desc}", flush=True)

        kb_admin.ensure_kb(kb_name, settings, progress=report)
        kb_admin.warm_up(settings, kb_name)
        kb_admin.remove_stale_staging(settings)
        app = build_app(settings, kb_name, insecure=args.insecure)
    except (RagError, ValueError) as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    import uvicorn

    print(f"页面 http://{settings.host}:{settings.port}/  ·  API http://{settings.host}:{settings.port}/v1"
          f"  ·  文档 /docs", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning"))
    server.run()
    return 0 if server.started else 1


if __name__ == "__main__":
    sys.exit(main())
