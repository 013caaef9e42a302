"""Calls the pure triage function, with a conservative stand-in if it fails.

A crashing custom action loses its events (Rasa 3.6), so a triage error must not stop the
handoff being recorded: the stand-in maps the NLU intent and flags low confidence.

Either way the emergency flag also reads the hazard lexicon (hazard_recognition.py, the one list of
hazard words): words the lexicon reads as an immediate danger now (an emergency hazard under
Awaab's Law: a gas smell, water through a light fitting, a melting socket) flag the decision
emergency, so the handoff the staff queue shows is an emergency from the start (hazard_emergency).
"""
from __future__ import annotations

import logging
import dataclasses
from dataclasses import dataclass
from typing import Any, Optional

from actions.context import MessageContext
from actions.dates import received_on
from actions.hazard_recognition import recognise

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


HAZARD_EMERGENCY_NOTE = (" Flagged emergency: the words describe an immediate danger now ({hazard}; "
                         "actions/hazard_recognition.py), an emergency hazard under Awaab's Law.")


def hazard_emergency(decision: Any, text: Optional[str]) -> Any:
    """The decision with the emergency flag when the hazard lexicon reads the words as an emergency
    hazard (a hazard described as an immediate danger now, not negated, not in the past); otherwise
    the decision as it was (a significant hazard such as damp, a compliment, no hazard)."""
    flags = tuple(decision.flags or ())
    if "emergency" in flags:
        return decision
    found = recognise(text or "", decision.category, decision.reason)
    if found is None or not found.emergency_signs:
        return decision
    return dataclasses.replace(decision, flags=(*flags, "emergency"),
                               explanation=decision.explanation + HAZARD_EMERGENCY_NOTE.format(
                                   hazard=found.hazard_type))


def run_triage(ctx: MessageContext, profile_data: dict) -> Any:
    try:
        from actions.triage import TriageProfile, triage
        decision = triage(ctx.text, ctx.intent or "", ctx.confidence, ctx.entities,
                          TriageProfile.from_dict(profile_data), received_on(ctx.received_at),
                          intent_ranking=ctx.intent_ranking)
    except Exception as exc:  # noqa: BLE001 - see module docstring
        logger.exception("triage failed (%s); using intent mapping", type(exc).__name__)
        decision = stand_in(ctx, "triage unavailable")
    return hazard_emergency(decision, ctx.text)
