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

# llama.cpp is compiled for this CPU (-march=native) but without AMX: some virtual machines advertise
# AMX tiles yet fault on them ("Illegal instruction" at the first prompt), and Q4_K weights gain
# nothing from AMX. The flags are part of the wheel's cache key below, so a changed build is rebuilt.
LLAMA_REQ=$(grep -E '^llama-cpp-python==' requirements.txt | cut -d' ' -f1)
LLAMA_FLAGS="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
# The built wheel is kept per user (not per clone), keyed by everything the binary depends on, this CPU's
# instruction set included, so a fresh clone on the same machine does not compile again.
WHEEL_CACHE=${RAG_WHEEL_CACHE:-${XDG_CACHE_HOME:-${HOME:-.}/.cache}/rag-wheels}
mkdir -p "$WHEEL_CACHE" 2>/dev/null || WHEEL_CACHE=.cache/wheels
install_llama() {
  local key wheels tmp
  key=$(printf '%s %s %s %s' "$LLAMA_REQ" "$LLAMA_FLAGS" "$(python -c 'import sys; print(sys.version_info[:2])')" \
        "$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || uname -m)" | sha256sum | cut -c1-16)
  wheels="$WHEEL_CACHE/llama-$key"
  if [ -z "$(ls "$wheels"/*.whl 2>/dev/null)" ]; then
    echo "[setup] compiling $LLAMA_REQ (~4 min on 2 cores, once per machine)"
    tmp=$(mktemp -d "$WHEEL_CACHE/.build-XXXXXX")  # its own folder: two set-ups at once do not collide
    CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} \
    CMAKE_ARGS="-DCMAKE_C_FLAGS='$LLAMA_FLAGS' -DCMAKE_CXX_FLAGS='$LLAMA_FLAGS'" \
      pip wheel -q --no-deps --no-cache-dir -w "$tmp" "$LLAMA_REQ"
    rm -rf "$wheels" && mv "$tmp" "$wheels"
  fi
  pip install -q --no-deps --force-reinstall "$wheels"/*.whl  # replaces any other build
  pip install -q "$wheels"/*.whl  # and brings its dependencies (diskcache, jinja2, ...)
}

# A first install takes ~2.7 GB in .venv and ~1.3 GB in models/ (measured); a disk filling up half-way leaves a
# broken venv and pip's bare "No space left on device", so say up front what is missing and where.
# pip also downloads and unpacks through the temporary folder (~1 GB at most, for the largest wheels).
NEED_MB=${RAG_SETUP_NEED_MB:-5000}
NEED_TMP_MB=${RAG_SETUP_NEED_TMP_MB:-1000}
check_free_space() {  # $1 = folder, $2 = MB it needs, $3 = what for
  local free_mb
  free_mb=$(df -Pm "$1" 2>/dev/null | awk 'NR == 2 {print $4}')
  if [ -n "$free_mb" ] && [ "$free_mb" -lt "$2" ]; then
    echo "[setup] error: installing needs about $2 MB free on the disk of $1 ($3); it has $free_mb MB." \
         "Free some space (or set RAG_SETUP_NEED_MB / RAG_SETUP_NEED_TMP_MB to go on anyway)." >&2
    exit 1
  fi
}

install_reqs() {  # $1 = requirements file; reinstalls only when the file changed
  local file=$1 stamp=".venv/.$(basename "$1").sha256" want
  want=$(printf '%s %s' "$(sha256sum "$file" | cut -d' ' -f1)" "$LLAMA_FLAGS" | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "[setup] installing $file"
    if [ "$file" = requirements.txt ] && [ ! -f "$stamp" ]; then  # the first install is the big one
      check_free_space "$(pwd)" "$NEED_MB" ".venv and models/"
      check_free_space "${TMPDIR:-/tmp}" "$NEED_TMP_MB" "pip's temporary files"
    fi
    # torch first and alone, so the CPU build is used and nothing pulls the CUDA wheels.
    pip install -q torch==2.13.0
    if grep -q '^llama-cpp-python==' "$file"; then
      install_llama
      pip install -q -r <(grep -v '^llama-cpp-python==' "$file")
    else
      pip install -q -r "$file"
    fi
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
