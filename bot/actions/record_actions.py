"""Actions that record a service request, compliment or excluded matter and reply."""
from __future__ import annotations

import re
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import Created, get_client
from actions.contact_details import contact_body, contact_state, unconsented_representative
from actions.followup import remember_record
from actions.opened_case import remember_opened, told
from actions.hazard_advice import advise, conversation_text, kinds_for
from actions.record_fields import (handoffs_sent, hazard_recorded, reply_for_outcome, say_get_in_touch,
                                   say_letters_wait_for_address, triaged_fields)
from actions.representative import with_representative
from actions.settings import get_settings
from actions.taxonomy import TOPIC_ALIASES, TOPICS
from actions.triage.flags import abuse_at_home
from actions.triage.topics import repair_beside, repair_reported_now, repair_still_owed

SR_TOPICS = set(TOPICS)
# Used only when the backend's reply lacks them (e.g. the request was queued).
DEFAULT_REDIRECTS = {
    "asb": "the ASB team",
    "employment": "HR",
    "time_limit": "the complaints team, who will consider whether to look at it anyway",
    "already_investigated": "the complaints team",
}
# Decided by a court or tribunal (the explanation says so): we send it nowhere, so no
# "It will go to ...".
NOT_SENT_ON = {"legal", "tribunal"}


def resident_redirect(reason: str, redirect: Optional[str]) -> Optional[str]:
    """Where an excluded matter goes, in the resident's words: the profile's wording is for staff
    (its trailing note in brackets, e.g. "(... Code 2.3)", is dropped, as in the letters); a team
    gets "the" ("the ASB team"), initials alone ("HR") do not."""
    if reason in NOT_SENT_ON:
        return None
    text = re.sub(r"\s*\([^()]*\)\s*$", "", redirect or "").strip() or DEFAULT_REDIRECTS.get(reason)
    if not text:
        return "the right team"
    if text.lower().startswith("the ") or text.isupper():
        return text
    return "the " + text


def sr_topic(topic: Any) -> str:
    topic = (topic or "").strip().lower()
    if topic in SR_TOPICS:
        return topic
    return TOPIC_ALIASES.get(topic, "other" if topic else "enquiry")


def emergency_phone() -> str:
    return get_settings().landlord_emergency_phone


def people_list(names: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    names = [str(n) for n in names if n]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# a team or a role ("Repairs team", "Repairs manager") gets "the" in a sentence; a person's name,
# "Sarah's line manager" and initials ("HR") do not
_ROLE = re.compile(r"\b(?:team|manager|department|service|services|office|officer|unit|section|staff|"
                   r"management|head of \w+(?: \w+)?)\s*$", re.I)


def with_the(name: str) -> str:
    """A team or role name as said in a sentence: "Repairs team" -> "the Repairs team"."""
    name = str(name).strip()
    if not _ROLE.search(name) or name.lower().startswith(("the ", "our ", "your ", "their ")) or "'s " in name:
        return name
    return "the " + name


def compliment_recipient(person: Any, team: Any) -> str:
    """Who the compliment is about, in a sentence: "Ms Patel", "the caretaking team"."""
    if person:
        return str(person)
    if team:
        return team if str(team).lower().startswith(("the ", "our ", "your ")) else f"the {team}"
    return "the staff involved"


def response_text(domain: dict, name: str) -> str:
    variants = (domain.get("responses") or {}).get(name) or [{}]
    return variants[0].get("text", "")


def say_service_request_next(dispatcher: CollectingDispatcher, emergency: bool, state: str,
                             tracker: Any = None) -> None:
    """What happens next, worded by what is true about reaching the resident: with details the team
    contacts them; without (declined or never given) the team cannot, so they are told that and how
    to get in touch. An emergency's words send them to the emergency line, so the line (the number)
    is given first if this conversation has not given it yet (a complaint offer declined, hE-08)."""
    if emergency:
        say_emergency_line(dispatcher, tracker)
    base = "utter_service_request_next_emergency" if emergency else "utter_service_request_next"
    if state == "given":
        dispatcher.utter_message(response=base)
        return
    dispatcher.utter_message(response=f"{base}_no_contact")
    if not emergency:
        say_get_in_touch(dispatcher)


class ActionEmergencyLine(Action):
    """The emergency line comes first, before anything is recorded."""

    def name(self) -> str:
        return "action_emergency_line"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        say_emergency_line(dispatcher, tracker)
        return []


EMERGENCY_LINE_RESPONSES = ("utter_emergency_line", "utter_emergency_line_no_number")


def emergency_line_given(tracker: Any) -> bool:
    """This conversation has already given the emergency line (a bot message of its responses)."""
    events = getattr(tracker, "events", None) or []
    return any(e.get("event") == "bot" and (e.get("metadata") or {}).get("utter_action") in EMERGENCY_LINE_RESPONSES
               for e in events)


def say_emergency_line(dispatcher: CollectingDispatcher, tracker: Any = None) -> None:
    """The emergency line, with its number when one is set; once in a conversation (tracker given);
    then the advice that fits the hazard (hazard_advice.advise)."""
    if tracker is not None and emergency_line_given(tracker):
        return
    if any(m.get("response") in EMERGENCY_LINE_RESPONSES for m in dispatcher.messages):
        return
    phone = emergency_phone()
    if phone:
        dispatcher.utter_message(response="utter_emergency_line", emergency_phone=phone)
    else:
        dispatcher.utter_message(response="utter_emergency_line_no_number")
    # the advice for the hazard in the words (gas, electrics...) and the 999 line, unless said this turn
    advise(dispatcher, tracker, kinds_for(conversation_text(tracker),
                                          (tracker.get_slot("hazard_types") or []) if tracker is not None else []))


class ActionRecordServiceRequest(Action):
    def name(self) -> str:
        return "action_record_service_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        flags = tracker.get_slot("triage_flags") or []
        dissatisfied = tracker.get_slot("triage_category") == "complaint"
        emergency = "emergency" in flags
        body = triaged_fields(tracker, "service_request")
        body.update({"topic": sr_topic(tracker.get_slot("triage_topic")),
                     "emergency": emergency, "dissatisfaction_noted": dissatisfied})
        contact = contact_body(tracker)
        # someone writing for the resident: their details are the representative's (representative.py)
        contact, rep = with_representative(tracker, contact) if contact else (contact, None)
        if contact:
            body["contact"] = contact
        if rep:
            body["representative"] = rep
        outcome = await get_client().create_service_request(body)
        hazard = hazard_recorded(tracker)
        reach = rep or contact  # whom the team contacts: the representative's details when they gave them
        reference = reply_for_outcome(dispatcher, outcome, "utter_service_request_recorded", reach, hazard)
        start = len(dispatcher.messages)
        if reference and unconsented_representative(body):
            # without the resident's agreement the team deals with the resident, never the writer
            # (an emergency still gets its priority and the emergency line first)
            if emergency:
                say_service_request_next(dispatcher, emergency, contact_state(reach), tracker)
            dispatcher.utter_message(response="utter_service_request_for_resident")
        elif reference:
            say_service_request_next(dispatcher, emergency, contact_state(reach), tracker)
            say_letters_wait_for_address(dispatcher, outcome.data, hazard=hazard)
            if dissatisfied:
                dispatcher.utter_message(response="utter_complaint_still_possible")
        # what happens next, as said, for "what happens now?" later (opened_case.py)
        opened = remember_opened("service_request", reference, None, told(dispatcher, start))
        return remember_record(reference, "service_request") + opened + handoffs_sent(tracker, outcome)


class ActionRecordCompliment(Action):
    def name(self) -> str:
        return "action_record_compliment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        person = tracker.get_slot("triage_person")
        team = tracker.get_slot("triage_team")
        body = triaged_fields(tracker, "compliment")
        if person:
            body["person"] = person
        if team:
            body["team"] = team
        contact = contact_body(tracker)
        repair = await record_repair_beside(tracker, contact)  # first: a hazard goes with the repair
        outcome = await get_client().create_compliment(body)
        recipient = compliment_recipient(person, team)
        dispatcher.utter_message(response="utter_compliment_thanks", recipient=recipient)
        if isinstance(outcome, Created):
            routed = outcome.data.get("routed_to") or []
            routed_text = people_list([with_the(r) for r in routed]) if routed else f"{recipient} and their manager"
            dispatcher.utter_message(response="utter_compliment_routed",
                                     reference=outcome.reference, routed_to=routed_text)
        else:
            dispatcher.utter_message(response="utter_compliment_routed_later",
                                     recipient=recipient)
        events = remember_record(outcome.reference if isinstance(outcome, Created) else None, "compliment")
        if repair is not None:  # then the repair is the record a later message is asked about
            events = say_repair_beside(dispatcher, repair, contact, tracker) or events
        return events + handoffs_sent(tracker, outcome)


def ombudsman_review_response(reason: str) -> str:
    """The Housing Ombudsman's review of an exclusion is for residents (Code 2.5): a member of staff's
    employment matter gets it only on condition ("if you are also one of our residents", hg-07)."""
    return "utter_ombudsman_review_employment" if reason == "employment" else "utter_ombudsman_review"


class ActionRecordExcluded(Action):
    def name(self) -> str:
        return "action_record_excluded"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        reason = tracker.get_slot("triage_reason") or "asb"
        explanation_response = f"utter_excluded_{reason}"
        if explanation_response not in (domain.get("responses") or {}):
            explanation_response = "utter_excluded_other"
        body = triaged_fields(tracker, "excluded_matter")
        body.update({"reason": reason,
                     "explanation": response_text(domain, explanation_response)})
        contact = contact_body(tracker)
        if contact:
            body["contact"] = contact
        # the exclusion covers the complaint, not the duty to repair: a problem reported as present
        # now is a service request too, made first so a hazard in the message goes with the repair
        topic = repair_still_owed(tracker.get_slot("triage_text") or "", reason)
        repair = await record_repair_still_owed(tracker, topic, contact) if topic else None
        outcome = await get_client().create_excluded_matter(body)

        dispatcher.utter_message(response=explanation_response)
        redirect = resident_redirect(reason, outcome.data.get("redirect_to")
                                     if isinstance(outcome, Created) else None)
        if redirect:  # who looks at it and why, where the reason has its own words (hg-16)
            own = f"utter_excluded_redirect_{reason}"
            if own in (domain.get("responses") or {}):
                dispatcher.utter_message(response=own, redirect_to=redirect[:1].upper() + redirect[1:])
            else:
                dispatcher.utter_message(response="utter_excluded_redirect", redirect_to=redirect)
        if reason == "employment":  # staff: their own route first (hg-07)
            dispatcher.utter_message(response="utter_employment_grievance")
        dispatcher.utter_message(response=ombudsman_review_response(reason))
        hazard = hazard_recorded(tracker)
        # no contact details: the reference is the way back, said with it (never before it: hF-17)
        recorded = "utter_excluded_recorded" if contact_state(contact) == "given" \
            else "utter_excluded_recorded_no_contact"
        reference = reply_for_outcome(dispatcher, outcome, recorded, contact, hazard)
        if reference:
            say_letters_wait_for_address(dispatcher, outcome.data, hazard=hazard)
        events = remember_record(reference, "excluded")
        if repair is not None:  # then the repair is the record a later message is asked about
            events = say_repair_still_owed(dispatcher, repair, contact, tracker) or events
        return events + handoffs_sent(tracker, outcome)


async def record_repair_still_owed(tracker: Tracker, topic: str, contact: Any,
                                   representative: Any = None) -> tuple:
    """The service request for the repair an excluded message reports (repair_still_owed)."""
    emergency = "emergency" in (tracker.get_slot("triage_flags") or [])
    body = triaged_fields(tracker, "service_request")
    # the handoffs go with the exclusion (the triage's decision), not with this second record
    body.pop("handoff_id", None)
    body.pop("linked_handoff_ids", None)
    body.update({"topic": topic, "emergency": emergency, "dissatisfaction_noted": False})
    if contact:
        body["contact"] = contact
    if representative:
        body["representative"] = representative
    return emergency, await get_client().create_service_request(body)


async def record_repair_beside(tracker: Tracker, contact: Any, representative: Any = None) -> Optional[tuple]:
    """The service request for a repair a compliment or complaint reports now as a matter of its
    own (triage/topics.py repair_beside), or None: the category stays as triaged, and the repair is
    not lost. A complaint's representative goes on it too."""
    topic = repair_beside(tracker.get_slot("triage_text") or "", tracker.get_slot("triage_category"))
    return await record_repair_still_owed(tracker, topic, contact, representative) if topic else None


async def record_repair_with_disclosure(tracker: Tracker, contact: Any) -> Optional[tuple]:
    """The service request for a repair (a broken lock, door or window) in a domestic abuse
    disclosure the triage read as ASB and handed to staff (triage_action.py), or None. It carries
    the triage's flags (safeguarding), so staff see the two together."""
    text = tracker.get_slot("triage_text") or ""
    if tracker.get_slot("triage_category") != "excluded" or tracker.get_slot("triage_reason") != "asb" \
            or not abuse_at_home(text):
        return None
    topic = repair_reported_now(text)
    return await record_repair_still_owed(tracker, topic, contact) if topic else None


def say_repair_beside(dispatcher: CollectingDispatcher, repair: tuple, contact: Any,
                      tracker: Any = None) -> list:
    return say_repair_still_owed(dispatcher, repair, contact, tracker, "utter_repair_beside")


def say_repair_still_owed(dispatcher: CollectingDispatcher, repair: tuple, contact: Any,
                          tracker: Any = None, response: str = "utter_excluded_repair") -> list:
    """Tell the resident the repair itself is still done, under its own reference (or, not recorded
    yet, that staff will pass it on); an emergency, with the line to ring. Returns the events that
    make the repair the conversation's last record, or [] if it has no reference."""
    emergency, outcome = repair
    if emergency:  # the excluded or compliment route gave no emergency line before
        say_emergency_line(dispatcher, tracker)
    if not isinstance(outcome, Created):
        dispatcher.utter_message(response=f"{response}_noted")
        return []
    dispatcher.utter_message(response=f"{response}_recorded", reference=outcome.reference)
    say_service_request_next(dispatcher, emergency, contact_state(contact), tracker)
    return remember_record(outcome.reference, "service_request")
