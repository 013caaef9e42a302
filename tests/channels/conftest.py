import sys
from pathlib import Path

# Reuse the e2e stack helpers (tests/e2e/stack.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
