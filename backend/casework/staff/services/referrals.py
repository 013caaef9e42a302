"""Referrals and alerts as the staff case page shows them: who the case was passed to (team, person
or duty inbox) and their manager, when, why, and the delivery state of the e-mail that carried it.

The records are casework.referrals' (one Referral row per recipient, a manager's copy as its own
row keyed '<key>:manager'); here they are grouped, one entry per recipient with its manager beside
it. Alerts raised on the chat's handoff before the case existed are shown too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ... import routing
from ...models import Case, Handoff, OutboxMessage
from ...referral_models import Referral
from .. import plain

MANAGER_SUFFIX = ":manager"


@dataclass
class Delivery:
    status: str | None  # the outbox status (pending, sent, failed, ...); None: no e-mail was queued
    letter_id: str | None = None
    sent_at: datetime | None = None
    attempts: int = 0
    last_error: str | None = None
    on_case: bool = False  # the e-mail belongs to this case (so the case page can send it again)

    @property
    def words(self) -> str:
        if self.status is None:
            return "No e-mail was queued"
        if self.status == "manual":
            return "No inbox: pass it on by hand"
        return plain.status(self.status)


@dataclass
class Manager:
    name: str
    role: str  # "Line manager" (a person) or "Team manager"
    copied: bool  # a copy of the referral went to them
    delivery: Delivery | None = None


@dataclass
class ReferralRow:
    kind: str  # referral | alert
    reason: str
    to_name: str
    to_address: str | None
    to_kind: str  # Team | Person | Duty inbox
    created_at: datetime
    delivery: Delivery
    handoff_id: int | None = None  # raised on the chat's handoff, before the case was opened
    managers: list[Manager] = field(default_factory=list)

    @property
    def what(self) -> str:
        return "Alert" if self.kind == "alert" else "Referral"

    @property
    def reason_words(self) -> str:
        return plain.REFERRAL_REASONS.get(self.reason, self.reason.replace("_", " ").capitalize())


def _to_kind(key: str) -> str:
    if key.startswith("staff:"):
        return "Person"
    if key == "duty":
        return "Duty inbox"
    return "Team"


def _team_manager(key: str) -> str | None:
    """The manager the routing directory names for a team key ('team:asb'), if any."""
    if not key.startswith("team:"):
        return None
    try:
        team = routing.load_directory().teams.get(key[5:])
    except routing.RoutingError:
        return None
    return team.manager if team is not None else None


def _delivery(m: OutboxMessage | None, case: Case) -> Delivery:
    if m is None:
        return Delivery(None)
    return Delivery(m.status, m.letter_id, m.sent_at, m.attempts or 0, m.last_error, m.case_id == case.id)


def case_referrals(session: Session, case: Case) -> list[ReferralRow]:
    handoff_ids: list[int] = [case.handoff_id] if case.handoff_id is not None else []
    if case.conversation_id:
        handoff_ids += list(session.scalars(select(Handoff.id).where(Handoff.conversation_id == case.conversation_id)))
    where = Referral.case_id == case.id
    if handoff_ids:
        where = or_(where, Referral.handoff_id.in_(sorted(set(handoff_ids))))
    q = (select(Referral, OutboxMessage).outerjoin(OutboxMessage, OutboxMessage.id == Referral.outbox_id)
         .where(where).order_by(Referral.id))
    rows: list[tuple[ReferralRow, str]] = []
    by_key: dict[tuple[str, str, str], ReferralRow] = {}
    for r, m in session.execute(q):
        if r.to_key.endswith(MANAGER_SUFFIX):
            main = by_key.get((r.kind, r.reason, r.to_key[: -len(MANAGER_SUFFIX)]))
            if main is not None:
                name = r.to_name.split(" (line manager of ")[0]
                role = "Line manager" if main.to_kind == "Person" else "Team manager"
                main.managers.append(Manager(name, role, True, _delivery(m, case)))
                continue
        row = ReferralRow(kind=r.kind, reason=r.reason, to_name=r.to_name, to_address=r.to_address,
                          to_kind=_to_kind(r.to_key), created_at=r.created_at, delivery=_delivery(m, case),
                          handoff_id=r.handoff_id if r.case_id is None else None)
        by_key[(r.kind, r.reason, r.to_key)] = row
        rows.append((row, r.to_key))
    for row, key in rows:
        if not row.managers:
            name = _team_manager(key)
            if name:
                row.managers.append(Manager(name, "Team manager", False))
    return [row for row, _ in rows]
