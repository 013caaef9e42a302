"""Case notes and the contact log: what a caseworker wrote down, and every contact with the
resident (channel, direction, when). Each entry is also an audit event (without its text)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import audit
from ...models import Case, StaffUser
from ..models import CaseNote
from ..plain import CONTACT_CHANNELS, CONTACT_DIRECTIONS
from .deadlines import LONDON
from .errors import Refused

MAX_TEXT = 5000


def _text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise Refused(422, "Write the note first.")
    if len(text) > MAX_TEXT:
        raise Refused(422, f"A note is at most {MAX_TEXT} characters.")
    return text


def add_note(session: Session, case: Case, user: StaffUser, text: str) -> CaseNote:
    row = CaseNote(case_id=case.id, kind="note", text=_text(text), author_id=user.id,
                   author=f"staff:{user.email}"[:100])
    session.add(row)
    session.flush()
    audit.record(session, actor=row.author, action="note", entity_type=case.kind, entity_ref=case.reference,
                 before=None, after={"note_id": row.id})
    session.commit()
    return row


def log_contact(session: Session, case: Case, user: StaffUser, channel: str, direction: str, text: str,
                happened_at: datetime | None = None) -> CaseNote:
    if channel not in CONTACT_CHANNELS:
        raise Refused(422, "Choose how the contact was made.")
    if direction not in CONTACT_DIRECTIONS:
        raise Refused(422, "Choose whether the resident contacted us or we contacted them.")
    now = datetime.now(timezone.utc)
    if happened_at is not None:
        if happened_at.tzinfo is None:
            happened_at = happened_at.replace(tzinfo=LONDON)
        if happened_at > now:
            raise Refused(422, "A contact cannot be in the future.")
    row = CaseNote(case_id=case.id, kind="contact", channel=channel, direction=direction, text=_text(text),
                   happened_at=(happened_at or now).astimezone(timezone.utc), author_id=user.id,
                   author=f"staff:{user.email}"[:100])
    session.add(row)
    session.flush()
    audit.record(session, actor=row.author, action="contact", entity_type=case.kind, entity_ref=case.reference,
                 before=None, after={"note_id": row.id, "channel": channel, "direction": direction})
    session.commit()
    return row


def notes_of(session: Session, case: Case) -> tuple[list[CaseNote], list[CaseNote]]:
    rows = list(session.scalars(select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.id.desc())))
    return [r for r in rows if r.kind == "note"], [r for r in rows if r.kind == "contact"]
