"""Web UI timings as a user feels them: app start (cold = builds the sample KB, warm = KB exists) and, in
Chromium, seconds from pressing 发送 to the final rendered answer for the example questions.

    .venv/bin/python bench/bench_webui.py [--llm extractive|local] [--index-dir DIR]

Prints numbers only; nothing is asserted (tests/e2e checks behaviour).
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.webui.blocks import EXAMPLES  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(index_dir: Path, llm: str) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    env = dict(os.environ, RAG_INDEX_DIR=str(index_dir), RAG_LLM=llm, GRADIO_ANALYTICS_ENABLED="False")
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"app.py exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return proc, url, time.perf_counter() - t
        except OSError:
            time.sleep(0.5)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--llm", default="extractive")
    ap.add_argument("--index-dir", type=Path, default=None, help="default: a fresh temp folder (cold start)")
    args = ap.parse_args()
    index_dir = args.index_dir or Path(tempfile.mkdtemp(prefix="bench_webui_"))

    proc, url, cold = start(index_dir, args.llm)
    print(f"start (KB built if missing): {cold:.1f} s")
    stop(proc)
    proc, url, warm = start(index_dir, args.llm)
    print(f"start (KB exists):           {warm:.1f} s")
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("#chat-box")
            for i, q in enumerate(EXAMPLES):
                page.locator("#question textarea").fill(q)
                t = time.perf_counter()
                page.locator("#send-btn").click()
                page.locator(f"#turn-{i}").wait_for(timeout=600_000)
                shown = time.perf_counter() - t
                page.locator(f"#turn-{i} .answer:not(.streaming)").wait_for(timeout=600_000)
                final = time.perf_counter() - t
                refused = page.locator(f"#turn-{i} .answer.refused").count() == 1
                print(f"[{args.llm}] turn shown {shown:5.2f} s, final answer {final:6.2f} s"
                      f"{'  (refused)' if refused else ''}  {q}")
            browser.close()
    finally:
        stop(proc)


if __name__ == "__main__":
    main()
