"""The audit trail holds references and field names, not personal data, and stays append-only;
migration 0007 reduces rows written before it."""
from __future__ import annotations

import json
import uuid

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError

from casework import db as dbmod
from casework.audit import record, reduce, trail
from privacy_backend import PG_ADMIN_URL, backend as _backend


PERSONAL = {"reference": "CMP-2026-000001", "status": "open", "acknowledge_by": "2026-12-01",
            "text": "My name is Ada Quillfeather", "contact": {"name": "Ada Quillfeather", "email": "ada@example.org"},
            "reason": "The note from staff: Ada at TF1 1AA", "recipient": "ada@example.org", "flags": ["safeguarding"],
            "counts": {"case:contacts": 2}}


def test_record_keeps_references_states_and_field_names_only(db_url):
    factory = dbmod.session_factory(db_url)
    with factory() as s:
        record(s, actor="staff:jo@example.org", action="acknowledge", entity_type="complaint",
               entity_ref="CMP-2026-000001", before={**PERSONAL, "status": "new"}, after=PERSONAL)
        s.commit()
        ev = trail(s, "CMP-2026-000001")[0]
    assert ev.after == {"reference": "CMP-2026-000001", "status": "open", "acknowledge_by": "2026-12-01",
                        "flags": ["safeguarding"], "counts": {"case:contacts": 2}}
    assert ev.fields == ["status"]  # what changed, by name
    assert "Ada" not in json.dumps([ev.before, ev.after, ev.fields])
    assert reduce({"reason": "asb"}) == {"reason": "asb"}  # a reason code stays; a note does not


def _cfg(url):
    cfg = Config(str(_backend.BACKEND / "alembic.ini"))
    cfg.set_main_option("script_location", str(_backend.BACKEND / "migrations"))
    cfg.attributes["database_url"] = url
    cfg.attributes["configure_logger"] = False
    return cfg


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request, tmp_path):
    """An empty database (no migrations yet) on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    error = _backend._pg_reachable()
    if error:
        pytest.skip(f"PostgreSQL not reachable: {error}")
    name = f"casework_m{uuid.uuid4().hex[:10]}"
    admin = _backend._admin_engine()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _json(v):
    return v if isinstance(v, (dict, list)) else json.loads(v)


def test_migration_0007_reduces_old_rows_and_keeps_the_triggers(empty_db):
    url = dbmod.normalise_url(empty_db)
    command.upgrade(_cfg(url), "0003")
    eng = create_engine(url)
    with eng.begin() as c:
        c.execute(text("INSERT INTO audit_events (at, actor, action, entity_type, entity_ref, before, after) "
                       "VALUES ('2026-11-24 10:00:00', 'service', 'create', 'complaint', 'CMP-2026-000001', NULL, "
                       + ("CAST(:a AS JSON))" if url.startswith("postgresql") else ":a)")), {"a": json.dumps(PERSONAL)})
    command.upgrade(_cfg(url), "head")
    with eng.connect() as c:
        before, after, fields = c.execute(text("SELECT before, after, fields FROM audit_events")).one()
        after, fields = _json(after), _json(fields)
        assert "Ada" not in json.dumps(after) and "ada@" not in json.dumps(after) and after["status"] == "open"
        assert "text" in fields and "contact" in fields
    for sql in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with eng.connect() as c:
            with pytest.raises(DatabaseError, match="append-only"):
                c.execute(text(sql))
    eng.dispose()


def test_erased_text_keeps_every_combination_of_report_themes():
    """The placeholder for an erased complaint text is classified into the same themes (so the
    'what complaints were about' figure does not move) and holds none of the resident's words."""
    import itertools

    from casework.privacy.erase import theme_text
    from casework.reports.figures import THEMES, classify_themes

    for k in range(len(THEMES) + 1):
        for combo in itertools.combinations(THEMES, k):
            words = " ".join(THEMES[name][-1] for name in combo)  # the themes' last keywords
            original = f"Mrs Quillfeather at TF1 1AA says: {words}"
            erased = theme_text(original, None)
            assert classify_themes(erased) == classify_themes(original), combo
            assert "Quillfeather" not in erased and "TF1" not in erased
