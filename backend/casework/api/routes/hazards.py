"""/api/v1/hazards: Awaab's Law hazard records (docs/hazards.md). Service token required."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from ...hazards import reassess as reassessment, service
from ...hazards.schemas import HazardCreate, HouseholdByKeyIn, HouseholdIn, ReassessIn, SeverityIn, StepIn
from ..responses import HazardOut, ReassessOut
from ..deps import Actor, ApiError, SessionDep, call as _call, created as _created, require_token

router = APIRouter(prefix="/api/v1/hazards", tags=["hazards"], dependencies=[Depends(require_token)])
Board = Literal["open", "due_today", "breached", "closed"]


@router.post("", status_code=201, response_model=HazardOut)
def create_hazard(body: HazardCreate, session: SessionDep, actor: Actor):
    return _created(*_call(service.create_hazard, session, body, actor))


@router.post("/household", response_model=HazardOut)
def household_by_key(body: HouseholdByKeyIn, session: SessionDep, actor: Actor):
    """The household answer, naming the hazard by its creation key (idempotent: answers merge)."""
    def go():
        h = service.find_by_key(session, body.hazard_key)
        return service.record_household(session, h.reference, body.vulnerabilities, actor, h,
                                        known=body.known)
    return _call(go)


@router.post("/reassess", response_model=ReassessOut)
def reassess(body: ReassessIn, session: SessionDep, actor: Actor):
    """A later message naming someone at greater risk: the conversation's open hazards assessed
    again (an emergency from now, never a longer timescale; the duty inbox alerted)."""
    return _call(reassessment.reassess, session, body, actor)


@router.get("", response_model=list[HazardOut])
def list_hazards(session: SessionDep, view: Board = "open",
                 conversation_id: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")] = None):
    if conversation_id is not None:
        return service.for_conversation(session, conversation_id)
    return service.board(session, view)


@router.get("/{reference}", response_model=HazardOut)
def get_hazard(reference: str, session: SessionDep):
    if len(reference) > 40:
        raise ApiError(404, "No such hazard.")
    return _call(lambda: service.hazard_view(service.find_hazard(session, reference)))


@router.post("/{reference}/household", response_model=HazardOut)
def household(reference: str, body: HouseholdIn, session: SessionDep, actor: Actor):
    return _call(service.record_household, session, reference, body.vulnerabilities, actor, None,
                 body.known)


@router.post("/{reference}/severity", response_model=HazardOut)
def severity(reference: str, body: SeverityIn, session: SessionDep, actor: Actor):
    return _call(service.set_severity, session, reference, body.severity, body.reason, actor)


@router.post("/{reference}/steps", response_model=HazardOut)
def step(reference: str, body: StepIn, session: SessionDep, actor: Actor):
    return _call(service.record_step, session, reference, body, actor)
