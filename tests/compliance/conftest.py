"""Fixtures for the Code 2024 compliance suite: the real case service (FastAPI app on a migrated
SQLite database, as tests/backend does), the clock, a signed-in member of staff, and the bot's
triage (pure Python, importable from bot/). Run with the backend venv:

    PYTHONPATH=backend .venvs/backend/bin/python -m pytest tests/compliance -q
"""
from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bot"))  # actions.triage: the chat's triage, pure

_spec = importlib.util.spec_from_file_location("backend_conftest", REPO / "tests" / "backend" / "conftest.py")
_backend = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_backend)
# Everything tests/backend/conftest.py offers (fixtures app, client, anon_client, clock, session,
# sqlite_template; names BACKEND, REPO, TOKEN), so a run over both folders sees the same names.
globals().update({k: v for k, v in vars(_backend).items() if not k.startswith("__") and k != "db_url"})

from helpers import PASSWORD  # noqa: E402  (this folder's helpers; tests import it from there too)


@pytest.fixture
def db_url(tmp_path, sqlite_template):
    path = tmp_path / "casework.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def staff(app):
    """A signed-in member of staff (TestClient with the session cookie)."""
    from fastapi.testclient import TestClient

    from casework import db as dbmod
    from casework.staff import auth

    with dbmod.session_factory(app.state.database_url)() as s:
        auth.create_user(s, "jo@example.org", "manager", PASSWORD, "Jo Bloggs")
    with TestClient(app) as c:
        page = c.get("/staff/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        r = c.post("/staff/login", data={"csrf_token": token, "email": "jo@example.org", "password": PASSWORD},
                   follow_redirects=False)
        assert r.status_code == 303
        yield c
