"""Held messages: what the bot could not record normally reaches the staff queue, in full.

Reasons: `refused` (the case service answered 4xx to a bot record: over-long text, a NUL byte,
an odd date...), `too_long` (over the chat's length cap, never read by the assistant),
`bot_failed` (the action server or Rasa failed in that turn), `not_answered` (the Rasa process
ended mid-turn). Each becomes a handoff (category `unclear`, so staff triage it) holding the text
cut to the API's limit, plus a `held_messages` row with the full text, the reason and, for a
refusal, the refused record. Idempotent on the key; an unhandled message that was in fact
triaged (same conversation and message id) is not recorded twice.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..cases import _claim_key, _existing_target, handoff_view
from ..models import Handoff
from ..profiles import get_profile
from ..schemas import MAX_TEXT, MAX_YEAR, MIN_YEAR, parse_received_at
from .models import HeldMessage

CHANNELS = {"rest_metadata": "rest", "rest": "rest", "socketio": "webchat", "webchat": "webchat",
            "social_mentions": "twitter", "twitter": "twitter", "facebook": "facebook"}
FLAGS = {"safeguarding", "emergency", "low_confidence", "group", "third_party"}
WHY = {
    "too_long": "The message was over the chat's length limit ({length:,} characters), so the "
                "assistant did not read it; the resident was asked to shorten or split it.",
    "bot_failed": "The assistant could not finish handling this message (the action server or "
                  "Rasa failed); nobody has triaged it yet.",
    "not_answered": "The assistant stopped before answering this message (its process ended); "
                    "nobody has triaged it yet.",
    "refused": "The case service refused the assistant's {kind} record (HTTP {status}: "
               "{detail}); the resident was told staff will pick it up.",
}


def clean(value: Any, limit: int | None = None) -> str:
    """Printable Unicode without NUL or lone surrogates, optionally cut to `limit`."""
    text = str(value or "").replace("\x00", "")
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text[:limit] if limit is not None else text


def _received(value: Any) -> tuple[datetime, bool]:
    try:
        parsed = parse_received_at(value)
    except ValueError:
        parsed = None
    if isinstance(parsed, datetime) and MIN_YEAR <= parsed.year <= MAX_YEAR:
        return parsed.astimezone(timezone.utc), True
    return datetime.now(timezone.utc), value in (None, "")


def hold(session: Session, body: Any, actor: str) -> tuple[dict[str, Any], bool]:
    key_row = _claim_key(session, "held", body.idempotency_key)
    if key_row is None:
        session.rollback()
        hid = _existing_target(session, "held", body.idempotency_key)
        return held_view(session, session.get(Handoff, int(hid))), False
    conversation_id = clean(body.conversation_id, 200) or None
    message_id = clean(body.message_id, 200) or None
    if body.reason in ("bot_failed", "not_answered") and conversation_id and message_id:
        done = session.scalar(select(Handoff).where(Handoff.conversation_id == conversation_id,
                                                    Handoff.message_id == message_id))
        if done is not None:  # it was triaged after all: nothing to add
            key_row.target = str(done.id)
            session.commit()
            return held_view(session, done), False
    full = clean(body.text)
    shown = full if len(full) <= MAX_TEXT else (
        full[:MAX_TEXT - 120] + f"\n[cut here: the full text of {len(full):,} characters is "
                                "kept with this held message]")
    received, valid = _received(body.received_at)
    record = body.record if isinstance(body.record, dict) else None
    explanation = WHY[body.reason].format(length=len(full), kind=clean(body.kind, 30) or "bot",
                                          status=body.status_code or "4xx",
                                          detail=clean(body.detail, 300) or "no reason given")
    if not valid:
        explanation += " The receipt time sent was not valid: the time it was held is used."
    h = Handoff(conversation_id=conversation_id, message_id=message_id,
                text=shown or "(empty message)", received_at=received,
                channel=CHANNELS.get(clean(body.channel, 40), "rest"),
                profile_id=get_profile(None).id, category="unclear", reason=None,
                confidence=None, intent=None, entities=[],
                flags=[f for f in dict.fromkeys(body.flags) if f in FLAGS],
                explanation=explanation, status="new")
    session.add(h)
    session.flush()
    session.add(HeldMessage(handoff_id=h.id, reason=body.reason, kind=clean(body.kind, 30) or None,
                            status_code=body.status_code, detail=clean(body.detail, 2000) or None,
                            full_text=full, full_length=len(full),
                            record=_json_safe(record) if record else None))
    key_row.target = str(h.id)
    session.flush()
    view = held_view(session, h)
    audit.record(session, actor=actor, action="hold", entity_type="handoff",
                 entity_ref=f"handoff:{h.id}", before=None,
                 after={"reason": body.reason, "full_length": len(full)})
    session.commit()
    return view, True


def _json_safe(value: Any, depth: int = 0) -> Any:
    if depth > 10:
        return None
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(k, 200): _json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v, depth + 1) for v in value]
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    return value


def held_view(session: Session, h: Handoff) -> dict[str, Any]:
    held = session.scalar(select(HeldMessage).where(HeldMessage.handoff_id == h.id))
    view = handoff_view(h)
    view["held"] = None if held is None else {
        "id": held.id, "reason": held.reason, "kind": held.kind, "status_code": held.status_code,
        "detail": held.detail, "full_length": held.full_length}
    return view


def held_full(session: Session, handoff_id: int) -> dict[str, Any] | None:
    h = session.get(Handoff, handoff_id)
    if h is None:
        return None
    held = session.scalar(select(HeldMessage).where(HeldMessage.handoff_id == h.id))
    if held is None:
        return None
    return {**held_view(session, h), "full_text": held.full_text, "record": held.record}
