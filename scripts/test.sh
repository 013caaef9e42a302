#!/usr/bin/env bash
# Runs every test: README's test command and .ci/run both call this.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
mkdir -p "$ROOT/artefacts"

# Step timings: `step "name"` starts one, `took` ends it; every step is listed with its seconds
# and the machine's load in artefacts/timings.txt and at the end of the run (also on failure).
TIMINGS="$ROOT/artefacts/timings.txt"
: > "$TIMINGS"
load() { cut -d' ' -f1-3 /proc/loadavg; }
step() { echo "== $1"; STEP_NAME="$1"; STEP_START=$SECONDS; }
took() {
  echo "   ($((SECONDS - STEP_START)) s)"
  printf '%5d s  %s  (load %s)\n' "$((SECONDS - STEP_START))" "${STEP_NAME:0:70}" "$(load)" >> "$TIMINGS"
}
summary() {
  echo "== step timings (load at start: $LOAD_START; at end: $(load))"
  cat "$TIMINGS"
  echo "   total $SECONDS s"
}
LOAD_START="$(load)"
trap summary EXIT

step "setup: venvs"
"$ROOT/scripts/setup-venvs.sh"; took
step "setup: browser"
"$ROOT/scripts/setup-browser.sh"; took  # Chromium (apt-get) and axe-core (npm) for the browser tests

step "backend tests (SQLite and PostgreSQL)"
PYTHONPATH="$ROOT/backend" .venvs/backend/bin/python -m pytest tests/backend -q -rs; took
step "personal data: erasure, retention, subject access in every store (SQLite and PostgreSQL)"
PYTHONPATH="$ROOT/backend" .venvs/backend/bin/python -m pytest tests/privacy -q -rs --ignore=tests/privacy/stack; took
step "Code 2024 compliance suite (tests/compliance; docs/code-compliance.md: scripts/code_compliance.py)"
PYTHONPATH="$ROOT/backend" .venvs/backend/bin/python -m pytest tests/compliance -q -rs; took

# --- bot ---
step "bot: spaCy model path -> bot/config.yml"
.venvs/bot/bin/python scripts/spacy_model_path.py --write-config >/dev/null; took
step "bot: unit tests (actions, client/outbox, triage, NLU data)"
.venvs/bot/bin/python -m pytest tests/bot -q -rs -p no:warnings; took
step "bot: rasa data validate"
(cd bot && ../.venvs/bot/bin/rasa data validate --config config.yml --domain domain \
  --data data > "$ROOT/artefacts/rasa-validate.log" 2>&1) \
  || { tail -n 30 "$ROOT/artefacts/rasa-validate.log"; exit 1; }; took
step "bot: model (trained only when config/domain/data changed)"
BOT_MODEL="$(scripts/bot-model.sh)"; export BOT_MODEL; took
step "bot: dialogue tests (tests/stories, fail on prediction errors)"
(cd bot && ../.venvs/bot/bin/rasa test core --model "$BOT_MODEL" --stories ../tests/stories \
  --fail-on-prediction-errors --out "$ROOT/artefacts/rasa-core" \
  > "$ROOT/artefacts/rasa-core.log" 2>&1) \
  || { tail -n 40 "$ROOT/artefacts/rasa-core.log"; cat "$ROOT/artefacts/rasa-core/failed_test_stories.yml" 2>/dev/null; exit 1; }; took
step "end to end: backend + action server + Rasa (+ production topology: PostgreSQL, Redis, 2 Rasa)"
.venvs/bot/bin/python -m pytest tests/e2e -q -rs -p no:warnings; took
step "faults and abuse (issue 16): held messages, look-ups (backend)"
PYTHONPATH="$ROOT/backend" .venvs/backend/bin/python -m pytest tests/faults/backend -q -rs -p no:warnings; took
step "faults and abuse (issue 16): trust boundary, input limits, each process killed"
.venvs/bot/bin/python -m pytest tests/faults/bot tests/faults/stack -q -rs -p no:warnings; took
step "personal data: erasure through the real stack (tracker store, bot outbox, letters)"
.venvs/bot/bin/python -m pytest tests/privacy/stack --confcutdir=tests/privacy/stack -q -rs -p no:warnings; took
step "channels: social media connector against the real stack, compose checks"
.venvs/bot/bin/python -m pytest tests/channels -q -rs -p no:warnings --ignore=tests/channels/browser; took
step "channels: web chat widget in Chromium against the real stack"
.venvs/backend/bin/python -m pytest tests/channels/browser -q -rs -p no:warnings; took
