#!/usr/bin/env bash
# Ensures a trained Rasa model for the current bot config/domain/data and prints its path.
# The model is named by a content hash of config.yml, domain/**, data/**, the bot lock file and
# the intent classifier's code (bot/actions/triage/model.py, rasa_classifier.py, encoder.py), so it is trained once and reused until one of them changes.
# Local labelled sets kept out of the repository (var/training/*.tsv: staff corrections written by
# `make corrections`; TRAINING_DIR overrides the folder) are part of the hash and of the training
# data when present (converted by scripts/nlu_from_sets.py into a temporary NLU file).
#   scripts/bot-model.sh            # train if missing/stale; print bot/models/<hash>.tar.gz
#   scripts/bot-model.sh --check    # exit 1 if the model is missing or stale (no training)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BOT="$ROOT/bot"
PY="$ROOT/.venvs/bot/bin/python"
MODELS="${BOT_MODELS_DIR:-$BOT/models}"
LOCAL_SETS="${TRAINING_DIR:-$ROOT/var/training}"
local_sets=()
if [[ -d "$LOCAL_SETS" ]]; then
  mapfile -t local_sets < <(find "$LOCAL_SETS" -maxdepth 1 -name '*.tsv' -size +0 | LC_ALL=C sort)
fi

"$PY" "$ROOT/scripts/spacy_model_path.py" --write-config >/dev/null

hash="$(cd "$BOT" && { echo config.yml; find domain data -type f -name '*.yml' | LC_ALL=C sort; } \
  | while read -r f; do printf '%s\n' "$f"; cat "$f"; done \
  | cat - "$ROOT/bot/requirements.lock" "$ROOT/bot/actions/triage/model.py" \
        "$ROOT/bot/actions/triage/rasa_classifier.py" "$ROOT/bot/actions/triage/encoder.py" \
        ${local_sets[@]+"${local_sets[@]}"} \
  | sha256sum | cut -c1-16)"
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
extra_data=()
if (( ${#local_sets[@]} )); then
  local_nlu="$(mktemp -d)"
  trap 'rm -rf "$local_nlu"' EXIT
  "$PY" "$ROOT/scripts/nlu_from_sets.py" --sets "$LOCAL_SETS" --out "$local_nlu/local_sets.yml" >&2
  extra_data=("$local_nlu")
fi
echo "== training the bot model ($name); log: $MODELS/$name.train.log" >&2
start=$SECONDS
if ! (cd "$BOT" && "$ROOT/.venvs/bot/bin/rasa" train --config config.yml --domain domain \
      --data data ${extra_data[@]+"${extra_data[@]}"} --out "$MODELS" --fixed-model-name "$name" > "$MODELS/$name.train.log" 2>&1); then
  tail -n 40 "$MODELS/$name.train.log" >&2
  echo "error: rasa train failed" >&2
  exit 1
fi
echo "== trained in $((SECONDS - start)) s" >&2
find "$MODELS" -maxdepth 1 -name 'model-*' ! -name "$name.*" -delete
echo "$model"
