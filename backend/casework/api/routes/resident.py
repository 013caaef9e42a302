"""What a resident can do with their reference and postcode or e-mail (no bearer token)."""
from __future__ import annotations

from fastapi import APIRouter

from ... import cases
from ...schemas import ResidentEscalate, ResidentLookup
from ..deps import ApiError, SessionDep, call
from ..responses import ResidentCaseOut

NO_MATCH = "No case matches that reference and postcode or email."

router = APIRouter(prefix="/api/v1/resident", tags=["resident"])


@router.post("/case-status", response_model=ResidentCaseOut)
def resident_status(body: ResidentLookup, session: SessionDep):
    case = cases.resident_case(session, body.reference, body.postcode, body.email)
    if case is None:
        raise ApiError(404, NO_MATCH)
    return cases.resident_view(case)


@router.post("/escalate", response_model=ResidentCaseOut)
def resident_escalate(body: ResidentEscalate, session: SessionDep):
    case = cases.resident_case(session, body.reference, body.postcode, body.email)
    if case is None:
        raise ApiError(404, NO_MATCH)
    if case.kind != "complaint":
        raise ApiError(409, f"{case.reference} is not a complaint, so it has no stages.", "not_a_complaint")
    call(cases.escalate, session, case.reference, body.requested_at, "resident", case)
    return cases.resident_view(case)
