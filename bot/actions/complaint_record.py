"""The complaint record sent to the case service: complaint_body builds it from the form's slots
(the resident's or their representative's details, needs, group, desired outcome, handoff), and
resident_home finds the home a representative wrote about. The form and action_open_complaint are
in complaint_actions.py, which re-exports these."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions import introductions, safe_contact
from actions.group import group_fields
from actions.home_address import with_own_home
from actions.home_postcode import others_home, relationship, resident_texts
from actions.needs import format_needs, language
from actions.parsing import parse_contact, postal_address
from actions.record_fields import triaged_fields
from actions.representative import CONSENT_IN_CHAT

ANONYMOUS = "anonymous"
NO_CONTACT = "none"
NO_ADJUSTMENTS = "none"


def complaint_body(tracker: Tracker) -> dict:
    """The complaint record. The person in the chat is the resident, or (on_behalf) their
    representative: then their details go beside the resident as the representative's, with the
    resident's consent and how it was given; letters go to the representative only with consent.
    No `summary` is sent: the triage note is not the landlord's understanding (the case service
    writes that from the resident's words, and staff can correct it)."""
    body = triaged_fields(tracker, "complaint")
    name = tracker.get_slot("contact_name")
    anonymous = name in (None, ANONYMOUS)
    details: dict[str, Any] = {}
    for field, slot in (("email", "contact_email"), ("phone", "contact_phone"),
                        ("postcode", "contact_postcode"), ("address", "contact_address")):
        if tracker.get_slot(slot):
            details[field] = tracker.get_slot(slot)
    route = tracker.get_slot("contact_route")
    adjustments = tracker.get_slot("adjustments")
    asked = adjustments if adjustments and adjustments != NO_ADJUSTMENTS else None
    needs = {"format_needs": format_needs(asked), "language": language(asked)}
    if tracker.get_slot("on_behalf") is True:
        # the resident's own contact carries the instruction (safe_contact.restrict) and staff see it there;
        # kept out of the adjustments, which the acknowledgement prints ("You asked us for this help"), unless
        # someone writes for the resident: then it has no contact of the resident's to go on
        asked = safe_contact.with_line(asked, tracker)
    needs = {k: v for k, v in needs.items() if v}
    if tracker.get_slot("on_behalf") is True:
        # the details given are the representative's: e-mail, phone or a postal address, as a resident's
        consent = tracker.get_slot("third_party_consent") is True
        # who they are to the resident, from their words ("for my dad": a son or daughter)
        role = relationship(resident_texts(tracker.events)) or "representative"
        own = introductions.with_surname(name, tracker.get_slot("contact_email"))
        rep: dict[str, Any] = {"name": None if anonymous else own, "relationship": role,
                               "consent": consent, **details}
        if route in ("email", "phone", "post"):
            rep["preferred_channel"] = route
        if consent:
            rep["consent_method"] = CONSENT_IN_CHAT
        body["representative"] = {k: v for k, v in rep.items() if v is not None}
        # the resident's own details are not asked: none of the representative's are put on them;
        # the home the complaint is about, when the representative gave it as the resident's, is theirs
        home = {"name": tracker.get_slot("resident_name"), **resident_home(tracker)}
        contact: dict[str, Any] = {"anonymous": False, **{k: v for k, v in home.items() if v}, **needs}
        body["flags"] = list(dict.fromkeys([*body.get("flags", []), "third_party"]))
    else:
        contact = {"anonymous": anonymous, **details, **needs}
        if not anonymous:
            contact["name"] = name
        if route in ("email", "phone", "post"):
            contact["preferred_channel"] = route
        if route == NO_CONTACT:
            contact["declined"] = True
        # the address and postcode of their home given anywhere in the chat ("my new address is ...",
        # "my flat, LS11 5DT" in the first message), when the form did not collect them (home_address.py);
        # never in the representative's branch above
        contact = with_own_home(contact, tracker.events)
        # a way ruled out after a disclosure (hg-11): off the contact, and the line and routes on it, as
        # for a service request (the case service never sends a letter by a route ruled out)
        contact = safe_contact.restrict(contact, tracker.get_slot(safe_contact.SLOT))
    body["contact"] = contact
    residents, flags = group_fields(tracker.get_slot("group_residents"), body.get("flags", []))
    body["flags"] = flags
    if residents:
        body["group_residents"] = residents
    body["desired_outcome"] = tracker.get_slot("desired_outcome")
    if asked:
        body["adjustments"] = asked
    if tracker.get_slot("handoff_id") is not None:
        body["handoff_id"] = int(tracker.get_slot("handoff_id"))
    return {k: v for k, v in body.items() if v is not None}


def resident_home(tracker: Tracker) -> dict[str, Any]:
    """The home a representative wrote about (the resident's address and postcode): their answer's
    (slots resident_address, resident_postcode), else what they typed as the resident's anywhere in
    the chat ("my dad ... lives at 12 Elm Road, Leeds LS6 2AB": home_postcode.others_home)."""
    home = {"address": tracker.get_slot("resident_address"), "postcode": tracker.get_slot("resident_postcode")}
    for text in resident_texts(tracker.events):
        address = postal_address(text)
        other_address, other_postcode = others_home(text, address)
        if other_address and not home["address"]:
            home["address"] = address
        if other_postcode and not home["postcode"]:
            home["postcode"] = parse_contact(text).postcode
    return home
