"""The audit trail is append-only: refused by the ORM guard and, underneath, by database triggers."""
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError

from casework import db
from casework.audit import AuditImmutable, record, trail
from casework.db import normalise_url


def _one_event(url):
    factory = db.session_factory(url)
    with factory() as s:
        record(s, actor="t", action="create", entity_type="complaint", entity_ref="CMP-2026-000001",
               before=None, after={"status": "open"})
        s.commit()
    return factory


def test_orm_refuses_update_and_delete(db_url):
    factory = _one_event(db_url)
    with factory() as s:
        ev = trail(s, "CMP-2026-000001")[0]
        ev.actor = "someone else"
        with pytest.raises(AuditImmutable):
            s.flush()
        s.rollback()
        ev = trail(s, "CMP-2026-000001")[0]
        s.delete(ev)
        with pytest.raises(AuditImmutable):
            s.flush()
    factory.kw["bind"].dispose()


@pytest.mark.parametrize("sql", ["UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"])
def test_database_trigger_refuses_raw_sql(db_url, sql):
    _one_event(db_url).kw["bind"].dispose()
    engine = create_engine(normalise_url(db_url))
    with engine.connect() as c:
        with pytest.raises(DatabaseError, match="audit_events is append-only"):
            c.execute(text(sql))
        c.rollback()
        assert c.execute(text("SELECT count(*) FROM audit_events")).scalar() == 1
    engine.dispose()
