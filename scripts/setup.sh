#!/usr/bin/env bash
# Idempotent set-up: virtualenv, pinned packages, offline model weights (sha256-checked), sample index.
# A second run only checks stamps and is quick.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "[setup] creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
export PIP_DISABLE_PIP_VERSION_CHECK=1

install_reqs() {  # $1 = requirements file; reinstalls only when the file changed
  local file=$1 stamp=".venv/.$(basename "$1").sha256" want
  want=$(sha256sum "$file" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "[setup] installing $file"
    # torch first and alone, so the CPU build is used and nothing pulls the CUDA wheels.
    pip install -q torch==2.13.0
    # llama-cpp-python compiles from source (~4 min on 2 cores); pip caches the wheel afterwards.
    CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} pip install -q -r "$file"
    echo "$want" > "$stamp"
  fi
}
install_reqs requirements.txt
if [ "${RAG_SETUP_DEV:-0}" = 1 ]; then install_reqs requirements-dev.txt; fi

echo "[setup] provisioning offline models"
python -m rag.models.provision

if ! python -m rag kb stats "${RAG_DEFAULT_KB:-sample}" >/dev/null 2>&1; then
  echo "[setup] building the sample knowledge base from data/sample"
  python -m rag ingest data/sample --kb "${RAG_DEFAULT_KB:-sample}"
fi
echo "[setup] ready"
