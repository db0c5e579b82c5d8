"""Web chat over a knowledge base: `python app.py [--host 127.0.0.1] [--port 7860] [--kb sample] [--share]`.

Defaults come from rag.config.load_settings (RAG_* environment variables); serves locally unless --share.
"""
from __future__ import annotations

import argparse
import logging
import sys

from rag.config import load_settings
from rag.errors import RagError

QUEUE_CONCURRENCY = 4  # parallel handlers by default; the local LLM itself is shared behind a lock


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="中文文档问答 Web 界面")
    p.add_argument("--host", default=None, help="listen address (default: settings.host, 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default: settings.port, 7860)")
    p.add_argument("--kb", default=None, help="knowledge base to open (default: settings.default_kb)")
    p.add_argument("--share", action="store_true", help="also create a public gradio.live link")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings(host=args.host, port=args.port)
        kb_name = args.kb or settings.default_kb
        from rag.webui import kb_admin
        from rag.webui.blocks import build_demo, launch_options

        def report(frac: float, desc: str) -> None:
            print(f"[{frac:4.0%}] {desc}", flush=True)

        kb_admin.ensure_kb(kb_name, settings, progress=report)
        kb_admin.warm_up(settings, kb_name)
        demo = build_demo(settings, kb_name)
    except (RagError, ValueError) as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    demo.queue(default_concurrency_limit=QUEUE_CONCURRENCY, max_size=64)
    try:
        demo.launch(share=args.share, **launch_options(settings))
    except OSError as e:  # e.g. the port is taken
        print(f"错误：无法在 {settings.host}:{settings.port} 启动服务：{e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
