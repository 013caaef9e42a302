"""An emergency hazard reaches a person at once: when a hazard is recorded as an emergency (created
so, or raised to one later by the household answer or by staff), the duty inbox gets an alert
through casework.referrals (a Referral row and an e-mail in the outbox, in the caller's
transaction), as a safeguarding or emergency flag on a triaged message does.

Once per hazard, and not at all when the duty inbox already heard of the emergency from the same
message's handoff or the same case (the triage flag's alert: referrals.alerted). The alert is stored
under the hazard's handoff and case, so a case later made from the same conversation with the flag
does not alert again (referrals.alert_case reads the conversation's handoffs), and the case's
referrals list it once the hazard joins a case (link_case). What the resident wrote and how to
contact them are in the e-mail only, as in every alert; nothing here is logged.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .. import referrals
from ..models import Case, Handoff, OutboxMessage
from ..referral_models import Referral
from .models import Hazard

REASON = "emergency"
NO_TEXT = "(The message is not stored with the hazard: see the hazard record and its conversation.)"


def _lines(h: Hazard, view: dict[str, Any], case: Case | None, handoff: Handoff | None) -> list[str]:
    lines = [f"Awaab's Law hazard: {view['hazard_name']}, recorded as an EMERGENCY.",
             f"Why: {h.severity_reason or h.proposal_reason or 'not given'}"]
    due = [d for d in view["deadlines"] if d.get("due_text")]
    if due:
        lines.append(f"First deadline: {due[0]['label']} by {due[0]['due_text']}.")
    elif not h.in_force:
        lines.append("Awaab's Law sets no timescale for this hazard yet: it is still an emergency.")
    if case is not None:
        lines.append(f"Case: {case.reference}.")
    if handoff is not None:
        lines.append(f"Handoff: {handoff.id}, received {handoff.received_at:%d %b %Y %H:%M} UTC.")
    return lines + [""]


def alert_if_emergency(session: Session, h: Hazard, view: dict[str, Any], actor: str,
                       again: bool = False) -> Referral | None:
    """The duty inbox alert for an emergency hazard (view: its hazard_view), unless already sent.
    again=True: a later message made it an emergency (reassess.py), a new emergency whatever the
    duty inbox heard before about the hazard, its handoff or its case."""
    if h.severity != "emergency":
        return None
    handoff = session.get(Handoff, h.handoff_id) if h.handoff_id is not None else None
    case = session.get(Case, h.case_id) if h.case_id is not None else None
    handoff_ids = [i for i in (h.handoff_id, case.handoff_id if case is not None else None) if i is not None]
    if not again and referrals.alerted(session, REASON, reference=h.reference, handoff_ids=handoff_ids,
                                       case_ids=[case.id] if case is not None else []):
        return None
    return referrals.alert_duty(
        session, reason=REASON, reference=h.reference, text=handoff.text if handoff is not None else NO_TEXT,
        case=case, handoff=handoff, actor=actor, extra=_lines(h, view, case, handoff),
        link=f"Open the hazard in the staff workspace: /staff/hazards/{h.reference}")


def link_case(session: Session, h: Hazard) -> None:
    """The hazard just joined a case: its alert is listed under the case too (and erased with it)."""
    ids = select(OutboxMessage.id).where(OutboxMessage.reference == h.reference[:20])
    session.execute(update(Referral).where(Referral.kind == "alert", Referral.case_id.is_(None),
                                           Referral.outbox_id.in_(ids))
                    .values(case_id=h.case_id).execution_options(synchronize_session=False))
