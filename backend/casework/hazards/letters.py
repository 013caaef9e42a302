"""Hazard letters, rendered with the same Jinja2 environment, filters, profile look-up,
`Subject:` convention and postal block as casework.letters (letters.subject_and_text: a letter
that goes by post opens with the name, address, postcode and the date it is written; an e-mailed
one does not), then queued through casework.outbox.queue.

Kinds: hazard_acknowledgement (what happens next and by when, alternative accommodation, how to
complain) and hazard_summary (the written summary of the investigation's findings)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from .. import clock, letters
from ..models import Case
from ..profiles import get_profile
from ..settings import get_settings
from . import clocks
from .catalogue import catalogue
from .views import deadlines_of

KINDS = ("hazard_acknowledgement", "hazard_summary")


def _local(dt: datetime | None, tz: ZoneInfo) -> datetime | None:
    if dt is None:
        return None
    return (dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).astimezone(tz)


def when(d: dict, tz: ZoneInfo) -> str:
    """A deadline for people: "4:30pm on Friday 25 December 2026" or "Tuesday 12 January 2027"."""
    if d["due_at"] is None:
        return ""
    if d["unit"] == "hours":
        local = datetime.fromisoformat(d["due_at"]).astimezone(tz)
        hour = local.strftime("%I:%M%p").lstrip("0").lower()
        return f"{hour} on {letters.long_date(local.date())}"
    return letters.long_date(date.fromisoformat(d["due_on"]))


UNITS = {"hours": ("hour", "hours"), "working_days": ("working day", "working days"), "weeks": ("week", "weeks")}


def within(d: dict) -> str:
    """The rule in words: "within 3 working days", "within 12 weeks", "within 24 hours"."""
    one, many = UNITS[d["unit"]]
    return f"within {d['amount']} {one if d['amount'] == 1 else many}"


def _pending(cat, hazard, ds: list[clocks.Deadline], tz: ZoneInfo, nation: str) -> tuple[list[dict], dict | None]:
    """The deadlines whose clock has not started (they run from the day the investigation ends),
    each with its rule and, while the investigation can still end in time, the date it falls on
    if the investigation ends on its own last day (`if_when`); and that investigation deadline
    (`when`, `overdue`), or None when none is dated."""
    conditional = clocks.if_started_on_time(cat, hazard.severity, ds, nation, tz)
    starter = next(iter(conditional.values()))[0] if conditional else None
    overdue = starter is not None and starter.status(clock.now(), tz) == "breached"
    out = []
    for d in ds:
        if d.due_at is not None:
            continue
        row = {**d.as_dict(), "within": within(d.as_dict()), "if_when": None}
        if d.id in conditional and not overdue:
            _, due_at, due_on = conditional[d.id]
            row["if_when"] = when(replace(d, due_at=due_at, due_on=due_on).as_dict(), tz)
        out.append(row)
    investigation = ({"label": starter.label, "when": when(starter.as_dict(), tz), "overdue": overdue}
                     if starter is not None else None)
    return out, investigation


def _passed(ds: list[clocks.Deadline]) -> bool:
    nxt = clocks.next_due(ds)
    return nxt is not None and nxt.due_at <= clock.now()


def context(case: Case, hazard, kind: str) -> dict:
    profile = get_profile(hazard.profile_id)
    tz = ZoneInfo(profile.timezone)
    cat = catalogue()
    ctx = letters.context(case, kind)
    objs = deadlines_of(hazard)
    ds = [d.as_dict() for d in objs]
    for d in ds:
        d["when"] = when(d, tz)
    pending, investigation = _pending(cat, hazard, objs, tz, profile.nation)
    try:
        h = cat.hazard(hazard.hazard_type)
    except KeyError:  # a type since removed from hazards.yaml
        h = None
    ctx.update({
        "hazard_reference": hazard.reference, "hazard_name": cat.label(hazard.hazard_type),
        "hazard_type": hazard.hazard_type,  # the safety advice that fits it (_hazard_advice.txt.j2)
        "hazard_in_sentence": cat.in_sentence(hazard.hazard_type),
        "severity": hazard.severity, "emergency": hazard.severity == "emergency",
        "in_force": hazard.in_force, "aware_at": _local(hazard.aware_at, tz),
        "aware_on": _local(hazard.aware_at, tz).date(),
        # a later message made it an emergency (reassess.py): its 24 hours run from then
        "raised_at": (_local(hazard.emergency_aware_at, tz)
                      if hazard.severity == "emergency" and getattr(hazard, "emergency_aware_at", None) else None),
        "deadlines": ds, "pending": pending, "investigation": investigation,
        # an emergency whose deadline has already passed by the case service's clock (raised by a
        # later message after the date it already had: reassess.overdue): overdue, no date promised
        "emergency_overdue": hazard.severity == "emergency" and _passed(objs),
        # not in force: the date the law's timescales start for this type at this severity
        # (None: not set by regulations yet), and whether an emergency of this type is covered
        "in_force_from": (h.emergency_from if hazard.severity == "emergency" else h.significant_from) if h else None,
        "emergency_covered": bool(h and h.in_force("emergency", _local(hazard.aware_at, tz).date())),
        "vulnerable": [cat.vulnerabilities.get(v, v) for v in hazard.vulnerabilities or []],
        "findings": hazard.findings, "safety_work": hazard.safety_work,
        "safety_work_by": hazard.safety_work_by, "further_work": hazard.further_work,
        "further_work_from": hazard.further_work_from,
        # the landlord's emergency repairs line (LANDLORD_EMERGENCY_PHONE), if there is one
        "emergency_phone": get_settings().landlord_emergency_phone.strip() or None,
        "concluded_on": (_local(hazard.investigation_concluded_at, tz).date()
                         if hazard.investigation_concluded_at else None),
    })
    return ctx


def render_hazard(case: Case, hazard, kind: str, templates_dir: str | None = None) -> letters.Rendered:
    if kind not in KINDS:
        raise ValueError(f"unknown hazard letter kind {kind!r}")
    env = letters.environment(templates_dir or get_settings().letter_templates_dir or None)
    txt = letters._find(env, case.profile_id, kind, "txt")
    if txt is None:
        raise letters.LetterTemplateMissing(f"no template for letter kind {kind!r}")
    # the same subject line, body and, for a letter that goes by post, address and date block
    subject, text = letters.subject_and_text(txt, context(case, hazard, kind))
    return letters.Rendered(kind=kind, subject=subject, text=text, html=None)
