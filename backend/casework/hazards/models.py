"""The `hazards` table (migration 0006): one row per hazard reported, beside the handoff (and the
case, once one exists) it came with. Deadlines are recomputed from the catalogue whenever the row
changes and kept in `deadlines` (a snapshot the board and reports read)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..models import Base, utcnow


class Hazard(Base):
    __tablename__ = "hazards"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # HZ-YYYY-NNNNNN
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    handoff_id: Mapped[int | None] = mapped_column(ForeignKey("handoffs.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(String(200), index=True)
    profile_id: Mapped[str] = mapped_column(String(60))
    channel: Mapped[str] = mapped_column(String(20))
    hazard_type: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(20))            # emergency | significant
    proposed_severity: Mapped[str] = mapped_column(String(20))   # what the assistant proposed
    proposal_reason: Mapped[str | None] = mapped_column(Text)
    severity_confirmed_by: Mapped[str | None] = mapped_column(String(100))
    severity_reason: Mapped[str | None] = mapped_column(Text)    # staff's reason for a change
    in_force: Mapped[bool] = mapped_column(Boolean, default=True)  # a statutory clock runs
    household_known: Mapped[bool] = mapped_column(Boolean, default=False)
    vulnerabilities: Mapped[list[str]] = mapped_column(JSON, default=list)
    aware_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # why the received_at sent was impossible (schemas.TIME_DROPPED): aware_at is then the time the
    # create reached the case service (migration 0016); None with a handoff (its time wins)
    received_at_dropped: Mapped[str | None] = mapped_column(String(20))
    # when a later message made it an emergency (hazards.reassess, migration 0018): the 24-hour
    # clock runs from then, never past a deadline already running; None: from aware_at
    emergency_aware_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | closed
    deadlines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    next_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # Steps staff record (each is when it happened).
    investigation_concluded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    findings: Mapped[str | None] = mapped_column(Text)
    safety_work: Mapped[str | None] = mapped_column(Text)
    safety_work_by: Mapped[date | None] = mapped_column(Date)
    further_work: Mapped[str | None] = mapped_column(Text)
    further_work_from: Mapped[date | None] = mapped_column(Date)
    summary_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    safety_work_done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    preventative_begun_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    preventative_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accommodation_offered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accommodation_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
