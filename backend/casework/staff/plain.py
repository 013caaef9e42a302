"""Plain words for the staff pages: the one place internal labels become what a caseworker reads.

Channels ("rest" -> "Web chat"), profiles ("code-2024" -> its policy's name), the assistant's
explanations ("Recognised as report asb." -> a sentence), categories, reasons, flags, statuses,
decisions and audit actions. Templates use these through filters registered in staff/web.py.
The value lists (CATEGORIES, REASONS, TOPICS...) are the staff forms' allowed values.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from ..profiles import UnknownProfile, get_profile

CATEGORIES = ("complaint", "service_request", "compliment", "excluded", "unclear")
TARGETS = ("complaint", "service_request", "compliment", "excluded")
REASONS = ("asb", "legal", "employment", "time_limit", "already_investigated")
STATUSES = ("unreviewed", "accepted", "reclassified", "duplicate", "linked", "unlinked")
FLAG_FILTERS = ("flagged", "safeguarding", "emergency", "low_confidence")
TOPICS = ("repair", "rent", "tenancy", "estate", "adaptation", "enquiry", "damp_mould", "other")

LABELS = {"complaint": "Complaint", "service_request": "Service request", "compliment": "Compliment",
          "excluded": "Excluded matter", "unclear": "Unclear"}
REASON_LABELS = {"asb": "new ASB report", "legal": "legal proceedings", "employment": "employment matter",
                 "time_limit": "over the time limit", "already_investigated": "already investigated"}
CHANNELS = {"rest": "Web chat", "webchat": "Web chat", "socketio": "Web chat", "facebook": "Facebook",
            "twitter": "X (Twitter)", "phone": "Phone", "email": "E-mail", "staff": "Entered by staff",
            "post": "Post", "chat": "Web chat", "letter": "Letter", "visit": "Visit", "in_person": "In person",
            "sms": "Text message", "whatsapp": "WhatsApp", "none": "Nobody to send to"}
FLAGS = {"safeguarding": "Safeguarding", "emergency": "Emergency", "low_confidence": "Low confidence",
         "group": "Group complaint", "third_party": "Made for someone else"}
STATUS_WORDS = {"unreviewed": "Not reviewed yet", "accepted": "Accepted", "reclassified": "Reclassified",
                "duplicate": "Closed as a duplicate", "linked": "Has a case", "unlinked": "No case yet",
                "open": "Open", "responded": "Responded", "closed": "Closed", "routed": "Passed on",
                "new": "New", "pending": "Waiting to send", "sending": "Sending", "sent": "Sent",
                "failed": "Failed", "unknown": "Unknown: check before resending", "manual": "Send by hand",
                "held": "Held for staff", "withdrawn": "Withdrawn: not sent"}
# A letter's delivery where its route changes what staff do. The letter's channel is the route
# outbox.route chose (letters.representative_route, else letters.resident_route): "manual" by post
# is printed and posted (it opens with the address block, letters.post_opening); a letter with no
# e-mail or postal address to go to is held for one (channel none). letter_status reads these.
LETTER_WORDS = {("held", "none"): "Held: no e-mail or postal address",
                ("manual", "post"): "To print and post"}
DECISIONS = {"upheld": "Upheld", "partly_upheld": "Partly upheld", "not_upheld": "Not upheld"}
ACTIONS = {"create": "Opened", "link": "Linked to a case", "acknowledge": "Acknowledged", "extend": "Extended",
           "respond": "Stage response recorded", "escalate": "Escalated", "close": "Closed",
           "review_accept": "Triage accepted", "review_reclassify": "Reclassified on review",
           "review_duplicate": "Closed as a duplicate", "reclassified": "Superseded by a reclassification",
           "assign": "Assigned", "note": "Note added", "contact": "Contact logged",
           "letter_retry": "Letter sent again", "letter_mark_sent": "Letter marked as sent",
           "export_nlu": "NLU examples exported (retired download)",  # kept for old audit entries
           "pick_up": "Picked up (safeguarding or emergency)",
           "edit_understanding": "Understanding corrected",
           "letter_release": "Held letter released", "referral": "Referral made", "alert": "Alert raised",
           "add_contact": "Contact details added (asked for in the chat)",
           "add_address": "E-mail or postal address added by staff",
           "rectify_address": "Address corrected at the resident's request (checked by the DPO)",
           "complete_data_request": "Data-rights request completed",
           "letter_address_added": "Held letter sent on to the address added",
           "carry_messages": "Messages carried over from the handoff"}
# Why a case was passed on (referrals.py reasons), as the case page's Referrals list says it.
REFERRAL_REASONS = {"asb": "New ASB report", "employment": "Employment matter", "compliment": "Compliment",
                    "safeguarding": "Safeguarding concern", "emergency": "Emergency"}
# The corrected fields of an "Understanding corrected" audit entry.
UNDERSTANDING_FIELDS = {"summary": "what we understand the complaint is about",
                        "desired_outcome": "the outcome wanted"}
# What the assistant's intents mean, for its explanations ("recognised as report asb").
INTENTS = {"report asb": "a new report of anti-social behaviour", "complaint": "a complaint",
           "service request": "a service request", "compliment": "a compliment",
           "legal proceedings": "legal proceedings already issued", "employment matter": "an employment matter",
           "report emergency": "an emergency repair", "enquiry": "an enquiry", "request human": "a request to talk to a person",
           "data breach": "a data-protection complaint", "repair request": "a repair request"}
CONTACT_CHANNELS = ("phone", "email", "letter", "visit", "in_person", "sms")
CONTACT_DIRECTIONS = {"in": "From the resident", "out": "To the resident"}


def category_label(category: str | None, reason: str | None = None) -> str:
    label = LABELS.get(category or "", category or "-")
    if reason:
        label += f" ({REASON_LABELS.get(reason, reason)})"
    return label


def channel(value: str | None) -> str:
    if not value:
        return "-"
    return CHANNELS.get(value, value.replace("_", " ").capitalize())


def profile_name(profile_id: str | None) -> str:
    if not profile_id:
        return "-"
    try:
        return get_profile(profile_id).name
    except UnknownProfile:
        return profile_id


def flag(value: str) -> str:
    return FLAGS.get(value, value.replace("_", " ").capitalize())


def status(value: str | None) -> str:
    return STATUS_WORDS.get(value or "", (value or "-").replace("_", " ").capitalize())


def letter_status(letter: Mapping[str, Any]) -> str:
    """What a letter's delivery says, by its status and its route (channel): "To print and post" for
    a letter to post that opens with an address (post_to: its lines, staff/services/letters.py); one
    to post that opens with none says "Send by hand" (none is written so now: a letter with no postal
    address is held for one, channel none; migration 0017 routed those left from before)."""
    key = (letter.get("status"), letter.get("channel"))
    if key == ("manual", "post") and not letter.get("post_to"):
        return status("manual")
    return LETTER_WORDS.get(key) or status(letter.get("status"))


_TRUNK_ZERO = re.compile(r"\(\s*0\s*\)")
_LETTER = re.compile(r"[^\W\d_]")


def tel_number(phone: str | None) -> str:
    """A phone number as a tel: link wants it (RFC 3966: global, a + and digits only). A UK national
    number loses its trunk 0 for +44, and one written internationally loses the "(0)" it keeps for
    it: "0113 245 6789", "(0113) 245-6789" and "+44 (0)113 245 6789" are all "+441132456789";
    "00" is the international prefix ("0033 1 ..." -> "+331..."). A short code (3 to 6 digits, no
    leading 0 or +: 111, 116123) is kept as its digits. "" when there is no number to dial: no
    digits, a word before the number, too few digits (7 with the country code), more than 15
    (E.164), or a longer number with neither a leading 0 nor a +. A word after it (an extension,
    "evenings only") is left out."""
    text = (phone or "").strip()
    first = _LETTER.search(text)
    if first is not None:
        text = text[:first.start()]
    plus = text.startswith("+")
    digits = re.sub(r"\D", "", _TRUNK_ZERO.sub("", text) if plus else text)
    if not plus and not digits.startswith("0"):
        return digits if 3 <= len(digits) <= 6 else ""
    if not plus:
        digits = digits[2:] if digits.startswith("00") else "44" + digits[1:]
    if digits.startswith("440"):  # "+44 0113 ...": the trunk 0 is never dialled after +44
        digits = "44" + digits[3:]
    return "+" + digits if 7 <= len(digits) <= 15 else ""


def decision(value: str | None) -> str:
    return DECISIONS.get(value or "", (value or "-").replace("_", " "))


def audit_action(value: str) -> str:
    return ACTIONS.get(value, value.replace("_", " ").capitalize())


def actor(value: str | None) -> str:
    """'staff:jo@example.org' -> 'jo@example.org'; 'bot' -> 'the assistant'; 'api' -> 'the case service'."""
    if not value:
        return "-"
    if value.startswith("staff:"):
        return value[6:]
    return {"bot": "the assistant", "api": "the case service", "system": "the system"}.get(value, value)


_RECOGNISED = re.compile(r"(?i)\brecognised as ([a-z_ ]+?)(?= \(|;|\.|$)")
_INTENT_ONLY = re.compile(r"(?i)^intent mapping only \((.*)\)\.?$")


def _intent_words(name: str) -> str:
    key = name.strip().replace("_", " ").lower()
    return INTENTS.get(key, key)


def explanation(text: str | None) -> str:
    """The assistant's reason as a sentence: 'Recognised as report asb.' -> 'The assistant read this
    as a new report of anti-social behaviour.'"""
    text = (text or "").strip()
    if not text:
        return "-"
    m = _INTENT_ONLY.match(text)
    if m:
        return f"The assistant matched the words to a category without its full checks ({m.group(1)})."
    out = _RECOGNISED.sub(lambda mm: "the assistant read this as " + _intent_words(mm.group(1)), text)
    out = out.replace("(similar intents combined)", "(taking similar readings together)")
    out = out[:1].upper() + out[1:]
    return out if out.endswith((".", "!", "?")) else out + "."


def snippet(text: str | None, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
