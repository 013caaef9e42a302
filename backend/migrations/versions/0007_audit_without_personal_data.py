"""audit trail without personal data: a `fields` column (names only); existing rows reduced

Before this revision the trail copied whole case views (name, e-mail, message text) into rows that
triggers forbid changing, so nothing could ever be erased. This revision adds `fields` (the names
of the fields set or changed) and rewrites every existing row once to what casework.audit.record
keeps today: references, states, categories, dates and counts. The append-only triggers are
dropped for this one rewrite and created again in the same transaction.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 05:00:00
"""
import json

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _triggers(create: bool) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        if create:
            op.execute("""
                CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
            """)
        else:
            op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
    elif dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            if create:
                op.execute(f"""
                    CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events
                    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
                """)
            else:
                op.execute(f"DROP TRIGGER IF EXISTS audit_events_no_{verb.lower()}")


def _load(v):
    if v is None or isinstance(v, dict):
        return v
    return json.loads(v)


def upgrade() -> None:
    from casework.audit import changed_fields, reduce  # the same rule as new rows

    op.add_column('audit_events', sa.Column('fields', sa.JSON(), nullable=True))
    bind = op.get_bind()
    table = sa.table('audit_events', sa.column('id', sa.Integer), sa.column('before', sa.JSON),
                     sa.column('after', sa.JSON), sa.column('fields', sa.JSON))
    rows = bind.execute(sa.select(table.c.id, table.c.before, table.c.after)).all()
    _triggers(create=False)
    for rid, before, after in rows:
        before, after = _load(before), _load(after)
        bind.execute(table.update().where(table.c.id == rid).values(
            before=reduce(before), after=reduce(after), fields=changed_fields(before, after)))
    _triggers(create=True)


def downgrade() -> None:
    # The personal data removed by upgrade() is not brought back.
    _triggers(create=False)
    with op.batch_alter_table('audit_events') as batch:
        batch.drop_column('fields')
    _triggers(create=True)
