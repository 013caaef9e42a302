"""What the case service's answers mean to the bot (docs/api-contract.md): its paths, one attempt's
result as delivered / retry / rejected, the refusals a body is sent again after (without the part
refused), and the held-message body for a refused record. Pure, no I/O: the one reading shared by
the live client (backend_client.BackendClient) and the outbox's deliverer (outbox.deliver_due)."""
from __future__ import annotations

import logging
from typing import Optional

import httpx

from actions.outbox import SendResult

logger = logging.getLogger(__name__)

HANDOFFS = "/api/v1/handoffs"
COMPLAINTS = "/api/v1/complaints"
SERVICE_REQUESTS = "/api/v1/service-requests"
COMPLIMENTS = "/api/v1/compliments"
EXCLUDED_MATTERS = "/api/v1/excluded-matters"
CASE_STATUS = "/api/v1/resident/case-status"
RESIDENT_ESCALATE = "/api/v1/resident/escalate"
HAZARDS = "/api/v1/hazards"
HAZARD_HOUSEHOLD = "/api/v1/hazards/household"
HAZARD_REASSESS = "/api/v1/hazards/reassess"
HELD = "/api/v1/held-messages"
CASE_NOT_HERE = "case_not_in_conversation"  # a hazard's case_reference refused (casework.hazards.service)
# a record's handoff_id / linked_handoff_ids refused: unknown, or not this conversation's (casework.cases)
HANDOFF_NOT_HERE = "handoff_not_in_conversation"
RECORDS = (COMPLAINTS, SERVICE_REQUESTS, COMPLIMENTS, EXCLUDED_MATTERS)
HANDOFF_FIELDS = ("handoff_id", "linked_handoff_ids")

KIND_BY_PATH = {HANDOFFS: "handoff", COMPLAINTS: "complaint",
                SERVICE_REQUESTS: "service_request", COMPLIMENTS: "compliment",
                EXCLUDED_MATTERS: "excluded_matter", HAZARDS: "hazard",
                HAZARD_HOUSEHOLD: "hazard_household", HAZARD_REASSESS: "hazard_reassess", HELD: "held"}
# Worth retrying: the backend is down/overloaded or misconfigured, not the request wrong.
RETRYABLE_STATUS = {401, 403, 408, 425, 429}


def _detail(response: httpx.Response) -> tuple[str, Optional[str]]:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200], None
    if isinstance(body, dict):
        detail = body.get("detail")
        return (detail if isinstance(detail, str) else str(detail)), body.get("code")
    return str(body)[:200], None


def classify(response: Optional[httpx.Response], error: Optional[str] = None) -> SendResult:
    """One attempt's result as delivered / retry / rejected (shared by both transports)."""
    if response is None:
        return SendResult("retry", error=error or "no response")
    if 200 <= response.status_code < 300:
        try:
            body = response.json()
        except ValueError:
            body = {}
        ref = body.get("reference") if isinstance(body, dict) else None
        if ref is None and isinstance(body, dict) and body.get("id") is not None:
            ref = f"handoff:{body['id']}"
        return SendResult("delivered", status=response.status_code, reference=ref)
    if response.status_code >= 500 or response.status_code in RETRYABLE_STATUS:
        return SendResult("retry", status=response.status_code,
                          error=f"HTTP {response.status_code}")
    detail, code = _detail(response)
    return SendResult("rejected", status=response.status_code, error=detail[:500],
                      code=code if isinstance(code, str) else None)


def without_refused_case(path: str, body: dict, code: Optional[str]) -> Optional[dict]:
    """A hazard whose case_reference the backend does not accept for this conversation (409
    case_not_in_conversation: nothing written) is sent again under the same key without it, so it is
    still recorded, unlinked, its clock running, and neither kept as refused nor handed to the staff
    queue (the law's clock runs from the message). The body to send again, else None. The one rule for
    the live path (BackendClient.create) and the outbox's delivery (outbox.deliver_due)."""
    if path != HAZARDS or code != CASE_NOT_HERE or not body.get("case_reference"):
        return None
    logger.warning("hazard: the case was not accepted for this conversation; sent again without it")
    return {k: v for k, v in body.items() if k != "case_reference"}


def without_refused_handoffs(path: str, body: dict, code: Optional[str]) -> Optional[dict]:
    """A record or a hazard naming a handoff the backend does not take for this conversation (404
    handoff_not_in_conversation: nothing written) is sent again under the same key without the
    handoffs: the matter is still recorded, unlinked, never lost to a link (a hazard's clock then runs
    from the received_at it carries). None otherwise."""
    if path not in (*RECORDS, HAZARDS) or code != HANDOFF_NOT_HERE or not any(body.get(f) for f in HANDOFF_FIELDS):
        return None
    logger.warning("%s: a handoff was not accepted for this conversation; sent again without it",
                   KIND_BY_PATH[path])
    return {k: v for k, v in body.items() if k not in HANDOFF_FIELDS}


def sent_again(path: str, body: dict, code: Optional[str]) -> Optional[dict]:
    """The body to send again after a refusal with `code` (a hazard's case, a record's handoffs), else
    None: the live path (BackendClient.create) and the outbox's delivery (outbox.deliver_due) alike."""
    return without_refused_case(path, body, code) or without_refused_handoffs(path, body, code)


def refused_body(kind: str, body: dict, status: Optional[int], error: Optional[str]) -> dict:
    """The held-messages request for a record the backend refused (full text kept)."""
    flags = body.get("flags") if isinstance(body.get("flags"), list) else []
    return {"idempotency_key": f"refused:{kind}:{body.get('idempotency_key', '')}"[:400],
            "reason": "refused", "kind": kind, "status_code": status,
            "detail": (error or "")[:2000], "text": str(body.get("text") or "")[:1_000_000],
            "conversation_id": body.get("conversation_id"),
            "message_id": body.get("message_id"), "channel": body.get("channel"),
            "received_at": body.get("received_at"), "flags": flags, "record": body}
