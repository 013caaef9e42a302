"""Dependencies shared by the API's routers: database session, bearer token, actor, error mapping."""
from __future__ import annotations

import hmac
from typing import Annotated, Any, Iterator

from fastapi import Depends, Header, Path, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker

from .. import cases, db, outbox
from ..profiles import UnknownProfile
from ..schemas import MAX_INT4
from ..settings import get_settings


class ApiError(Exception):
    def __init__(self, status: int, detail: str, code: str | None = None):
        self.status, self.detail, self.code = status, detail, code


def sessionmaker_of(request: Request) -> sessionmaker[Session]:
    return db.app_sessionmaker(request.app)


def get_session(request: Request) -> Iterator[Session]:
    session = sessionmaker_of(request)()
    try:
        yield session
    finally:
        session.close()  # rolls back anything not committed: nothing half-written


def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
    s = get_settings()
    expected = s.backend_api_token
    if not expected:
        if s.casework_dev_insecure:
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


def call(fn, *args):
    """Run a case-service call, mapping its errors to HTTP errors."""
    try:
        return fn(*args)
    except UnknownProfile as exc:
        raise ApiError(422, str(exc)) from None
    except (cases.NotFound, outbox.LetterNotFound) as exc:
        raise ApiError(404, str(exc), getattr(exc, "code", None)) from None
    except outbox.LetterConflict as exc:
        raise ApiError(409, exc.message, exc.code) from None
    except cases.Conflict as exc:
        if exc.code == "invalid":
            raise ApiError(422, exc.message) from None
        raise ApiError(409, exc.message, exc.code) from None


def created(view: dict[str, Any], was_created: bool) -> JSONResponse:
    return JSONResponse({**view, "created": was_created}, status_code=201 if was_created else 200)
