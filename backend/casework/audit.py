"""Append-only audit trail: record() is the only write path; updates and deletes are refused."""
from __future__ import annotations

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .models import AuditEvent


class AuditImmutable(RuntimeError):
    pass


def record(
    session: Session, *, actor: str, action: str, entity_type: str, entity_ref: str,
    before: dict[str, Any] | None, after: dict[str, Any] | None,
) -> AuditEvent:
    ev = AuditEvent(actor=actor, action=action, entity_type=entity_type, entity_ref=entity_ref,
                    before=before, after=after)
    session.add(ev)
    return ev


def trail(session: Session, entity_ref: str) -> list[AuditEvent]:
    return list(session.scalars(
        select(AuditEvent).where(AuditEvent.entity_ref == entity_ref).order_by(AuditEvent.id)
    ))


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, _ctx, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditImmutable("audit_events is append-only: rows cannot be changed or deleted")
