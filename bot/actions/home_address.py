"""The resident's own postal address, from what they typed anywhere in the conversation ("I've moved.
My new address is 22 Larch Close, Bristol BS5 7PL, please update your records"): their postal
address for the record the chat makes, as an e-mail or phone number given in the chat is, so its
letter can be posted to it (hg-02: the address was lost and the letter held for one). A change of
address is also a data-rights request for the landlord's other records (data_rights.py, for the
DPO: casework.privacy.rectify); this is only the record made now.

Only the text of the resident's messages is read (home_postcode.resident_texts), and an address
counts only when the words just before it in its sentence say it is where they live now or where
to write to them: "my (new) address is", "I live at", "I've moved to", "write to me at". An address
given for someone else ("my neighbour at 12 Elm Road", "my mum lives at ...": home_postcode's
someone_elses) or a past one ("I used to live at ...", "my old address was ...") is not taken, nor
one with no such words (where a repair is: "the lift at 4 Elm Court"): a wrong address on a letter
is worse than none. The caller decides whose conversation it is: a representative's words are
never read for the resident (contact_details.contact_body, complaint_actions)."""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from actions.home_postcode import resident_texts, someone_elses, with_home_postcode
from actions.parsing import POSTCODE, normalise_postcode, split_address

# the words just before the address: it is where the writer lives now, or where to write to them
_OWN = re.compile(
    r"\b(?:(?:my|our)\s+(?:(?:new|current|home|postal|full|correct|right)\s+)*address\s*(?:is\s+now|now\s+is|"
    r"will\s+be|is|:|-)"
    r"|(?:i|we)\s*(?:'ve|\s+have)?\s+(?:just\s+|recently\s+|now\s+)?moved\s+(?:house\s+|home\s+)?(?:to|into)"
    r"|(?:i|we)\s+(?:now\s+|currently\s+)?live\s+at"
    r"|(?:i'm|im|i\s+am|we're|we\s+are)\s+(?:now\s+)?(?:living|staying)\s+at"
    r"|(?:write|send\s+(?:it|them|letters?|post|everything)|post\s+(?:it|them|letters?))\s+to\s+(?:me|us)"
    r"(?:\s+at)?"
    r"|new\s+address\s*(?:is|:|-)"
    # "I'm Ruth Cole, 8 Birch Road, York YO1 2AB": their name, then a house number (hj-01)
    r"|(?:i'm|i\s+am|my\s+name\s+is)\s+(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})\s*,\s*(?=\d))\s*", re.I)
# a past or former address, said before the cue in its clause: never where to write now
_PAST = re.compile(r"\b(?:used\s+to|old|previous|former|no\s+longer|not\s+any\s*more)\b", re.I)
_CLAUSE = re.compile(r"[.!?;,\n]")
# the address runs to the end of its clause: the end of the sentence or the words that ask us to act
_CLAUSE_END = re.compile(r"[!?\n]|\.(?:\s|$)|\b(?:please|pls|can\s+you|could\s+you|would\s+you|will\s+you|"
                         r"thanks?|thank\s+you|cheers|and|but|so|because|from|since|until)\b", re.I)


def own_address(text: str) -> Optional[tuple[str, Optional[str]]]:
    """(the postal address, its postcode or None) when this message gives the writer's own current
    address (see the module's docstring), else None; the last such address in the message."""
    text = str(text or "").replace("\u2019", "'")  # a phone's apostrophe
    found = None
    for cue in _OWN.finditer(text):
        before = _CLAUSE.split(text[:cue.start()])[-1]
        if _PAST.search(before) or someone_elses(text, cue.end()):
            continue
        clause = text[cue.end():]
        code = POSTCODE.search(clause)
        stop = _CLAUSE_END.search(clause)
        if code and (stop is None or code.start() < stop.start()):
            clause = clause[:code.end()]  # the address ends with its postcode
        elif stop is not None:
            clause = clause[:stop.start()]
        address, lead = split_address(clause)
        if address and not lead.strip(" ,:-"):
            found = address, normalise_postcode(code.group(0)) if code and code.end() <= len(clause) else None
    return found


def home_address(texts: Iterable[str]) -> Optional[tuple[str, Optional[str]]]:
    """The last address the resident gave as their own in these messages (oldest first), or None."""
    found = None
    for text in texts:
        found = own_address(text) or found
    return found


def with_home_address(contact: dict[str, Any], events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The contact with the resident's own postal address from the conversation when it has none
    (with the postcode that came with it, when the contact has none), for a resident who gave details
    (not an anonymous or declined contact, nor an empty one)."""
    if not contact or contact.get("address") or contact.get("anonymous") or contact.get("declined"):
        return contact
    found = home_address(resident_texts(events))
    if not found:
        return contact
    address, postcode = found
    out = {**contact, "address": address}
    if postcode and not contact.get("postcode"):
        out["postcode"] = postcode
    return out


def with_own_home(contact: dict[str, Any], events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """with_home_address, then home_postcode.with_home_postcode for a postcode given on its own."""
    return with_home_postcode(with_home_address(contact, events), events)
