"""Fixtures: a migrated database per test on SQLite and on PostgreSQL (migrations, never create_all).

PostgreSQL: TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres) is the
admin connection. The session migrates a uniquely named template database once; each test gets a
fresh copy (CREATE DATABASE ... TEMPLATE) and drops it afterwards. If the server is unreachable
we try to start the local cluster once; if that fails the PostgreSQL tests are skipped with the reason.
CREATE and DROP DATABASE each wait for the disk (about a second on a busy machine), so the next
copy is made and the last one dropped in the background while a test runs (_Copies).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest


from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
BACKEND = REPO / "backend"
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
TOKEN = "test-token-123"
# Production draws references at random (issue 16, tests/faults/test_lookups.py); these tests
# predate that and assert exact references, so they use the sequential allocator.
os.environ.setdefault("CASEWORK_REFERENCES", "sequential")


def pytest_configure(config):
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


def migrate(url: str) -> None:
    cfg = Config(str(BACKEND / "alembic.ini"))
    cfg.set_main_option("script_location", str(BACKEND / "migrations"))
    cfg.attributes["database_url"] = url
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    migrate(f"sqlite:///{path}")
    return path


def _admin_engine():
    from casework.db import normalise_url

    return create_engine(normalise_url(PG_ADMIN_URL), isolation_level="AUTOCOMMIT",
                         connect_args={"connect_timeout": 3})


def _pg_reachable() -> str | None:
    try:
        eng = _admin_engine()
        with eng.connect() as c:
            c.execute(text("SELECT 1"))
        eng.dispose()
        return None
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


class _Copies:
    """Fresh copies of the template database: one is always being made ahead (a thread), and a
    used one is dropped by another thread, so a test waits for neither. Every copy is still made
    from the migrated template before its test and used by that test only."""

    def __init__(self, admin, name: str) -> None:
        self.admin, self.name = admin, name
        self.maker = ThreadPoolExecutor(1, thread_name_prefix="pg-create")
        self.dropper = ThreadPoolExecutor(1, thread_name_prefix="pg-drop")
        self.ahead: deque = deque()
        self.drops: list = []

    def _sql(self, sql: str) -> None:
        with self.admin.connect() as c:
            c.execute(text(sql))

    def _create(self) -> str:
        db_name = f"{self.name}_{next(_counter)}"
        self._sql(f'CREATE DATABASE "{db_name}" TEMPLATE "{self.name}_tmpl"')
        return db_name

    def take(self) -> str:
        if not self.ahead:
            self.ahead.append(self.maker.submit(self._create))
        made = self.ahead.popleft()
        self.ahead.append(self.maker.submit(self._create))
        return made.result()

    def release(self, db_name: str) -> None:
        self.drops.append(self.dropper.submit(self._sql, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))

    def close(self) -> None:
        """Drop the copy made ahead; wait for every drop (a failed one fails the session)."""
        for made in self.ahead:
            try:
                self.release(made.result())
            except Exception:  # noqa: BLE001 - a copy no test used
                pass
        self.maker.shutdown()
        self.dropper.shutdown()
        for dropped in self.drops:
            dropped.result()


@pytest.fixture(scope="session")
def pg_template():
    error = _pg_reachable()
    if error and "TEST_POSTGRES_URL" not in os.environ and os.path.isdir("/etc/postgresql"):
        versions = sorted(os.listdir("/etc/postgresql"))
        if versions:
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],
                           capture_output=True, timeout=60)
            error = _pg_reachable()
    if error:
        pytest.skip(f"PostgreSQL not reachable at {make_url(PG_ADMIN_URL).render_as_string(hide_password=True)}: {error}")
    name = f"casework_test_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}_tmpl"'))
    tmpl_url = make_url(PG_ADMIN_URL).set(database=f"{name}_tmpl").render_as_string(hide_password=False)
    migrate(tmpl_url)
    copies = _Copies(admin, name)
    try:
        yield admin, name, copies
    finally:
        copies.close()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}_tmpl" WITH (FORCE)'))
    admin.dispose()


_counter = iter(range(1, 10**9))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, sqlite_template):
    """URL of a freshly migrated, empty database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "casework.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    _admin, _name, copies = request.getfixturevalue("pg_template")
    db_name = copies.take()
    yield make_url(PG_ADMIN_URL).set(database=db_name).render_as_string(hide_password=False)
    from casework import db as dbmod

    dbmod.session_factory.cache_clear()
    copies.release(db_name)


@pytest.fixture
def app(db_url, monkeypatch):
    monkeypatch.setenv("BACKEND_API_TOKEN", TOKEN)
    monkeypatch.delenv("CASEWORK_DEV_INSECURE", raising=False)
    from casework.api import create_app

    application = create_app(db_url)
    yield application
    if application.state.sessionmaker is not None:
        application.state.sessionmaker.kw["bind"].dispose()


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    # raise_server_exceptions=True (the default): any unexpected error fails the test instead of
    # turning into a 500, so every bad-input test also proves the generic handler was not reached.
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        yield c


@pytest.fixture
def anon_client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


class Peek:
    """Read rows directly, one short transaction per query (a long-lived session would hold
    SQLite's lock, which every transaction takes up front, and block the API)."""

    def __init__(self, factory):
        self.factory = factory

    def scalar(self, query):
        with self.factory() as s:
            return s.scalar(query)

    def scalars(self, query):
        with self.factory() as s:
            return list(s.scalars(query))


@pytest.fixture
def session(app):
    from casework import db as dbmod

    return Peek(dbmod.session_factory(app.state.database_url))


@pytest.fixture
def clock(monkeypatch):
    """Set the case service's clock: clock.set("2026-12-06T10:00:00+00:00")."""
    from datetime import datetime

    import casework.clock as clockmod

    class Clock:
        def set(self, iso: str) -> None:
            at = datetime.fromisoformat(iso)
            monkeypatch.setattr(clockmod, "now", lambda: at)

    return Clock()


@pytest.fixture
def fire_significant_from(tmp_path):
    """The hazard catalogue with one change: non-emergency fire hazards come under Awaab's Law from the
    date given (regulations not yet in force). Returns the loaded catalogue."""
    import yaml

    from casework.hazards.catalogue import CATALOGUE_PATH, load_catalogue

    def build(day):
        data = yaml.safe_load(CATALOGUE_PATH.read_text())
        for h in data["hazards"]:
            if h["id"] == "fire":
                h["significant_from"] = day
        path = tmp_path / "hazards.yaml"
        path.write_text(yaml.safe_dump(data))
        return load_catalogue(path)
    return build

