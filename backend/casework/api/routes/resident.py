"""Resident-safe look-ups (no staff token needed): a case's status and asking to escalate.

Both go through the same check (casework/guarding/lookups.py): reference + postcode, e-mail or phone,
throttled per conversation, per client address and per case, with one identical answer for
every miss. The bot calls these with the service token and passes the conversation id and a
hash of the resident's client address (values a resident cannot set); a call without the token
is throttled by the address it comes from and any conversation id it sends is ignored.
"""
from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Request

from ... import cases
from ...guarding.lookups import Throttled, checked_case
from ...schemas import ResidentEscalate, ResidentLookup, Short
from ...settings import get_settings
from ..deps import ApiError, SessionDep, call as _call
from ..responses import ResidentCaseOut

router = APIRouter(prefix="/api/v1/resident", tags=["resident"])
NO_MATCH = "No case matches that reference and postcode or email."
THROTTLED = "Too many attempts. Please try again later, or contact us by phone or e-mail."


class LookupIn(ResidentLookup):
    conversation_id: Short | None = None
    client: Short | None = None


class EscalateIn(ResidentEscalate):
    conversation_id: Short | None = None
    client: Short | None = None


def _is_service(authorization: str | None) -> bool:
    expected = get_settings().backend_api_token
    return bool(expected and authorization) and hmac.compare_digest(
        authorization.encode(), f"Bearer {expected}".encode())


def _case(request: Request, body: LookupIn, session, authorization: str | None):
    if _is_service(authorization):
        conversation, client = body.conversation_id, body.client
    else:
        conversation, client = None, request.client.host if request.client else "unknown"
    try:
        case = checked_case(session, body.reference, body.postcode, body.email,
                            conversation, client, phone=body.phone)
    except Throttled:
        raise ApiError(429, THROTTLED, "throttled") from None
    if case is None:
        raise ApiError(404, NO_MATCH)
    return case


@router.post("/case-status", response_model=ResidentCaseOut)
def resident_status(body: LookupIn, request: Request, session: SessionDep,
                    authorization: Annotated[str | None, Header()] = None):
    return cases.resident_view(_case(request, body, session, authorization))


@router.post("/escalate", response_model=ResidentCaseOut)
def resident_escalate(body: EscalateIn, request: Request, session: SessionDep,
                      authorization: Annotated[str | None, Header()] = None):
    case = _case(request, body, session, authorization)
    # The time of the request is the server's unless the bot (service token) passes the
    # receipt time its channel set: a public caller cannot reopen a closed window.
    requested_at = body.requested_at if _is_service(authorization) else None
    if case.kind != "complaint":
        raise ApiError(409, f"{case.reference} is not a complaint, so it has no stages.",
                       "not_a_complaint")
    _call(cases.escalate, session, case.reference, requested_at, "resident", case)
    return cases.resident_view(case)
