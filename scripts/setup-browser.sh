#!/usr/bin/env bash
# What the browser tests need besides the venvs (tests/backend/browser, tests/channels/browser):
#  - Debian's Chromium at /usr/bin/chromium (Playwright drives it; `playwright install` cannot
#    download on these machines). Installed with apt-get when missing and we are root; otherwise
#    the browser tests skip and say why.
#  - axe-core (accessibility rules, MPL-2.0) from the npm registry, pinned, into var/axe/
#    (gitignored). The tests inject var/axe/node_modules/axe-core/axe.min.js into every page.
# Safe to run twice: does nothing when both are there.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
AXE_VERSION="4.14.1"
AXE_DIR="$ROOT/var/axe"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [[ ! -x "$CHROMIUM" ]]; then
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
    echo "browser: installing Debian's chromium (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "browser: $CHROMIUM missing and not root: the browser tests will skip (apt-get install -y chromium)"
  fi
else
  echo "browser: chromium present ($CHROMIUM)"
fi

have="$(cat "$AXE_DIR/node_modules/axe-core/package.json" 2>/dev/null | sed -n 's/^  "version": "\(.*\)",$/\1/p' || true)"
if [[ "$have" == "$AXE_VERSION" ]]; then
  echo "browser: axe-core $AXE_VERSION present"
elif command -v npm >/dev/null; then
  echo "browser: installing axe-core $AXE_VERSION (npm) into var/axe"
  mkdir -p "$AXE_DIR"
  npm install --silent --no-audit --no-fund --prefix "$AXE_DIR" "axe-core@$AXE_VERSION" >/dev/null
else
  echo "error: npm not found; axe-core is needed by the browser accessibility checks" >&2
  exit 1
fi
