"""Shared fixtures: real models, real FAISS, knowledge bases in a temporary index folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.config import PROJECT_ROOT, Settings, load_settings

SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Project defaults, but knowledge bases live in a temp folder so tests never touch index/."""
    return load_settings(index_dir=tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def sample_kb(settings: Settings):
    """The sample corpus ingested once per test session, through the same path as the CLI."""
    from rag.ingest import iter_documents
    from rag.stores import open_kb

    kb = open_kb("sample", settings, create=True)
    docs = [d for d in iter_documents([SAMPLE_DIR], settings) if not isinstance(d, Exception)]
    assert len(docs) == 2
    kb.add_documents(docs)
    return kb
