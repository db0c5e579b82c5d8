"""scripts/setup.sh, run for real on a temporary copy of the project's set-up files."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from rag.config import PROJECT_ROOT


def _run_setup(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """scripts/setup.sh run from a copy of the project holding only the script and requirements.txt."""
    (project / "scripts").mkdir()
    shutil.copy(PROJECT_ROOT / "scripts" / "setup.sh", project / "scripts")
    shutil.copy(PROJECT_ROOT / "requirements.txt", project)
    return subprocess.run(["bash", "scripts/setup.sh"], cwd=project, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env})


def test_setup_refuses_an_install_the_disk_cannot_hold(tmp_path) -> None:
    # A disk that fills half-way through pip leaves a broken venv and a bare "No space left on device":
    # the script must stop before installing anything and say where the space is missing.
    need = 10**9  # 1 PB: no disk has it
    proc = _run_setup(tmp_path, RAG_SETUP_NEED_MB=str(need))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"needs about {need} MB free on the disk of {tmp_path} (.venv and models/)" in proc.stderr
    assert re.search(r"it has \d+ MB", proc.stderr)
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / ".venv" / ".requirements.txt.sha256").exists()
    assert not list((tmp_path / ".venv").glob("lib/python*/site-packages/torch"))


def test_setup_names_a_temporary_folder_too_small_for_pip(tmp_path) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    proc = _run_setup(tmp_path, TMPDIR=str(scratch), RAG_SETUP_NEED_MB="1", RAG_SETUP_NEED_TMP_MB=str(10**9))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"needs about {10**9} MB free on the disk of {scratch} (pip's temporary files)" in proc.stderr
    assert not (tmp_path / ".venv" / ".requirements.txt.sha256").exists()
