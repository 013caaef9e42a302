"""A later message about an open hazard that names someone at greater risk ("my daughter is 3 months
pregnant", "I've got a newborn now"): the hazard is assessed again with the household as it is now.

Person-centred, as Awaab's Law is: the same damp and mould is an emergency for a baby. The new
vulnerabilities join the record; when they make the hazard an emergency under hazards.yaml's rule
(clocks.propose_severity), it becomes one at once, even if staff had confirmed it as significant
before they knew (they decided on other facts; they confirm or change the new proposal with a
reason, as ever), and:
- the 24-hour clock runs from the moment the case service heard it (its own clock, never a time
  the client sends), but never past the first deadline the hazard already had (a follow-up never
  lengthens a timescale: service.deadlines_of);
- the duty inbox is alerted as for a new emergency (alerts.alert_if_emergency again=True), and a
  case's acknowledgement letter is written again with the new deadline.
A hazard already an emergency, closed, or told nothing new is left as it is. Calling again with the
same words changes nothing (the vulnerabilities are already recorded): no second alert.
Trust boundary as on a create: the case must be this conversation's (service._conversation_case),
and a hazard named by its key must have been reported in this conversation; anything else is refused
alike (409 case_not_in_conversation), nothing written.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..cases import Conflict
from . import alerts, clocks, service
from .catalogue import catalogue
from .models import Hazard
from .schemas import ReassessIn


def _hazards(session: Session, body: ReassessIn) -> list[Hazard]:
    if body.case_reference is None and body.hazard_key is None:
        raise Conflict("invalid", "Name the case (case_reference) or the hazard (hazard_key).")
    rows: list[Hazard] = []
    if body.case_reference is not None:
        case = service._conversation_case(session, body.case_reference, body.conversation_id)
        rows += session.scalars(select(Hazard).where(Hazard.case_id == case.id).order_by(Hazard.id))
    if body.hazard_key is not None:
        h = session.scalar(select(Hazard).where(Hazard.idempotency_key == body.hazard_key))
        if h is None or h.conversation_id != body.conversation_id:
            raise Conflict(service.CASE_NOT_HERE, "That hazard was not reported in this conversation.")
        rows.append(h)
    return list({h.id: h for h in rows}.values())


def overdue(h: Hazard, now) -> bool:
    """Whether the hazard's nearest deadline not yet met has passed at `now` (the case service's
    clock). Raised to an emergency after the deadline it already had passed, the new one is that
    passed deadline (never later: service.deadlines_of): the work is overdue, to be made safe at once,
    and no date is given to the resident as if it were still to come."""
    nxt = clocks.next_due(service.deadlines_of(h))
    return nxt is not None and nxt.due_at <= now


def _answer(session: Session, h: Hazard, now, raised: bool, new: list[str]) -> dict[str, Any]:
    """The reply for one hazard: its view as at `now` (deadline statuses by the same clock), letters_of,
    raised, new_vulnerabilities and overdue."""
    return {**service._reply(session, h, service.hazard_view(h, now)), "raised": raised,
            "new_vulnerabilities": new, "overdue": overdue(h, now)}


def _reassess_one(session: Session, h: Hazard, vulnerabilities: list[str], actor: str) -> dict[str, Any]:
    new = [v for v in vulnerabilities if v not in (h.vulnerabilities or [])]
    if h.status != "open" or not new:
        return _answer(session, h, clock.now(), False, [])
    before = service.hazard_view(h)
    h.vulnerabilities = [*(h.vulnerabilities or []), *new]
    h.household_known = True
    severity, why = clocks.propose_severity(catalogue(), h.hazard_type, h.vulnerabilities, False)
    raised = h.severity == "significant" and severity == "emergency"
    now = clock.now()
    if raised:
        h.severity, h.proposed_severity, h.emergency_aware_at = "emergency", "emergency", now
        h.proposal_reason = f"A later message named who is at greater risk. {why}"
        h.severity_confirmed_by, h.severity_reason = None, None  # staff decided without knowing
    service._recompute(h)
    session.flush()
    if raised:
        service._queue_letter(session, h, "hazard_acknowledgement")
    view = service._audit(session, h, "reassess", actor, before)
    if raised:
        alerts.alert_if_emergency(session, h, view, actor, again=True)
    return _answer(session, h, now, raised, new)


def reassess(session: Session, body: ReassessIn, actor: str) -> dict[str, Any]:
    """{"hazards": [each hazard's view with letters_of, "raised", "new_vulnerabilities", "overdue"]}."""
    vulnerabilities = list(dict.fromkeys(body.vulnerabilities))
    out = [_reassess_one(session, h, vulnerabilities, actor) for h in _hazards(session, body)]
    session.commit()
    return {"hazards": out}
