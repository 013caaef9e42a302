"""Loads plain records (records.py) from the database for a period and a profile.

Kept apart from the figures so those stay pure and testable without a database. Homes owned for
CH01 come from the environment: LANDLORD_HOMES_<PROFILE> (the profile id upper-cased, dashes as
underscores, e.g. LANDLORD_HOMES_CODE_2024) when reporting on one profile, else LANDLORD_HOMES.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Complaint, Compliment, ExcludedMatter, ServiceRequest
from ..profiles import UnknownProfile, get_profile
from ..settings import get_settings, homes_env_name  # noqa: F401 (homes_env_name re-exported)
from . import figures as F


def homes_for(profile_id: str | None) -> int | None:
    """Homes owned (CH01's denominator), or None when not configured or not a positive whole number."""
    return get_settings().homes_for(profile_id)


def _date(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def _profile_bits(profile_id: str) -> tuple[str, dict[int, str]]:
    try:
        p = get_profile(profile_id)
    except UnknownProfile:
        return "england", {}
    return p.nation, {st.number: st.day_unit for st in p.stages}


def complaint_record(c: Complaint) -> F.ComplaintRecord:
    stages = []
    for h in c.stage_history or []:
        stages.append(F.StageRecord(
            stage=int(h["stage"]), received_on=_date(h["received_on"]), acknowledge_by=_date(h.get("acknowledge_by")),
            acknowledged_on=_date(h.get("acknowledged_on")), respond_by=_date(h.get("respond_by")),
            responded_on=_date(h.get("responded_on")), extension_days=int(h.get("extension_days") or 0),
            decision=h.get("decision"), status=h.get("status") or "responded"))
    stages.append(F.StageRecord(
        stage=c.stage, received_on=c.stage_received_on, acknowledge_by=c.acknowledge_by,
        acknowledged_on=c.acknowledged_on, respond_by=c.respond_by, responded_on=c.responded_on,
        extension_days=c.extension_days or 0, decision=c.decision, status=c.status))
    nation, units = _profile_bits(c.profile_id)
    return F.ComplaintRecord(
        reference=c.reference, profile_id=c.profile_id, received_on=c.effective_received_on, status=c.status,
        stages=tuple(stages), nation=nation, day_unit=units, text=c.text or "", summary=c.summary)


def _where_profile(q, model, profile_id: str | None):
    return q.where(model.profile_id == profile_id) if profile_id else q


def load_complaints(session: Session, period: F.Period, profile_id: str | None) -> list[F.ComplaintRecord]:
    """Every complaint received by the period's end: one received earlier may be escalated or
    answered within the period (the figures pick the dates that fall inside it)."""
    q = _where_profile(select(Complaint).where(Complaint.effective_received_on <= period.end), Complaint, profile_id)
    return [complaint_record(c) for c in session.scalars(q.order_by(Complaint.id)).unique()]


def load_open_complaints(session: Session, profile_id: str | None) -> list[F.ComplaintRecord]:
    q = _where_profile(select(Complaint).where(Complaint.status == "open"), Complaint, profile_id)
    return [complaint_record(c) for c in session.scalars(q.order_by(Complaint.id)).unique()]


def load_service_requests(session: Session, period: F.Period, profile_id: str | None) -> list[F.ServiceRequestRecord]:
    q = _where_profile(select(ServiceRequest).where(ServiceRequest.effective_received_on.between(
        period.start, period.end)), ServiceRequest, profile_id)
    return [F.ServiceRequestRecord(r.reference, r.profile_id, r.effective_received_on, r.topic, bool(r.emergency),
                                   bool(r.dissatisfaction_noted))
            for r in session.scalars(q.order_by(ServiceRequest.id)).unique()]


def load_excluded(session: Session, period: F.Period, profile_id: str | None) -> list[F.ExcludedRecord]:
    q = _where_profile(select(ExcludedMatter).where(ExcludedMatter.effective_received_on.between(
        period.start, period.end)), ExcludedMatter, profile_id)
    return [F.ExcludedRecord(r.reference, r.profile_id, r.effective_received_on, r.reason, r.explanation or "",
                             "Housing Ombudsman" in (r.ombudsman_review or ""))
            for r in session.scalars(q.order_by(ExcludedMatter.id)).unique()]


def load_compliments(session: Session, period: F.Period, profile_id: str | None) -> list[F.ComplimentRecord]:
    q = _where_profile(select(Compliment).where(Compliment.effective_received_on.between(
        period.start, period.end)), Compliment, profile_id)
    return [F.ComplimentRecord(r.reference, r.profile_id, r.effective_received_on, r.person, r.team,
                               tuple(r.routed_to or ()))
            for r in session.scalars(q.order_by(Compliment.id)).unique()]


def profiles_in_use(session: Session, period: F.Period) -> list[str]:
    """Profiles of the cases received in the period (for the self-assessment's conflicts)."""
    from ..models import Case

    q = select(Case.profile_id).where(Case.effective_received_on.between(period.start, period.end)).distinct()
    return sorted(session.scalars(q))


def figures_for(session: Session, period: F.Period, profile_id: str | None, on: date,
                homes: int | None = None) -> F.Figures:
    """All figures for the period and profile (None: every profile); `on` is today for 'overdue now'."""
    return F.all_figures(
        period, on, homes if homes is not None else homes_for(profile_id),
        load_complaints(session, period, profile_id), load_service_requests(session, period, profile_id),
        load_excluded(session, period, profile_id), load_compliments(session, period, profile_id),
        load_open_complaints(session, profile_id))
