"""Start the real `python app.py` on a free port (page at /, API under /v1) for the API and browser tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from rag.config import PROJECT_ROOT

START_TIMEOUT = 600  # first start embeds the sample pages on 2 shared cores


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(index_dir: Path, log_path: Path, env: dict[str, str] | None = None,
                args: list[str] | None = None) -> Iterator[str]:
    """Yield the base URL ("http://127.0.0.1:PORT/") once the page answers; stop the server afterwards."""
    port = free_port()
    full_env = dict(os.environ, RAG_INDEX_DIR=str(index_dir), PYTHONUNBUFFERED="1",
                    GRADIO_ANALYTICS_ENABLED="False", NO_PROXY="127.0.0.1,localhost", **(env or {}))
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "app.py"), "--port", str(port), *(args or [])],
                                cwd=PROJECT_ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"app.py exited with {proc.returncode}:\n{log_path.read_text(encoding='utf-8')[-3000:]}")
            try:
                with urllib.request.urlopen(url + "healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app.py not serving after {START_TIMEOUT}s:\n{log_path.read_text(encoding='utf-8')[-3000:]}")
            time.sleep(1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
