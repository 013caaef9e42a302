"""Response models: what each endpoint returns (docs/api-contract.md). `extra="allow"` keeps fields
that other features add to a view (they are documented where they are added); every field named
here is always present."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class ProfileSummary(Out):
    id: str
    name: str
    default: bool


class ConflictOut(Out):
    field: str
    profile_value: Any
    code_value: Any
    message: str


class ContactOut(Out):
    name: str | None = None


class ReferralOut(Out):
    id: int
    kind: str
    to_name: str
    to_address: str | None
    reason: str
    letter_id: str | None
    delivery_status: str | None
    created_at: str | None


class CaseOut(Out):
    reference: str
    kind: str
    status: str
    profile: str
    received_at: str | None
    received_at_dropped: str | None = None  # why the time sent was not used (then: when it came)
    effective_received_on: str | None
    channel: str
    conversation_id: str | None
    text: str
    flags: list[str]
    contact: dict[str, Any] | None
    representative: dict[str, Any] | None
    handoff_id: int | None
    created_at: str | None
    referrals: list[ReferralOut] = []


class CreatedCaseOut(CaseOut):
    created: bool


class LetterOut(Out):
    letter_id: str
    reference: str
    kind: str
    channel: str
    recipient: str | None
    status: str
    attempts: int
    subject: str
    message_id: str
    sent_at: str | None
    created_at: str | None


class HandoffOut(Out):
    id: int
    status: str
    conversation_id: str | None
    message_id: str | None
    text: str
    received_at: str | None
    received_at_dropped: str | None = None  # why the time sent was not used (then: when it came)
    channel: str
    profile: str
    category: str
    reason: str | None
    confidence: float | None
    intent: str | None
    entities: list[dict[str, Any]]
    flags: list[str]
    explanation: str | None
    case_reference: str | None
    created_at: str | None
    picked_up_by: str | None = None
    picked_up_at: str | None = None
    pick_up_by: str | None = None  # a flagged handoff: when a person must have picked it up (UTC)
    contact: dict[str, Any] | None = None  # how staff can reach the resident; None: nobody asked
    data_request: dict[str, Any] | None = None  # a data-rights request with it: kinds, due_on (one month)


class CreatedHandoffOut(HandoffOut):
    created: bool


class ResidentHazardDeadlineOut(Out):
    label: str
    unit: str               # hours | working_days | weeks
    due_at: str | None      # the moment it passes (ISO, UTC)
    due_on: str | None      # the local day it falls on
    due_text: str | None    # the same in the profile's time: "Fri 25 Dec 2026 16:30"
    done: bool
    status: str             # met | late | breached | due_today | waiting | open


class ResidentHazardOut(Out):
    """An Awaab's Law hazard on the resident's own case (no staff notes or household details)."""
    reference: str
    hazard_type: str
    hazard_name: str
    severity: str
    in_force: bool
    status: str
    deadlines: list[ResidentHazardDeadlineOut]


class ResidentCaseOut(Out):
    reference: str
    kind: str
    stage: int | None
    stage_name: str | None
    status: str
    acknowledge_by: str | None
    respond_by: str | None
    next_step: str
    hazards: list[ResidentHazardOut] = []


class HazardDeadlineOut(Out):
    id: str
    label: str
    unit: str
    amount: int
    starts: str
    due_at: str | None
    due_on: str | None
    done_at: str | None
    status: str
    due_text: str | None


class HazardOut(Out):
    """An Awaab's Law hazard record with its statutory deadlines (docs/hazards.md)."""
    reference: str
    hazard_type: str
    hazard_name: str
    severity: str
    proposed_severity: str
    in_force: bool
    household_known: bool
    ask_household: bool
    aware_at: str
    received_at_dropped: str | None = None  # why the time sent was not used (aware_at: when it came)
    status: str
    profile: str
    deadlines: list[HazardDeadlineOut]
    next_due_at: str | None
    # a create or a household answer also carries letter_held_for and letter_address_wanted
    # (hazards.service.letters_of; extra fields, so the other hazard views do not claim them)


class ReassessedOut(HazardOut):
    """One hazard assessed again: `raised` (it became an emergency now), `new_vulnerabilities`, and
    `overdue` (its nearest deadline not met has already passed by the case service's clock: to be
    made safe at once, no date to promise)."""
    raised: bool
    new_vulnerabilities: list[str]
    overdue: bool


class ReassessOut(Out):
    """A later message's household news, assessed again (hazards.reassess): each hazard's view with
    letters_of, `raised`, `new_vulnerabilities` and `overdue` (ReassessedOut)."""
    hazards: list[ReassessedOut]


class HeldOut(Out):
    """A message the bot could not record normally, held in the staff queue (issue 16)."""
    id: int


class CaseMessageOut(Out):
    """A later message added to a case's transcript (POST /cases/{reference}/messages)."""
    reference: str
    kind: str
    position: int | None  # None when the same message was added before
    added: bool
    received_at_dropped: str | None = None  # why the time sent was not used (the server's instead)


class HandoffMessageOut(Out):
    """A later message kept with a handoff (POST /handoffs/{id}/messages)."""
    id: int
    position: int | None
    added: bool
    received_at_dropped: str | None = None  # as on CaseMessageOut
