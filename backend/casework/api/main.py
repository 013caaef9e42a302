"""Builds the FastAPI app `casework.api:app`: the HTTP API in docs/api-contract.md. Thin: app
building and error mapping here; dependencies in deps.py; routes in routes/*.py; policy in
stages.py; storage in cases.py; configuration in casework/settings.py."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import text

from .. import db
from ..profiles import all_profiles
from ..settings import get_settings
from .deps import ApiError, get_session, require_token, sessionmaker_of  # noqa: F401 (re-exported)
from ..hazards.catalogue import catalogue
from ..routing import load_directory
from .routes import cases as cases_routes, handoffs, hazards, held, letters, profiles, resident

log = logging.getLogger("casework")


def create_app(database_url: str | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        settings = get_settings()
        problem = settings.token_problem
        if problem:
            raise RuntimeError(problem)
        all_profiles()  # refuse to start on a bad profile file
        catalogue()  # or a bad hazards.yaml
        load_directory()  # or a bad routing directory
        worker = None
        if settings.worker_in_process:
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
    # Feature routers from casework/api/routes/ (one line each).
    app.include_router(profiles.router)
    app.include_router(cases_routes.router)
    app.include_router(letters.router)
    app.include_router(handoffs.router)
    app.include_router(resident.router)
    app.include_router(hazards.router)
    app.include_router(held.router)
    from ..staff.routes import install as install_staff  # staff web pages under /staff/

    install_staff(app)

    @app.get("/health", tags=["health"])
    def health(request: Request):
        try:
            with sessionmaker_of(request)() as s:
                s.execute(text("SELECT 1"))
        except Exception as exc:  # any driver error means "unreachable" here
            log.warning("health check: database unreachable (%s)", type(exc).__name__)
            return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
        return {"status": "ok", "database": "ok"}

    return app


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


app = create_app()
