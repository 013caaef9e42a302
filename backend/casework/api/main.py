"""Builds the FastAPI app `casework.api:app`: the HTTP API in docs/api-contract.md. Thin: parsing, auth and
error mapping here; policy in stages.py; storage in cases.py."""
from __future__ import annotations

import hmac
import logging
import os
from contextlib import asynccontextmanager
from typing import Annotated, Any, Iterator, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from .. import cases, db, outbox
from ..conflicts import find_conflicts
from ..profiles import UnknownProfile, all_profiles, get_profile
from ..schemas import (
    MAX_INT4, AcknowledgeIn, CloseIn, ComplaintCreate, ComplimentCreate, EscalateIn,
    ExcludedCreate, ExtendIn, HandoffCreate, LinkIn, RespondIn,
    ServiceRequestCreate,
)

log = logging.getLogger("casework")


class ApiError(Exception):
    def __init__(self, status: int, detail: str, code: str | None = None):
        self.status, self.detail, self.code = status, detail, code


def _token_problem() -> str | None:
    if os.environ.get("BACKEND_API_TOKEN"):
        return None
    if os.environ.get("CASEWORK_DEV_INSECURE") == "1":
        return None
    return ("BACKEND_API_TOKEN is not set. Set it to the bearer token clients must send "
            "(scripts/run.sh generates one), or set CASEWORK_DEV_INSECURE=1 to run without auth "
            "on a development machine.")


def create_app(database_url: str | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        problem = _token_problem()
        if problem:
            raise RuntimeError(problem)
        all_profiles()  # refuse to start on a bad profile file
        worker = None
        if os.environ.get("OUTBOX_WORKER", "").lower() in ("inprocess", "1", "true"):
            from ..outbox_worker import start_in_process

            worker = start_in_process(db.session_factory(app.state.database_url or db.database_url()))
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()

    app = FastAPI(
        title="Complaints intake case service",
        version="1.0.0",
        description="Case records for complaints, service requests, compliments and excluded "
                    "matters, with stage dates in working days. Contract: docs/api-contract.md.",
        lifespan=lifespan,
    )
    app.state.database_url = database_url
    app.state.sessionmaker = None
    _install_handlers(app)
    app.include_router(service_router)
    # Feature routers from casework/api/routes/ (one line each).
    from .routes import held, resident  # issue 16: resident look-ups, held messages
    app.include_router(resident.router)
    app.include_router(held.router)
    from ..staff.routes import install as install_staff  # staff web pages under /staff/

    install_staff(app)

    @app.get("/health", tags=["health"])
    def health(request: Request):
        try:
            with _sessionmaker(request)() as s:
                s.execute(text("SELECT 1"))
        except Exception as exc:  # any driver error means "unreachable" here
            log.warning("health check: database unreachable (%s)", type(exc).__name__)
            return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
        return {"status": "ok", "database": "ok"}

    return app


def _sessionmaker(request: Request) -> sessionmaker[Session]:
    app = request.app
    if app.state.sessionmaker is None:
        app.state.sessionmaker = db.session_factory(app.state.database_url or db.database_url())
    return app.state.sessionmaker


def get_session(request: Request) -> Iterator[Session]:
    session = _sessionmaker(request)()
    try:
        yield session
    finally:
        session.close()  # rolls back anything not committed: nothing half-written


def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
    expected = os.environ.get("BACKEND_API_TOKEN")
    if not expected:
        if os.environ.get("CASEWORK_DEV_INSECURE") == "1":
            return
        raise ApiError(503, "The server has no BACKEND_API_TOKEN configured.")
    given = authorization or ""
    if not hmac.compare_digest(given.encode(), f"Bearer {expected}".encode()):
        raise ApiError(401, "Missing or wrong bearer token." if given else "Missing bearer token.")


def actor_of(x_actor: Annotated[str | None, Header(max_length=100)] = None) -> str:
    return (x_actor or "service").replace("\x00", "")[:100]


SessionDep = Annotated[Session, Depends(get_session)]
Actor = Annotated[str, Depends(actor_of)]
HandoffId = Annotated[int, Path(ge=1, le=MAX_INT4)]


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_req: Request, exc: ApiError):
        body: dict[str, Any] = {"detail": exc.detail}
        if exc.code:
            body["code"] = exc.code
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(body, status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_req: Request, exc: RequestValidationError):
        # Keep loc/msg/type only: never echo the submitted input back.
        errors = []
        for e in exc.errors():
            msg = e.get("msg", "invalid")
            if e.get("type") == "json_invalid":
                msg = f"Malformed JSON body: {e.get('ctx', {}).get('error', 'could not be parsed')}"
            elif msg.startswith("Value error, "):
                msg = msg[len("Value error, "):]
            errors.append({"loc": list(e.get("loc", ())), "msg": msg, "type": e.get("type")})
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(_req: Request, exc: Exception):
        log.error("unexpected error: %s", type(exc).__name__)  # no message: it may hold personal data
        return JSONResponse({"detail": "Internal server error."}, status_code=500)


def _call(fn, *args):
    """Run a case-service call, mapping its errors to HTTP errors."""
    try:
        return fn(*args)
    except UnknownProfile as exc:
        raise ApiError(422, str(exc)) from None
    except (cases.NotFound, outbox.LetterNotFound) as exc:
        raise ApiError(404, str(exc)) from None
    except outbox.LetterConflict as exc:
        raise ApiError(409, exc.message, exc.code) from None
    except cases.Conflict as exc:
        if exc.code == "invalid":
            raise ApiError(422, exc.message) from None
        raise ApiError(409, exc.message, exc.code) from None


def _created(view: dict[str, Any], created: bool) -> JSONResponse:
    return JSONResponse({**view, "created": created}, status_code=201 if created else 200)


service_router = APIRouter(prefix="/api/v1", dependencies=[Depends(require_token)])


@service_router.get("/profiles", tags=["profiles"])
def list_profiles():
    return [{"id": p.id, "name": p.name, "default": p.default} for p in all_profiles().values()]


def _profile_or_404(profile_id: str):
    try:
        return get_profile(profile_id)
    except UnknownProfile as exc:
        raise ApiError(404, str(exc)) from None


@service_router.get("/profiles/{profile_id}", tags=["profiles"])
def profile_detail(profile_id: str):
    return _profile_or_404(profile_id).as_data()


@service_router.get("/profiles/{profile_id}/conflicts", tags=["profiles"])
def profile_conflicts(profile_id: str):
    return [c.as_dict() for c in find_conflicts(_profile_or_404(profile_id))]


@service_router.post("/complaints", tags=["complaints"], status_code=201)
def create_complaint(body: ComplaintCreate, session: SessionDep, actor: Actor):
    return _created(*_call(cases.create_case, session, "complaint", body, actor))


@service_router.post("/service-requests", tags=["service requests"], status_code=201)
def create_service_request(body: ServiceRequestCreate, session: SessionDep, actor: Actor):
    return _created(*_call(cases.create_case, session, "service_request", body, actor))


@service_router.post("/compliments", tags=["compliments"], status_code=201)
def create_compliment(body: ComplimentCreate, session: SessionDep, actor: Actor):
    return _created(*_call(cases.create_case, session, "compliment", body, actor))


@service_router.post("/excluded-matters", tags=["excluded matters"], status_code=201)
def create_excluded(body: ExcludedCreate, session: SessionDep, actor: Actor):
    return _created(*_call(cases.create_case, session, "excluded", body, actor))


@service_router.get("/cases/{reference}", tags=["cases"])
def get_case(reference: str, session: SessionDep):
    return _call(lambda: cases.case_view(cases.find_case(session, reference)))


@service_router.get("/cases/{reference}/letters", tags=["letters"])
def case_letters(reference: str, session: SessionDep):
    return _call(lambda: outbox.case_letters(session, cases.find_case(session, reference)))


OutboxStatus = Literal["pending", "sending", "sent", "failed", "unknown", "manual"]
LetterId = Annotated[str, Path(max_length=40, pattern=r"^LTR-[0-9a-f]{32}$")]


@service_router.get("/outbox", tags=["letters"])
def list_outbox(session: SessionDep, status: OutboxStatus | None = None):
    return outbox.list_outbox(session, status)


@service_router.post("/outbox/{letter_id}/retry", tags=["letters"])
def retry_letter(letter_id: LetterId, session: SessionDep, actor: Actor):
    return _call(outbox.staff_retry, session, letter_id, actor)


@service_router.post("/outbox/{letter_id}/mark-sent", tags=["letters"])
def mark_letter_sent(letter_id: LetterId, session: SessionDep, actor: Actor):
    return _call(outbox.staff_mark_sent, session, letter_id, actor)


@service_router.post("/complaints/{reference}/acknowledge", tags=["complaints"])
def acknowledge(reference: str, session: SessionDep, actor: Actor, body: AcknowledgeIn | None = None):
    on = body.acknowledged_on if body else None
    return _call(cases.acknowledge, session, reference, on, actor)


@service_router.post("/complaints/{reference}/escalate", tags=["complaints"])
def escalate(reference: str, session: SessionDep, actor: Actor, body: EscalateIn | None = None):
    return _call(cases.escalate, session, reference, body.requested_at if body else None, actor)


@service_router.post("/complaints/{reference}/extend", tags=["complaints"])
def extend(reference: str, body: ExtendIn, session: SessionDep, actor: Actor):
    return _call(cases.extend, session, reference, body.days, body.reason, actor)


@service_router.post("/complaints/{reference}/respond", tags=["complaints"])
def respond(reference: str, body: RespondIn, session: SessionDep, actor: Actor):
    return _call(cases.respond, session, reference, body, actor)


@service_router.post("/complaints/{reference}/close", tags=["complaints"])
def close(reference: str, body: CloseIn, session: SessionDep, actor: Actor):
    return _call(cases.close, session, reference, body.outcome, body.reason, actor)


@service_router.post("/handoffs", tags=["handoffs"], status_code=201)
def create_handoff(body: HandoffCreate, session: SessionDep, actor: Actor):
    return _created(*_call(cases.create_handoff, session, body, actor))


@service_router.get("/handoffs", tags=["handoffs"])
def list_handoffs(session: SessionDep,
                  conversation_id: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")] = None):
    return cases.list_handoffs(session, conversation_id)


@service_router.get("/handoffs/{handoff_id}", tags=["handoffs"])
def get_handoff(handoff_id: HandoffId, session: SessionDep):
    return _call(cases.get_handoff, session, handoff_id)


@service_router.post("/handoffs/{handoff_id}/link", tags=["handoffs"])
def link_handoff(handoff_id: HandoffId, body: LinkIn, session: SessionDep, actor: Actor):
    return _call(cases.link_handoff, session, handoff_id, body.reference, actor)


app = create_app()
