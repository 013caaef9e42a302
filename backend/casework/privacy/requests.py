"""Data-rights requests (UK GDPR articles 15-21) a resident made in the chat: a copy of their data
(access), erasure, correction (rectification, e.g. a new address or phone) or an objection.

Not a complaint, so never excluded under the complaint time limit: the chat recognises one
(bot/actions/data_rights.py) and sends its kinds with the message's handoff (`data_request`); this
module records one row per handoff and the DPO sees the open ones with their due dates on
/staff/privacy. The due date is counted here from the server's clock (never a time the chat sent):
article 12(3) gives one month from the day of receipt; as the ICO counts it, the same date next
month (the last day of that month when it has no such date), moved to the next working day when it
falls on a weekend or bank holiday. The row holds no personal data (kinds and dates only); the
words and the contact details are the handoff's, erased with it."""
from __future__ import annotations

import calendar as _month_lengths
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Date, DateTime, ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import calendar, clock
from ..models import Base, utcnow

KINDS = ("access", "erasure", "rectification", "objection")


class DataRequest(Base):
    """One per handoff (migration 0019); closed_at/closed_by once the DPO has answered it."""
    __tablename__ = "data_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id"), unique=True, index=True)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(100))


def one_month_after(received: date, nation: str) -> date:
    """Article 12(3): the corresponding date next month (or that month's last day), then the next
    working day if it is not one."""
    year, month = (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    due = date(year, month, min(received.day, _month_lengths.monthrange(year, month)[1]))
    return due if calendar.is_working_day(due, nation) else calendar.next_working_day(due, nation)


def record(session: Session, handoff_id: int, kinds: list[str], profile: Any) -> DataRequest:
    """The request for this handoff, made now if there is none (the same handoff sent again adds nothing)."""
    existing = session.scalar(select(DataRequest).where(DataRequest.handoff_id == handoff_id))
    if existing is not None:
        return existing
    received = clock.now().astimezone(ZoneInfo(profile.timezone)).date()
    row = DataRequest(handoff_id=handoff_id, kinds=[k for k in KINDS if k in kinds], received_on=received,
                      due_on=one_month_after(received, profile.nation), created_at=clock.now())
    session.add(row)
    session.flush()
    return row


def view(row: DataRequest | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"id": row.id, "handoff_id": row.handoff_id, "kinds": list(row.kinds or []),
            "received_on": row.received_on.isoformat(), "due_on": row.due_on.isoformat(),
            "due_text": calendar.long_date(row.due_on), "closed": row.closed_at is not None}


def for_handoff(session: Session, handoff_id: int) -> DataRequest | None:
    return session.scalar(select(DataRequest).where(DataRequest.handoff_id == handoff_id))


def open_requests(session: Session) -> list[dict[str, Any]]:
    """The DPO's list: open requests, the soonest due first."""
    q = select(DataRequest).where(DataRequest.closed_at.is_(None)).order_by(DataRequest.due_on, DataRequest.id)
    return [view(r) for r in session.scalars(q)]
