"""Contact details typed at a later question of the complaint form. The form asks for the name, then
how to reach the resident, then the rest (the outcome wanted, writing for someone else, adjustments).
A resident who sees they typed their e-mail wrong says so at whatever question comes next ("sorry thats
the wrong email, its mo.iqbal@example.com" where the form asks what they want to happen): that answer
is a correction, not the answer to the question. `correction` reads it: the e-mail or phone number
replaces the one given (the letters go to it), and the question is asked again (complaint_actions).

A correction is an e-mail or phone number that differs from the one given, with words that say it
corrects ("wrong", "sorry", "actually", "meant", "should be", "typo", "new number"...), or an answer
that is only the detail ("mo.iqbal@example.com", "my email is ..."). An outcome that mentions a
detail in passing ("call me on 07700 900123 to arrange the visit") stays the answer."""
from __future__ import annotations

import re
from typing import Any, Callable, Optional

from actions.parsing import EMAIL, PHONE, parse_contact

# the questions after the contact question: a correction typed there is taken (contact_name and
# contact_route take details themselves)
LATER_SLOTS = ("desired_outcome", "on_behalf", "third_party_consent", "group_residents",
               "group_nominated", "adjustments")
_CUE = re.compile(r"\b(?:wrong|sorry|soz|oops|correct(?:ion|ed)?|actually|mistake|typo|mis-?typed|meant|"
                  r"should (?:be|have been|say|read)|instead|not that one|new (?:e-?mail|email address|"
                  r"number|phone|mobile)|changed?|update)\b", re.I)
# words around a detail given alone: "my email is ...", "it's ...", "thanks"
_FILLER = re.compile(r"\b(?:my|the|new|e-?mail|email address|address|phone|mobile|number|is|it's|its|it is|"
                     r"that's|thats|use|please|thanks|thank you|ok|okay|here|at|on)\b|[^\w]", re.I)


def _key(value: Any) -> str:
    return re.sub(r"[\s-]", "", str(value or "")).lower()


def _detail_only(text: str) -> bool:
    return not _FILLER.sub(" ", PHONE.sub(" ", EMAIL.sub(" ", text))).strip()


def correction(text: str, slot: Callable[[str], Any]) -> Optional[dict[str, Any]]:
    """The complaint form's contact slots a correction in this answer sets, else None. `slot` reads
    the form's current slots (tracker.get_slot)."""
    text = str(text or "")
    route = parse_contact(text)
    changed: dict[str, Any] = {}
    if route.email and _key(route.email) != _key(slot("contact_email")):
        changed["contact_email"] = route.email
    if route.phone and _key(route.phone) != _key(slot("contact_phone")):
        changed["contact_phone"] = route.phone
    if not changed or not (_CUE.search(text) or _detail_only(text)):
        return None
    if slot("contact_route") not in ("email", "phone"):  # post, none or not given: now by these details
        changed["contact_route"] = route.preferred_channel
    return changed


def in_words(changed: dict[str, Any]) -> str:
    """The corrected details for the reply: "mo.iqbal@example.com", "07700900123"."""
    return " and ".join(changed[k] for k in ("contact_email", "contact_phone") if changed.get(k))
