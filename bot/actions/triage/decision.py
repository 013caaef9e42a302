"""The triage decision: the learned model decides, a few named Code rules correct what it cannot know.

1. The model (model.py, served by the Rasa component in rasa_classifier.py) gives a probability
   for each intent. The triage intents are summed per category|reason (report_emergency is a
   service request; complaint_old_issue is an old one-off complaint, a candidate for the time
   limit). The best category|reason is the model's decision; its probability is the confidence.
   Below the profile's threshold (calibrated: see docs/triage.md) the flag low_confidence sends it
   to staff review; if even the best triage category is below UNCLEAR_BELOW, the category is
   "unclear" (the bot asks one clarifying question).
2. The rules in rules.py (a table; each cites its Code clause) run in order on that decision.
3. Flags (flags.py): safeguarding, emergency, group, third_party, low_confidence.
The explanation sent to staff says which rule decided (with its clause), the dates read and how
they were counted, and the model's top categories with their confidence.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional

from . import flags as lex
from .profile import TriageProfile
from .rules import COMPLAINT, OUT_OF_TIME, Facts, apply_rules, issue_date
from .topics import classify_topic
from actions.situation import emergency_situation

CATEGORIES = ("complaint", "service_request", "compliment", "excluded", "unclear")
REASONS = (None, "asb", "legal", "employment", "time_limit")
FLAGS = ("safeguarding", "emergency", "low_confidence", "group", "third_party")
UNCLEAR_BELOW = 0.25

INTENT_BASE: dict[str, tuple[str, Optional[str]]] = {
    "service_request": ("service_request", None),
    "report_emergency": ("service_request", None),
    "complaint": ("complaint", None),
    "complaint_old_issue": ("excluded", "time_limit"),
    "compliment": ("compliment", None),
    "report_asb": ("excluded", "asb"),
    "legal_proceedings": ("excluded", "legal"),
    "employment_matter": ("excluded", "employment"),
}
# Conversation intents whose message the chat records for staff with a fixed category instead of
# triaging it: an escalation request is a complaint at the next stage (Code 6.12), recorded before
# the case reference is asked for (actions/triage_action.py record_escalation_request).
# bench/crossval.py decides such messages the same way, so in-process figures match the stack's.
RECORDED_AS: dict[str, tuple[str, Optional[str]]] = {"escalate_case": ("complaint", None)}

_LABEL_INTENT = {("complaint", None): "complaint", ("excluded", "time_limit"): "complaint_old_issue",
                 ("service_request", None): "service_request", ("compliment", None): "compliment",
                 ("excluded", "asb"): "report_asb", ("excluded", "legal"): "legal_proceedings",
                 ("excluded", "employment"): "employment_matter"}


def intent_for_label(category: str, reason: Optional[str], text: str) -> str:
    """The training intent for a labelled row (an emergency service request: report_emergency)."""
    intent = _LABEL_INTENT[(category, reason or None)]
    return "report_emergency" if intent == "service_request" and lex.has_emergency(text) else intent


def _label(key: tuple) -> str:
    return key[0].replace("_", " ") + (f"/{key[1].replace('_', ' ')}" if key[1] else "")


@dataclass(frozen=True)
class TriageDecision:
    category: str
    reason: Optional[str] = None
    flags: tuple = ()
    confidence: float = 0.0
    explanation: str = ""
    event_date: Optional[date] = None
    topic: Optional[str] = None
    person: Optional[str] = None
    team: Optional[str] = None
    intent: Optional[str] = field(default=None, compare=False)

    def to_dict(self) -> dict:
        return {
            "category": self.category, "reason": self.reason, "flags": list(self.flags),
            "confidence": round(float(self.confidence), 4), "explanation": self.explanation,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "topic": self.topic, "person": self.person, "team": self.team, "intent": self.intent,
        }


def category_scores(intent: str, confidence: float, ranking: Optional[list]) -> dict:
    """(category, reason) -> summed probability of its triage intents."""
    ranking = ranking or [{"name": intent, "confidence": confidence}]
    scores: dict = {}
    for r in ranking:
        key = INTENT_BASE.get(r.get("name") or "")
        if key:
            scores[key] = scores.get(key, 0.0) + float(r.get("confidence") or 0.0)
    return scores


def _entity(entities: Iterable[dict], name: str) -> Optional[str]:
    for ent in entities or []:
        if ent.get("entity") == name and ent.get("value"):
            value = str(ent["value"]).strip()
            if name != "PERSON":
                return value.lower()
            if lex.plausible_name(value):  # not "Diolch to the team..." (a thank-you)
                return value
    return None


def triage(
    text: str,
    intent: str,
    confidence: float,
    entities: list,
    profile: TriageProfile,
    received_on: date,
    intent_ranking: Optional[list] = None,
    rules_off: frozenset = frozenset(),
) -> TriageDecision:
    """Decide category, reason and flags for one resident message. Pure: no I/O, no clock."""
    text = text or ""
    entities = list(entities or [])
    profile = profile or TriageProfile.default()
    scores = category_scores(intent, confidence or 0.0, intent_ranking)
    flags: set[str] = set()
    top = sorted(scores.items(), key=lambda kv: -kv[1])
    if top:
        model_choice, conf = top[0]
    else:
        model_choice, conf = ("unclear", None), 0.0
    if conf < profile.low_confidence_threshold:
        flags.add("low_confidence")
    model_line = "Model: " + ", ".join(f"{_label(k)} {p:.2f}" for k, p in top[:3]) if top else \
        f"Model: no triage category (intent {intent or 'none'} {float(confidence or 0):.2f})"

    issue = issue_date(text, entities, received_on)
    if conf < UNCLEAR_BELOW:
        final, fired = ("unclear", None), []
    else:
        facts = Facts(text, scores, received_on, profile.time_limit_months, issue)
        final, fired = apply_rules(model_choice, facts, rules_off)
    category, reason = final

    if lex.has_safeguarding(text):
        flags.add("safeguarding")
    if lex.has_emergency(text) or (intent == "report_emergency" and category == "service_request") \
            or emergency_situation(text, received_on).emergency:  # the situation (actions/situation.py)
        flags.add("emergency")
    if lex.is_group(text):
        flags.add("group")
    if lex.is_third_party(text):
        flags.add("third_party")

    person = team = None
    if category == "compliment":
        person = lex.with_title(_entity(entities, "PERSON"), text) or lex.find_person_name(text)
        team = _entity(entities, "team") or lex.find_team(text)

    if fired:
        decided = "; then ".join(f"rule {name} ({clause}): {why}" for name, clause, why in fired)
    elif category == "unclear":
        decided = "no rule: the model is not sure of any category, so it needs a person"
    else:
        decided = "no rule applied: the model's category stands"
    explanation = f"Decided {_label(final)}. {decided[:1].upper() + decided[1:]}. {model_line}."
    if "low_confidence" in flags:
        explanation += f" Below the {profile.low_confidence_threshold:.2f} confidence threshold: for staff review."
    return TriageDecision(
        category=category, reason=reason, flags=tuple(f for f in FLAGS if f in flags),
        confidence=round(float(conf), 4), explanation=explanation,
        event_date=issue.end if issue else None,
        topic=classify_topic(text, category, reason), person=person, team=team, intent=intent,
    )
