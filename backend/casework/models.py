"""SQLAlchemy 2 models. The schema is created by Alembic (backend/migrations), never create_all."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Contact(Base):
    """A resident (possibly anonymous) or a representative writing for one."""
    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(20))  # resident | representative
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    postcode: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(300))  # postal address (house number or name, street)
    postcode_key: Mapped[str | None] = mapped_column(String(20), index=True)  # upper, no spaces
    email_key: Mapped[str | None] = mapped_column(String(320), index=True)  # lower-case
    preferred_channel: Mapped[str | None] = mapped_column(String(20))
    # Reasonable adjustments for letters: e.g. ["large_print"]; language: a language asked for.
    format_needs: Mapped[list[str] | None] = mapped_column(JSON)
    language: Mapped[str | None] = mapped_column(String(50))
    relationship_to_resident: Mapped[str | None] = mapped_column(String(100))
    consent: Mapped[bool | None] = mapped_column(Boolean)
    consent_method: Mapped[str | None] = mapped_column(String(200))  # how the resident gave consent
    declined_contact: Mapped[bool | None] = mapped_column(Boolean)  # asked, and chose to give none
    # how it is safe to contact a resident who disclosed abuse at home ("safe contact: e-mail only"),
    # and the routes they ruled out ("phone", "post", "email"): letters never use one
    # (letters.letter_channel)
    safe_contact: Mapped[str | None] = mapped_column(String(200))
    ruled_out: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Case(Base):
    """Columns common to every kind; kind-specific columns live in the joined tables below."""
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20))
    profile_id: Mapped[str] = mapped_column(String(60))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # why the received_at sent was impossible (schemas.TIME_DROPPED): received_at is then the time
    # the create reached the case service (migration 0016)
    received_at_dropped: Mapped[str | None] = mapped_column(String(20))
    effective_received_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    conversation_id: Mapped[str | None] = mapped_column(String(200), index=True)
    text: Mapped[str] = mapped_column(Text)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    representative_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    handoff_id: Mapped[int | None] = mapped_column(ForeignKey("handoffs.id"))
    # group complaint: the residents it speaks for (the contact is the nominated contact)
    group_residents: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    contact: Mapped[Contact | None] = relationship(foreign_keys=[contact_id], lazy="joined")
    representative: Mapped[Contact | None] = relationship(foreign_keys=[representative_id], lazy="joined")

    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "case"}


class Complaint(Case):
    __tablename__ = "complaints"
    id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    stage: Mapped[int] = mapped_column(Integer)
    stage_received_on: Mapped[date] = mapped_column(Date)
    stage_arrived_on: Mapped[date | None] = mapped_column(Date)  # local date it really arrived
    acknowledge_by: Mapped[date | None] = mapped_column(Date)
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    respond_by: Mapped[date | None] = mapped_column(Date)
    complexity: Mapped[str | None] = mapped_column(String(40))
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    extensions_used: Mapped[int] = mapped_column(Integer, default=0)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    responded_on: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(20))
    reasons: Mapped[str | None] = mapped_column(Text)
    remedy: Mapped[str | None] = mapped_column(Text)
    outstanding_actions: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    close_reason: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text)
    desired_outcome: Mapped[str | None] = mapped_column(Text)
    adjustments: Mapped[str | None] = mapped_column(Text)
    stage_history: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    __mapper_args__ = {"polymorphic_identity": "complaint"}


class ServiceRequest(Case):
    __tablename__ = "service_requests"
    id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(20))
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    dissatisfaction_noted: Mapped[bool] = mapped_column(Boolean, default=False)
    __mapper_args__ = {"polymorphic_identity": "service_request"}


class Compliment(Case):
    __tablename__ = "compliments"
    id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    person: Mapped[str | None] = mapped_column(String(200))
    team: Mapped[str | None] = mapped_column(String(200))
    routed_to: Mapped[list[str]] = mapped_column(JSON, default=list)
    __mapper_args__ = {"polymorphic_identity": "compliment"}


class ExcludedMatter(Case):
    __tablename__ = "excluded_matters"
    id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(30))
    explanation: Mapped[str] = mapped_column(Text)
    redirect_to: Mapped[str | None] = mapped_column(Text)
    ombudsman_review: Mapped[str] = mapped_column(Text)
    __mapper_args__ = {"polymorphic_identity": "excluded"}


class TranscriptMessage(Base):
    __tablename__ = "transcript_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    sender: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # why the time the sender gave was not recorded (schemas.TIME_DROPPED: an impossible time); the
    # message is kept without it (migration 0013), or, added later (case_messages.py), with the time
    # it reached the case service
    at_dropped: Mapped[str | None] = mapped_column(String(20))


class Handoff(Base):
    """The triage record written for every triaged message."""
    __tablename__ = "handoffs"
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str | None] = mapped_column(String(200), index=True)
    message_id: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # why the received_at sent was impossible (schemas.TIME_DROPPED): received_at is then the time
    # it reached the case service (migration 0014)
    received_at_dropped: Mapped[str | None] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    profile_id: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(30))
    confidence: Mapped[float | None] = mapped_column(Float)
    intent: Mapped[str | None] = mapped_column(String(100))
    entities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    explanation: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="new")  # new | linked
    case_reference: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Staff review (casework.staff): None until reviewed, then accepted | reclassified.
    review_status: Mapped[str | None] = mapped_column(String(20), index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # flagged handoffs (safeguarding, emergency): the person who took it, and when
    picked_up_by: Mapped[str | None] = mapped_column(String(100))
    picked_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # How staff can reach the resident (migration 0009): the contact details the chat asked for
    # before handing the message to staff, or a contact marked declined_contact (asked, gave none).
    # None: nobody asked with this message.
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)

    contact: Mapped[Contact | None] = relationship(foreign_keys=[contact_id], lazy="joined")


class HandoffMessage(Base):
    """A later message the resident said is about a message handed to staff (migration 0010)."""
    __tablename__ = "handoff_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # why the time sent was impossible: `at` is then the time it reached the case service (0014)
    at_dropped: Mapped[str | None] = mapped_column(String(20))


class IdempotencyKey(Base):
    """First writer of (kind, key) wins; the unique constraint settles races."""
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("kind", "key", name="uq_idempotency_kind_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(200))
    target: Mapped[str | None] = mapped_column(String(40))  # case reference or handoff id
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReferenceCounter(Base):
    __tablename__ = "reference_counters"
    prefix: Mapped[str] = mapped_column(String(5), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class AuditEvent(Base):
    """Append-only: no code path updates or deletes these rows, and DB triggers refuse it.
    Holds references and field names, not personal data (casework.audit)."""
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_ref: Mapped[str] = mapped_column(String(40), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    fields: Mapped[list[str] | None] = mapped_column(JSON)  # names only (casework.audit, migration 0007)


class OutboxMessage(Base):
    """One letter and its delivery: written in the same transaction as the change that caused it,
    delivered later by the outbox worker (casework.outbox_worker).

    status: pending -> sending -> sent; pending -> failed after the last attempt; sending -> unknown
    when a send may or may not have gone out (never resent automatically); manual when staff must
    post it (or a staff notification has no e-mail to go to); held while staff must act before it
    may go (the resident asked for another language or a format the service cannot produce, or there
    is no e-mail or postal address to send it to: casework.letter_formats). due_on: the date the
    letter must reach the resident by (a stage's acknowledgement or response date), so a held letter
    still meets it.
    """
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[str] = mapped_column(String(40), unique=True)
    message_id: Mapped[str] = mapped_column(String(200))  # stable RFC 5322 Message-ID
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)  # None: alert on a handoff
    reference: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(10))  # email | chat | post | none
    recipient: Mapped[str | None] = mapped_column(String(320))  # email address or conversation id
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    format_needs: Mapped[list[str] | None] = mapped_column(JSON)
    language: Mapped[str | None] = mapped_column(String(50))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(300))
    transport: Mapped[str | None] = mapped_column(String(10))  # file | smtp | rasa | staff
    receipt: Mapped[str | None] = mapped_column(String(300))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# ---------------------------------------------------------------- staff workspace (casework.staff)

class StaffUser(Base):
    """A member of staff who signs in to /staff/. Passwords are argon2id hashes (argon2-cffi)."""
    __tablename__ = "staff_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-case
    name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # caseworker | manager | admin
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StaffSession(Base):
    """Server-side session. The cookie holds a random token; only its SHA-256 is stored here."""
    __tablename__ = "staff_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie token
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    user: Mapped[StaffUser] = relationship(lazy="joined")


class StaffLoginFailure(Base):
    """One failed sign-in; counted per e-mail and per client address for lockout and rate limit."""
    __tablename__ = "staff_login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    email_key: Mapped[str] = mapped_column(String(320), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class HandoffReview(Base):
    """A reviewer's decision on a handoff: accept the triage, or reclassify it with a reason.
    Reclassifications are the corrections exported as NLU training examples."""
    __tablename__ = "handoff_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id"), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    reviewer: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))  # accept | reclassify
    from_category: Mapped[str] = mapped_column(String(20))
    from_reason: Mapped[str | None] = mapped_column(String(30))
    to_category: Mapped[str] = mapped_column(String(20))
    to_reason: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    case_reference: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


from .staff import models as _staff_models  # noqa: E402,F401  (case assignments and notes, migration 0005)
from .privacy import requests as _data_requests  # noqa: E402,F401  (data-rights requests, migration 0019)
