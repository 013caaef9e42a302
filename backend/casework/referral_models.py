"""Referrals and alerts: a record that a case or handoff was passed to a team or person
(casework.routing's directory), with the notification letter that carried it (outbox)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow


class Referral(Base):
    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    handoff_id: Mapped[int | None] = mapped_column(ForeignKey("handoffs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # referral | alert
    reason: Mapped[str] = mapped_column(String(30))  # asb | employment | compliment | safeguarding | emergency
    to_key: Mapped[str] = mapped_column(String(100))  # the directory entry
    to_name: Mapped[str] = mapped_column(String(200))
    to_address: Mapped[str | None] = mapped_column(String(320))
    copy_to: Mapped[str | None] = mapped_column(Text)  # e.g. the line manager, comma-separated
    outbox_id: Mapped[int | None] = mapped_column(Integer)  # OutboxMessage.id carrying it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
