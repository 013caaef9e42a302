"""Request bodies (pydantic v2). Every string is checked for length, NUL characters and valid
Unicode so bad input is refused with 422 before it can reach the database."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo,
                      field_validator, model_validator)

from . import clock
from .taxonomy import CATEGORIES, FLAGS, REASONS, TOPICS

MAX_TEXT = 10_000
LONDON = ZoneInfo("Europe/London")
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_INT4 = 2_147_483_647


def _clean(v: str, limit: int = MAX_TEXT, what: str = "text") -> str:
    if len(v) > limit:
        raise ValueError(f"{what} is longer than {limit} characters")
    if "\x00" in v:
        raise ValueError(f"{what} must not contain NUL characters")
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} is not valid Unicode") from None
    return v


def _short(limit: int):
    return AfterValidator(lambda v: _clean(v, limit, "value"))


Text = Annotated[str, AfterValidator(_clean)]
RequiredText = Annotated[str, Field(min_length=1), AfterValidator(_clean)]
Short = Annotated[str, _short(200)]
Postcode = Annotated[str, _short(16)]
Address = Annotated[str, _short(300)]  # postal address without the postcode: house number or name and street


def _check_year(d: date) -> None:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise ValueError(f"date must be between {MIN_YEAR} and {MAX_YEAR}")


def parse_received_at(v: Any) -> Any:
    """ISO datetime (an offset is recommended; without one it is London time) or YYYY-MM-DD (09:00 London)."""
    if v is None or isinstance(v, datetime):
        return v
    if not isinstance(v, str):
        raise ValueError("must be an ISO 8601 datetime or a YYYY-MM-DD date")
    s = v.strip()
    try:
        if len(s) == 10:
            return datetime.combine(date.fromisoformat(s), time(9, 0), tzinfo=LONDON)
        dt = datetime.fromisoformat(s)
    except ValueError:
        raise ValueError(f"{s[:40]!r} is not an ISO 8601 datetime or YYYY-MM-DD date") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=LONDON)


def _dt_in_range(v: datetime | None) -> datetime | None:
    if v is not None:
        _check_year(v.date())
    return v


def _date_in_range(v: date | None) -> date | None:
    if v is not None:
        _check_year(v)
    return v


Moment = Annotated[datetime | None, BeforeValidator(parse_received_at), AfterValidator(_dt_in_range)]
Day = Annotated[date | None, AfterValidator(_date_in_range)]

Channel = Literal["webchat", "rest", "facebook", "twitter", "phone", "email", "staff"]
FormatNeed = Literal["large_print", "braille", "audio", "easy_read", "bsl", "translation"]
Flag = Literal[FLAGS]
Reason = Literal[REASONS]


def _walk_json(v: Any, depth: int = 0) -> None:
    if depth > 10:
        raise ValueError("nested too deeply")
    if isinstance(v, str):
        _clean(v, MAX_TEXT, "value")
    elif isinstance(v, dict):
        for k, x in v.items():
            _clean(str(k), 200, "key")
            _walk_json(x, depth + 1)
    elif isinstance(v, list):
        for x in v:
            _walk_json(x, depth + 1)
    elif isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        raise ValueError("numbers must be finite")


class In(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)


class ContactIn(In):
    anonymous: bool = False
    name: Short | None = None
    email: Annotated[str, _short(320)] | None = None
    phone: Annotated[str, _short(50)] | None = None
    postcode: Postcode | None = None
    address: Address | None = None
    preferred_channel: Literal["email", "phone", "post", "chat"] | None = None
    # reasonable adjustments for the letters we send, and a language other than English if asked for
    format_needs: Annotated[list[FormatNeed], Field(max_length=6)] = []
    language: Annotated[str, _short(50)] | None = None
    # the resident was asked for contact details and chose to give none (recorded, not guessed)
    declined: bool = False
    # after a disclosure of abuse at home: how it is safe to contact them, and the routes ruled out
    safe_contact: Annotated[str, _short(200)] | None = None
    ruled_out: Annotated[list[Literal["email", "phone", "post"]], Field(max_length=3)] = []


class RepresentativeIn(In):
    name: Short | None = None
    relationship: Short | None = None
    consent: bool = False
    consent_method: Short | None = None  # how the resident gave consent, e.g. "told us in chat"
    email: Annotated[str, _short(320)] | None = None
    phone: Annotated[str, _short(50)] | None = None
    postcode: Postcode | None = None
    address: Address | None = None
    preferred_channel: Literal["email", "phone", "post"] | None = None

    @model_validator(mode="after")
    def _post_needs_an_address(self) -> "RepresentativeIn":
        # the landlord knows the resident's address (the tenancy), never the representative's
        if self.preferred_channel == "post" and not re.search(r"[^\W_]", self.address or ""):
            raise ValueError("a representative who wants letters by post needs a postal address "
                             "(house number or name and street)")
        return self


# A sender's time that cannot be true (the sender's clock was wrong: 1970, the year 3000, or not a
# time at all) keeps the message and its words: only the time is dropped, and why is noted. A
# transcript message is stored without it (TranscriptMessage.at_dropped; the staff case page says
# "time not recorded"); a handoff or a later message gets the time it reached the case service
# instead (received_at_dropped; case_messages.py). A wrong type or an oversize value is a malformed
# payload and stays a 422. The same holds for a case's or a hazard's received_at on create
# (ReceiptTime; cases.received_at_dropped, hazards.received_at_dropped). "before_record": a later
# message dated before the day of the record it joins (case_messages.py).
TIME_DROPPED = ("unreadable", "too_early", "future", "before_record")
CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of the case service's clock a transcript `at` may be
MAX_TIME_CHARS = 64                # an ISO 8601 datetime is at most 32; longer is not a time


def _time_shape(v: Any) -> Any:
    """A sender's time: null or a string of at most MAX_TIME_CHARS (else 422)."""
    if isinstance(v, str) and len(v) > MAX_TIME_CHARS:
        raise ValueError(f"a time is at most {MAX_TIME_CHARS} characters")
    if v is not None and not isinstance(v, (str, datetime)):
        raise ValueError("must be an ISO 8601 datetime string or null")
    return v


def impossible_time(v: Any, ahead: timedelta | None = CLOCK_SKEW) -> str | None:
    """Why a sender's time cannot be recorded (one of TIME_DROPPED), or None when it can or there
    is none. `ahead`: how far past the case service's clock it may be; None for a receipt time
    (`received_at`), which an authenticated caller may set ahead of the clock (bench/triage.py and
    the stack tests, through the channel's service token) up to MAX_YEAR.
    Raises ValueError (→ 422) for a value that is not a time string at all."""
    if v is None:
        return None
    _time_shape(v)
    try:
        dt = parse_received_at(v)
    except (ValueError, OverflowError):
        return "unreadable"
    if dt.year < MIN_YEAR:
        return "too_early"
    if dt.year > MAX_YEAR or (ahead is not None and dt > clock.now() + ahead):
        return "future"
    return None


# a sender's time as a field: a wrong type or over MAX_TIME_CHARS is a 422 at that field
SenderTime = Annotated[datetime | None, BeforeValidator(lambda v: parse_received_at(_time_shape(v))),
                       AfterValidator(_dt_in_range)]


# Validation context of a body the case service builds from its own stored rows (staff opening a
# record from a handoff, staff/services/handoffs.py): its times and their notes were checked when
# they arrived (a later message's may be ahead of the clock, or the server's time standing in with
# its reason) and are kept as stored. The HTTP API never passes it.
STORED = {"stored": True}


def _take_out_an_impossible_time(data: Any, field: str, note: str, ahead: timedelta | None,
                                 info: ValidationInfo | None = None) -> Any:
    """A model's before-validator: an impossible `field` becomes None with the reason in `note`.
    The note is the server's alone: one the body carries is ignored (replaced), with or without a
    time, so a sender cannot claim a time was dropped. Validated with the STORED context (`info`),
    the time and note are kept as given."""
    if not isinstance(data, dict) or (info is not None and (info.context or {}).get("stored")):
        return data  # not an object: the field validation refuses it (422); or stored rows, as they are
    try:
        why = impossible_time(data.get(field), ahead)
    except ValueError:
        return data  # not a time at all: the field's own validation refuses it (422)
    return {**data, field: None, note: why} if why is not None else {**data, note: None}


class TranscriptIn(In):
    sender: Literal["resident", "bot", "staff"]
    text: Text
    at: SenderTime = None
    # set by _drop_an_impossible_time (a sender's own is ignored), or copied with a stored message
    # (the STORED context)
    at_dropped: Literal[TIME_DROPPED] | None = None

    @model_validator(mode="before")
    @classmethod
    def _drop_an_impossible_time(cls, data: Any, info: ValidationInfo) -> Any:
        return _take_out_an_impossible_time(data, "at", "at_dropped", CLOCK_SKEW, info=info)


class ReceiptTime(BaseModel):
    """A request body's receipt time (a case, handoff, later message or hazard): an impossible
    `received_at` becomes None and the reason goes into `received_at_dropped`; the service then uses
    the time the body reached it. A wrong type or an oversize value stays a 422. No model config of
    its own: the body it is mixed into keeps its own (extra ignored or forbidden)."""
    received_at: SenderTime = None
    # set by the validator: why an impossible received_at was replaced by the server's time (the
    # record is kept; cases.received_at_dropped, hazards.received_at_dropped; case_messages.py
    # adds "before_record" for a later message)
    received_at_dropped: Literal[TIME_DROPPED] | None = None

    @model_validator(mode="before")
    @classmethod
    def _drop_an_impossible_time(cls, data: Any, info: ValidationInfo) -> Any:
        return _take_out_an_impossible_time(data, "received_at", "received_at_dropped", None, info=info)


HandoffRef = Annotated[int, Field(ge=1, le=MAX_INT4)]


class CreateBase(In, ReceiptTime):
    idempotency_key: Annotated[str, Field(min_length=1), _short(200)]
    profile: Short | None = None
    channel: Channel = "webchat"
    conversation_id: Short | None = None
    text: RequiredText
    contact: ContactIn | None = None
    representative: RepresentativeIn | None = None
    flags: Annotated[list[Flag], Field(max_length=10)] = []
    transcript: Annotated[list[TranscriptIn], Field(max_length=1000)] = []
    # a group complaint: the residents it speaks for (the contact is their nominated contact)
    group_residents: Annotated[list[Short], Field(max_length=500)] = []
    # the handoff of the message the record is for (the case's handoff_id), and other handoffs the
    # same conversation raised that the record answers too (a safeguarding disclosure typed in a
    # form's answer): each linked to the new record. Only handoffs of `conversation_id` (cases.py)
    handoff_id: HandoffRef | None = None
    linked_handoff_ids: Annotated[list[HandoffRef], Field(max_length=10)] = []


class ComplaintCreate(CreateBase):
    summary: Text | None = None
    desired_outcome: Text | None = None
    adjustments: Text | None = None
    complexity: Short | None = None  # profiles with complexity bands (paradigm-2020)


class ServiceRequestCreate(CreateBase):
    topic: Literal[TOPICS] = "other"
    emergency: bool = False
    dissatisfaction_noted: bool = False


class ComplimentCreate(CreateBase):
    person: Short | None = None
    team: Short | None = None


class ExcludedCreate(CreateBase):
    reason: Reason
    explanation: Text | None = None


class HandoffCreate(In, ReceiptTime):
    idempotency_key: Annotated[str, Field(min_length=1), _short(200)]
    conversation_id: Short | None = None
    message_id: Short | None = None
    text: RequiredText
    channel: Channel = "rest"
    profile: Short | None = None
    category: Literal[CATEGORIES]
    reason: Reason | None = None
    confidence: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] | None = None
    intent: Short | None = None
    entities: Annotated[list[dict[str, Any]], Field(max_length=200)] = []
    flags: Annotated[list[Flag], Field(max_length=10)] = []
    explanation: Text | None = None
    # how staff can reach the resident (asked before the message is handed to staff), or
    # {"anonymous": true, "declined": true}; sent again under the same key it is added to a
    # handoff that has none (handoff_records.create_handoff)
    contact: ContactIn | None = None
    # a data-rights request in the message (bot/actions/data_rights.py): recorded for the DPO with its
    # one-month due date (casework.privacy.requests); the handoff stays whatever the triage decided
    data_request: Annotated[list[Literal["access", "erasure", "rectification", "objection"]],
                            Field(max_length=4)] | None = None

    @field_validator("entities")
    @classmethod
    def _entities(cls, v: list[dict[str, Any]]) -> list[dict[str, Any]]:
        _walk_json(v)
        return v


class CaseMessageIn(In, ReceiptTime):
    """A later message from the conversation that opened a case (POST /cases/{reference}/messages)."""
    conversation_id: Annotated[str, Field(min_length=1), _short(200)]
    message_id: Annotated[str, Field(min_length=1), _short(200)]
    text: RequiredText


class LinkIn(In):
    reference: Annotated[str, _short(40)]
    # the chat checked who the resident is but the case did not move (a refused escalation request):
    # the request shows on the case, and stays open for staff to act on (status not "linked")
    keep_open: bool = False


class AcknowledgeIn(In):
    acknowledged_on: Day = None


class EscalateIn(In):
    requested_at: Moment = None
    reason: Text | None = None


class ExtendIn(In):
    days: Annotated[int, Field(ge=1, le=MAX_INT4)]
    reason: Text | None = None


class RespondIn(In):
    decision: Literal["upheld", "partly_upheld", "not_upheld"]
    reasons: RequiredText
    remedy: Text | None = None
    outstanding_actions: Text | None = None
    responded_on: Day = None


class UnderstandingIn(In):
    summary: Annotated[str, Field(min_length=1), AfterValidator(_clean)] | None = None
    desired_outcome: Annotated[str, Field(min_length=1), AfterValidator(_clean)] | None = None


class CloseIn(In):
    outcome: RequiredText
    reason: Text | None = None


# The resident's own look-ups and the address staff add live in casework.resident_schemas; they are
# re-exported here (lazily, PEP 562, so either module can be imported first) and
# `from casework.schemas import ResidentAddressIn` keeps working.
_RESIDENT = frozenset({"EMAIL_SHAPE", "UK_POSTCODE", "ResidentAddressIn", "ResidentEscalate", "ResidentLookup",
                       "normalise_postcode"})


def __getattr__(name: str) -> Any:
    if name in _RESIDENT:
        from . import resident_schemas

        return getattr(resident_schemas, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
