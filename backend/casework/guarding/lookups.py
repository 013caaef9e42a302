"""Resident look-ups that cannot be guessed: throttles per conversation, client and case.

Every resident look-up (status or escalation) goes through `checked_case`:
- a conversation with `max_failures` misses (a client address: `client_max_failures`, as
  several residents may share one) inside `window` is refused (429) until the window ends;
- a case whose reference met `case_max_failures` wrong second factors is locked for
  `case_lock`: every look-up of it then gets the same "no match" answer as any miss (so a lock
  does not reveal that the case exists), and staff get a note in the handoff queue;
- every miss (unknown reference, wrong postcode or e-mail, locked case) answers the same.
Keys are stored as SHA-256 hashes: the table holds no reference, address or conversation id.
A look-up that matches, made for a conversation (service token), is also kept (scope `verified`,
the hash of the reference and the conversation id, refreshed on each match) so the resident's later
message in that conversation can be added to the case they proved they know (case_messages.py)
for VERIFIED_FOR after the last match.
Settings: LOOKUP_MAX_FAILURES (conversation, default 5), LOOKUP_CLIENT_MAX_FAILURES (default
20), LOOKUP_CASE_MAX_FAILURES
(default 5), LOOKUP_WINDOW_MINUTES (default 60), LOOKUP_CASE_LOCK_MINUTES (default 60).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import cases
from ..models import Case, Handoff
from ..profiles import get_profile
from ..references import normalise_reference
from ..settings import get_settings
from .models import LookupThrottle


@dataclass(frozen=True)
class LookupSettings:
    max_failures: int = 5
    client_max_failures: int = 20
    case_max_failures: int = 5
    window: timedelta = timedelta(minutes=60)
    case_lock: timedelta = timedelta(minutes=60)

    @classmethod
    def from_env(cls) -> "LookupSettings":
        env = get_settings()
        return cls(max_failures=env.lookup_max_failures,
                   client_max_failures=env.lookup_client_max_failures,
                   case_max_failures=env.lookup_case_max_failures,
                   window=timedelta(minutes=env.lookup_window_minutes),
                   case_lock=timedelta(minutes=env.lookup_case_lock_minutes))


VERIFIED_FOR = timedelta(hours=24)


class Throttled(Exception):
    """Too many misses from this conversation or client: try later."""


def _key(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=timezone.utc) if value and value.tzinfo is None else value


def _row(session: Session, scope: str, key: str) -> LookupThrottle:
    row = session.scalar(select(LookupThrottle).where(LookupThrottle.scope == scope,
                                                      LookupThrottle.key == key))
    if row is None:
        row = LookupThrottle(scope=scope, key=key, failures=0, window_start=_now())
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:
            row = session.scalar(select(LookupThrottle).where(LookupThrottle.scope == scope,
                                                              LookupThrottle.key == key))
    return row


def _locked(row: LookupThrottle, now: datetime) -> bool:
    until = _aware(row.locked_until)
    return until is not None and until > now


def _fail(row: LookupThrottle, now: datetime, limit: int, lock: timedelta,
          window: timedelta) -> bool:
    """Count a miss; True when this miss locks the key."""
    if now - _aware(row.window_start) > window:
        row.failures, row.window_start = 0, now
    row.failures += 1
    if row.failures >= limit and not _locked(row, now):
        row.locked_until = now + lock
        return True
    return False


def _note_to_staff(session: Session, case: Case, failures: int, until: datetime) -> None:
    session.add(Handoff(
        conversation_id=None, message_id=None, channel="staff",
        text=(f"Resident look-ups of case {case.reference} were locked after {failures} "
              f"failed checks of the postcode or e-mail. Until {until:%Y-%m-%d %H:%M} UTC "
              "every look-up of this case answers 'no match'. If the resident contacts you, "
              "check who they are by the contact details on file."),
        received_at=_now(), profile_id=get_profile(case.profile_id).id, category="unclear",
        reason=None, confidence=None, intent=None, entities=[], flags=[],
        explanation="Possible guessing of a case reference and second factor.",
        status="new", case_reference=case.reference))


def checked_case(session: Session, reference: str, postcode: str | None, email: str | None,
                 conversation_id: str | None, client: str | None,
                 settings: LookupSettings | None = None, phone: str | None = None) -> Case | None:
    """The case when the pair matches and nothing is locked; None for every kind of miss."""
    s = settings or LookupSettings.from_env()
    now = _now()
    callers = [(_row(session, scope, _key(value)), limit) for scope, value, limit in (
        ("conversation", conversation_id, s.max_failures),
        ("client", client, s.client_max_failures)) if value]
    if any(_locked(row, now) for row, _ in callers):
        session.commit()
        raise Throttled()
    case_row = _row(session, "case", _key(normalise_reference(reference or "")))
    case = None if _locked(case_row, now) else cases.resident_case(session, reference,
                                                                     postcode, email, phone)
    if case is not None:
        if conversation_id:
            _row(session, "verified", _verified_key(case.reference, conversation_id)).window_start = now
        session.commit()
        return case
    for row, limit in callers:
        _fail(row, now, limit, s.window, s.window)
    existing = _existing(session, reference)
    if existing is not None and not _locked(case_row, now):
        if _fail(case_row, now, s.case_max_failures, s.case_lock, s.window):
            _note_to_staff(session, existing, case_row.failures, case_row.locked_until)
    session.commit()
    return None


def _existing(session: Session, reference: str) -> Case | None:
    try:
        return cases.find_case(session, reference)
    except cases.NotFound:
        return None


def _verified_key(reference: str, conversation_id: str) -> str:
    return _key(f"{normalise_reference(reference)}\n{conversation_id}")


def verified_here(session: Session, reference: str, conversation_id: str | None,
                  now: datetime | None = None) -> bool:
    """This conversation matched the case's reference and postcode or e-mail in a resident
    look-up (status or escalation) within VERIFIED_FOR."""
    if not conversation_id:
        return False
    row = session.scalar(select(LookupThrottle).where(
        LookupThrottle.scope == "verified", LookupThrottle.key == _verified_key(reference, conversation_id)))
    return row is not None and (now or _now()) - _aware(row.window_start) <= VERIFIED_FOR
