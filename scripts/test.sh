#!/usr/bin/env bash
# Install everything (idempotent), including the browser for end-to-end tests, and run the test suite.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k cite`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
  echo "[test] installing Chromium and CJK fonts from Debian packages"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
RAG_SETUP_DEV=1 bash scripts/setup.sh
mkdir -p artifacts
exec .venv/bin/python -m pytest tests "$@"
