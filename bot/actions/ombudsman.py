"""A question about the Housing Ombudsman ("How do I complain to the Housing Ombudsman?", "i just want
the ombudsman phone number") is answered wherever it comes: as the first message, as the answer to
the complaint offer, or typed as the answer to a form's question. Residents may contact the Ombudsman
at any time (Code 1.3, DOMAIN.md); the details are in the domain (utter_ombudsman_details).

asks_ombudsman(text): the message asks about the Ombudsman (how to reach or complain to them, their
number or address), not merely naming them ("I'll take you to the ombudsman!" is a complaint, triaged).
only_ombudsman(text): nothing else in it to triage (no other sentence of more than a few words)."""
from __future__ import annotations

import re
from typing import Optional

_OMBUDSMAN = re.compile(r"\bombuds\w*", re.I)
_ASKS = re.compile(
    r"\?|\b(?:how|what|where|who|can|could|may|do|does|is|are)\b.{0,60}\bombuds"
    r"|\bombuds\w*'?s?\s+(?:phone|number|tel\w*|contact|details|e-?mail|address|website)"
    r"|\b(?:phone|number|tel\w*|contact|details|e-?mail|address|website)\b.{0,30}\bombuds"
    r"|\b(?:want|need|like|give\s+me|send\s+me|tell\s+me)\b.{0,30}\bombuds", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def asks_ombudsman(text: Optional[str]) -> bool:
    """The message asks about the Housing Ombudsman (a sentence naming them that asks)."""
    return any(_OMBUDSMAN.search(s) and _ASKS.search(s) for s in _SENTENCE.split(text or ""))


def only_ombudsman(text: Optional[str]) -> bool:
    """The Ombudsman question is all there is: the other sentences add at most a few words."""
    rest = [s for s in _SENTENCE.split(text or "") if not _OMBUDSMAN.search(s)]
    return len(re.findall(r"\w+", " ".join(rest))) <= 3
