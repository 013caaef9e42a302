"""The resident's own postcode, from what they typed anywhere in the conversation (their first
message, "... my flat, postcode LS11 5DT ...", included): for a record whose contact has none.

Only the text of the resident's messages is read (user events' text), never a message's metadata
(the client sets it, it is not trusted). A postcode counts as theirs only when the words before it
in its sentence say so cheaply: a first-person word ("my flat", "I live at", "our house") with no
other person after it ("my neighbour at LS11 5DT", "my mum's flat, LS11 5DT", "he lives at ...",
"your office in LS1 4AP" are someone else's or somewhere else), or a message that is just the
postcode ("LS11 5DT", "my postcode is LS11 5DT"). A postcode with no such words ("the bins at
the corner, LS11 5DT") is not taken: a wrong postcode on a contact is worse than none (it is the
second factor of the resident's case look-up). The format is checked by parsing.normalise_postcode.
The caller decides whose conversation it is: a representative's words are never read for the
resident (complaint_actions, contact_details).
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from actions.parsing import POSTCODE, normalise_postcode

_SELF = re.compile(r"\b(?:my|mine|our|ours|i|i'm|im|i've|i'd|we|we're|we've|me|us)\b", re.I)
_OTHER = re.compile(
    r"(?i:\b(?:neighbou?rs?|next[- ]door|next to|opposite|across from|friends?|mum|mom|mother|dad|father|"
    r"parents?|son|daughter|child|kids?|brother|sister|aunt|uncle|nan|gran|grandma|grandmother|"
    r"grandad|grandfather|grandson|granddaughter|partner|husband|wife|boyfriend|girlfriend|carer|"
    r"client|cousin|he|she|they|his|her|hers|their|theirs|him|them|your|office|depot|"
    r"shop|school|surgery)\b)"
    # a possessive name: "Mrs Khan's flat" (not "it's", "that's"...)
    r"|\b(?!(?i:it|that|there|here|what|who|where|let|he|she)'s\b)[A-Z][a-z]+'s\b")
_FILLER = re.compile(r"\b(?:my|our|the|full|post\s*code|postcode|is|it's|it is|its|here|that's|that is|"
                     r"please|thanks|thank you|ok|okay|sure|yes|home|address|at|in)\b|[^\w]", re.I)
_BREAK = re.compile(r"[.!?;\n]")
# a home they left ("I used to live at 5 Oak Road, LS11 5DT"): not theirs now (home_address.py likewise)
_FORMER = re.compile(r"\b(?:used\s+to\s+live|lived\s+at|(?:old|previous|former)\s+(?:address|home|flat|house)|"
                     r"moved\s+(?:out\s+)?(?:of|from))\b", re.I)
# household words beside the resident count as the resident: "my partner and I", "me and my son",
# "I live with my mum at ..." ("my mum's flat" stays someone else's)
_TOGETHER = re.compile(r"\b(?:(?:my|our)\s+\w+\s+(?:and|&)\s+(?:i|me)|(?:i|me)\s+(?:and|&)\s+(?:my|our)\s+\w+|"
                       r"with\s+(?:my|our)\s+\w+(?!'s))\b", re.I)


def _before(text: str, start: int) -> str:
    """The words before the postcode in its sentence; when the sentence begins at the postcode
    ("12 Elm Rd. LS11 5DT"), the sentence before it as well."""
    head = text[:start]
    parts = _BREAK.split(head)
    window = parts[-1]
    if not re.search(r"\w", window) and len(parts) > 1:
        window = parts[-2] + " " + window
    return window


def _bare(text: str) -> bool:
    """The message is a postcode and nothing else that means anything."""
    return not _FILLER.sub(" ", POSTCODE.sub(" ", text)).strip()


def _is_theirs(text: str, match: re.Match) -> bool:
    if _bare(text):
        return True
    window = _TOGETHER.sub(" we ", _before(text, match.start()))
    if _FORMER.search(window):
        return False
    selves = [m.start() for m in _SELF.finditer(window)]
    others = [m.start() for m in _OTHER.finditer(window)]
    if not selves:
        return False
    return not others or max(selves) > max(others)


def someone_elses(text: str, start: int) -> bool:
    """The address or postcode at `start` of an answer is given as another person's home: the words
    before it in its sentence name someone else after any first-person word ("mum's address is
    12 Oak Road", "email me at jo@example.org, she lives at 12 Oak Road", "her postcode is LS11 5DT").
    "my address is ...", "I live at ..." and an address with no words before it are the writer's."""
    text = str(text or "").replace("\u2019", "'")
    window = _TOGETHER.sub(" we ", _before(text, start))
    others = [m.start() for m in _OTHER.finditer(window)]
    selves = [m.start() for m in _SELF.finditer(window)]
    return bool(others) and (not selves or max(others) > max(selves))


def others_home(text: str, address: Optional[str]) -> tuple[bool, bool]:
    """(the postal address, the postcode) in a contact answer, each True when it is given as another
    person's home (someone_elses): the home a representative writes about is the resident's, never
    where to reach the representative."""
    text = str(text or "")
    at = text.find(address.split(",")[0].strip()) if address else -1
    code = POSTCODE.search(text)
    return at >= 0 and someone_elses(text, at), bool(code) and someone_elses(text, code.start())


def home_postcode(texts: Iterable[str]) -> Optional[str]:
    """The last postcode the resident gave as theirs in these messages (oldest first), normalised
    ("LS11 5DT"), or None."""
    found = None
    for text in texts:
        text = str(text or "").replace("\u2019", "'")  # a phone's apostrophe
        for match in POSTCODE.finditer(text):
            if _is_theirs(text, match):
                found = normalise_postcode(match.group(0)) or found
    return found


def resident_texts(events: Iterable[dict[str, Any]]) -> list[str]:
    """What the person in the chat typed, oldest first (user events' text; never their metadata)."""
    return [e["text"] for e in events or []
            if isinstance(e, dict) and e.get("event") == "user" and isinstance(e.get("text"), str)]


def with_home_postcode(contact: dict[str, Any], events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The contact with the resident's postcode from the conversation when it has none, for a
    resident who gave details (not an anonymous or declined contact, nor an empty one)."""
    if not contact or contact.get("postcode") or contact.get("anonymous") or contact.get("declined"):
        return contact
    postcode = home_postcode(resident_texts(events))
    return {**contact, "postcode": postcode} if postcode else contact


# who the person in the chat is to the resident they write for (casework.contacts.relationship_to_resident,
# docs/api-contract.md "daughter | advocate | ..."), from whom they call the resident: "my dad" -> a son
# or daughter; one list, the first that fits wins (grandson before son: \b keeps them apart)
_ROLES = ((r"mum|mom|mother|dad|father|parents?", "son or daughter"),
          (r"grandson|granddaughter|grandchild(?:ren)?", "grandparent"),
          (r"son|daughter|child|kids?", "parent"),
          (r"nan|nanna|gran|granny|grandma|grandmother|grandad|grandpa|grandfather|grandparents?", "grandchild"),
          (r"brother|sister", "brother or sister"),
          (r"partner|husband|wife|boyfriend|girlfriend", "partner"),
          (r"aunt|auntie|uncle", "nephew or niece"),
          (r"neighbou?rs?", "neighbour"), (r"friend", "friend"), (r"cousin", "cousin"),
          (r"client", "support worker"), (r"tenant", "advocate"))
_WRITING_FOR = r"(?:for|on behalf of|behalf of|about|representing)\s+(?:my|our)"


def relationship(texts: Iterable[str]) -> Optional[str]:
    """The representative's relationship to the resident from the words they typed ("it's for my
    dad", "my mum's flat has no heating", "on behalf of my neighbour"), or None. "for my X" anywhere
    wins over a bare "my X" (oldest message first)."""
    texts = [str(t or "").replace("\u2019", "'") for t in texts]
    for lead in (_WRITING_FOR, r"(?:my|our)"):
        for text in texts:
            for words, role in _ROLES:
                if re.search(rf"\b{lead}\s+(?:(?:elderly|old|disabled|late|poor)\s+)?(?:{words})\b", text, re.I):
                    return role
    return None
