"""Fixtures for the personal-data tests: the backend's database fixtures (SQLite and PostgreSQL,
tests/backend/conftest.py) plus a Rasa tracker store, the bot's outbox and letter folders."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

_spec = importlib.util.spec_from_file_location("backend_conftest", HERE.parent / "backend" / "conftest.py")
_backend = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_backend)

# Re-export the backend's fixtures and hooks (pytest collects them from this module's namespace).
for _name in ("pytest_configure", "sqlite_template", "pg_template", "db_url", "app", "client",
              "anon_client", "session"):
    globals()[_name] = getattr(_backend, _name)

PG_ADMIN_URL = _backend.PG_ADMIN_URL
TOKEN = _backend.TOKEN
migrate = _backend.migrate
