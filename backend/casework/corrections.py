"""Staff corrections that send a letter: the landlord's understanding of a complaint (and the
outcome wanted), and an acknowledgement that went by hand or after a hold."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit, outbox
from .cases import Conflict, NotFound, acknowledge, case_view, find_complaint
from .models import OutboxMessage, utcnow
from .schemas import UnderstandingIn
from .understanding import is_triage_note


# The letters that acknowledge a stage and state our understanding, so a corrected one can replace
# them: the acknowledgement at stage 1, the escalation letter at a later stage (cases.escalate
# records it as the stage's acknowledgement).
STAGE_LETTERS = ("acknowledgement", "escalation")


def stage_letter_kind(stage: int) -> str:
    """The letter of STAGE_LETTERS that acknowledges `stage`."""
    return STAGE_LETTERS[0] if stage == 1 else STAGE_LETTERS[1]


def edit_understanding(session: Session, reference: str, body: UnderstandingIn, actor: str) -> dict[str, Any]:
    """Staff correct the summary and/or the outcome wanted. Once the stage's acknowledgement (at a
    later stage, its escalation letter) has been queued or sent, a corrected one goes to the
    resident, and the earlier one, if it has not gone, is withdrawn."""
    c = find_complaint(session, reference)
    if c.status == "closed":
        raise Conflict("case_closed", "The complaint is closed.")
    if body.summary is None and body.desired_outcome is None:
        raise Conflict("invalid", "Give a summary, a desired outcome, or both.")
    if body.summary is not None and is_triage_note(body.summary):
        raise Conflict("invalid", "The summary must say what the complaint is about, not how it was triaged.")
    before = case_view(c)
    if body.summary is not None:
        c.summary = body.summary.strip()
    if body.desired_outcome is not None:
        c.desired_outcome = body.desired_outcome.strip()
    c.updated_at = utcnow()
    session.flush()
    kind = stage_letter_kind(c.stage)
    acknowledged_before = session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.case_id == c.id, OutboxMessage.kind == kind))
    if acknowledged_before is not None:
        # the earlier letter, if it has not gone, must not go now: only the corrected one
        outbox.withdraw_unsent(session, c.id, kind, "Withdrawn: a corrected letter replaces it. Do not send it.")
        outbox.queue(session, c, kind, extra={"corrected": True})
    after = case_view(c)
    audit.record(session, actor=actor, action="edit_understanding", entity_type="complaint",
                 entity_ref=c.reference, before=before, after=after)
    session.commit()
    return after


def letter_went(session: Session, letter: dict[str, Any], actor: str) -> dict[str, Any]:
    """After staff release a held letter or mark a hand-sent one: the letter acknowledging the
    complaint's current stage (the acknowledgement at stage 1, the escalation letter later) that
    has now gone records the stage as acknowledged that day (if it was not already). Released to
    `manual` (post) it has not gone yet: that waits for staff to mark it sent."""
    if letter.get("kind") not in STAGE_LETTERS or letter.get("status") not in ("pending", "sent"):
        return letter
    try:
        c = find_complaint(session, letter["reference"])
    except (NotFound, Conflict):
        return letter
    if c.acknowledged_on is None and c.status == "open" and letter["kind"] == stage_letter_kind(c.stage):
        acknowledge(session, c.reference, None, actor)
    return letter
