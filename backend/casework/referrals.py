"""Hand-offs that reach a person: referrals (ASB reports to the ASB team, employment matters to HR,
compliments to the person praised and their line manager) and alerts (safeguarding concerns and
emergencies to the duty inbox, at once). Each is a Referral row plus an e-mail in the outbox
(delivered by the outbox worker: SMTP in production, an .eml file in the embedded default),
written in the caller's transaction, so a record never exists without its hand-off.

Notifications carry the reference, what the resident said and how to contact them (or that they
declined); they go only to the landlord's own inboxes from the routing directory.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from . import audit, outbox, routing
from .models import Case, Handoff, OutboxMessage, utcnow
from .referral_models import Referral

ALERT_FLAGS = ("safeguarding", "emergency")
REASON_WORDS = {
    "asb": "a new report of anti-social behaviour (ASB process)",
    "employment": "an employment or recruitment matter (HR procedures)",
    "compliment": "a compliment",
    "safeguarding": "a SAFEGUARDING concern: follow the safeguarding procedure today",
    "emergency": "an EMERGENCY: contact the resident and arrange emergency work today",
}


def _contact_lines(case: Case | None) -> list[str]:
    if case is None:
        return ["Contact: not yet known (the resident is still in the chat; see the handoff)."]
    c = case.contact
    if c is None or (c.anonymous and not (c.email or c.phone or c.postcode or c.address)):
        return ["Contact: the resident gave no contact details (anonymous or declined)."]
    bits = ["Name: none recorded (the resident asked to stay anonymous)" if c.anonymous
            else f"Name: {c.name or '(not given)'}"]
    if c.email:
        bits.append(f"Email: {c.email}")
    if c.phone:
        bits.append(f"Phone: {c.phone}")
    if c.postcode:
        bits.append(f"Postcode: {c.postcode}")
    if not (c.email or c.phone):
        bits.append("The resident gave no email or phone number (declined).")
    return bits


def _body(to_name: str, reason: str, reference: str, text: str, case: Case | None,
          extra: list[str], link: str | None = None) -> str:
    lines = [f"To {to_name},", "", f"{reference} is {REASON_WORDS.get(reason, reason)}.", ""]
    lines += extra
    lines += ["What the resident wrote:", text.strip()[:4000], ""]
    lines += _contact_lines(case)
    lines += ["", link or (f"Open it in the staff workspace: /staff/cases/{reference}" if case is not None
              else f"Open the handoff in the staff workspace: /staff/handoffs/{reference.split('-')[-1]}"),
              "", "This message was sent automatically by the complaints intake service."]
    return "\n".join(lines) + "\n"


def _add(session: Session, *, kind: str, reason: str, rcpt: routing.Recipient, reference: str,
         text: str, case: Case | None, handoff: Handoff | None, actor: str,
         extra: list[str] | None = None, subject: str | None = None, link: str | None = None) -> Referral:
    m = outbox.queue_notification(
        session, case_id=case.id if case is not None else None, reference=reference,
        kind=kind, to=rcpt.address,
        subject=subject or f"{'ALERT' if kind == 'alert' else 'Referral'}: {reason.replace('_', ' ')} - {reference}",
        text=_body(rcpt.name, reason, reference, text, case, extra or [], link))
    r = Referral(case_id=case.id if case is not None else None,
                 handoff_id=handoff.id if handoff is not None else None, kind=kind, reason=reason,
                 to_key=rcpt.key[:100], to_name=rcpt.name[:200], to_address=rcpt.address,
                 copy_to=", ".join(n for n, _ in rcpt.copy_to) or None, outbox_id=m.id)
    session.add(r)
    session.flush()
    audit.record(session, actor=actor, action=kind, entity_type="referral", entity_ref=reference,
                 before=None, after={"reason": reason, "to": rcpt.name, "letter_id": m.letter_id})
    for name, address in rcpt.copy_to:
        copy = routing.Recipient(key=f"{rcpt.key}:manager"[:100], name=f"{name} (line manager of {rcpt.name})",
                                 address=address)
        _add(session, kind=kind, reason=reason, rcpt=copy, reference=reference, text=text, case=case,
             handoff=handoff, actor=actor, extra=extra, subject=subject, link=link)
    return r


def refer_case(session: Session, case: Case, reason: str, actor: str) -> list[Referral]:
    """Referral of a new record to the team the directory names for `reason` (asb, employment)."""
    rcpt = routing.referral_recipient(reason)
    if rcpt is None:
        return []
    return [_add(session, kind="referral", reason=reason, rcpt=rcpt, reference=case.reference,
                 text=case.text, case=case, handoff=None, actor=actor)]


def route_compliment(session: Session, case: Case, person: str | None, team: str | None,
                     actor: str) -> list[str]:
    """Send the compliment to the person/team and their manager; returns who it went to."""
    names: list[str] = []
    for rcpt in routing.compliment_recipients(person, team):
        praised = person or (team if routing.load_directory().team_named(team) is None else None)
        extra = [] if (praised is None or rcpt.key.startswith("staff:")) else [
            f"The resident praised {praised}; please pass it on.", ""]
        _add(session, kind="referral", reason="compliment", rcpt=rcpt, reference=case.reference,
             text=case.text, case=case, handoff=None, actor=actor, extra=extra)
        names.append(rcpt.name)
        names += [f"{n} (line manager)" if rcpt.key.startswith("staff:") else n for n, _ in rcpt.copy_to]
    return names


def _already_alerted(session: Session, reason: str, handoff_ids: list[int]) -> bool:
    if not handoff_ids:
        return False
    return session.scalar(select(Referral.id).where(Referral.kind == "alert", Referral.reason == reason,
                                                    Referral.handoff_id.in_(handoff_ids))) is not None


def alert_handoff(session: Session, h: Handoff, actor: str) -> list[Referral]:
    """Safeguarding / emergency on a triaged message: the duty inbox hears at once."""
    out = []
    for flag in ALERT_FLAGS:
        if flag in (h.flags or []) and not _already_alerted(session, flag, [h.id]):
            out.append(_add(session, kind="alert", reason=flag, rcpt=routing.duty_recipient(),
                            reference=f"HANDOFF-{h.id}", text=h.text, case=None, handoff=h,
                            actor=actor, extra=[f"Triage: {h.category}. Received {h.received_at:%d %b %Y %H:%M} UTC.", ""]))
    return out


def alert_case(session: Session, case: Case, actor: str) -> list[Referral]:
    """The same for a record created with the flag, unless its conversation's handoff already alerted."""
    handoff_ids = []
    if case.handoff_id is not None:
        handoff_ids.append(case.handoff_id)
    if case.conversation_id:
        handoff_ids += list(session.scalars(select(Handoff.id).where(
            Handoff.conversation_id == case.conversation_id)))
    out = []
    for flag in ALERT_FLAGS:
        if flag in (case.flags or []) and not _already_alerted(session, flag, handoff_ids):
            out.append(_add(session, kind="alert", reason=flag, rcpt=routing.duty_recipient(),
                            reference=case.reference, text=case.text, case=case, handoff=None, actor=actor))
    return out


def alerted(session: Session, reason: str, *, reference: str, handoff_ids: list[int],
            case_ids: list[int]) -> bool:
    """Whether the duty inbox already heard `reason` about this reference (the outbox message that
    carried it), about one of these handoffs (the triage flag) or about one of these cases."""
    q = select(Referral.id).where(Referral.kind == "alert", Referral.reason == reason)
    if session.scalar(q.join(OutboxMessage, OutboxMessage.id == Referral.outbox_id)
                      .where(OutboxMessage.reference == reference[:20])) is not None:
        return True
    if handoff_ids and session.scalar(q.where(Referral.handoff_id.in_(handoff_ids))) is not None:
        return True
    return bool(case_ids) and session.scalar(q.where(Referral.case_id.in_(case_ids))) is not None


def alert_duty(session: Session, *, reason: str, reference: str, text: str, case: Case | None,
               handoff: Handoff | None, actor: str, extra: list[str], link: str) -> Referral:
    """An alert raised by another record (an emergency hazard: hazards/alerts.py), the same way."""
    return _add(session, kind="alert", reason=reason, rcpt=routing.duty_recipient(), reference=reference,
                text=text, case=case, handoff=handoff, actor=actor, extra=extra, link=link)


def views(session: Session, *, case_id: int | None = None, handoff_id: int | None = None) -> list[dict[str, Any]]:
    q = select(Referral, OutboxMessage).outerjoin(OutboxMessage, OutboxMessage.id == Referral.outbox_id)
    q = q.where(Referral.case_id == case_id) if case_id is not None else q.where(Referral.handoff_id == handoff_id)
    out = []
    for r, m in session.execute(q.order_by(Referral.id)):
        out.append({"id": r.id, "kind": r.kind, "reason": r.reason, "to_name": r.to_name,
                    "to_address": r.to_address, "copy_to": r.copy_to,
                    "letter_id": m.letter_id if m is not None else None,
                    "delivery_status": m.status if m is not None else None,
                    "sent_at": outbox._iso(m.sent_at) if m is not None else None,
                    "created_at": outbox._iso(r.created_at)})
    return out


def pick_up(session: Session, handoff_id: int, actor: str) -> dict[str, Any]:
    """A person takes a flagged handoff. The first one keeps it: the stamp is a conditional UPDATE,
    so two people pressing at once cannot both have it (the view says who does)."""
    from .cases import NotFound, handoff_view

    h = session.get(Handoff, handoff_id)
    if h is None:
        raise NotFound(f"No handoff with id {handoff_id}.")
    if h.picked_up_by is None:
        before = handoff_view(h)
        taken = session.execute(update(Handoff).where(Handoff.id == h.id, Handoff.picked_up_by.is_(None))
                                .values(picked_up_by=actor, picked_up_at=utcnow())
                                .execution_options(synchronize_session=False)).rowcount
        session.refresh(h)
        if taken:
            audit.record(session, actor=actor, action="pick_up", entity_type="handoff",
                         entity_ref=f"handoff:{h.id}", before=before, after=handoff_view(h))
        session.commit()
    return handoff_view(h)
