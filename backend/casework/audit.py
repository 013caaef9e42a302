"""Append-only audit trail that holds references and field names, never a resident's personal data.

record() is the only write path and keeps the signature every caller uses (before/after views), but
what it stores is reduced: `fields` lists the names of the fields that were set or changed, and
`before`/`after` keep only the values of fields on SAFE_FIELDS (references, states, categories,
dates, counts), which say nothing about who the resident is or what they wrote. Names, e-mail
addresses, phone numbers, postcodes, message text, staff notes, letter bodies and recipients are
recorded by name only. So a resident's data can be erased everywhere else while the trail stays
append-only: updates and deletes are refused here and by database triggers (migration 0001).
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .models import AuditEvent

# Values kept in before/after: nothing here identifies a person or repeats what they wrote.
SAFE_FIELDS = frozenset({
    # identity of the record (references, ids) and its kind
    "reference", "kind", "id", "handoff_id", "handoff", "case_reference", "letter_id", "now", "closed",
    "profile", "channel", "flags", "status", "stage", "stage_name", "last_stage", "handler",
    "category", "reason", "intent", "confidence", "review_status", "topic", "emergency",
    "dissatisfaction_noted", "decision", "complexity", "extended", "extension_days",
    "escalate_within_days", "day_unit", "from_category", "from_reason", "to_category", "to_reason",
    # dates
    "received_at", "effective_received_on", "stage_received_on", "acknowledge_by", "acknowledged_on",
    "respond_by", "responded_on", "escalate_by", "closed_on", "created_at", "sent_at", "updated_at",
    "next_attempt_at", "received_at_dropped",
    # letters: state, not content or address
    "attempts", "transport",
    # other features' records (issues 16-18): states, codes, staff, dates
    "full_length", "opened", "duplicate_of", "note_id", "direction", "owner", "picked_up_by", "picked_up_at",
    "stage_arrived_on", "hazard_type", "severity", "proposed_severity", "in_force", "household_known",
    "aware_at", "next_due_at", "investigation_concluded_at", "summary_sent_at", "safety_work_by",
    "safety_work_done_at",
    # counts (exports, erasure and retention runs)
    "examples", "stores", "counts", "rows", "files", "dry_run", "rule", "matched_by",
    # transcript positions (which messages of a record; never their words)
    "positions",
})
_SCALARS = (str, int, float, bool, type(None))
# Fields whose values are codes (a staff note passed under one of these names is dropped).
CODE_FIELDS = frozenset({"reason", "category", "from_reason", "to_reason", "from_category", "to_category",
                         "status", "kind", "decision", "topic", "channel", "intent", "review_status",
                         "complexity", "transport", "rule", "matched_by", "day_unit", "direction",
                         "hazard_type", "severity", "proposed_severity", "received_at_dropped"})
_CODE = re.compile(r"^[A-Za-z0-9_.:+-]{0,60}$")


def _safe_value(v: Any) -> Any:
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, _SCALARS):
        return v
    if isinstance(v, (list, tuple)) and all(isinstance(x, _SCALARS) for x in v):
        return list(v)
    if isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, (int, float, bool)) for k, x in v.items()):
        return dict(v)  # counts per store or rule
    return None


def reduce(view: dict[str, Any] | None) -> dict[str, Any] | None:
    """The part of a view the trail may hold: SAFE_FIELDS values only (nested views dropped)."""
    if view is None:
        return None
    out = {}
    for k, v in view.items():
        if k not in SAFE_FIELDS:
            continue
        if k in CODE_FIELDS and isinstance(v, str) and not _CODE.match(v):
            continue
        out[k] = _safe_value(v)
    return out


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """Names of the fields set (a create) or changed (anything else); names only, no values."""
    before, after = before or {}, after or {}
    names = set()
    for k in set(before) | set(after):
        b, a = before.get(k), after.get(k)
        if b != a:
            names.add(k)
    return sorted(names)


class AuditImmutable(RuntimeError):
    pass


def record(
    session: Session, *, actor: str, action: str, entity_type: str, entity_ref: str,
    before: dict[str, Any] | None, after: dict[str, Any] | None,
) -> AuditEvent:
    ev = AuditEvent(actor=actor[:100], action=action[:40], entity_type=entity_type[:30],
                    entity_ref=entity_ref[:40], before=reduce(before), after=reduce(after),
                    fields=changed_fields(before, after))
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
