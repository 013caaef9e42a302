"""The worker's side of the letters outbox (outbox.py holds the states and the queue): claim a due
row atomically under a lease, record how its send ended, and turn expired leases into `unknown`
(or back to `pending` for an idempotent transport). outbox_worker.py drives these."""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from .models import OutboxMessage, utcnow
from .outbox import _utc

log = logging.getLogger("casework.outbox")


@dataclass(frozen=True)
class Claimed:
    """A detached copy of a claimed row: everything a transport needs."""
    id: int
    letter_id: str
    message_id: str
    reference: str
    kind: str
    channel: str
    recipient: str | None
    subject: str
    body_text: str
    body_html: str | None
    attempts: int
    created_at: datetime
    lease_owner: str


def _claimed(m: OutboxMessage) -> Claimed:
    return Claimed(id=m.id, letter_id=m.letter_id, message_id=m.message_id, reference=m.reference,
                   kind=m.kind, channel=m.channel, recipient=m.recipient, subject=m.subject,
                   body_text=m.body_text, body_html=m.body_html, attempts=m.attempts,
                   created_at=_utc(m.created_at), lease_owner=m.lease_owner)


def _due(now: datetime, channels: tuple[str, ...]):
    return (OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now,
            OutboxMessage.channel.in_(channels))


def claim_next(factory: sessionmaker[Session], owner: str, now: datetime, lease: timedelta,
               channels: tuple[str, ...] = ("email", "chat")) -> Claimed | None:
    """Claim one due letter: pending -> sending with a lease, committed before anything is sent.
    Exactly one worker can win a given row."""
    now = _utc(now)
    owner = f"{owner[:60]}/{uuid.uuid4().hex[:16]}"  # one token per claim, not per worker
    with factory() as s:
        if s.get_bind().dialect.name == "postgresql":
            m = s.scalars(select(OutboxMessage).where(*_due(now, channels))
                          .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                          .limit(1).with_for_update(skip_locked=True)).first()
            if m is None:
                s.rollback()
                return None
            m.status, m.lease_owner, m.lease_until = "sending", owner, now + lease
            m.attempts, m.last_attempt_at, m.updated_at = m.attempts + 1, now, now
            s.commit()
            return _claimed(m)
        for _ in range(5):  # SQLite: conditional UPDATE; a lost race just tries the next row
            cand = s.scalar(select(OutboxMessage.id).where(*_due(now, channels))
                            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1))
            if cand is None:
                s.rollback()
                return None
            res = s.execute(update(OutboxMessage)
                            .where(OutboxMessage.id == cand, OutboxMessage.status == "pending")
                            .values(status="sending", lease_owner=owner, lease_until=now + lease,
                                    attempts=OutboxMessage.attempts + 1, last_attempt_at=now,
                                    updated_at=now)
                            .execution_options(synchronize_session=False))
            if res.rowcount == 1:
                s.commit()
                m = s.get(OutboxMessage, cand, populate_existing=True)
                return _claimed(m)
            s.rollback()
    return None


def _finish(factory: sessionmaker[Session], c: Claimed, from_status: tuple[str, ...], **values: Any) -> bool:
    with factory() as s:
        res = s.execute(update(OutboxMessage)
                        .where(OutboxMessage.id == c.id, OutboxMessage.lease_owner == c.lease_owner,
                               OutboxMessage.status.in_(from_status))
                        .values(updated_at=utcnow(), **values)
                        .execution_options(synchronize_session=False))
        s.commit()
        return res.rowcount == 1


def mark_sent(factory, c: Claimed, now: datetime, transport: str, receipt: str | None) -> bool:
    # 'unknown' and 'pending' too: if our lease expired while we were sending (someone marked the
    # row unknown, or staff asked for a resend before anyone claimed it), we now KNOW it was sent.
    return _finish(factory, c, ("sending", "unknown", "pending"), status="sent", sent_at=_utc(now),
                   transport=transport, receipt=(receipt or "")[:300] or None, lease_until=None,
                   last_error=None)


def mark_retry(factory, c: Claimed, now: datetime, error: str, max_attempts: int, backoff: timedelta,
               backoff_cap: timedelta, transport: str) -> str:
    """A send that certainly did not go out: back to pending with exponential backoff, or failed
    after the last attempt. Returns the new status."""
    if c.attempts >= max_attempts:
        _finish(factory, c, ("sending",), status="failed", lease_until=None, last_error=error[:300],
                transport=transport)
        return "failed"
    delay = min(backoff * (2 ** (c.attempts - 1)), backoff_cap)
    _finish(factory, c, ("sending",), status="pending", lease_until=None, last_error=error[:300],
            next_attempt_at=_utc(now) + delay, transport=transport)
    return "pending"


def mark_unknown(factory, c: Claimed, error: str, transport: str) -> None:
    _finish(factory, c, ("sending",), status="unknown", lease_until=None, last_error=error[:300],
            transport=transport)


def recover_expired(factory: sessionmaker[Session], now: datetime, idempotent_channels: tuple[str, ...]) -> int:
    """`sending` rows whose lease ran out: the worker holding them died or hung mid-send. For a
    transport that cannot deliver twice (idempotent) they go back to pending; otherwise to unknown
    for staff review. Returns the number of rows changed."""
    now = _utc(now)
    changed = 0
    with factory() as s:
        expired = list(s.execute(select(OutboxMessage.id, OutboxMessage.letter_id, OutboxMessage.reference,
                                        OutboxMessage.channel)
                                 .where(OutboxMessage.status == "sending", OutboxMessage.lease_until < now)))
        s.rollback()
        for row_id, letter_id, reference, channel in expired:
            if channel in idempotent_channels:
                values = dict(status="pending", next_attempt_at=now,
                              last_error="worker stopped while sending; sending again (idempotent transport)")
            else:
                values = dict(status="unknown",
                              last_error="worker stopped while sending; it may or may not have gone out")
            # conditional: a worker that finishes meanwhile (sent) or a newer lease wins
            res = s.execute(update(OutboxMessage)
                            .where(OutboxMessage.id == row_id, OutboxMessage.status == "sending",
                                   OutboxMessage.lease_until < now)
                            .values(lease_until=None, updated_at=now, **values)
                            .execution_options(synchronize_session=False))
            s.commit()
            if res.rowcount == 1:
                changed += 1
                log.warning("letter %s for %s: lease expired while sending -> %s", letter_id, reference,
                            values["status"])
    return changed


