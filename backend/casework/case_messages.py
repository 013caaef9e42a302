"""A resident's later message about a record the same conversation made ("the leak is worse now"
after a service request): appended to that case's transcript instead of opening a second record.

Trust boundary: the bot is authenticated, but what it relays came from a resident, so a message is
added only to a case opened from the same conversation (the case's own conversation id, or that of
the handoff linked to it). Any other case answers as if it did not exist (404: a reference typed
into another conversation gives nothing away). Idempotent under (reference, conversation id,
message id): a retry adds nothing. The case's dates and status are not touched; the audit trail
records the action and the position, never the text."""
from __future__ import annotations

from datetime import timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import audit, clock
from .cases import NotFound, _claim_key, _existing_target, find_case
from .models import Case, Handoff, TranscriptMessage
from .schemas import CaseMessageIn

KIND = "case_message"


def _opened_here(session: Session, case: Case, conversation_id: str) -> bool:
    if case.conversation_id and case.conversation_id == conversation_id:
        return True
    linked = select(Handoff.id).where(Handoff.conversation_id == conversation_id,
                                      (Handoff.case_reference == case.reference)
                                      | (Handoff.id == case.handoff_id))
    return session.scalar(linked.limit(1)) is not None


def _view(case: Case, position: int, added: bool) -> dict[str, Any]:
    return {"reference": case.reference, "kind": case.kind, "position": position, "added": added}


def add_message(session: Session, reference: str, body: CaseMessageIn, actor: str) -> tuple[dict[str, Any], bool]:
    """(view, added now). NotFound for an unknown case or one not opened from this conversation."""
    try:
        case = find_case(session, reference)
    except NotFound:
        case = None
    if case is None or not _opened_here(session, case, body.conversation_id):
        raise NotFound(f"No case with reference {reference[:40]!r} was opened in this conversation.")
    key = f"{case.reference}:{body.conversation_id}:{body.message_id}"
    key_row = _claim_key(session, KIND, key)
    if key_row is None:  # a retry of a message already added
        session.rollback()
        return _view(case, int(_existing_target(session, KIND, key) or 0), False), False
    last = session.scalar(select(func.max(TranscriptMessage.position))
                          .where(TranscriptMessage.case_id == case.id))
    position = 0 if last is None else last + 1
    at = (body.received_at or clock.now()).astimezone(timezone.utc)
    session.add(TranscriptMessage(case_id=case.id, position=position, sender="resident",
                                  text=body.text, at=at))
    key_row.target = str(position)
    view = _view(case, position, True)
    audit.record(session, actor=actor, action="add_message", entity_type=case.kind,
                 entity_ref=case.reference, before=None,
                 after={"reference": case.reference, "kind": case.kind, "rows": position + 1,
                        "received_at": at, "text": body.text})  # the text is kept by name only
    session.commit()
    return view, True
