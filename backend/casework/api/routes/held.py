"""Held messages (issue 16): records the bot could not make normally reach the staff queue.

POST /api/v1/held-messages          the bot (or its intake sweeper) hands over a message
GET  /api/v1/held-messages/{id}     the full text and reason, by handoff id (staff tools)
Lenient on purpose: whatever the bot sends is kept (NULs and lone surrogates removed, the
handoff's text cut to the API limit, the full text beside it); only a wrong shape is a 422.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field

from ...guarding.held import held_full, hold
from ...schemas import MAX_INT4
from ..deps import Actor, ApiError, SessionDep, created as _created, require_token
from ..responses import HeldOut

router = APIRouter(prefix="/api/v1/held-messages", tags=["held messages"],
                   dependencies=[Depends(require_token)])


class HeldIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    idempotency_key: Annotated[str, Field(min_length=1, max_length=400)]
    reason: Literal["too_long", "bot_failed", "not_answered", "refused"]
    text: Annotated[str, Field(max_length=1_000_000)] = ""
    conversation_id: Annotated[str, Field(max_length=10_000)] | None = None
    message_id: Annotated[str, Field(max_length=10_000)] | None = None
    channel: Annotated[str, Field(max_length=100)] | None = None
    received_at: Any = None
    flags: Annotated[list[str], Field(max_length=20)] = []
    kind: Annotated[str, Field(max_length=100)] | None = None
    status_code: Annotated[int, Field(ge=0, le=999)] | None = None
    detail: Annotated[str, Field(max_length=20_000)] | None = None
    record: dict[str, Any] | None = None


@router.post("", status_code=201, response_model=HeldOut)
def create_held(body: HeldIn, session: SessionDep, actor: Actor):
    return _created(*hold(session, body, actor))


@router.get("/{handoff_id}", response_model=HeldOut)
def get_held(handoff_id: Annotated[int, Path(ge=1, le=MAX_INT4)], session: SessionDep):
    found = held_full(session, handoff_id)
    if found is None:
        raise ApiError(404, f"No held message for handoff {handoff_id}.")
    return found
