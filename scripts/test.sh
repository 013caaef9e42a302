#!/usr/bin/env bash
# Runs every test: README's test command and .ci/run both call this.
# Independent work runs side by side on the 2 cores (helpers: scripts/steps.sh): the venvs and the
# browser are set up together; then three lanes run at once, each a list of steps in order:
#   model    trains the bot model (scripts/bot-model.sh), then runs suites that need it
#   backend  the backend tests, then a stack suite once the model is there
#   bot      the bot unit tests and the other backend-venv suites, then stack suites
# Steps after `need_model` run Rasa: it waits for the model (and fails if training failed).
# A failing step prints its log's tail and stops its lane; the run then fails. Step timings, with
# the load: printed at the end and in artefacts/timings.txt; every step's log: artefacts/logs/.
# Each pytest step lists its 15 slowest tests at the end of its log (--durations=15).
# New suites: add a `step` line to a lane (after `need_model` if it runs Rasa); keep the lanes'
# totals (artefacts/timings.txt) about even.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
mkdir -p "$ROOT/artefacts"
source "$ROOT/scripts/steps.sh"

backend_pytest() { PYTHONPATH="$ROOT/backend" .venvs/backend/bin/python -m pytest -q -rs --durations=15 "$@"; }
bot_pytest() { .venvs/bot/bin/python -m pytest -q -rs --durations=15 -p no:warnings "$@"; }

# --- setup: both venvs at once (scripts/setup-venvs.sh), Chromium and axe-core beside them ---
browser_lane() { step "setup: Chromium (apt-get) and axe-core (npm) for the browser tests" scripts/setup-browser.sh; }
lane browser browser_lane
step "setup: venvs (backend and bot, side by side)" scripts/setup-venvs.sh
wait_lanes
write_bot_config() { .venvs/bot/bin/python scripts/spacy_model_path.py --write-config >/dev/null; }
step "bot: spaCy model path -> bot/config.yml" write_bot_config

# --- the bot model, trained once per config/domain/data change, in its own lane ---
MODEL_FILE="$ROOT/artefacts/bot-model.path"
rm -f "$MODEL_FILE" "$MODEL_FILE.failed"
train_model() {
  scripts/bot-model.sh > "$MODEL_FILE.tmp" || { touch "$MODEL_FILE.failed"; return 1; }
  mv "$MODEL_FILE.tmp" "$MODEL_FILE"
  cat "$MODEL_FILE"
}
wait_model() {
  until [[ -s "$MODEL_FILE" ]]; do
    [[ -e "$MODEL_FILE.failed" ]] && { echo "the bot model did not train (lane model)"; return 1; }
    sleep 1
  done
}
need_model() {  # in a lane, before its first step that runs Rasa
  step "bot: wait for the model (lane model)" wait_model
  BOT_MODEL="$(tail -n 1 "$MODEL_FILE")"; export BOT_MODEL
}

# --- lanes: each step runs after the one before it in its lane ---
rasa_validate() {
  (cd bot && ../.venvs/bot/bin/rasa data validate --config config.yml --domain domain \
    --data data > "$ROOT/artefacts/rasa-validate.log" 2>&1) \
    || { tail -n 30 "$ROOT/artefacts/rasa-validate.log"; return 1; }
}
rasa_test_core() {
  (cd bot && ../.venvs/bot/bin/rasa test core --model "$BOT_MODEL" --stories ../tests/stories \
    --fail-on-prediction-errors --out "$ROOT/artefacts/rasa-core" > "$ROOT/artefacts/rasa-core.log" 2>&1) \
    || { tail -n 40 "$ROOT/artefacts/rasa-core.log"
         cat "$ROOT/artefacts/rasa-core/failed_test_stories.yml" 2>/dev/null; return 1; }
}

model_lane() {
  step "bot: model (trained only when config/domain/data changed)" train_model
  need_model
  step "bot: dialogue tests (tests/stories, fail on prediction errors)" rasa_test_core
  step "faults and abuse (issue 16): abuse over HTTP, each process killed" \
    bot_pytest tests/faults/stack
  step "channels: web chat widget in Chromium against the real stack" \
    .venvs/backend/bin/python -m pytest -q -rs -p no:warnings tests/channels/browser
}

backend_lane() {
  step "backend tests (SQLite and PostgreSQL)" backend_pytest tests/backend
  need_model
  step "personal data: erasure through the real stack (tracker store, bot outbox, letters)" \
    bot_pytest tests/privacy/stack --confcutdir=tests/privacy/stack
}

bot_lane() {
  step "bot: unit tests (actions, client/outbox, triage, NLU data)" bot_pytest tests/bot
  step "bot: rasa data validate" rasa_validate
  step "faults and abuse (issue 16): trust boundary, input limits (bot, no model)" \
    bot_pytest tests/faults/bot
  # backend-venv suites, here while the model trains
  step "Code 2024 compliance suite (tests/compliance; docs/code-compliance.md: scripts/code_compliance.py)" \
    backend_pytest tests/compliance
  step "faults and abuse (issue 16): held messages, look-ups (backend)" \
    backend_pytest -p no:warnings tests/faults/backend
  step "personal data: erasure, retention, subject access in every store (SQLite and PostgreSQL)" \
    backend_pytest tests/privacy --ignore=tests/privacy/stack
  need_model
  step "end to end: backend + action server + Rasa (+ production topology: PostgreSQL, Redis, 2 Rasa)" \
    bot_pytest tests/e2e
  step "channels: social media connector against the real stack, compose checks" \
    bot_pytest tests/channels --ignore=tests/channels/browser
}

lane model model_lane
lane backend backend_lane
lane bot bot_lane
wait_lanes
