"""Someone writing for the resident on a service request (a daughter reporting a repair in her mum's
flat), as the complaint form already understands representatives (complaint_record.complaint_body):
from the first message or an answer ("my mum's flat", "on behalf of my father", "I'm her daughter").

Replies speak of the resident's home, not the writer's (slot resident_home, "your mum's home" or "the
resident's home"; "your home" otherwise, its initial value in domain/hazards.yml), and the record
carries the writer as the resident's representative with their relationship and whether the resident
agreed (record_contact_form asks, as the complaint form does), never their details as the resident's."""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.home_postcode import relationship, resident_texts
from actions.triage.flags import is_third_party, normalise

RESIDENT_HOME = "resident_home"  # slot: whose home the replies speak of
CONSENT = "third_party_consent"  # slot: the resident agreed (asked by the complaint form and record_contact_form)
CONSENT_IN_CHAT = "the representative told us in chat that the resident agreed"
ROUTES = {"service_request", "emergency"}  # the records record_contact_form asks consent for

_REL = (r"mum|mom|mam|mother|dad|father|nan|nana|nanna|gran|granny|grandma|grandmother|grandad|grandpa|"
        r"grandfather|son|daughter|brother|sister|aunt|auntie|uncle|niece|nephew|cousin|friend|neighbour|"
        r"client|partner|parents|husband|wife")
_NOUN = re.compile(rf"\b(?:on behalf of|for|about) my (?:elderly |old |disabled |vulnerable )?({_REL})\b"
                   rf"|\bmy (?:elderly |old |disabled |vulnerable )?({_REL})(?:'s|s')?\b")
# "I'm her daughter", "I am his son": writing for the person named (the triage flag reads the rest)
_THEIR = re.compile(rf"\b(?:i'm|i am) (?:her|his|their) (?:{_REL}|carer|advocate|support worker)\b")


def writes_for_other(text: str) -> bool:
    """The words say the person in the chat writes for someone else."""
    t = normalise(text)
    return is_third_party(t) or bool(_THEIR.search(t))


def home_words(texts: Iterable[str]) -> Optional[str]:
    """"your mum's home" (the person they named first, in the message that says they write for
    someone else) or "the resident's home"; None when no message says so."""
    for text in texts:
        if writes_for_other(text):
            found = _NOUN.search(normalise(text))
            noun = (found.group(1) or found.group(2)) if found else None
            return f"your {noun}'s home" if noun and noun != "parents" else \
                "your parents' home" if noun else "the resident's home"
    return None


def for_someone_else(tracker: Tracker) -> bool:
    """Writing for someone else: said in the chat, or the triage flagged it (third_party)."""
    return bool(tracker.get_slot(RESIDENT_HOME) and tracker.get_slot(RESIDENT_HOME) != "your home") \
        or "third_party" in (tracker.get_slot("triage_flags") or []) \
        or home_words(resident_texts(tracker.events)) is not None


def speak_of_their_home(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[dict[str, Any]]:
    """When these words say the person writes for someone else: the replies already collected speak
    of that person's home (they are rendered before this action's slot events apply), and slot
    resident_home keeps it for later replies. Else nothing."""
    words = home_words([*resident_texts(tracker.events), text])
    if words is None:
        return []
    for message in dispatcher.messages:
        message.setdefault(RESIDENT_HOME, words)
    return [SlotSet(RESIDENT_HOME, words)]


def with_representative(tracker: Tracker, contact: dict[str, Any]) -> tuple[dict[str, Any], Optional[dict]]:
    """(the resident's contact, the representative) for a record made by someone writing for the
    resident: the details they gave are theirs, with their relationship to the resident and whether
    the resident agreed; the resident's contact carries none of them. (contact, None) otherwise."""
    if not for_someone_else(tracker):
        return contact, None
    consent = tracker.get_slot(CONSENT) is True
    rep: dict[str, Any] = {"relationship": relationship(resident_texts(tracker.events)) or "representative",
                           "consent": consent}
    for field in ("name", "email", "phone", "postcode", "address", "preferred_channel"):
        if contact.get(field):
            rep[field] = contact[field]
    if rep.get("preferred_channel") not in (None, "email", "phone", "post"):
        rep.pop("preferred_channel")
    if consent:
        rep["consent_method"] = CONSENT_IN_CHAT
    resident = {"anonymous": False, **({"declined": True} if contact.get("declined") else {})}
    return resident, rep
