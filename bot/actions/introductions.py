"""What the person in the chat already said about themselves before the complaint form asks (hg-01,
hg-03): their own name ("my name is Peter Grant", "I'm his son, Gareth"), the name of the resident
they write for ("on behalf of my dad, Harold Jenkins"), their own e-mail or phone, what they want to
happen ("I want them to come back and fix it properly"), that they write for someone else and that
the resident agreed ("He's asked me to complain for him").

Only words that say whose it is count: a name without an introduction ("Priya was rude") is nobody's
name here, an e-mail they wrote to ("I emailed housing@council.example") or someone else's ("his email
is ...") is not theirs to be reached at. Names are case-sensitive (capitalised words, checked by
names.is_name); the words around them are not. Thin: the form (complaint_actions) decides what to use.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from actions.names import is_name
from actions.parsing import EMAIL, PHONE
from actions.representative import writes_for_other

_REL = (r"mum|mom|mam|mother|dad|father|nan|nana|nanna|gran|granny|grandma|grandmother|grandad|grandpa|"
        r"grandfather|son|daughter|brother|sister|aunt|auntie|uncle|niece|nephew|cousin|friend|neighbou?r|"
        r"client|partner|husband|wife|tenant")
_NAME = r"(?P<name>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|ap|de|van|von|bin|al)){0,3})"
_APOS = str.maketrans({"’": "'"})

# the resident written for, named: "on behalf of my dad, Harold Jenkins", "for my dad Harold Jenkins"
_RESIDENT = re.compile(rf"(?i:\b(?:on behalf of|for|representing)\s+(?:my|our)\s+"
                       rf"(?:(?:elderly|old|disabled|vulnerable)\s+)?(?:{_REL})\s*,?\s+(?:called\s+|named\s+)?){_NAME}")
# the writer: "my name is Peter Grant", "I'm Gareth his son", "I'm his son, Gareth", "this is Ann"
# (never "it's Monday")
_OWN = [re.compile(rf"(?i:\bmy (?:full )?name(?:'s| is|\s*:)\s+){_NAME}"),
        re.compile(rf"(?i:\b(?:i'm|i am)\s+(?:her|his|their)\s+(?:{_REL}|carer|advocate|support worker)"
                   rf"\s*,?\s+(?:and\s+)?(?:my name is\s+|called\s+)?){_NAME}"),
        re.compile(rf"(?i:(?:^|[.,!;]\s*|\band\s+)(?:i'm|i am|this is)\s+){_NAME}")]
# e-mails and phones that are not the writer's: written to, or someone else's
_NOT_OWN = re.compile(r"(?:e-?mailed|wrote to|written to|sent\b.{0,30}\bto|contacted|copied|cc'?d?|called|rang|"
                      r"phoned|(?:his|her|their|[a-z]+'s)\s+(?:e-?mail|phone|number|mobile)(?:\s+(?:address|number))?"
                      r"(?:\s+(?:is|was|:))?|(?:the|your|their)\s+(?:office|council|team)'?s?\s+\w*)\W*(?:\S+\s+){0,2}$", re.I)
_OUTCOME = re.compile(
    r"^\W*(?:and\s+|so\s+)?(?:all\s+i\s+want\s+is|what\s+i\s+want\s+is|(?:i|we)(?:\s+|(?='))(?:just\s+|really\s+)?"
    r"(?:want|need|would\s+like|'d\s+like|expect)\s+(?!to\s+(?:complain|make|raise|report|log|know|tell|ask)\b)"
    r"(?:you|them|the\s+\w+|someone|somebody|it|an?|my|our|compensation|to\s+be|to\s+have|to\s+get))\b", re.I)
# "I want a formal complaint logged", "I want you to know ...": the complaint itself, not its remedy
_NOT_OUTCOME = re.compile(r"\bcomplain|\byou\s+to\s+(?:know|understand|hear|listen)\b", re.I)
_CONSENT = re.compile(r"\b(?:(?:he|she|they)(?:'s|'ve| has| have)?\s+(?:asked|agreed|given\s+(?:me\s+)?(?:permission|consent)"
                      r"|(?:is|are)?\s*happy\s+for\s+me)|with\s+(?:his|her|their)\s+(?:permission|consent|agreement)"
                      r"|asked\s+me\s+to\s+(?:complain|write|contact|get\s+in\s+touch|do\s+this|help))\b", re.I)
# "I want to stay anonymous", "please keep me anonymous", "I don't want to give my name" (hj-10); not
# "anonymous letters" about the matter itself
_ANONYMOUS = re.compile(
    r"\b(?:(?:i|we)\s+(?:want|wish|would\s+like|'d\s+like|'d\s+prefer|would\s+prefer|prefer|need)\s+to\s+"
    r"(?:stay|remain|be|keep\s+it)\s+anonymous|(?:keep|leave)\s+(?:me|us|my\s+name)\s+(?:anonymous|out\s+of\s+it)"
    r"|(?:i|we)\s+(?:don't|do\s+not|would\s+rather\s+not|'d\s+rather\s+not)\s+(?:want\s+to\s+)?"
    r"(?:give|share|leave|say)\s+(?:my|our)\s+names?"
    r"|anonymously\s+(?:please|if\s+(?:possible|i\s+can))|(?:complain|report\s+this)\s+anonymously)\b", re.I)
ANONYMOUS = "anonymous"  # the complaint form's contact_name for a resident who stays anonymous
_ON_BEHALF = re.compile(r"\b(?:on\s+behalf\s+of|writing\s+for|complain(?:ing|t)?\s+for|representing|"
                        r"(?:i'm|i am)\s+(?:her|his|their)\s+\w+)\b", re.I)


def _name(match: Optional[re.Match]) -> Optional[str]:
    if not match:
        return None
    name = match.group("name").strip()
    return name if is_name(name) and not re.fullmatch(r"(?i)i|writing|calling|contacting", name.split()[0]) else None


def resident_name(text: str) -> Optional[str]:
    """The name of the resident the writer writes for, when they named them."""
    return _name(_RESIDENT.search(str(text or "").translate(_APOS)))


def own_name(text: str) -> Optional[str]:
    """The writer's own name, when they introduced themselves; never the resident's they named."""
    text = str(text or "").translate(_APOS)
    theirs = resident_name(text)
    for pattern in _OWN:
        for match in pattern.finditer(text):
            name = _name(match)
            if name and name != theirs:
                return name
    return None


def with_surname(name: Optional[str], email: Optional[str]) -> Optional[str]:
    """"Gareth" and gareth.jenkins@example.com -> "Gareth Jenkins": a first name alone, completed from
    their own e-mail when it reads first.last; else the name as given."""
    if not name or " " in name or not email:
        return name
    parts = re.split(r"[._-]", email.split("@")[0])
    if len(parts) == 2 and parts[0].lower() == name.lower() and parts[1].isalpha() and len(parts[1]) > 1:
        return f"{name} {parts[1].capitalize()}"
    return name


def own_details(text: str) -> str:
    """The writer's own e-mail addresses and phone numbers in the text, joined ("" for none)."""
    text = str(text or "").translate(_APOS)
    found = []
    for pattern in (EMAIL, PHONE):
        for match in pattern.finditer(text):
            if not _NOT_OWN.search(text[max(0, match.start() - 60):match.start()]):
                found.append(match.group(0).strip())
    return ", ".join(found)


def outcome(text: str) -> Optional[str]:
    """The sentence saying what they want to happen ("I want them to come back and fix it properly")."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", str(text or "").translate(_APOS)):
        if _OUTCOME.search(sentence) and len(sentence.split()) >= 3 and not _NOT_OUTCOME.search(sentence):
            return sentence.strip()[:2000]
    return None


def writes_on_behalf(texts: Iterable[str]) -> bool:
    """They said plainly that they write for someone else ("on behalf of my dad", "I'm his son")."""
    return any(writes_for_other(t) and _ON_BEHALF.search(str(t).translate(_APOS)) for t in texts)


def consent_given(texts: Iterable[str]) -> bool:
    """They said the resident asked or agreed ("He's asked me to complain for him")."""
    return any(_CONSENT.search(str(t).translate(_APOS)) for t in texts)


def already_said(texts: list[str]) -> dict:
    """The complaint form's answers the writer gave before it asked (their messages so far, oldest
    first): contact_name ("anonymous" when they asked to stay anonymous), desired_outcome, on_behalf, resident_name and third_party_consent, and
    `details` (their own e-mail or phone, for the form's contact answer). Only what was said."""
    said: dict = {}
    details = ", ".join(d for d in map(own_details, texts) if d)
    email = next((m.group(0) for m in EMAIL.finditer(details)), None)
    name = next((n for n in map(own_name, texts) if n), None)
    if name:
        said["contact_name"] = with_surname(name, email)
    elif any(_ANONYMOUS.search(str(t).translate(_APOS)) for t in texts):
        said["contact_name"] = ANONYMOUS  # said before the form asked: the name is not asked (hj-10)
    if details:
        said["details"] = details
    wanted = next((o for o in map(outcome, texts) if o), None)
    if wanted:
        said["desired_outcome"] = wanted
    if writes_on_behalf(texts):  # said plainly: "a flat for my son Jake" is not writing for him
        theirs = next((n for n in map(resident_name, texts) if n), None)
        said["on_behalf"] = True
        if theirs:
            said["resident_name"] = theirs
        if consent_given(texts):
            said["third_party_consent"] = True
    return said


def in_words(said: dict) -> str:
    """"your name, Peter Grant; your email, peter@example.org; what you'd like to happen" for the
    one line saying what was taken from what they already wrote."""
    parts = []
    if said.get("contact_name") == ANONYMOUS:
        parts.append("that you want to stay anonymous")
    elif said.get("contact_name"):
        parts.append(f"your name, {said['contact_name']}")
    for field, label in (("contact_email", "your email"), ("contact_phone", "your phone number")):
        if said.get(field):
            parts.append(f"{label}, {said[field]}")
    if said.get("on_behalf"):
        who = said.get("resident_name") or "someone else"
        parts.append(f"that you're writing for {who}" + (" with their agreement" if said.get("third_party_consent") else ""))
    if said.get("desired_outcome"):
        parts.append("what you'd like to happen")
    return "; ".join(parts)
