#!/usr/bin/env bash
# Runs the product on loopback with an embedded SQLite database: README's run command.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup-venvs.sh"
mkdir -p "$ROOT/.run" "$ROOT/var"

# One API token per checkout, shared by every process on this machine.
if [[ ! -s .run/api-token ]]; then
  .venvs/backend/bin/python -c "import secrets; print(secrets.token_urlsafe(32))" > .run/api-token
  chmod 600 .run/api-token
fi
export BACKEND_API_TOKEN="$(cat .run/api-token)"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$ROOT/var/casework.db}"
export BACKEND_URL="${BACKEND_URL:-http://127.0.0.1:8000}"
# Letters: the delivery worker runs inside the backend; with no SMTP_HOST they are written as
# .eml files under var/letters, and chat-only residents get them in the conversation via Rasa.
export OUTBOX_WORKER="${OUTBOX_WORKER:-inprocess}"
export LETTERS_DIR="${LETTERS_DIR:-$ROOT/var/letters}"
export RASA_URL="${RASA_URL:-http://127.0.0.1:5005}"
# Rasa's SQL tracker store (bot/endpoints.yml); casework.privacy reads the same file.
export RASA_TRACKER_SQLITE="${RASA_TRACKER_SQLITE:-$ROOT/var/rasa-tracker.sqlite3}"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

echo "== migrating the database ($DATABASE_URL)"
(cd backend && PYTHONPATH="$ROOT/backend" ../.venvs/backend/bin/alembic upgrade head)

echo "== backend on $BACKEND_URL (API docs at $BACKEND_URL/docs)"
PYTHONPATH="$ROOT/backend" .venvs/backend/bin/uvicorn casework.api:app \
  --host 127.0.0.1 --port 8000 --log-level warning &
pids+=($!)

# --- bot: model (trained once per config/domain/data change), action server, Rasa ---
BOT_MODEL="$("$ROOT/scripts/bot-model.sh")"
export LANDLORD_PROFILE="${LANDLORD_PROFILE:-code-2024}"
export BOT_OUTBOX_PATH="${BOT_OUTBOX_PATH:-$ROOT/var/bot-outbox.sqlite3}"
echo "== action server on http://127.0.0.1:5055 (outbox $BOT_OUTBOX_PATH)"
(cd bot && SANIC_HOST=127.0.0.1 exec ../.venvs/bot/bin/rasa run actions --actions actions \
  --port 5055 --quiet) &
pids+=($!)
# The HTTP API is on loopback only and needs the API token (?token=...); channels do not.
echo "== Rasa on http://127.0.0.1:5005 (model $(basename "$BOT_MODEL"))"
(cd bot && exec ../.venvs/bot/bin/rasa run -i 127.0.0.1 --port 5005 --model "$BOT_MODEL" \
  --endpoints endpoints.yml --credentials credentials.yml \
  --enable-api --auth-token "$BACKEND_API_TOKEN" --cors "http://127.0.0.1:8080" --quiet) &
pids+=($!)
# Web chat widget demo (web/): static files only; the widget talks to Rasa's socket.io channel.
echo "== web chat demo on http://127.0.0.1:8080/demo.html"
.venvs/backend/bin/python -m http.server --bind 127.0.0.1 --directory web 8080 >/dev/null 2>&1 &
pids+=($!)
echo "== chat: .venvs/bot/bin/python scripts/chat.py   (Rasa needs ~30 s to load the model)"

wait -n "${pids[@]}"
