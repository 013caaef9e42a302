"""Search every case and handoff by reference, name, e-mail, phone, postcode or a phrase of the
resident's words (case-insensitive; at most 50 of each). A case is found by the resident's details
or its representative's (kept apart since the representative's postcode no longer goes on the
resident's contact). An unlinked handoff is found by its words or by the contact details it carries."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from ...cases import email_key, postcode_key
from ...models import Case, Complaint, Contact, Handoff
from ...references import REFERENCE_RE, normalise_reference
from .errors import Refused

LIMIT = 50
MIN_LEN, MAX_LEN = 2, 200


@dataclass
class Results:
    query: str
    cases: list[Case]
    handoffs: list[Handoff]
    exact: Case | None = None

    @property
    def count(self) -> int:
        return len(self.cases) + len(self.handoffs)


def _like(text: str) -> str:
    esc = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{esc.lower()}%"


def search(session: Session, query: str) -> Results:
    q = " ".join((query or "").split())
    if len(q) < MIN_LEN:
        raise Refused(422, f"Type at least {MIN_LEN} characters to search.")
    if len(q) > MAX_LEN:
        raise Refused(422, f"Search for at most {MAX_LEN} characters.")
    ref = normalise_reference(q)
    exact = session.scalar(select(Case).where(Case.reference == ref)) if REFERENCE_RE.match(ref) else None
    pattern = _like(q)
    resident = aliased(Contact)
    rep = aliased(Contact)
    conds = [func.lower(Case.text).like(pattern, escape="\\"),
             func.lower(Case.reference).like(pattern, escape="\\"),
             func.lower(resident.name).like(pattern, escape="\\"),
             func.lower(rep.name).like(pattern, escape="\\"),
             func.lower(resident.phone).like(pattern, escape="\\"),
             func.lower(rep.phone).like(pattern, escape="\\")]
    pk = postcode_key(q)
    for who in (resident, rep):
        if "@" in q:
            conds.append(who.email_key.like(_like(email_key(q)), escape="\\"))
        if pk and len(pk) >= 3:
            conds.append(who.postcode_key.like(_like(pk).upper(), escape="\\"))
    summary = select(Complaint.id).where(or_(func.lower(Complaint.summary).like(pattern, escape="\\"),
                                             func.lower(Complaint.desired_outcome).like(pattern, escape="\\")))
    conds.append(Case.id.in_(summary))
    found = list(session.scalars(
        select(Case).outerjoin(resident, resident.id == Case.contact_id)
        .outerjoin(rep, rep.id == Case.representative_id)
        .where(or_(*conds)).order_by(Case.received_at.desc(), Case.id.desc()).limit(LIMIT)).unique())
    # an unlinked handoff by its words or by the contact details the chat asked for
    given = aliased(Contact)
    hconds = [func.lower(Handoff.text).like(pattern, escape="\\"), func.lower(given.name).like(pattern, escape="\\"),
              func.lower(given.phone).like(pattern, escape="\\")]
    if "@" in q:
        hconds.append(given.email_key.like(_like(email_key(q)), escape="\\"))
    if pk and len(pk) >= 3:
        hconds.append(given.postcode_key.like(_like(pk).upper(), escape="\\"))
    handoffs = list(session.scalars(
        select(Handoff).outerjoin(given, given.id == Handoff.contact_id)
        .where(Handoff.case_reference.is_(None), or_(*hconds))
        .order_by(Handoff.received_at.desc()).limit(LIMIT)))
    return Results(query=q, cases=found, handoffs=handoffs, exact=exact)
