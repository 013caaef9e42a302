"""Category and reason rules: NLU intent first, then a few principled guard rails.

Order of work (each rule is tested in tests/bot/test_triage*.py):
1. The NLU intent gives a base category. Below the profile's confidence threshold (0.45), or
   for a non-triage intent, the category is "unclear" (flag low_confidence) unless intents of
   the same category together pass the threshold (intent_ranking tie-breaker) or a strong cue
   settles it (explicit complaint, dissatisfaction, threatened legal action, emergency, praise);
   low_confidence stays set so a person checks it. Below the threshold, praise of someone with
   nothing wrong, a calm question, a first report of a fault and a request for an adjustment
   also decide (compliment, enquiry, service request).
2. Guard rails for known NLU confusions, each backed by the Complaint Handling Code. At most
   one applies, in this order:
   - report_asb about the landlord's HANDLING of an ASB case      -> complaint (1.2, 2.1)
   - report_asb describing nobody's behaviour, or no person at all  -> next triage intent
   - report_asb about the landlord's own staff/contractors         -> complaint (1.2)
   - legal_proceedings that only threatens action                  -> complaint (2.2)
   - legal_proceedings with nothing issued                          -> next intent (praise: compliment)
   - employment_matter with no sign the writer is staff/applicant, or about nothing to do with a
     job, or from staff who are also tenants writing about their tenancy -> complaint (or next intent)
   - any category stating a claim is ISSUED / tribunal lodged      -> excluded/legal (2.2)
   - staff or job applicants writing about their own employment    -> excluded/employment
   - complaint (or a service request describing people's behaviour) that only reports a
     neighbour, also "a complaint about my neighbour", and not how an ASB report was handled
                                                                   -> excluded/asb
   - pure praise, or praise/thanks marked twice with nothing wrong now -> compliment
   - compliment with no praise that asks for something             -> service request (a
     complaint if the writer is plainly unhappy)
   - complaint that is a calm question (no dissatisfaction, no redress asked, not a
     grievance put as a question such as "why did your surveyor ...?")  -> service_request (1.4)
   - complaint that is a first report: a fault that started just now, a terse fault report,
     or one the resident tried to fix first, with no history      -> service_request
   - staff/contractors damaged something or behaved badly          -> complaint (1.2)
   - report_emergency with no hazard, about a neighbour            -> excluded/asb
   - service request reported again and again / unfixed / plainly dissatisfied / threatening
     legal action / asking for redress (compensation, money back, an apology) -> complaint
     (1.2, 1.4: dissatisfaction with how a service request is handled is a complaint)
   - compliment with no praise or thanks and something wrong       -> next triage intent
     (a complaint if that would be a service request the writer is unhappy with, or an
     employment matter with no sign the writer is staff)
   - compliment that also reports an unresolved problem, or sarcasm -> complaint
3. Time limit, for complaints only: a one-off issue whose (latest) date is more than
   ``profile.time_limit_months`` before ``received_on`` -> excluded/time_limit; a continuing or
   recurring problem, or one the resident only just found out about, is never over the limit.
   Dates of background facts (something built or fitted, a tenancy signed, permission given)
   are not the issue's date (dates.py).
4. Flags (any category): safeguarding, emergency, group, third_party, low_confidence.
The lexicons are in cues.py (they were checked against the training data: none of the
overrides fires on a training example of the intent it would override).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional

from . import cues
from .dates import find_issue_date, months_before
from .profile import TriageProfile
from .topics import classify_topic
from actions.situation import emergency_situation

CATEGORIES = ("complaint", "service_request", "compliment", "excluded", "unclear")
REASONS = (None, "asb", "legal", "employment", "time_limit")
FLAGS = ("safeguarding", "emergency", "low_confidence", "group", "third_party")

INTENT_BASE: dict[str, tuple[str, Optional[str]]] = {
    "service_request": ("service_request", None),
    "report_emergency": ("service_request", None),
    "complaint": ("complaint", None),
    "compliment": ("compliment", None),
    "report_asb": ("excluded", "asb"),
    "legal_proceedings": ("excluded", "legal"),
    "employment_matter": ("excluded", "employment"),
}


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


def _effective_intent(intent: str, confidence: float, ranking: Optional[list], threshold: float
                      ) -> tuple[Optional[str], float, bool]:
    """(intent to use or None, its confidence, True if decided through the ranking)."""
    if intent in INTENT_BASE and confidence >= threshold:
        return intent, float(confidence), False
    if not ranking:
        return (intent if intent in INTENT_BASE else None), float(confidence or 0.0), False
    ranked = [r for r in ranking if r.get("name") != "nlu_fallback"]
    ranked.sort(key=lambda r: -float(r.get("confidence") or 0.0))
    groups: dict[tuple, float] = {}
    lead: dict[tuple, str] = {}
    for r in ranked:
        name = r.get("name")
        if name not in INTENT_BASE:
            continue
        key = INTENT_BASE[name]
        groups[key] = groups.get(key, 0.0) + float(r.get("confidence") or 0.0)
        lead.setdefault(key, name)
    if not groups:
        return None, float(confidence or 0.0), False
    key = max(groups, key=groups.get)
    top_two = [r.get("name") for r in ranked[:2]]
    if groups[key] >= threshold and lead[key] in top_two:
        return lead[key], groups[key], True
    return lead[key] if lead[key] == (ranked[0].get("name") if ranked else None) else None, \
        float(confidence or 0.0), False


def _second_intent(ranking: Optional[list], first: Optional[str]) -> tuple[Optional[str], float]:
    if not ranking:
        return None, 0.0
    # the next TRIAGE intent (conversation intents such as greet or goodbye are skipped)
    rest = sorted((r for r in ranking if r.get("name") in INTENT_BASE and r.get("name") != first),
                  key=lambda r: -float(r.get("confidence") or 0.0))
    return (rest[0].get("name"), float(rest[0].get("confidence") or 0.0)) if rest else (None, 0.0)


def _first_entity(entities: Iterable[dict], name: str) -> Optional[str]:
    for ent in entities or []:
        if ent.get("entity") == name and ent.get("value"):
            value = str(ent["value"]).strip()
            if value and value[:1].isupper() and value not in cues._NAME_STOP:
                return value
    return None


def _team_entity(entities: Iterable[dict]) -> Optional[str]:
    for ent in entities or []:
        if ent.get("entity") == "team" and ent.get("value"):
            return str(ent["value"]).strip().lower()
    return None


def _next_base(second: Optional[str], emp_self: bool) -> tuple[str, Optional[str]]:
    """The next intent's category when a guard rail sets the first aside; an employment matter
    needs a sign that the writer is staff, so without one it is a complaint."""
    category, reason = INTENT_BASE.get(second or "", ("complaint", None))
    return ("complaint", None) if reason == "employment" and not emp_self else (category, reason)


def triage(
    text: str,
    intent: str,
    confidence: float,
    entities: list,
    profile: TriageProfile,
    received_on: date,
    intent_ranking: Optional[list] = None,
) -> TriageDecision:
    """Decide category, reason and flags for one resident message. Pure: no I/O, no clock."""
    text = text or ""
    entities = list(entities or [])
    profile = profile or TriageProfile.default()
    threshold = profile.low_confidence_threshold
    norm = cues.normalise(text)
    flags: set[str] = set()
    why: list[str] = []

    used, conf, via_ranking = _effective_intent(intent, confidence or 0.0, intent_ranking, threshold)
    if used is None or conf < threshold:
        category, reason = "unclear", None
        flags.add("low_confidence")
        why.append(f"the message was not clearly recognised (intent {intent or 'none'}, {float(confidence or 0):.2f})")
        # strong cues still decide, flagged low_confidence for a person to check
        if cues.legal_issued(text) and used == "legal_proceedings":
            category, reason = "excluded", "legal"
            why.append("it says legal proceedings have been issued")
        elif cues.legal_threat_only(text):
            category = "complaint"
            why.append("it threatens legal action, an expression of dissatisfaction")
        elif cues.is_explicit_complaint(text) or (
                (cues.is_repeated_unresolved(text) or cues.is_dissatisfied(text) or cues.asks_redress(text)
                 or cues.staff_at_fault(text)) and used != "compliment"):
            category = "complaint"
            why.append("it asks for a complaint or reports an unresolved, repeated problem")
        elif cues.has_emergency(text):
            category = "service_request"
            why.append("it describes an emergency repair")
        elif cues.is_praise_dominant(text) and (cues.mentions_staff(text) or cues.find_team(text)
                                                or cues.find_person_name(text) or _first_entity(entities, "PERSON")):
            category = "compliment"
            why.append("it praises or thanks someone and says nothing is wrong")
        elif cues.is_calm_enquiry(text):
            category = "service_request"
            why.append("it asks a question with no dissatisfaction, an enquiry")
        elif cues.is_fresh_report(text) or cues.ADJUSTMENT_REQUEST.search(norm):
            category = "service_request"
            why.append("it is a first report or a request, with nothing to be unhappy about yet")
        elif used in INTENT_BASE:
            why.append(f"closest intent {used.replace('_', ' ')}")
    else:
        category, reason = INTENT_BASE[used]
        why.append(f"recognised as {used.replace('_', ' ')}" + (" (similar intents combined)" if via_ranking else ""))
    second, second_conf = _second_intent(intent_ranking, used)
    asb_handling = False

    # --- guard rails -----------------------------------------------------------------------
    emp_self = ((cues.is_employment_self(text) and not cues.is_resident_context(text)) or cues.is_relative_staff(text)
                or cues.is_employment_strong(text)) and not cues.is_staff_writing_as_tenant(text)
    if reason == "asb" and cues.is_asb_handling(text):
        category, reason = "complaint", None
        asb_handling = True
        why.append("it is about how the landlord handled an ASB case, which is a complaint")
    elif reason == "asb" and (not cues.has_neighbour_behaviour(text) and second in ("service_request", "report_emergency")
                              or not cues.involves_people(text)):
        category, reason = "service_request", None
        if cues.is_unhappy(text) or (
                second in INTENT_BASE and INTENT_BASE[second][0] == "complaint" and cues.asks_redress(text)):
            category = "complaint"
        why.append("no one's behaviour is described, so it is not an ASB report (next intent)")
    elif reason == "asb" and cues.staff_at_fault(text):
        category, reason = "complaint", None
        why.append("it is about the landlord's own staff or contractors, which is a complaint, not ASB")
    elif reason == "legal" and not cues.legal_issued(text) and emp_self:
        category, reason = "excluded", "employment"
        why.append("no proceedings are issued and it is about the writer's own employment")
    elif reason == "legal" and (cues.legal_threat_only(text) or (
            not cues.legal_issued(text) and (cues.is_explicit_complaint(text) or cues.is_dissatisfied(text)))):
        category, reason = "complaint", None
        why.append("legal action is only threatened, not issued, so it stays a complaint")
    elif reason == "legal" and not cues.legal_issued(text) and second in INTENT_BASE and second != "legal_proceedings":
        # Code 2.2 excludes only proceedings already issued: with no sign of them, the next intent
        category, reason = _next_base(second, emp_self)
        if category != "compliment" and cues.is_praise_dominant(text):
            category, reason = "compliment", None
        why.append("nothing says court or tribunal proceedings have been issued (next intent)")
    elif reason == "employment" and (cues.is_staff_writing_as_tenant(text) or not cues.is_employment_self(text)
                                     and not cues.is_employment_strong(text) and (
            conf < 0.8 or cues.is_resident_context(text) or cues.staff_at_fault(text) or not cues.is_employment_subject(text))):
        category, reason = "complaint", None
        if second in ("service_request", "report_emergency", "compliment") and not cues.is_unhappy(text) and (
                second != "compliment" or cues.PRAISE.search(norm)):
            category = INTENT_BASE[second][0]
        if category != "compliment" and cues.is_praise_dominant(text):
            category = "compliment"
        why.append("nothing says the writer is staff or a job applicant, so it is not an employment matter")
    elif category in ("complaint", "service_request", "unclear") and cues.legal_issued(text):
        category, reason = "excluded", "legal"
        why.append("it says legal proceedings have already been issued")
    elif category in ("complaint", "compliment", "service_request", "unclear") and emp_self:
        category, reason = "excluded", "employment"
        why.append("it is about the writer's own employment or recruitment")
    elif (category == "complaint" or category == "service_request" and cues.PEOPLE_BEHAVIOUR.search(text)) \
            and cues.is_new_neighbour_report(text) and not cues.is_asb_handling(text) and (not cues.is_explicit_complaint(text)
                                                        or cues.complains_about_neighbour(text)):
        category, reason = "excluded", "asb"
        why.append("it reports a neighbour's behaviour, not the landlord's handling, so it goes to the ASB process")
    elif (category in ("complaint", "service_request", "unclear") or reason == "asb") and (
            cues.is_pure_praise(text) or cues.is_praise_dominant(text)) and not (
            intent not in INTENT_BASE and intent != "nlu_fallback" and (confidence or 0) >= threshold
            and not cues.mentions_staff(text)):
        # (thanks to the assistant itself is not a compliment; praise of named staff is)
        category, reason = "compliment", None
        why.append("it only praises someone, with nothing to put right")
    elif category == "compliment" and not cues.PRAISE.search(norm) \
            and cues.REQUEST.search(norm) and (
                second in ("service_request", "report_emergency") or cues.is_calm_enquiry(text)
                or not cues.THANKS.search(norm)):
        category = "complaint" if cues.is_dissatisfied(text) or cues.is_repeated_unresolved(text) else "service_request"
        why.append("it asks for something and praises no one, so it is not a compliment (next intent)")
    elif category == "complaint" and cues.is_calm_enquiry(text):
        category = "service_request"
        why.append("it is a question with no dissatisfaction expressed, so it is an enquiry (Code 1.4)")
    elif category == "complaint" and cues.is_fresh_report(text):
        category = "service_request"
        why.append("it reports a fault that started just now, with no earlier report or handling to be unhappy with")
    elif category in ("service_request", "compliment", "unclear") and cues.is_data_breach(text):
        category, reason = "complaint", None
        why.append("it says personal information was disclosed, a data-protection complaint")
    elif category in ("service_request", "compliment", "unclear") and cues.staff_at_fault(text):
        category, reason = "complaint", None
        why.append("it says the landlord's staff or contractors caused damage or behaved badly")
    elif used == "report_emergency" and not cues.has_emergency(text) and cues.has_neighbour_behaviour(text) \
            and cues.NEIGHBOUR.search(norm) and second == "report_asb":
        category, reason = "excluded", "asb"
        why.append("it describes a neighbour's behaviour rather than a building emergency")
    elif category == "service_request" and (cues.is_repeated_unresolved(text) or cues.is_dissatisfied(text)
                                            or cues.is_explicit_complaint(text) or cues.legal_threat_only(text)
                                            or cues.asks_redress(text)):
        category = "complaint"
        why.append("the resident is unhappy with how the request has been handled (repeated or unresolved)")
    elif category == "compliment" and not cues.PRAISE.search(norm) and not cues.THANKS.search(
            norm) and (cues.WRONG.search(norm) or cues.is_dissatisfied(text)
                                       or cues.staff_at_fault(text) or cues.is_repeated_unresolved(text)):
        # a compliment praises or thanks someone; with neither, and something wrong, it is not one
        category, reason = _next_base(second, emp_self)
        if category == "service_request" and cues.is_unhappy(text):
            category = "complaint"
        why.append("it praises and thanks no one and says something is wrong, so it is not a compliment (next intent)")
    elif category == "compliment" and (cues.complains_now(text) or cues.is_repeated_unresolved(text)
                                       or cues.is_sarcastic(text)):
        category = "complaint"
        why.append("it praises someone but also reports an unresolved problem")

    # --- time limit (complaints only) ------------------------------------------------------
    issue = find_issue_date(text, entities, received_on)
    event_date = issue.end if issue else None
    if category == "complaint" and issue is not None and profile.time_limit_months:
        cutoff = months_before(received_on, profile.time_limit_months)
        if cues.is_continuing(text):
            if issue.end < cutoff:
                why.append("the problem is continuing, so its age does not put it out of time")
        elif issue.end < cutoff:
            category, reason = "excluded", "time_limit"
            why.append(f"the issue ({issue.phrase}) is more than {profile.time_limit_months} months "
                       f"before receipt, past the {profile.id} time limit")

    # --- flags -----------------------------------------------------------------------------
    if cues.has_safeguarding(text):
        flags.add("safeguarding")
    if used == "report_emergency" and category == "service_request" or cues.has_emergency(text) \
            or emergency_situation(text, received_on).emergency:  # issue 17: actions/situation.py
        flags.add("emergency")
    if cues.is_group(text):
        flags.add("group")
    if cues.is_third_party(text):
        flags.add("third_party")

    person = team = None
    if category == "compliment":
        person = _first_entity(entities, "PERSON") or cues.find_person_name(text)
        team = _team_entity(entities) or cues.find_team(text)

    topic = classify_topic(text, category, reason)
    if category == "complaint" and cues.is_data_breach(text):
        topic = "data_protection"
    if asb_handling and category == "complaint":
        topic = "asb_handling"
    explanation = "; ".join(why[:3])
    explanation = explanation[:1].upper() + explanation[1:] + "." if explanation else ""
    return TriageDecision(
        category=category, reason=reason,
        flags=tuple(f for f in FLAGS if f in flags),
        confidence=round(float(conf), 4), explanation=explanation, event_date=event_date,
        topic=topic, person=person, team=team, intent=intent,
    )
