"""Complaint stage logic as pure functions over a profile: no database, no clock.

A complaint's current position is a StageState. Every transition returns a new state or raises
StageRefused with a machine code (the API maps it to 409 {"detail", "code"}).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time

from .calendar import add_days, add_working_days, effective_receipt_date, long_date
from .profiles import Profile

DECISIONS = ("upheld", "partly_upheld", "not_upheld")


class StageRefused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class StageState:
    stage: int
    status: str  # open | responded | closed
    received_on: date  # effective receipt date of the complaint or of the escalation request
    acknowledge_by: date | None
    respond_by: date | None
    acknowledged_on: date | None = None
    complexity: str | None = None
    extension_days: int = 0
    extensions_used: int = 0
    extension_reason: str | None = None
    responded_on: date | None = None
    decision: str | None = None
    reasons: str | None = None
    remedy: str | None = None
    outstanding_actions: str | None = None
    outcome: str | None = None
    close_reason: str | None = None
    closed_on: date | None = None
    arrived_on: date | None = None  # the local date it really arrived (a weekend, after closing)


def _closing(profile: Profile) -> time:
    h, m = profile.closing()
    return time(h, m)


def receipt_date(profile: Profile, at: datetime) -> date:
    return effective_receipt_date(at, profile.nation, _closing(profile), profile.timezone)


def local_date(profile: Profile, at: datetime) -> date:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(profile.timezone)
    return (at.astimezone(zone) if at.tzinfo else at).date()


def compute_respond_by(profile: Profile, s: StageState) -> date | None:
    """Response due date: from receipt, or from the acknowledgement (the real one once recorded,
    else the latest allowed); a stage with no acknowledgement time counts from receipt."""
    st = profile.stage(s.stage)
    days = st.response_days_for(s.complexity)
    if days is None:
        return None
    if st.response_from == "acknowledgement" and st.acknowledge_days is not None:
        # From the real acknowledgement once recorded: the day it was sent, the date the resident is
        # told, even on the weekend or evening the complaint arrived (counting from the next working
        # day would give a date past the Code's limit); else the latest allowed.
        start = s.acknowledged_on or s.acknowledge_by
    else:
        start = s.received_on
    due = add_days(start, days, st.day_unit, profile.nation)
    if s.extension_days:
        due = add_days(due, s.extension_days, st.day_unit, profile.nation)
    return due


def _start_stage(profile: Profile, number: int, received_on: date, complexity: str | None,
                 arrived_on: date | None = None) -> StageState:
    st = profile.stage(number)
    if complexity is not None and st.complexity_bands and st.band(complexity) is None:
        names = ", ".join(b.name for b in st.complexity_bands)
        raise ValueError(f"unknown complexity {complexity!r} for this profile (one of: {names})")
    ack_by = (
        add_working_days(received_on, st.acknowledge_days, profile.nation)
        if st.acknowledge_days is not None
        else None
    )
    s = StageState(
        stage=number, status="open", received_on=received_on, acknowledge_by=ack_by,
        respond_by=None, complexity=complexity if st.complexity_bands else None,
        arrived_on=arrived_on or received_on,
    )
    return replace(s, respond_by=compute_respond_by(profile, s))


def open_complaint(profile: Profile, received_at: datetime, complexity: str | None = None) -> StageState:
    return _start_stage(profile, 1, receipt_date(profile, received_at), complexity,
                        local_date(profile, received_at))


def _arrived(s: StageState) -> date:
    """The earliest date something can happen on a stage: the day it really arrived, so a complaint
    made on a Sunday can be acknowledged or answered that Sunday."""
    return min(s.arrived_on, s.received_on) if s.arrived_on else s.received_on


def _require_open(s: StageState) -> None:
    if s.status == "closed":
        raise StageRefused("case_closed", "The complaint is closed.")


def acknowledge(profile: Profile, s: StageState, on: date) -> StageState:
    _require_open(s)
    if s.acknowledged_on is not None:
        raise StageRefused(
            "already_acknowledged",
            f"Stage {s.stage} was already acknowledged on {long_date(s.acknowledged_on)}.",
        )
    if on < _arrived(s):
        raise StageRefused("invalid_date", "The acknowledgement date is before the stage was received.")
    s = replace(s, acknowledged_on=on)
    return replace(s, respond_by=compute_respond_by(profile, s))


def extend(profile: Profile, s: StageState, days: int, reason: str | None) -> StageState:
    _require_open(s)
    st = profile.stage(s.stage)
    if s.status == "responded":
        raise StageRefused("already_responded", f"Stage {s.stage} has already been responded to.")
    if not reason or not reason.strip():
        raise StageRefused("extension_reason_required", "An extension needs a reason to give the resident.")
    if s.extensions_used >= st.max_extensions:
        raise StageRefused(
            "already_extended",
            f"Stage {s.stage} has already been extended (this profile allows {st.max_extensions}).",
        )
    if st.extension_days is None or s.respond_by is None:
        raise StageRefused(
            "extension_limit", f"The {profile.id} profile sets no extension for stage {s.stage}."
        )
    if days < 1 or s.extension_days + days > st.extension_days:
        raise StageRefused(
            "extension_limit",
            f"Stage {s.stage} can be extended by at most {st.extension_days} {st.day_unit} days "
            f"under {profile.id}; {days} requested.",
        )
    s = replace(
        s, extension_days=s.extension_days + days, extensions_used=s.extensions_used + 1,
        extension_reason=reason.strip(),
    )
    return replace(s, respond_by=compute_respond_by(profile, s))


def respond(
    profile: Profile, s: StageState, decision: str, reasons: str, on: date,
    remedy: str | None = None, outstanding_actions: str | None = None,
) -> StageState:
    _require_open(s)
    if s.status == "responded":
        raise StageRefused("already_responded", f"Stage {s.stage} has already been responded to.")
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    if on < _arrived(s):
        raise StageRefused("invalid_date", "The response date is before the stage was received.")
    return replace(
        s, status="responded", responded_on=on, decision=decision, reasons=reasons,
        remedy=remedy, outstanding_actions=outstanding_actions,
    )


def escalation_deadline(profile: Profile, s: StageState) -> date | None:
    """Last calendar day to ask for the next stage (None: no window, or no response yet)."""
    if profile.escalation_window_days is None or s.responded_on is None:
        return None
    from datetime import timedelta

    return s.responded_on + timedelta(days=profile.escalation_window_days)


def escalate(profile: Profile, s: StageState, requested_at: datetime) -> StageState:
    """Move to the next stage; its dates run from the escalation request's effective receipt date.

    The same rules as acknowledging and responding: not before the stage arrived. Before a stage
    response, the profile's `escalate_before_response` decides (default: only when the response is
    overdue); the escalation window runs only from a response."""
    _require_open(s)
    if s.stage >= profile.last_stage:
        raise StageRefused(
            "past_last_stage",
            f"Stage {s.stage} is the last stage under {profile.id}; the next step is outside "
            "the landlord's process (for example the Housing Ombudsman).",
        )
    requested_on = local_date(profile, requested_at)
    if requested_on < _arrived(s):
        raise StageRefused("invalid_date", "The request to escalate is dated before the stage was received.")
    rule = profile.escalate_before_response
    if s.status != "responded" and rule != "any_time":
        due = s.respond_by
        if rule == "never":
            raise StageRefused("not_responded", f"Under {profile.id}, stage {s.stage} must be answered "
                                                "before the complaint can be escalated.")
        if due is not None and requested_on <= due:
            raise StageRefused(
                "not_responded",
                f"Stage {s.stage} has not been answered yet and is not overdue: the response is due by "
                f"{long_date(due)}. The complaint can be escalated once we have responded, or if we "
                "miss that date.")
    deadline = escalation_deadline(profile, s)
    if deadline is not None and requested_on > deadline:
        raise StageRefused(
            "escalation_window_closed",
            f"The request to escalate came on {long_date(requested_on)}, more than "
            f"{profile.escalation_window_days} days after the stage {s.stage} response "
            f"({long_date(s.responded_on)}); the window closed on {long_date(deadline)}.",
        )
    return _start_stage(profile, s.stage + 1, receipt_date(profile, requested_at), None, requested_on)


def close(s: StageState, outcome: str, on: date, reason: str | None = None) -> StageState:
    _require_open(s)
    return replace(s, status="closed", outcome=outcome, close_reason=reason, closed_on=on)
