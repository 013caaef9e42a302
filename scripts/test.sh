#!/usr/bin/env bash
# Runs every test: README's test command and .ci/run both call this.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup-venvs.sh"
mkdir -p "$ROOT/artefacts"

echo "== backend tests (SQLite and PostgreSQL)"
PYTHONPATH="$ROOT/backend" .venvs/backend/bin/python -m pytest tests/backend -q -rs
