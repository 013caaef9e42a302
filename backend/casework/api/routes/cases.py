"""Creating records (complaints, service requests, compliments, excluded matters), reading a case,
and a complaint's stage transitions."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from ... import case_messages, cases, corrections
from ...schemas import (
    AcknowledgeIn, CaseMessageIn, CloseIn, ComplaintCreate, ComplimentCreate, EscalateIn, ExcludedCreate, ExtendIn,
    RespondIn, ServiceRequestCreate, UnderstandingIn,
)
from ..deps import Actor, SessionDep, call, require_token
from ..responses import CaseMessageOut, CaseOut, CreatedCaseOut

router = APIRouter(prefix="/api/v1", dependencies=[Depends(require_token)])


def _create(response: Response, session, kind: str, body, actor: str) -> dict:
    view, was_created = call(cases.create_case, session, kind, body, actor)
    response.status_code = 201 if was_created else 200
    return {**view, "created": was_created}


@router.post("/complaints", tags=["complaints"], status_code=201, response_model=CreatedCaseOut)
def create_complaint(body: ComplaintCreate, session: SessionDep, actor: Actor, response: Response):
    return _create(response, session, "complaint", body, actor)


@router.post("/service-requests", tags=["service requests"], status_code=201,
             response_model=CreatedCaseOut)
def create_service_request(body: ServiceRequestCreate, session: SessionDep, actor: Actor,
                           response: Response):
    return _create(response, session, "service_request", body, actor)


@router.post("/compliments", tags=["compliments"], status_code=201, response_model=CreatedCaseOut)
def create_compliment(body: ComplimentCreate, session: SessionDep, actor: Actor, response: Response):
    return _create(response, session, "compliment", body, actor)


@router.post("/excluded-matters", tags=["excluded matters"], status_code=201,
             response_model=CreatedCaseOut)
def create_excluded(body: ExcludedCreate, session: SessionDep, actor: Actor, response: Response):
    return _create(response, session, "excluded", body, actor)


@router.get("/cases/{reference}", tags=["cases"], response_model=CaseOut)
def get_case(reference: str, session: SessionDep):
    return call(lambda: cases.case_view(cases.find_case(session, reference)))


@router.post("/cases/{reference}/messages", tags=["cases"], status_code=201, response_model=CaseMessageOut)
def add_case_message(reference: str, body: CaseMessageIn, session: SessionDep, actor: Actor,
                     response: Response):
    """A later message from the conversation that opened the case, added to its transcript (the
    resident said it is about the same matter). 404 unless the case was opened from
    `conversation_id`; the same message id again adds nothing (200, added false)."""
    view, added = call(case_messages.add_message, session, reference[:40], body, actor)
    response.status_code = 201 if added else 200
    return view


@router.post("/complaints/{reference}/acknowledge", tags=["complaints"], response_model=CaseOut)
def acknowledge(reference: str, session: SessionDep, actor: Actor, body: AcknowledgeIn | None = None):
    on = body.acknowledged_on if body else None
    return call(cases.acknowledge, session, reference, on, actor)


@router.post("/complaints/{reference}/escalate", tags=["complaints"], response_model=CaseOut)
def escalate(reference: str, session: SessionDep, actor: Actor, body: EscalateIn | None = None):
    return call(cases.escalate, session, reference, body.requested_at if body else None, actor)


@router.post("/complaints/{reference}/extend", tags=["complaints"], response_model=CaseOut)
def extend(reference: str, body: ExtendIn, session: SessionDep, actor: Actor):
    return call(cases.extend, session, reference, body.days, body.reason, actor)


@router.post("/complaints/{reference}/respond", tags=["complaints"], response_model=CaseOut)
def respond(reference: str, body: RespondIn, session: SessionDep, actor: Actor):
    return call(cases.respond, session, reference, body, actor)


@router.post("/complaints/{reference}/close", tags=["complaints"], response_model=CaseOut)
def close(reference: str, body: CloseIn, session: SessionDep, actor: Actor):
    return call(cases.close, session, reference, body.outcome, body.reason, actor)


@router.patch("/complaints/{reference}/understanding", tags=["complaints"], response_model=CaseOut)
def edit_understanding(reference: str, body: UnderstandingIn, session: SessionDep, actor: Actor):
    """Staff correct the landlord's understanding (summary) and the outcome wanted. If the stage's
    acknowledgement (at stage 2 on, its escalation letter) has already been queued or sent, a
    corrected one goes out."""
    return call(corrections.edit_understanding, session, reference, body, actor)
