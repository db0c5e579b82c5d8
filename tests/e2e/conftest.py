"""Start `python app.py` on a free port against a temp index folder, and drive it with the system Chromium.

The app builds the sample KB on first start (same path as the CLI), so the server fixture is session-wide.
Screenshots go to artifacts/screenshots/ (git-ignored).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from rag.config import PROJECT_ROOT
from tests.server import running_app

SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log_path = tmp_path_factory.mktemp("e2e_log") / "app.log"
    with running_app(tmp_path_factory.mktemp("e2e_index"), log_path, {"RAG_LLM": "extractive"}) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url: str):
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(app_url)
    pg.wait_for_selector("#chat-box")
    yield pg
    ctx.close()


@pytest.fixture(scope="session")
def shot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
