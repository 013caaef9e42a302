"""Handoffs: the triage record of every triaged message, linking to a case, and pick-up of flagged ones."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from ... import case_messages, handoff_records, referrals
from ...schemas import CaseMessageIn, HandoffCreate, LinkIn
from ..deps import Actor, HandoffId, SessionDep, call, require_token
from ..responses import CreatedHandoffOut, HandoffMessageOut, HandoffOut

router = APIRouter(prefix="/api/v1", tags=["handoffs"], dependencies=[Depends(require_token)])


@router.post("/handoffs", status_code=201, response_model=CreatedHandoffOut)
def create_handoff(body: HandoffCreate, session: SessionDep, actor: Actor, response: Response):
    view, was_created = call(handoff_records.create_handoff, session, body, actor)
    response.status_code = 201 if was_created else 200
    return {**view, "created": was_created}


@router.get("/handoffs", response_model=list[HandoffOut])
def list_handoffs(session: SessionDep,
                  conversation_id: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")] = None):
    return handoff_records.list_handoffs(session, conversation_id)


@router.get("/handoffs/{handoff_id}", response_model=HandoffOut)
def get_handoff(handoff_id: HandoffId, session: SessionDep):
    return call(handoff_records.get_handoff, session, handoff_id)


@router.post("/handoffs/{handoff_id}/link", response_model=HandoffOut)
def link_handoff(handoff_id: HandoffId, body: LinkIn, session: SessionDep, actor: Actor):
    return call(handoff_records.link_handoff, session, handoff_id, body.reference, actor, body.keep_open)


@router.post("/handoffs/{handoff_id}/messages", status_code=201, response_model=HandoffMessageOut)
def add_handoff_message(handoff_id: HandoffId, body: CaseMessageIn, session: SessionDep, actor: Actor,
                        response: Response):
    """A later message from the conversation the handoff came from (the resident said it is about the
    same matter): kept with the handoff for staff. 404 unless the handoff came from `conversation_id`;
    the same message id again adds nothing (200, added false)."""
    view, added = call(case_messages.add_handoff_message, session, handoff_id, body, actor)
    response.status_code = 201 if added else 200
    return view


@router.post("/handoffs/{handoff_id}/pick-up", response_model=HandoffOut)
def pick_up_handoff(handoff_id: HandoffId, session: SessionDep, actor: Actor):
    """A person takes a flagged handoff (safeguarding, emergency): records who and when."""
    return call(referrals.pick_up, session, handoff_id, actor)
