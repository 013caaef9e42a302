"""Calls the pure triage function, with a conservative stand-in if it fails.

A crashing custom action loses its events (Rasa 3.6), so a triage error must not stop the
handoff being recorded: the stand-in maps the NLU intent and flags low confidence.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Optional

from actions.context import MessageContext
from actions.dates import received_on

logger = logging.getLogger(__name__)

_BY_INTENT = {
    "complaint": ("complaint", None), "service_request": ("service_request", None),
    # without the date rule an old one-off is not excluded: a person decides (low_confidence)
    "complaint_old_issue": ("complaint", None),
    "report_emergency": ("service_request", None), "compliment": ("compliment", None),
    "report_asb": ("excluded", "asb"), "legal_proceedings": ("excluded", "legal"),
    "employment_matter": ("excluded", "employment"),
}


@dataclass(frozen=True)
class StandInDecision:
    category: str
    reason: Optional[str]
    flags: tuple
    confidence: float
    explanation: str
    event_date: Any = None
    topic: Optional[str] = None
    person: Optional[str] = None
    team: Optional[str] = None


def stand_in(ctx: MessageContext, why: str) -> StandInDecision:
    category, reason = _BY_INTENT.get(ctx.intent or "", ("unclear", None))
    flags = ["low_confidence"]
    if ctx.intent == "report_emergency":
        flags.append("emergency")
    return StandInDecision(category=category, reason=reason, flags=tuple(flags),
                           confidence=ctx.confidence,
                           explanation=f"Intent mapping only ({why}).")


def run_triage(ctx: MessageContext, profile_data: dict) -> Any:
    try:
        from actions.triage import TriageProfile, triage
        return triage(ctx.text, ctx.intent or "", ctx.confidence, ctx.entities,
                      TriageProfile.from_dict(profile_data), received_on(ctx.received_at),
                      intent_ranking=ctx.intent_ranking)
    except Exception as exc:  # noqa: BLE001 - see module docstring
        logger.exception("triage failed (%s); using intent mapping", type(exc).__name__)
        return stand_in(ctx, "triage unavailable")
