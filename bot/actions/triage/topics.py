"""A keyword topic classifier: the subject of the message, for routing and reports."""
from __future__ import annotations

import re
from typing import Optional

from .flags import normalise

# Checked in this order; the topic with the most keyword hits wins, ties go to the earlier one.
TOPIC_KEYWORDS: list[tuple[str, str]] = [
    ("data_protection", r"data breach|personal (?:details|data|information)|gdpr|subject access|wrong address|"
                        r"shared my (?:phone|number|details|address)|my data|confidential|went through my post"),
    ("discrimination", r"discriminat\w*|racis[mt]\w*|my race|religion|sexis[mt]|homophob\w*|because of my (?:disability|age|gender|race)|"
                       r"treated differently|reasonable adjustments?"),
    ("asb_handling", r"asb (?:officer|team|case)|anti-?social behaviour (?:case|team|officer)|antisocial behaviour (?:case|team|officer)|"
                     r"diary sheets?|reported (?:the )?neighbours?|neighbour dispute|told my neighbour"),
    ("asb", r"neighbour|noise|loud music|drugs?|dealing|harass\w*|abus\w*|threaten\w*|intimidat\w*|youths|gang|"
            r"partying|parties|barking|cannabis|weed"),
    ("staff_conduct", r"rude|rudely|swore|shouted|disrespectful|attitude|laughed at|unprofessional|hung up|"
                      r"spoke to me like|treated me|manner|aggressive staff"),
    ("damp_mould", r"damp|mou?ld|condensation|black spots|wet walls?|mildew"),
    ("service_charge", r"service charges?|major works|leaseholder|section 20|ground rent|lease\b"),
    ("rent", r"\brent\b|arrears|direct debit|rent account|rent statement|housing benefit|universal credit|overpaid|payment plan"),
    ("adaptation", r"adaptation|grab rails?|walk[- ]in shower|stair ?lift|ramp|wheelchair|occupational therap\w*|key safe|"
                   r"flashing light smoke alarm|level access"),
    ("tenancy", r"tenancy|mutual exchange|swap my home|transfer|succession|take over (?:his|her) tenancy|sublet|"
                r"notice to end|joint tenan\w*|right to buy|pets?\b|cat\b|dog\b|permission"),
    ("estate", r"estate|communal|bin store|bins?|fly[- ]?tipping|graffiti|grass|gardens?|car park|parking|"
               r"caretaker|cleaning|stairwell|lift|trees?|paving|street ?light"),
    ("communication", r"never (?:rang|called|replied|got back)|no (?:reply|response|one rings|one calls)|call ?back|"
                      r"on hold|ignored|no one tells|nobody tells|not kept informed|(?:emailed|phoned|rang) \w+ times"),
    ("compensation", r"compensat\w*|refund|reimburs\w*|pay for (?:the )?damage|insurance claim"),
    ("repair", r"repair|fix|broken|gas|smell|burst|flood\w*|wires?|wiring|sparking|leak\w*|boiler|heating|hot water|radiator|tap|toilet|window|door|roof|"
               r"plumb\w*|electric\w*|socket|lock|ceiling|floor|kitchen|bathroom|gutter|fence|fan|shower|"
               r"engineer|contractor|operative|workmen|pipe|pest|mice|rats?|cockroach\w*|wasps?"),
]
_COMPILED = [(topic, re.compile(rf"\b(?:{words})", re.IGNORECASE)) for topic, words in TOPIC_KEYWORDS]


def classify_topic(text: str, category: Optional[str] = None, reason: Optional[str] = None) -> Optional[str]:
    """Best topic for the text, or None. The category narrows the choice a little:
    ASB topics only when the message is about ASB, staff topics for employment matters."""
    if reason == "employment":
        return "employment"
    if reason == "legal":
        return "legal"
    t = normalise(text)
    best, best_hits = None, 0
    for topic, rx in _COMPILED:
        if topic == "asb" and reason != "asb":
            continue
        if topic == "asb_handling" and category not in ("complaint", "excluded", "unclear"):
            continue
        hits = len(rx.findall(t))
        if topic == "asb_handling" and hits and category == "complaint":
            hits += 2  # the handling of an ASB case is the subject, not the neighbour
        if hits > best_hits:
            best, best_hits = topic, hits
    if best is None and reason == "asb":
        return "asb"
    if best is None:
        return "enquiry" if category == "service_request" else None
    return best
