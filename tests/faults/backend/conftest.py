"""Reuse the backend suite's fixtures (a migrated database per test on SQLite and PostgreSQL)."""
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "backend_suite_conftest", Path(__file__).resolve().parents[2] / "backend" / "conftest.py")
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
globals().update({k: v for k, v in vars(_module).items() if not k.startswith("__")})
