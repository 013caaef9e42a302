"""The bot's only HTTP client for the case service (docs/api-contract.md).

Every call has a short timeout and every failure becomes a typed outcome; nothing here
raises to the caller. Writes the backend cannot take now (connection error, timeout, 5xx,
401/429) go to the durable outbox and come back as `Queued`. A write the backend refuses
(4xx: over-long text, a NUL byte, an odd date...) is handed to `POST /api/v1/held-messages`
(queued in the outbox if that cannot be reached now), so it reaches the staff queue with the
full text and the refusal reason: `Rejected(held=True)`.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Union

import httpx
from urllib.parse import quote

from actions.backend_answers import (  # noqa: F401 (re-exported: callers and tests import them here)
    CASE_NOT_HERE, CASE_STATUS, COMPLAINTS, COMPLIMENTS, EXCLUDED_MATTERS, HANDOFF_FIELDS, HANDOFF_NOT_HERE,
    HANDOFFS, HAZARD_HOUSEHOLD, HAZARD_REASSESS, HAZARDS, HELD, KIND_BY_PATH, RECORDS, RESIDENT_ESCALATE,
    RETRYABLE_STATUS, SERVICE_REQUESTS, _detail, classify, refused_body, sent_again, without_refused_case,
    without_refused_handoffs)
from actions.outbox import Outbox, SendResult
from actions.settings import DEFAULT_BACKEND_URL, get_settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClientConfig:
    base_url: str = DEFAULT_BACKEND_URL
    token: str = ""
    timeout_s: float = 5.0

    @classmethod
    def from_env(cls) -> "ClientConfig":
        """From the action server's settings (BACKEND_URL, BACKEND_API_TOKEN, BACKEND_TIMEOUT_S)."""
        settings = get_settings()
        return cls(base_url=settings.backend_url, token=settings.backend_api_token,
                   timeout_s=settings.backend_timeout_s)

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


@dataclass(frozen=True)
class Created:
    """The backend holds the record (created now, or earlier under the same key)."""
    kind: str
    reference: Optional[str]
    created: bool
    data: dict = field(default_factory=dict)

    @property
    def id(self) -> Optional[int]:
        return self.data.get("id")


@dataclass(frozen=True)
class Queued:
    """Stored in the local outbox; the deliverer will send it when the backend is back."""
    kind: str
    idempotency_key: str


@dataclass(frozen=True)
class Rejected:
    """The backend refused the request (4xx other than 404 on resident views)."""
    status_code: int
    detail: str
    code: Optional[str] = None
    held: bool = False  # handed to the staff queue (held-messages), now or via the outbox


@dataclass(frozen=True)
class CaseView:
    data: dict


@dataclass(frozen=True)
class NotFound:
    detail: str


@dataclass(frozen=True)
class Unavailable:
    """A read could not be done now (reads are not queued)."""
    reason: str


CreateOutcome = Union[Created, Queued, Rejected]
ResidentOutcome = Union[CaseView, NotFound, Rejected, Unavailable]


def sync_sender(config: ClientConfig,
                transport: Optional[httpx.BaseTransport] = None) -> Callable[[str, dict], SendResult]:
    """A blocking `send(path, body)` for the outbox deliverer."""
    def send(path: str, body: dict) -> SendResult:
        try:
            with httpx.Client(base_url=config.base_url, timeout=config.timeout_s,
                              headers=config.headers(), transport=transport) as client:
                return classify(client.post(path, json=body))
        except httpx.HTTPError as exc:
            return classify(None, error=type(exc).__name__)
    return send


class BackendClient:
    def __init__(self, config: Optional[ClientConfig] = None,
                 outbox: Optional[Outbox] = None,
                 transport: Optional[httpx.AsyncBaseTransport] = None) -> None:
        self.config = config or ClientConfig.from_env()
        self._outbox = outbox
        self._transport = transport

    @property
    def outbox(self) -> Outbox:
        if self._outbox is None:
            self._outbox = Outbox()
        return self._outbox

    async def _request(self, method: str, path: str, body: Optional[dict] = None,
                       auth: bool = True) -> tuple[Optional[httpx.Response], Optional[str]]:
        started = time.monotonic()
        headers = self.config.headers() if auth else {}
        try:
            if self._transport is None:  # the action server: one pooled client per loop
                response = await _shared_client(self.config).request(method, path, json=body,
                                                                      headers=headers)
            else:
                async with httpx.AsyncClient(base_url=self.config.base_url,
                                             timeout=self.config.timeout_s,
                                             transport=self._transport) as client:
                    response = await client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            logger.warning("backend %s %s failed: %s", method, path, type(exc).__name__)
            return None, type(exc).__name__
        logger.info("backend %s %s -> %s in %.0f ms", method, path, response.status_code,
                    (time.monotonic() - started) * 1000)
        return response, None

    # --- writes (queued when the backend cannot take them) ---------------------------
    async def create(self, path: str, body: dict, kind: Optional[str] = None) -> CreateOutcome:
        kind = kind or KIND_BY_PATH[path]
        key = body["idempotency_key"]
        response, error = await self._request("POST", path, body)
        result = classify(response, error)
        if result.outcome == "delivered":
            data = response.json() if response is not None else {}
            return Created(kind=data.get("kind", kind), reference=data.get("reference"),
                           created=bool(data.get("created", True)), data=data)
        if result.outcome == "retry":
            self.outbox.enqueue(kind, path, key, body, status=result.status, error=result.error)
            logger.warning("%s queued in outbox (status=%s)", kind, result.status)
            return Queued(kind=kind, idempotency_key=key)
        again = sent_again(path, body, result.code)
        if again is not None:
            return await self.create(path, again, kind)
        # Refused: kept locally, and handed to the staff queue with the reason.
        self.outbox.enqueue(kind, path, key, body, state="rejected", status=result.status,
                            error=result.error)
        logger.error("%s refused by backend: HTTP %s code=%s", kind, result.status, result.code)
        held = await self.hold_refused(kind, body, result.status, result.error)
        return Rejected(status_code=result.status or 0, detail=result.error or "", code=result.code,
                        held=held)

    async def hold_refused(self, kind: str, body: dict, status: Optional[int],
                           error: Optional[str]) -> bool:
        """Hand a refused record to the staff queue; False only if it could not be kept."""
        held = refused_body(kind, body, status, error)
        response, error_name = await self._request("POST", HELD, held)
        result = classify(response, error_name)
        if result.outcome == "delivered":
            return True
        if result.outcome == "retry":
            self.outbox.enqueue("held", HELD, held["idempotency_key"], held,
                                status=result.status, error=result.error)
            return True
        logger.error("held message refused too: HTTP %s", result.status)
        return False

    async def create_handoff(self, body: dict) -> CreateOutcome:
        return await self.create(HANDOFFS, body)

    async def add_handoff_contact(self, body: dict) -> CreateOutcome:
        """The handoff sent again under its key with `contact`: the backend adds the contact to the
        handoff recorded earlier (never replacing one). Its own outbox kind, so it is kept even
        while the first send of the same handoff is still waiting there."""
        return await self.create(HANDOFFS, body, kind="handoff_contact")

    async def create_complaint(self, body: dict) -> CreateOutcome:
        return await self.create(COMPLAINTS, body)

    async def create_service_request(self, body: dict) -> CreateOutcome:
        return await self.create(SERVICE_REQUESTS, body)

    async def create_compliment(self, body: dict) -> CreateOutcome:
        return await self.create(COMPLIMENTS, body)

    async def create_excluded_matter(self, body: dict) -> CreateOutcome:
        return await self.create(EXCLUDED_MATTERS, body)

    async def create_hazard(self, body: dict) -> CreateOutcome:
        """A hazard record (Awaab's Law) beside the message's handoff; queued if the backend is down.
        With `case_reference` (the case this conversation opened, from the backend's own reply) the
        hazard joins that case and its letters are written under it. A case the backend does not
        accept for this conversation is dropped and the hazard sent again without it, here and when
        it is delivered from the outbox alike (without_refused_case)."""
        return await self.create(HAZARDS, body)

    async def hazard_household(self, body: dict) -> CreateOutcome:
        """Who lives there, for the hazard created with body['hazard_key'] (queued like a create)."""
        return await self.create(HAZARD_HOUSEHOLD, body)

    async def reassess_hazards(self, body: dict) -> CreateOutcome:
        """A later message naming who is at greater risk: the conversation's hazards (its case's,
        and the one created with body['hazard_key']) assessed again by the backend, which decides
        any new timescale from its own clock (queued like a create)."""
        return await self.create(HAZARD_REASSESS, body)

    async def add_case_message(self, reference: str, body: dict) -> CreateOutcome:
        """A later message from this conversation added to the case it opened (body: conversation_id,
        message_id, text, received_at, idempotency_key). Queued when the backend is down; a refusal
        (404: not a case this conversation opened) is handed to the staff queue with the text."""
        return await self.create(f"/api/v1/cases/{quote(reference, safe='')}/messages", body,
                                 kind="case_message")

    async def add_handoff_message(self, handoff_id: int, body: dict) -> CreateOutcome:
        """The same for a message handed to staff (no case): kept with the handoff."""
        return await self.create(f"{HANDOFFS}/{int(handoff_id)}/messages", body, kind="handoff_message")

    async def link_handoff(self, handoff_id: int, reference: str, keep_open: bool = False) -> bool:
        """The handoff belongs to the case; `keep_open`: shown with it but still for staff to act on."""
        body: dict[str, Any] = {"reference": reference, **({"keep_open": True} if keep_open else {})}
        response, _ = await self._request("POST", f"{HANDOFFS}/{handoff_id}/link", body)
        return response is not None and response.status_code < 300

    # --- reads ----------------------------------------------------------------------
    async def get_profile(self, profile_id: str) -> Optional[dict]:
        response, _ = await self._request("GET", f"/api/v1/profiles/{profile_id}")
        if response is not None and response.status_code == 200:
            return response.json()
        return None

    async def case_status(self, reference: str, postcode: Optional[str] = None,
                          email: Optional[str] = None, conversation_id: Optional[str] = None,
                          client: Optional[str] = None, phone: Optional[str] = None) -> ResidentOutcome:
        body = _factor(reference, postcode, email, phone)
        return await self._resident(CASE_STATUS, _caller(body, conversation_id, client))

    async def resident_escalate(self, reference: str, postcode: Optional[str] = None,
                                email: Optional[str] = None,
                                requested_at: Optional[str] = None,
                                conversation_id: Optional[str] = None,
                                client: Optional[str] = None, phone: Optional[str] = None) -> ResidentOutcome:
        body = _factor(reference, postcode, email, phone)
        if requested_at:
            body["requested_at"] = requested_at
        return await self._resident(RESIDENT_ESCALATE, _caller(body, conversation_id, client))

    async def _resident(self, path: str, body: dict) -> ResidentOutcome:
        # With the token: the backend throttles by the conversation and client we pass.
        response, error = await self._request("POST", path, body)
        if response is None:
            return Unavailable(reason=error or "no response")
        if response.status_code == 200:
            return CaseView(data=response.json())
        if response.status_code == 404:
            return NotFound(detail=_detail(response)[0])
        if response.status_code >= 500:
            return Unavailable(reason=f"HTTP {response.status_code}")
        detail, code = _detail(response)
        return Rejected(status_code=response.status_code, detail=detail, code=code)


def _factor(reference: str, postcode: Optional[str], email: Optional[str],
            phone: Optional[str] = None) -> dict:
    body: dict[str, Any] = {"reference": reference}
    if postcode:
        body["postcode"] = postcode
    if email:
        body["email"] = email
    if phone:
        body["phone"] = phone
    return body


_clients: dict = {}


def _shared_client(config: ClientConfig) -> httpx.AsyncClient:
    """A pooled client per event loop and settings: creating an httpx client per call costs
    tens of milliseconds (an SSL context each time) and a new connection; under load that was
    most of an action's time."""
    import asyncio

    key = (id(asyncio.get_running_loop()), config.base_url, config.timeout_s)
    client = _clients.get(key)
    if client is None or client.is_closed:
        client = httpx.AsyncClient(base_url=config.base_url, timeout=config.timeout_s,
                                   limits=httpx.Limits(max_connections=50,
                                                       max_keepalive_connections=20))
        _clients[key] = client
    return client


def _caller(body: dict, conversation_id: Optional[str], client: Optional[str]) -> dict:
    if conversation_id:
        body["conversation_id"] = conversation_id[:200]
    if client:
        body["client"] = client[:200]
    return body


_factory: Callable[[], BackendClient] = BackendClient


def get_client() -> BackendClient:
    """The client actions use; tests swap the factory with `use_factory`."""
    return _factory()


def use_factory(factory: Callable[[], BackendClient]) -> None:
    global _factory
    _factory = factory
