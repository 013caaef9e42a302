"""Tables for held messages and resident look-up throttling (migration 0008)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..models import Base, utcnow


class HeldMessage(Base):
    """A resident's message the bot could not record normally, kept in full for staff.

    Each one also has a handoff (category 'unclear') so it shows in the staff review queue;
    the handoff holds the text cut to the API's limit, this row the full text and the reason.
    """
    __tablename__ = "held_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # too_long | bot_failed | not_answered | refused
    kind: Mapped[str | None] = mapped_column(String(30))  # the refused record's kind
    status_code: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(Text)  # the refusal reason the case service gave
    full_text: Mapped[str] = mapped_column(Text)
    full_length: Mapped[int] = mapped_column(Integer)
    record: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LookupThrottle(Base):
    """Failed resident look-ups per key (conversation, client address or case) in a window."""
    __tablename__ = "lookup_throttles"
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_lookup_throttle_scope_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))  # conversation | client | case
    key: Mapped[str] = mapped_column(String(64))  # a hash: no personal data in this table
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
