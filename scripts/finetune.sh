#!/usr/bin/env bash
# Re-run the fine-tune of the MiniLM top the bot serves (bot/actions/triage/tuned.py) on the
# current training data: the hand-written NLU examples of the triage intents, every labelled set
# (bench/trained, bench/data, bench/scored) and var/training/*.tsv (e.g. `make corrections`).
# `rasa train` does not do this (it does not fit the 6-minute budget and needs torch): run it after
# the training data change, then run the tests and commit the weights and tuned.py's new SHA256.
# About 4 minutes on 2 idle cores. Its own venv (.venvs/finetune, Python 3.11, torch CPU); the
# bot venv never gets torch.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY311="${PY311:-$(command -v python3.11 || echo "$HOME/.pyenv/versions/3.11.7/bin/python")}"
VENV=.venvs/finetune
OUT=bot/actions/triage/weights/minilm-top2.safetensors
test -x .venvs/bot/bin/python || bash scripts/setup-venvs.sh
if [[ ! -x "$VENV/bin/python" ]]; then
  "$PY311" -m venv "$VENV"
  # torch 2.13.0's CPU wheel (on these machines pip takes it from the local wheel store; elsewhere
  # add --index-url https://download.pytorch.org/whl/cpu to avoid the multi-GB CUDA build)
  "$VENV/bin/python" -m pip install --quiet torch==2.13.0 safetensors tokenizers numpy
fi
rm -rf var/finetune
.venvs/bot/bin/python bench/crossval.py --export-folds var/finetune > /dev/null
"$VENV/bin/python" bench/finetune_top.py final var/finetune/all.json "$OUT" | tee var/finetune/final.log
SHA="$(sha256sum "$OUT" | cut -d' ' -f1)"
sed -i -E "s/^SHA256 = \"[0-9a-f]{64}\"/SHA256 = \"$SHA\"/" bot/actions/triage/tuned.py
echo "pinned $SHA in bot/actions/triage/tuned.py; now run 'make test' (the guard tests read these weights) and commit both"
