"""Request bodies for /api/v1/hazards (same checks as casework.schemas: lengths, NULs, dates)."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..schemas import MAX_INT4, Channel, Day, Moment, ReceiptTime, Short, Text

# "unspecified": the resident said someone is at greater risk but not who (backend/hazards.yaml)
Vulnerability = Literal["baby", "young_children", "pregnancy", "older_person", "respiratory",
                        "weakened_immunity", "disability", "health_condition", "unspecified"]
HazardId = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]
Step = Literal["investigation_concluded", "summary_sent", "safety_work_done", "preventative_begun",
               "preventative_started", "accommodation_offered"]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HazardCreate(_Body, ReceiptTime):
    # ReceiptTime's received_at is used only without a handoff; a handoff's receipt time wins
    idempotency_key: Annotated[str, Field(min_length=1, max_length=200)]
    hazard_type: HazardId
    handoff_id: Annotated[int, Field(ge=1, le=MAX_INT4)] | None = None
    conversation_id: Short | None = None
    # the case this conversation already opened (a hazard first mentioned in a later message): the
    # hazard joins it only if the case was opened from (or verified in) the same conversation
    case_reference: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    channel: Channel = "rest"
    profile: Short | None = None
    emergency_signs: bool = False          # the message describes an immediate danger
    household_known: bool = False          # the message (or an answer) says who lives there
    vulnerabilities: list[Vulnerability] = Field(default_factory=list, max_length=10)


class HouseholdIn(_Body):
    vulnerabilities: list[Vulnerability] = Field(default_factory=list, max_length=10)
    # False: the resident was asked and did not say (staff see "Not known yet"), never "no one"
    known: bool = True


class HouseholdByKeyIn(HouseholdIn):
    """The assistant's form of HouseholdIn: names the hazard by the key it was created with, so it
    can be queued in the bot's outbox before the hazard's reference is known."""
    idempotency_key: Annotated[str, Field(min_length=1, max_length=200)]
    hazard_key: Annotated[str, Field(min_length=1, max_length=200)]


class ReassessIn(_Body):
    """A later message naming who in the household is at greater risk (hazards.reassess): the
    hazards of the conversation's case (case_reference, checked as on a create) and the one created
    with hazard_key (this conversation's) are assessed again. No time is taken from the client: the
    case service's clock says when it became aware."""
    idempotency_key: Annotated[str, Field(min_length=1, max_length=200)]
    conversation_id: Short
    case_reference: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    hazard_key: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    vulnerabilities: list[Vulnerability] = Field(min_length=1, max_length=10)


class SeverityIn(_Body):
    severity: Literal["emergency", "significant"]
    reason: Text | None = None


class StepIn(_Body):
    step: Step
    at: Moment = None                      # when it happened (default: now)
    findings: Text | None = None           # investigation_concluded
    safety_work: Text | None = None
    safety_work_by: Day = None
    further_work: Text | None = None
    further_work_from: Day = None
    note: Text | None = None               # accommodation_offered
