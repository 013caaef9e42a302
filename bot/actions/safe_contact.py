"""How it is safe to contact a resident who disclosed domestic abuse (hg-11).

A letter through the door or a call to a phone the abuser checks can put the resident at risk. When
the conversation is flagged for safeguarding and the resident's words disclose abuse at home
(triage.flags.domestic_abuse), the complaint form's contact question is asked once as "how is it safe
for us to contact you?" (action_ask_contact_route, utter_ask_safe_contact). Their answer ("email
only: jo@example.com", "don't call me, he checks my phone", "not by post", "not at all") is read
here: the way they chose is the preferred channel (a detail they ruled out is not kept), and a
line "safe contact: e-mail only; no phone calls" goes on the contact record for staff (safe_contact,
ruled_out; never in a letter). Words said with the name ("Jo, email only: ...") count too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.events import SlotSet

from actions.parsing import yes_no
from actions.triage.flags import domestic_abuse

SLOT = "safe_contact"  # "asked" once the question is asked, then the line for the record
ASKED = "asked"

_NONE = re.compile(r"\bnot\s+at\s+all\b|\b(?:don'?t|do\s+not|dont|never)\s+contact\s+me\b|\bno\s+contact\b", re.I)
_EMAIL_ONLY = re.compile(r"\be-?mail\s+only\b|\bonly\s+(?:by\s+|via\s+)?e-?mail\b|\bjust\s+(?:by\s+)?e-?mail\b"
                         r"|\be-?mail\s+(?:is\s+)?(?:fine|ok|okay|safe|best)\b|^\W*(?:by\s+)?e-?mail\W*$", re.I)
_PHONE_ONLY = re.compile(r"\b(?:phone|call|calls|text|texts|mobile)\s+only\b|\bonly\s+(?:by\s+)?(?:phone|call|text)"
                         r"|\b(?:phone|calling|a\s+call|text)\s+(?:is\s+)?(?:fine|ok|okay|safe|best)\b", re.I)
_NO_PHONE = re.compile(r"\b(?:don'?t|do\s+not|dont|never|no|not)\s+(?:to\s+)?(?:phone|call|ring|text)\w*"
                       r"|\bnot\s+by\s+phone\b|\bchecks?\s+my\s+phone\b", re.I)
_NO_POST = re.compile(r"\bnot\s+(?:by\s+)?post\b|\bno\s+(?:letters?|post)\b"
                      r"|\b(?:don'?t|do\s+not|dont|never)\s+(?:post|write|send)\b(?:\s+\w+){0,3}\s+"
                      r"(?:letters?|post|house|home|address)\b|\b(?:don'?t|do\s+not|dont|never)\s+write\b", re.I)


@dataclass(frozen=True)
class Safe:
    channel: Optional[str]  # "email" or "phone" when they said only that way
    no_phone: bool
    no_post: bool
    none: bool

    @property
    def line(self) -> str:
        parts = ["do not contact" if self.none else "",
                 {"email": "e-mail only", "phone": "phone only"}.get(self.channel or "", ""),
                 "no phone calls" if self.no_phone and self.channel != "email" else "",
                 "no letters by post" if self.no_post else ""]
        return "safe contact: " + "; ".join(p for p in parts if p)


def read(text: str) -> Optional[Safe]:
    """What the words say about contacting them safely; None when they say nothing of it."""
    text = text or ""
    none, no_phone, no_post = bool(_NONE.search(text)), bool(_NO_PHONE.search(text)), bool(_NO_POST.search(text))
    channel = "email" if _EMAIL_ONLY.search(text) else "phone" if _PHONE_ONLY.search(text) and not no_phone else None
    if channel == "email":
        no_phone = True
    if not (none or no_phone or no_post or channel):
        return None
    return Safe(channel, no_phone, no_post, none)


def at_risk_at_home(tracker: Tracker) -> bool:
    """Flagged for safeguarding, and the resident's words disclose abuse at home."""
    if "safeguarding" not in (tracker.get_slot("triage_flags") or []):
        return False
    return any(domestic_abuse(e.get("text") or "") for e in tracker.events
               if e.get("event") == "user" and e.get("text"))


def answer(text: str, tracker: Tracker) -> Optional[Safe]:
    """The words read, when it matters (at risk at home); else None."""
    return read(text) if at_risk_at_home(tracker) else None


def should_ask(tracker: Tracker) -> bool:
    """Not asked yet in this form, nor told already, and it matters."""
    return tracker.get_slot(SLOT) is None and at_risk_at_home(tracker)


def _usable(route: str, safe: Safe, email: Optional[str], phone: Optional[str], post: bool) -> bool:
    have = {"email": bool(email), "phone": bool(phone), "post": post}.get(route, False)
    blocked = (route == "phone" and (safe.no_phone or safe.channel == "email")
               or route == "post" and safe.no_post
               or route == "email" and safe.channel == "phone")
    return have and not blocked


def merge(taken: dict[str, Any], safe: Optional[Safe], text: str, tracker: Tracker) -> Optional[dict[str, Any]]:
    """The contact question's slots with the safe way applied: None when nothing here is about it
    (the answer is read as any other). A yes ("yes that's fine") to the safe question keeps a detail
    given with the name."""
    email = taken.get("contact_email") or tracker.get_slot("contact_email")
    phone = taken.get("contact_phone") or tracker.get_slot("contact_phone")
    if safe is None:
        asked = tracker.get_slot(SLOT) == ASKED and at_risk_at_home(tracker)
        if asked and not taken.get("contact_route") and yes_no(text, None) is True and (email or phone):
            return {"contact_route": "email" if email else "phone", "contact_email": email, "contact_phone": phone}
        return None
    if safe.none:
        return {"contact_route": "none", "contact_email": None, "contact_phone": None, SLOT: safe.line}
    post = taken.get("contact_route") == "post"
    for route in (safe.channel, taken.get("contact_route"), "email", "phone"):
        if route and _usable(route, safe, email, phone, post):
            return {**{k: v for k, v in taken.items() if v is not None}, "contact_route": route,
                    "contact_email": email, "contact_phone": None if safe.no_phone or safe.channel == "email" else phone,
                    SLOT: safe.line}
    return {"contact_route": None, SLOT: safe.line}  # a way, but no detail for it: asked again


def with_line(adjustments: Optional[str], tracker: Tracker) -> Optional[str]:
    """The adjustments for the record, with the safe contact line when the resident gave one."""
    line = tracker.get_slot(SLOT)
    if not line or line == ASKED:
        return adjustments
    return "; ".join(x for x in (adjustments, line) if x)


def ruled_out(line: Optional[str]) -> list[str]:
    """The routes a recorded line rules out ("email", "phone", "post"): no phone calls or e-mail only,
    no phone; phone only, no e-mail and no post; not by post, no post; not at all, none of them."""
    if not line or line == ASKED:
        return []
    out = set()
    if "e-mail only" in line or "no phone calls" in line:
        out.add("phone")
    if "phone only" in line:
        out |= {"email", "post"}
    if "no letters by post" in line:
        out.add("post")
    if "do not contact" in line:
        out |= {"email", "phone", "post"}
    return sorted(out)


def restrict(contact: dict[str, Any], line: Optional[str]) -> dict[str, Any]:
    """A record's contact with the safe way applied (hj-05), from the line recorded: a detail ruled
    out is not kept (no phone calls: no phone; e-mail or phone only: nothing else; not by post: no
    postal address, the postcode stays), the preferred channel is one still there, and the line and
    the routes ruled out go with it (safe_contact, ruled_out): the case service shows them to staff and
    never sends a letter by a route ruled out, whatever staff add later."""
    routes = ruled_out(line)
    if not routes or not isinstance(contact, dict):
        return contact
    out = dict(contact)
    drop = {"address" if r == "post" else r for r in routes}
    for key in drop:
        out.pop(key, None)
    preferred = out.get("preferred_channel")
    if preferred in routes or preferred == "post" and not out.get("address"):
        out["preferred_channel"] = "email" if out.get("email") else "phone" if out.get("phone") else None
    out.update({"safe_contact": line, "ruled_out": routes})
    return {k: v for k, v in out.items() if v is not None}


class _AskSafeContactFirst:
    """(A mixin, not an Action: the action server registers every Action subclass.) A form's contact
    question: how it is safe to contact them, once in the conversation, when it
    matters (should_ask); else the form's usual question (`usual`)."""

    usual = ""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        if should_ask(tracker):
            dispatcher.utter_message(response="utter_ask_safe_contact")
            return [SlotSet(SLOT, ASKED)]
        dispatcher.utter_message(response=self.usual)
        return []


class ActionAskRecordContact(_AskSafeContactFirst, Action):
    """record_contact_form's question (service requests, emergencies, handoffs; hj-05)."""

    usual = "utter_ask_record_contact"

    def name(self) -> str:
        return "action_ask_record_contact"


class ActionAskContactRoute(_AskSafeContactFirst, Action):
    """The complaint form's contact question."""

    usual = "utter_ask_contact_route"

    def name(self) -> str:
        return "action_ask_contact_route"
