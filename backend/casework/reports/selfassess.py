"""A draft annual self-assessment against the Housing Ombudsman Complaint Handling Code (2024),
filled from what the system can evidence; everything else is left for staff to complete.

Pure: built from Figures (figures.py), the profiles reported on and their conflicts with the Code
(casework.conflicts). Rendered as a printable HTML page and as Markdown (to_markdown).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..conflicts import find_conflicts
from ..profiles import Profile
from .figures import Figures
from .tables import REASON_LABELS

TO_COMPLETE = "[Staff to complete]"


@dataclass
class Section:
    ref: str
    title: str
    requirement: str
    evidence: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    to_complete: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.conflicts:
            return "Does not comply: see the conflicts"
        if self.evidence and not self.to_complete:
            return "Evidenced by the system: confirm"
        if self.evidence:
            return "Partly evidenced: staff to complete"
        return "Staff to complete"


@dataclass
class SelfAssessment:
    landlord: str
    period_start: date
    period_end: date
    generated_on: date
    profiles: list[str]
    sections: list[Section]


def _pct(v: float | None) -> str:
    return "no responses" if v is None else f"{v:g}%"


def _stages_text(p: Profile) -> str:
    parts = []
    for st in p.stages:
        ack = f"acknowledge in {st.acknowledge_days} working days" if st.acknowledge_days else "no acknowledgement time"
        resp = (f"respond in {st.response_days_for(None)} {st.day_unit} days from the {st.response_from}"
                if st.response_days_for(None) else "no response time")
        ext = f", extension up to {st.extension_days}" if st.extension_days else ", no extension"
        parts.append(f"{st.name} ({st.handler}): {ack}; {resp}{ext}")
    return "; ".join(parts)


def build(f: Figures, profiles: list[Profile], landlord: str, generated_on: date) -> SelfAssessment:
    conflicts = {p.id: find_conflicts(p) for p in profiles}

    def conflicts_where(pred) -> list[str]:
        return [f"{pid}: {c.message}" for pid, cs in conflicts.items() for c in cs if pred(c.field)]

    s1_received, s2_received = f.ch01.stage1, f.ch01.stage2
    sr_total = sum(n for _k, n in f.service_requests)
    ex_total = sum(n for _k, n in f.excluded)
    explained, ex_all = f.exclusions_explained
    by = {r.stage: r for r in f.responses}
    sections = [
        Section("1", "Definitions", "Use the Code's definitions of a complaint (1.2) and a service request (1.4); "
                "dissatisfaction with a service request is a complaint; no informal stage.",
                evidence=[
                    "Every message is triaged against the Code's definitions: complaint, service request, "
                    "compliment or excluded matter, and staff review each triage decision.",
                    f"In the period: {s1_received} complaints received at stage 1, {sr_total} service requests "
                    f"recorded, {ex_total} excluded matters.",
                ],
                conflicts=conflicts_where(lambda fld: fld == "informal_stage"),
                to_complete=["Confirm the published policy uses the Code's definitions word for word."]),
        Section("2", "Exclusions", "Exclusions are explained to the resident with the right to ask the Ombudsman to "
                "review (2.4-2.5); no blanket exclusions; 12-month time limit with discretion (2.3).",
                evidence=[f"Excluded matters in the period: {ex_all}"
                          + (" (" + ", ".join(f"{REASON_LABELS.get(k, k)}: {n}" for k, n in f.excluded) + ")"
                             if f.excluded else "") + ".",
                          f"{explained} of {ex_all} were sent an explanation and the Housing Ombudsman review notice."],
                conflicts=conflicts_where(lambda fld: fld == "time_limit_months"),
                to_complete=["Confirm each exclusion was decided on its merits (no blanket exclusions)."]),
        Section("3", "Accessibility and awareness", "Complaints can be made by any channel; reasonable adjustments; "
                "the policy and the Ombudsman's details are published.",
                evidence=["Complaints are taken by webchat, e-mail and the other channels recorded on each case; "
                          "reasonable adjustments and format needs are recorded on the case."],
                to_complete=["Where the policy is published; how residents are told about the Ombudsman."]),
        Section("4", "Complaint handling staff", "A complaints officer or team with authority and autonomy; training.",
                to_complete=["Who handles complaints, their authority, and training given this year."]),
        Section("5", "The complaint handling process", "Two stages only, no 'stage 0' (5.2-5.3); "
                "acknowledgement and the landlord's understanding of the complaint (5.6).",
                evidence=[f"{p.id}: {len(p.stages)} stage(s): {_stages_text(p)}." for p in profiles],
                conflicts=conflicts_where(lambda fld: fld in ("stages", "designated_person_route")
                                          or fld.endswith("acknowledge_days")),
                to_complete=["Confirm acknowledgement letters set out the complaint and the outcome wanted."]),
        Section("6", "Complaint stages and timescales", "Stage 1: acknowledge in 5 working days, respond in 10 "
                "(+10); stage 2: acknowledge in 5, respond in 20 (+20) (6.2-6.5, 6.11, 6.14-6.16); stage 2 handled "
                "by a different person (6.13).",
                evidence=[f"Stage 1 responses within the Code's timescales (CH02): {f.ch02.stage1_within} of "
                          f"{f.ch02.stage1_responses} ({_pct(f.ch02.stage1_pct)}).",
                          f"Stage 2 responses within the Code's timescales (CH02): {f.ch02.stage2_within} of "
                          f"{f.ch02.stage2_responses} ({_pct(f.ch02.stage2_pct)}).",
                          f"Responses extended: stage 1 {by[1].extended}, stage 2 {by[2].extended}. "
                          f"Complaints overdue on {f.on.isoformat()}: {len({o.reference for o in f.overdue})}."],
                conflicts=conflicts_where(lambda fld: fld.startswith("stages[") and not fld.endswith("acknowledge_days")),
                to_complete=["Reasons for late responses and what is being done about them."]),
        Section("7", "Putting things right", "Remedies that put things right (7.1-7.4).",
                evidence=[f"Share upheld or partly upheld: stage 1 {_pct(by[1].upheld_pct)}, "
                          f"stage 2 {_pct(by[2].upheld_pct)}."],
                to_complete=["The remedies offered and how they were decided."]),
        Section("8", "Self-assessment, reporting and compliance", "Annual complaints performance report and "
                "self-assessment published, with the governing body's response (8.1-8.3).",
                evidence=[f"CH01: {s1_received} stage 1 and {s2_received} stage 2 complaints received"
                          + (f"; per 1,000 homes ({f.ch01.homes}): {f.ch01.stage1_per_1000:g} and "
                             f"{f.ch01.stage2_per_1000:g}." if f.ch01.homes else
                             " (homes owned not configured: set LANDLORD_HOMES).")],
                to_complete=["Date of publication and the governing body's response."]),
        Section("9", "Scrutiny and oversight", "A Member Responsible for Complaints; learning from complaints "
                "reported to the governing body (9.1-9.8).",
                evidence=["What complaints were about (themes): "
                          + (", ".join(f"{k} {n}" for k, n in f.themes) if f.themes else "none in the period") + "."],
                to_complete=["Who the Member Responsible for Complaints is; learning and changes made."]),
    ]
    return SelfAssessment(landlord, f.period.start, f.period.end, generated_on, [p.id for p in profiles], sections)


def to_markdown(sa: SelfAssessment) -> str:
    out = [f"# Complaint Handling Code self-assessment (draft): {sa.landlord}", "",
           f"Period: {sa.period_start.isoformat()} to {sa.period_end.isoformat()}. "
           f"Drafted on {sa.generated_on.isoformat()} from the complaints system "
           f"(profiles: {', '.join(sa.profiles) or 'none'}). Items marked {TO_COMPLETE} are for staff to complete.", ""]
    for s in sa.sections:
        out += [f"## {s.ref}. {s.title}", "", f"**Requirement:** {s.requirement}", "",
                f"**Status:** {s.status}", ""]
        if s.evidence:
            out += ["**Evidence from the system:**", ""] + [f"- {e}" for e in s.evidence] + [""]
        if s.conflicts:
            out += ["**Conflicts with the Code:**", ""] + [f"- {c}" for c in s.conflicts] + [""]
        out += ["**For staff to complete:**", ""] + [f"- {t} {TO_COMPLETE}" for t in s.to_complete or ["Comments."]] + [""]
    return "\n".join(out)
