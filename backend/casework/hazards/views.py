"""What a hazard record says now: its statutory deadlines (recomputed from the catalogue whenever
the row changes, _recompute) and its view for the API, the assistant and the staff pages
(hazard_view). Pure reads of the row, the catalogue and the profile: no session, nothing written."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from ..models import utcnow
from ..profiles import Profile, get_profile
from . import clocks
from .catalogue import STEPS, catalogue
from .models import Hazard

STEP_FIELD = {s: f"{s}_at" for s in STEPS}  # the Hazard column recording when each step was done


def _aware(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _tz(profile: Profile) -> ZoneInfo:
    return ZoneInfo(profile.timezone)


def _steps(h: Hazard) -> dict[str, datetime | None]:
    return {s: _aware(getattr(h, STEP_FIELD[s])) for s in STEPS}


def deadlines_of(h: Hazard) -> list[clocks.Deadline]:
    """The statutory deadlines. An emergency a later message made of it (emergency_aware_at,
    reassess.py) runs from that message, but never past the first deadline it already had."""
    if not h.in_force:
        return []
    profile, cat = get_profile(h.profile_id), catalogue()
    raised = _aware(h.emergency_aware_at) if h.severity == "emergency" else None
    if raised is None:
        return clocks.deadlines(cat, h.severity, _aware(h.aware_at), profile.nation, _tz(profile), _steps(h))
    before = []
    if cat.hazard(h.hazard_type).in_force("significant", _aware(h.aware_at).astimezone(_tz(profile)).date()):
        before = clocks.deadlines(cat, "significant", _aware(h.aware_at), profile.nation, _tz(profile), {})
    running = [d.due_at for d in before if d.due_at is not None]
    return clocks.deadlines(cat, h.severity, raised, profile.nation, _tz(profile), _steps(h),
                            not_after=min(running) if running else None)


def _recompute(h: Hazard) -> None:
    cat = catalogue()
    profile = get_profile(h.profile_id)
    aware_day = _aware(h.aware_at).astimezone(_tz(profile)).date()
    h.in_force = cat.hazard(h.hazard_type).in_force(h.severity, aware_day)
    ds = deadlines_of(h)
    h.deadlines = [d.as_dict() for d in ds]
    nxt = clocks.next_due(ds)
    h.next_due_at = nxt.due_at if nxt else None
    if h.in_force and ds and all(d.done_at is not None for d in ds):
        h.status = "closed"
    h.updated_at = utcnow()


def _person_centred(hazard_type: str) -> bool:
    try:
        return catalogue().hazard(hazard_type).vulnerable_makes_emergency
    except KeyError:  # a type since removed from hazards.yaml
        return False


def due_text(d: clocks.Deadline, tz: ZoneInfo) -> str | None:
    """"Fri 25 Dec 2026 16:30" for clock hours; "end of Tue 12 Jan 2027" for days."""
    if d.due_at is None:
        return None
    if d.unit == "hours":
        local = d.due_at.astimezone(tz)
        return f"{local:%a} {local.day} {local:%b %Y %H:%M}"
    return f"end of {d.due_on:%a} {d.due_on.day} {d.due_on:%b %Y}"


def hazard_view(h: Hazard, now: datetime | None = None) -> dict[str, Any]:
    now = now or datetime.now(timezone.utc)
    profile = get_profile(h.profile_id)
    tz = _tz(profile)
    ds = deadlines_of(h)
    nxt = clocks.next_due(ds)
    return {
        "reference": h.reference, "hazard_type": h.hazard_type, "hazard_name": catalogue().label(h.hazard_type),
        "severity": h.severity, "proposed_severity": h.proposed_severity,
        "proposal_reason": h.proposal_reason, "severity_confirmed_by": h.severity_confirmed_by,
        "severity_reason": h.severity_reason, "in_force": h.in_force,
        "household_known": h.household_known, "vulnerabilities": list(h.vulnerabilities or []),
        # The assistant asks who lives there when the answer could make this an emergency.
        "ask_household": (not h.household_known and h.severity != "emergency"
                          and _person_centred(h.hazard_type)),
        "aware_at": _aware(h.aware_at).isoformat(), "received_at_dropped": h.received_at_dropped,
        "emergency_aware_at": _aware(h.emergency_aware_at).isoformat() if h.emergency_aware_at else None,
        "status": h.status, "profile": h.profile_id,
        "aware_text": f"{_aware(h.aware_at).astimezone(tz):%a} {_aware(h.aware_at).astimezone(tz).day} "
                      f"{_aware(h.aware_at).astimezone(tz):%b %Y %H:%M}",
        "handoff_id": h.handoff_id, "case_id": h.case_id, "conversation_id": h.conversation_id,
        "deadlines": [{**d.as_dict(), "status": d.status(now, tz),
                       "due_local": d.due_at.astimezone(tz).isoformat() if d.due_at else None,
                       "due_text": due_text(d, tz)}
                      for d in ds],
        "next_due_at": nxt.due_at.isoformat() if nxt else None,
        "steps": {s: (v.isoformat() if v else None) for s, v in _steps(h).items()},
        "findings": h.findings, "safety_work": h.safety_work,
        "safety_work_by": h.safety_work_by.isoformat() if h.safety_work_by else None,
        "further_work": h.further_work,
        "further_work_from": h.further_work_from.isoformat() if h.further_work_from else None,
        "accommodation_note": h.accommodation_note,
    }


def resident_hazards(session, case_id: int, now: datetime | None = None) -> list[dict[str, Any]]:
    """The hazards on a resident's own case, as the status check tells them (only after the lookup
    matched the reference and the postcode, e-mail or phone): what was recorded, each deadline the
    law sets (the moment it passes, in the profile's time) and whether that work is done. No staff
    notes, findings or household details."""
    from sqlalchemy import select  # local: this module stays free of the query layer

    now = now or datetime.now(timezone.utc)
    out = []
    for h in session.scalars(select(Hazard).where(Hazard.case_id == case_id).order_by(Hazard.id)):
        tz = _tz(get_profile(h.profile_id))
        out.append({
            "reference": h.reference, "hazard_type": h.hazard_type,
            "hazard_name": catalogue().label(h.hazard_type), "severity": h.severity,
            "in_force": h.in_force, "status": h.status,
            "deadlines": [{"label": d.label, "unit": d.unit,
                           "due_at": d.due_at.isoformat() if d.due_at else None,
                           "due_on": d.due_on.isoformat() if d.due_on else None,
                           "due_text": due_text(d, tz), "done": d.done_at is not None,
                           "status": d.status(now, tz)} for d in deadlines_of(h)],
        })
    return out
