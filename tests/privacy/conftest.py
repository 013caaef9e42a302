"""Fixtures for the personal-data tests: the backend's database fixtures (SQLite and PostgreSQL,
tests/backend/conftest.py) plus a Rasa tracker store, the bot's outbox and letter folders."""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from privacy_backend import backend as _backend  # noqa: E402  (after the path)

# Re-export the backend's fixtures and hooks (pytest collects them from this module's namespace).
for _name in ("pytest_configure", "sqlite_template", "pg_template", "db_url", "app", "client",
              "anon_client", "session"):
    globals()[_name] = getattr(_backend, _name)

TOKEN = _backend.TOKEN
migrate = _backend.migrate
