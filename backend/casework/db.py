"""Engine and sessions from DATABASE_URL (default: SQLite file var/casework.db in the repo)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

REPO_ROOT = Path(__file__).resolve().parents[2]


def default_url() -> str:
    return f"sqlite:///{REPO_ROOT / 'var' / 'casework.db'}"


def database_url() -> str:
    from .settings import get_settings

    return normalise_url(get_settings().database_url or default_url())


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgres URLs (SQLAlchemy would otherwise pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str | None = None) -> Engine:
    url = normalise_url(url or database_url())
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record):
            # Let SQLAlchemy emit BEGIN itself so every transaction takes the write lock up front:
            # concurrent writers then queue instead of failing with "database is locked".
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@lru_cache(maxsize=8)
def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(bind=make_engine(url), expire_on_commit=False)


def app_sessionmaker(app) -> sessionmaker[Session]:
    """The session factory of a running app (the API and the staff pages share it), made on first
    use from app.state.database_url, else DATABASE_URL."""
    state = app.state
    if getattr(state, "sessionmaker", None) is None:
        state.sessionmaker = session_factory(getattr(state, "database_url", None) or database_url())
    return state.sessionmaker
