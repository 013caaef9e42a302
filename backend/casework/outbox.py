"""The letters outbox: a letter is composed and queued in the SAME transaction as the change that
caused it (cases.py calls queue() before its commit), so there is no change without its letter and
no letter without its change. The worker (outbox_worker.py) delivers queued rows later.

Delivery states (OutboxMessage.status):
  pending  waiting for its next attempt (next_attempt_at)
  sending  claimed by a worker holding a lease (lease_owner, lease_until); the send may be under way
  sent     delivered (sent_at, transport, receipt)
  failed   gave up after the last attempt (max attempts, default 6): staff must act
  unknown  a send that may or may not have reached the resident (the worker died mid-send, or the
           connection broke after the whole message was handed over). NEVER resent automatically:
           staff check and either mark it sent or ask for it to be sent again (same Message-ID).
  manual   by post (channel "post", to the postal address it opens with): staff print and post it
           and mark it sent; also a staff notification with no e-mail to send it to (channel "none").
  held     staff act first: a format or language need, or nowhere to send it (channel "none": no
           e-mail or postal address for the resident, or the consenting representative whose the
           letters are; letter_formats.NO_ADDRESS) until staff add one (resident_address.py), ringing
           for it when there is a phone number.

Never twice: a row is claimed atomically (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED; SQLite: an
UPDATE ... WHERE status = 'pending' that only one writer can win), `sending` is committed before
any byte leaves, `sent` after. A `sending` row whose lease expired is turned into `unknown`, not
retried, unless the transport is idempotent (the file transport overwrites the same .eml file).
"""
from __future__ import annotations

import logging
import uuid
from datetime import datetime, timezone
from email.utils import parseaddr
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from . import audit, letter_formats, letters
from .models import Case, OutboxMessage, utcnow
from .settings import get_settings

log = logging.getLogger("casework.outbox")

STATUSES = ("pending", "sending", "sent", "failed", "unknown", "manual", "held", "withdrawn")
# Not gone yet, so a corrected letter can still stop it (withdrawn: never sent, kept for the record).
UNSENT = ("pending", "failed", "manual", "held")
# Staff e-mails (casework.referrals: referrals and duty alerts) travel through the outbox too, under
# the case they are about, but they are not letters to the resident. Every other kind is: the
# record's letters (letters.KINDS) and the Awaab's Law hazard letters (hazards.letters.KINDS).
NOTIFICATION_KINDS = ("referral", "alert")


class LetterNotFound(LookupError):
    pass


class LetterConflict(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def mail_from() -> str:
    """The letters' From: (settings.sender: MAIL_FROM under the landlord's name)."""
    return get_settings().sender


def message_id_for(letter_id: str) -> str:
    addr = parseaddr(mail_from())[1]
    domain = addr.rsplit("@", 1)[-1] if "@" in addr else "localhost"
    return f"<{letter_id.lower()}@{domain}>"


def _utc(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.astimezone(timezone.utc) if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def route(case: Case) -> tuple[str, str | None]:
    """(channel, recipient) for a case's letters: to a representative the resident has consented to
    (by e-mail, by post to the address they gave, or none when they gave only a phone number:
    letters.representative_route), otherwise to the resident (letters.resident_route: chat, e-mail,
    post, or none: nowhere to send it)."""
    return letters.representative_route(case) or letters.resident_route(case)


def _needs(case: Case) -> tuple[list[str], str | None]:
    c = case.contact
    return (list(c.format_needs or []) if c is not None else []), (c.language if c is not None else None)


def _held_reasons(channel: str, needs: list[str] | None, language: str | None, has_html: bool) -> list[str]:
    """The needs a letter on `channel` waits for (letter_formats codes; no_address first): the one
    rule behind a held row (held_for) and a letter about to be queued (held_for_case)."""
    address = [letter_formats.NO_ADDRESS] if channel == "none" else []
    return address + letter_formats.hold_reasons(needs, language, channel, has_html)


def held_for_case(case: Case, kind: str, has_html: bool | None = None) -> tuple[str, list[str]]:
    """(channel, held_for) of a letter of `kind` queued for this case now, as queue() would route
    and hold it ([]: it may go). `has_html` when the caller renders the letter itself (hazards)."""
    channel, _ = route(case)
    needs, language = _needs(case)
    html = letters.has_html(case.profile_id, kind) if has_html is None else has_html
    return channel, _held_reasons(channel, needs, language, html)


def goes_automatically(case: Case, kind: str) -> bool:
    """Will a letter of `kind` queued now go without staff (e-mail or chat, and in the format and
    language the resident asked for)? The acknowledgement is recorded at once only then."""
    channel, held = held_for_case(case, kind)
    return channel in ("email", "chat") and not held


def queue(session: Session, case: Case, kind: str, extra: dict[str, Any] | None = None,
          rendered: letters.Rendered | None = None) -> OutboxMessage:
    """Compose the letter and add it to the outbox in the caller's transaction (no commit here).
    A feature with its own letter context (e.g. hazards) passes the letter already rendered.
    A letter in a language or format the service cannot produce (letter_formats) is held for staff,
    with the reason and the date it is due by."""
    if rendered is None:
        rendered = letters.render(case, kind, extra=extra) if extra else letters.render(case, kind)
    channel, recipient = route(case)
    letter_id = f"LTR-{uuid.uuid4().hex}"
    needs, language = _needs(case)
    now = utcnow()
    row = OutboxMessage(
        letter_id=letter_id, message_id=message_id_for(letter_id), case_id=case.id,
        reference=case.reference, kind=kind, channel=channel, recipient=recipient,
        subject=rendered.subject[:300], body_text=rendered.text, body_html=rendered.html,
        format_needs=needs, language=language, due_on=letter_formats.due_on(case, kind),
        status="pending" if channel in ("email", "chat") else "manual",
        attempts=0, next_attempt_at=now, created_at=now, updated_at=now,
    )
    reasons = letter_formats.hold_reasons(needs, language, channel, rendered.html is not None)
    if channel == "none":  # nowhere to send it (letters.letter_channel): held until staff add an address
        who = letters.addressee(case)
        row.status = "held"
        row.last_error = letter_formats.no_address_text(who.role if who is not None else None,
                                                        who.phone if who is not None else None)
    elif reasons:
        row.status = "held"
        row.last_error = letter_formats.hold_text(reasons, language, channel, row.due_on)
    session.add(row)
    session.flush()
    log.info("letter %s (%s) queued for %s via %s (%s)", letter_id, kind, case.reference, channel,
             row.status)
    return row


def queue_notification(session: Session, *, case_id: int | None, reference: str, kind: str,
                       to: str | None, subject: str, text: str) -> OutboxMessage:
    """A staff notification (referral, alert) by e-mail through the same outbox and worker."""
    if kind not in NOTIFICATION_KINDS:  # else it would be listed among the resident's letters
        raise ValueError(f"unknown notification kind {kind!r}")
    letter_id = f"LTR-{uuid.uuid4().hex}"
    now = utcnow()
    row = OutboxMessage(
        letter_id=letter_id, message_id=message_id_for(letter_id), case_id=case_id,
        reference=reference[:20], kind=kind, channel="email" if to else "none", recipient=to,
        subject=subject[:300], body_text=text, body_html=None, format_needs=[], language=None,
        status="pending" if to else "manual", attempts=0, next_attempt_at=now, created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    log.info("notification %s (%s) queued for %s", letter_id, kind, reference)
    return row


# ---------------------------------------------------------------- views

def _iso(dt: datetime | None) -> str | None:
    return _utc(dt).isoformat() if dt else None


def letter_view(m: OutboxMessage, with_body: bool = True) -> dict[str, Any]:
    out = {
        "letter_id": m.letter_id, "reference": m.reference, "kind": m.kind, "channel": m.channel,
        "recipient": m.recipient, "status": m.status, "attempts": m.attempts,
        "next_attempt_at": _iso(m.next_attempt_at) if m.status == "pending" else None,
        "last_attempt_at": _iso(m.last_attempt_at), "last_error": m.last_error,
        "transport": m.transport, "sent_at": _iso(m.sent_at), "created_at": _iso(m.created_at),
        "subject": m.subject, "message_id": m.message_id,
        "format_needs": list(m.format_needs or []), "language": m.language,
        "due_on": m.due_on.isoformat() if m.due_on else None,
        "held_for": held_for(m) if m.status == "held" else [],
    }
    if with_body:
        out["text"] = m.body_text
        out["has_html"] = m.body_html is not None
    return out


def held_for(m: OutboxMessage) -> list[str]:
    """The needs a held letter waits for (letter_formats codes; no_address first), from the row."""
    return _held_reasons(m.channel, m.format_needs, m.language, m.body_html is not None)


def case_letters(session: Session, case: Case) -> list[dict[str, Any]]:
    """Every letter to the resident on this case, oldest first: the record's own letters and the
    hazard letters of the hazards linked to it (hazards.service queues them under the case), never
    the staff notifications. The API (GET /cases/{ref}/letters) and the staff case page both read
    this list."""
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case.id,
                                                       OutboxMessage.kind.not_in(NOTIFICATION_KINDS))
                           .order_by(OutboxMessage.id))
    return [letter_view(m) for m in rows]


def list_outbox(session: Session, status: str | None, limit: int = 500) -> list[dict[str, Any]]:
    q = select(OutboxMessage).order_by(OutboxMessage.id).limit(limit)
    if status is not None:
        q = q.where(OutboxMessage.status == status)
    return [letter_view(m, with_body=False) for m in session.scalars(q)]


def _find(session: Session, letter_id: str) -> OutboxMessage:
    m = session.scalar(select(OutboxMessage).where(OutboxMessage.letter_id == letter_id))
    if m is None:
        raise LetterNotFound(f"No letter with id {letter_id[:50]!r}.")
    return m


def _staff_change(session: Session, letter_id: str, actor: str, action: str, allowed: tuple[str, ...],
                  **values: Any) -> dict[str, Any]:
    m = _find(session, letter_id)
    if m.status not in allowed:
        raise LetterConflict("letter_state", f"Letter {m.letter_id} is {m.status}; this needs a letter that is "
                                             f"{' or '.join(allowed)}.")
    before = letter_view(m, with_body=False)
    for k, v in values.items():
        setattr(m, k, v)
    m.updated_at = utcnow()
    session.flush()
    after = letter_view(m, with_body=False)
    audit.record(session, actor=actor, action=action, entity_type="letter", entity_ref=m.letter_id,
                 before=before, after=after)
    session.commit()
    log.info("letter %s for %s: %s by staff", m.letter_id, m.reference, action)
    return after


def staff_retry(session: Session, letter_id: str, actor: str) -> dict[str, Any]:
    """Send a failed or unknown letter again (same Message-ID, so mail systems can drop a copy)."""
    return _staff_change(session, letter_id, actor, "letter_retry", ("failed", "unknown"),
                         status="pending", attempts=0, next_attempt_at=utcnow(), lease_until=None)


def staff_mark_sent(session: Session, letter_id: str, actor: str) -> dict[str, Any]:
    """Staff confirm the letter reached the resident (checked an unknown send, posted it, or sent
    a held letter by hand)."""
    now = utcnow()
    return _staff_change(session, letter_id, actor, "letter_mark_sent",
                         ("failed", "unknown", "manual", "held"),
                         status="sent", sent_at=now, transport="staff", lease_until=None)


def staff_release(session: Session, letter_id: str, actor: str) -> dict[str, Any]:
    """Let a held letter go (the language need met); one with nowhere to go waits for an address."""
    m = _find(session, letter_id)
    if m.status == "held" and m.channel == "none":
        raise LetterConflict("no_address", f"Letter {m.letter_id} has no e-mail or postal address to go to: "
                                           "add the resident's address first, and it goes on from there.")
    status = "pending" if m.channel in ("email", "chat") else "manual"
    return _staff_change(session, letter_id, actor, "letter_release", ("held",),
                         status=status, last_error=None, next_attempt_at=utcnow())


def withdraw_unsent(session: Session, case_id: int, kind: str, why: str) -> int:
    """Withdraw the case's letters of `kind` that have not gone (a corrected letter replaces them):
    one conditional UPDATE, so a letter the worker is sending at this moment is left to go."""
    result = session.execute(update(OutboxMessage).where(
        OutboxMessage.case_id == case_id, OutboxMessage.kind == kind, OutboxMessage.status.in_(UNSENT))
        .values(status="withdrawn", last_error=why[:300], updated_at=utcnow()))
    return int(result.rowcount or 0)
