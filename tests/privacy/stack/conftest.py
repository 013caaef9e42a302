"""Runs with the bot's venv (like tests/e2e) and --confcutdir here, so the backend fixtures in
tests/privacy/conftest.py are not loaded: the stack is started from tests/e2e/stack.py and the
privacy CLI runs in the backend's venv as a separate process, as an operator would run it."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "e2e"))
