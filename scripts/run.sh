#!/usr/bin/env bash
# Install everything (idempotent) and start the chat on the sample knowledge base.
# Extra arguments go to app.py, e.g. `bash scripts/run.sh --port 8080`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python app.py "$@"
