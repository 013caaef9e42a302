"""Stack fault tests reuse tests/e2e/stack.py (real processes on free loopback ports)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "e2e"))
