#!/usr/bin/env bash
# Ensures a trained Rasa model for the current bot config/domain/data and prints its path.
# The model is named by a content hash of config.yml, domain/**, data/**, the bot lock file and
# the intent classifier's code (bot/actions/triage/model.py, rasa_classifier.py, encoder.py), so it is trained once and reused until one of them changes.
#   scripts/bot-model.sh            # train if missing/stale; print bot/models/<hash>.tar.gz
#   scripts/bot-model.sh --check    # exit 1 if the model is missing or stale (no training)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BOT="$ROOT/bot"
PY="$ROOT/.venvs/bot/bin/python"
MODELS="${BOT_MODELS_DIR:-$BOT/models}"

"$PY" "$ROOT/scripts/spacy_model_path.py" --write-config >/dev/null

hash="$(cd "$BOT" && { echo config.yml; find domain data -type f -name '*.yml' | LC_ALL=C sort; } \
  | while read -r f; do printf '%s\n' "$f"; cat "$f"; done \
  | cat - "$ROOT/bot/requirements.lock" "$ROOT/bot/actions/triage/model.py" \
        "$ROOT/bot/actions/triage/rasa_classifier.py" "$ROOT/bot/actions/triage/encoder.py" | sha256sum | cut -c1-16)"
name="model-$hash"
model="$MODELS/$name.tar.gz"

if [[ -s "$model" ]]; then
  echo "$model"
  exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
  echo "bot model missing or stale: $model" >&2
  exit 1
fi

mkdir -p "$MODELS"
echo "== training the bot model ($name); log: $MODELS/$name.train.log" >&2
start=$SECONDS
if ! (cd "$BOT" && "$ROOT/.venvs/bot/bin/rasa" train --config config.yml --domain domain \
      --data data --out "$MODELS" --fixed-model-name "$name" > "$MODELS/$name.train.log" 2>&1); then
  tail -n 40 "$MODELS/$name.train.log" >&2
  echo "error: rasa train failed" >&2
  exit 1
fi
echo "== trained in $((SECONDS - start)) s" >&2
find "$MODELS" -maxdepth 1 -name 'model-*' ! -name "$name.*" -delete
echo "$model"
