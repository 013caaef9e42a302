"""A keyword topic classifier: the subject of the message, for routing and reports."""
from __future__ import annotations

import re
from typing import Optional

from actions.past_events import reported_now

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

# A service charge is a charge FOR services (grounds maintenance, cleaning, lifts, lighting, repairs
# to the block). A message that names one of those services and the charge is about the service,
# and goes to the team that provides it, unless it is about the money: the amount billed, its
# increase, a bill, breakdown or estimate, a refund, a section 20 consultation. Then the charge is
# the subject (income / service charges), whatever services it names. Saying the charge is paid
# ("we pay a service charge for it and it's never done", "we pay £30 a month for it") is not about
# the amount.
CHARGED_SERVICES = ("estate", "repair", "damp_mould", "adaptation")
_BILLING = re.compile(
    r"\b(?:amount|how much|price[sd]?|increase[sd]?|increasing|went up|gone up|going up|go up|"
    r"ris(?:e|en|es|ing) (?:in|to|by|from)|too (?:high|much|expensive)|expensive|overcharg\w*|charged (?:twice|double|too)|"
    r"double[- ]charged|bills?|billed|billing|invoices?|statements?|breakdown|calculat\w*|apportion\w*|"
    r"estimates?|budget|demand|owe|owed|arrears|refund\w*|money back|reimburs\w*|afford\w*|"
    r"pay(?:ing)? (?:more|less|extra|twice)|section 20|consultation|dispute\w*|wrong (?:amount|charge))\b",
    re.IGNORECASE)


def _charge_for_a_service(hits: dict, text: str) -> dict:
    """hits with the service-charge tie broken by what the message is about (see _BILLING)."""
    if not hits.get("service_charge") or not any(hits.get(t) for t in CHARGED_SERVICES):
        return hits
    if _BILLING.search(text):
        return {t: n for t, n in hits.items() if t not in CHARGED_SERVICES}
    return {t: n for t, n in hits.items() if t != "service_charge"}


def classify_topic(text: str, category: Optional[str] = None, reason: Optional[str] = None) -> Optional[str]:
    """Best topic for the text, or None. The category narrows the choice a little:
    ASB topics only when the message is about ASB, staff topics for employment matters."""
    if reason == "employment":
        return "employment"
    if reason == "legal":
        return "legal"
    t = normalise(text)
    counted: dict = {}
    for topic, rx in _COMPILED:
        if topic == "asb" and reason != "asb":
            continue
        if topic == "asb_handling" and category not in ("complaint", "excluded", "unclear"):
            continue
        hits = len(rx.findall(t))
        if topic == "asb_handling" and hits and category == "complaint":
            hits += 2  # the handling of an ASB case is the subject, not the neighbour
        counted[topic] = hits
    best, best_hits = None, 0
    for topic, hits in _charge_for_a_service(counted, t).items():  # in TOPIC_KEYWORDS' order
        if hits > best_hits:
            best, best_hits = topic, hits
    if best is None and reason == "asb":
        return "asb"
    if best is None:
        return "enquiry" if category == "service_request" else None
    return best


# Exclusions about the complaint, not the landlord's duty to put things right (Code 2.2-2.3: the
# complaint is excluded; the repair is still owed, and any hazard's duty under Awaab's Law).
DUTY_STANDS = ("legal", "time_limit", "already_investigated")
_REPAIR_TOPICS = [(topic, rx) for topic, rx in _COMPILED if topic in ("damp_mould", "repair")]


def repair_still_owed(text: str, reason: Optional[str]) -> Optional[str]:
    """The service-request topic ("damp_mould" or "repair") of a problem an excluded message
    reports as present now ("my disrepair claim is at court but the ceiling is leaking again now"),
    or None: a new service request the landlord must still do, beside the exclusion. A problem that
    is only the claim's subject, or a finished past event, is not one."""
    if reason not in DUTY_STANDS:
        return None
    t = normalise(text)
    for topic, rx in _REPAIR_TOPICS:
        if reported_now(rx, t):
            return topic
    return None


# A second matter in the same message: a repair reported now beside a compliment, or beside a
# complaint about something else ("the kitchen tap is dripping, can someone fix it. Also I want to
# complain about the housing officer who was rude"). The compliment or complaint is recorded as
# triaged; the repair is a service request too, or it is lost. Read part by part (sentences, and
# words that start another matter): a part that reports a fault now in plain words (_FAULT_NOW: not
# "no heating last week" or "the engineer came today", which praise a repair done), and another part
# that is the compliment, or the complaint about something of its own (_OTHER_MATTERS, after a word
# such as "also": a complaint about the repair is the complaint, and is not split).
_SECOND = (r"also|as well|another thing|separately|while i'?m here|while i'?m on|on another note|on a different note|"
           r"(?:one|another) more thing|p\.?s\.?")
_PARTS = re.compile(rf"[.!?;\n]+|\b(?:{_SECOND}|by the way|btw)\b", re.IGNORECASE)
_SECOND_MATTER = re.compile(rf"\b(?:{_SECOND})\b", re.IGNORECASE)
_FAULT_NOW = re.compile(
    r"\b(?:stopped working(?! (?:in|on|at|last|back|a few|a couple|two|three|\d))|(?:isn't|aren't|is not|are not|not|still not|never) working|"
    r"(?:doesn't|don't|won't|will not|does not|still doesn't|still won't) (?:work|flush|drain|open|close|shut|lock|turn (?:on|off))|"
    r"(?:is|are|'s|'re|has been|have been) (?:still )?(?:broken|blocked|loose|cracked|hanging off|leaking|dripping)|"
    r"keeps? (?:leaking|dripping|breaking|tripping|cutting out)|(?:has|have) (?:come off|fallen off|fallen down|blown)|"
    r"(?:needs?|is needing) (?:fixing|repairing|replacing|a repair|looking at|to be (?:fixed|repaired|replaced|looked at))|"
    r"can (?:someone|somebody|you|i get someone) (?:come|fix|send|look|sort)|"
    r"still (?:there|leaking|dripping|broken|damp|not (?:fixed|done|sorted|repaired))|"
    r"(?:hasn't|haven't|has not|have not|never) (?:been )?(?:fixed|repaired|sorted|done|looked at))\b", re.IGNORECASE)
# the fault was put right: "Sharon sorted my boiler in a day", "fixed the leak in 20 minutes"
_DONE = re.compile(r"\b(?<!never )(?<!not )(?<!n't )(?:fixed|sorted|repaired|mended|replaced|put right|"
                   r"(?:is|are|'s) working (?:again|now|fine))\b(?! yet)", re.IGNORECASE)
# what a complaint beside a repair is about when it is a matter of its own
_OTHER_MATTERS = ("staff_conduct", "discrimination", "data_protection", "asb_handling", "rent",
                  "service_charge", "tenancy", "communication")


def _repair_now(part: str) -> Optional[str]:
    if not _FAULT_NOW.search(part) or _DONE.search(part):
        return None
    for topic, rx in _REPAIR_TOPICS:
        if rx.search(part):
            return topic
    return None


def repair_beside(text: str, category: Optional[str]) -> Optional[str]:
    """The service-request topic ("damp_mould" or "repair") of a repair a compliment or complaint
    reports now as a matter of its own, or None (see _FAULT_NOW above). A compliment's other part
    is the praise; a complaint must say it is another matter ("also") and have a part with a topic
    of its own that is not the repair ("rude", "hung up on me")."""
    if category not in ("compliment", "complaint"):
        return None
    t = normalise((text or "").replace("\n", ". "))
    if category == "complaint" and not _SECOND_MATTER.search(t):
        return None
    found, others = None, []
    for part in (p.strip() for p in _PARTS.split(t)):
        topic = _repair_now(part) if part else None
        if topic and found is None:
            found = topic
        elif part and not topic:
            others.append(part)
    if found is None or not others:
        return None
    if category == "compliment" or any(classify_topic(p, "complaint") in _OTHER_MATTERS for p in others):
        return found
    return None


# A disclosure handed to staff (domestic abuse read as ASB, triage_action.py) with a repair in it: a
# door, lock or window broken now ("the lock on my front door is broken", "he kicked the door in")
# is a repair the landlord owes, and the resident's security.
_SECURITY = re.compile(r"\b(?:locks?|doors?|windows?)\b", re.IGNORECASE)
_SECURITY_DAMAGE = re.compile(r"\b(?:smashed|kicked (?:it |the \w+ )?(?:in|down)|kicked in|broke|broken|bust(?:ed)?|"
                              r"forced(?: open)?|damaged|won't (?:lock|shut|close)|hanging off)\b", re.IGNORECASE)


def repair_reported_now(text: str) -> Optional[str]:
    """The service-request topic ("damp_mould" or "repair") of a problem a message reports now, read
    part by part as repair_beside does, or a door, lock or window damaged (_SECURITY_DAMAGE); None
    when there is none, or it was put right."""
    t = normalise((text or "").replace("\n", ". "))
    for part in (p.strip() for p in _PARTS.split(t)):
        if not part:
            continue
        topic = _repair_now(part)
        if topic:
            return topic
        if _SECURITY.search(part) and _SECURITY_DAMAGE.search(part) and not _DONE.search(part):
            return "repair"
    return None
