"""Letters: a case's letters and the outbox (delivery state, retry, mark sent)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path

from ... import cases, corrections, outbox
from ..deps import Actor, SessionDep, call, require_token
from ..responses import LetterOut

router = APIRouter(prefix="/api/v1", tags=["letters"], dependencies=[Depends(require_token)])

OutboxStatus = Literal["pending", "sending", "sent", "failed", "unknown", "manual", "held", "withdrawn"]
LetterId = Annotated[str, Path(max_length=40, pattern=r"^LTR-[0-9a-f]{32}$")]


@router.get("/cases/{reference}/letters", response_model=list[LetterOut])
def case_letters(reference: str, session: SessionDep):
    return call(lambda: outbox.case_letters(session, cases.find_case(session, reference)))


@router.get("/outbox", response_model=list[LetterOut])
def list_outbox(session: SessionDep, status: OutboxStatus | None = None):
    return outbox.list_outbox(session, status)


@router.post("/outbox/{letter_id}/retry", response_model=LetterOut)
def retry_letter(letter_id: LetterId, session: SessionDep, actor: Actor):
    return call(outbox.staff_retry, session, letter_id, actor)


@router.post("/outbox/{letter_id}/mark-sent", response_model=LetterOut)
def mark_letter_sent(letter_id: LetterId, session: SessionDep, actor: Actor):
    letter = call(outbox.staff_mark_sent, session, letter_id, actor)
    return call(corrections.letter_went, session, letter, actor)


@router.post("/outbox/{letter_id}/release", response_model=LetterOut)
def release_letter(letter_id: LetterId, session: SessionDep, actor: Actor):
    """A letter held for staff (e.g. the resident asked for another language) is released to go."""
    letter = call(outbox.staff_release, session, letter_id, actor)
    return call(corrections.letter_went, session, letter, actor)
