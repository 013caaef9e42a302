"""Tables of the caseworker's workspace (migration 0005): who owns a case at each stage, and the
case's notes and contact log. Same `Base` as casework.models, so Alembic and the app see them
(casework.models imports this module at its end)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..models import Base, StaffUser, utcnow


class CaseAssignment(Base):
    """Append-only history of ownership: the latest row of a case is its owner now (user_id None:
    unassigned). `stage` is the complaint stage when the assignment was made (Code 6.13)."""
    __tablename__ = "case_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    stage: Mapped[int | None] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    assigned_by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[StaffUser | None] = relationship(lazy="joined")


class CaseNote(Base):
    """A caseworker's note on a case (kind 'note') or a contact with the resident (kind 'contact':
    channel, direction, when it happened)."""
    __tablename__ = "case_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # note | contact
    channel: Mapped[str | None] = mapped_column(String(20))
    direction: Mapped[str | None] = mapped_column(String(3))  # in | out
    happened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
