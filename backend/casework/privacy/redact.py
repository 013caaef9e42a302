"""Take personal data out of a resident's words before they become training data.

    redact("I'm Ada Quill, 14 Elm Road TF1 1AA, 07700 900123", known=["Ada Quill"])
    -> "I'm <name>, <address> <postcode>, <phone>"

What is replaced, each by a placeholder word the model can still read around:
- e-mail addresses <email>, web addresses <url>, phone numbers <phone> (UK forms: 07..., 01/02/03...,
  +44, with spaces, dashes or brackets), UK postcodes <postcode>, case references (CMP-2026-000123)
  <reference>, any other run of 5 or more digits (tenancy, account, rent and national insurance
  numbers) <number>;
- street addresses: a house number with a street name ending in Road, Street, Avenue, Close... and
  named buildings (Elm House, Hazel Court, Tower Heights...) <address>; "flat 3b", "house number 14"
  keep the word and lose the number;
- names: the resident's own (`known`: the contact record's name, e-mail, phone and postcode, each
  name part on its own), a title with a name (Mr Patel, Mrs J. Okoro), a name after an introduction
  ("my name is", "I'm called", "this is", "signed", "regards,"...), after a relation ("my neighbour
  Gary", "my son Tom", "your officer Sarah Jones"), a name introducing itself ("Janet Smith here, ..."), and a
  sign-off name at the end of the message.

It is a filter, not a proof: a name that no cue introduces and that is not the contact's own can
stay (see docs/personal-data.md). Output never logs or returns what it removed.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable

NAME = "<name>"

_EMAIL = re.compile(r"\b[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+\b")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?(?:[\s-]?\d){6,8}(?!\d)")
_POSTCODE = re.compile(r"\b(?:GIR\s?0AA|[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
_REFERENCE = re.compile(r"\b(?:CMP|SR|CPL|EXC)-\d{4}-\d{6}\b", re.IGNORECASE)
_NI_NUMBER = re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)
_DIGITS = re.compile(r"(?<![\d<])\d(?:-?\d){4,}(?!\d)")

# Names are capitalised words; the cue words around them are matched in any case ((?i:...)).
_CAP = r"[A-Z][a-zA-Z'\u2019-]+"
_STREET_TYPES = ("road|street|st|avenue|ave|lane|close|drive|way|crescent|place|gardens|terrace|grove|walk|"
                 "square|row|hill|park|view|mews|rise|green|parade|court|gate|vale|croft|fold|wynd|brae")
_STREET = re.compile(rf"\b\d{{1,4}}[a-zA-Z]?,?\s+(?:{_CAP}\s+){{1,3}}(?i:{_STREET_TYPES})\b\.?"
                     rf"|\b\d{{1,4}}[a-z]?,?\s+(?:[a-z]+\s+){{1,2}}(?:road|street|avenue|lane|close|drive|"
                     rf"crescent|terrace|gardens|grove|mews)\b")
_BUILDING = re.compile(rf"\b((?:{_CAP}\s+){{1,2}})(?:House|Court|Tower|Towers|Heights|Lodge|Mansions|Estate|"
                       rf"Buildings|Point|Block)\b")
_NOT_PLACES = frozenset("county crown high magistrates magistrates' family small claims supreme royal council "
                        "housing town city the a my our their this".split())
_DOOR = re.compile(r"\b((?i:flat|apartment|apt|unit|house number|door number|number|no\.?))\s+(\d{1,4}[a-zA-Z]?)\b")

_TITLE = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Cllr|Councillor)\.?\s+(?:[A-Z]\.?\s+)?{_CAP}(?:\s+{_CAP})?")
_NAME_WORDS = rf"{_CAP}(?:\s+(?:[A-Z]\.?\s+)?{_CAP})?"
_INTRO = re.compile(rf"\b((?i:(?:my|the) name(?:'s| is)|i'?m called|i am called|this is|it'?s|i'?m|i am|signed|"
                    rf"regards|thanks|thank you|cheers|from|yours sincerely|yours faithfully|kind regards|"
                    rf"best wishes|many thanks))(,?\s+)({_NAME_WORDS})")
_RELATION = re.compile(rf"\b((?i:(?:my|our|your|his|her|their|the)\s+(?:(?:next door|new|old|upstairs|downstairs)\s+)?"
                       rf"(?:son|daughter|husband|wife|partner|mum|mam|mother|dad|father|brother|sister|"
                       rf"neighbour|neighbours|neighbor|carer|friend|nan|gran|grandson|granddaughter|boy|girl|"
                       rf"officer|housing officer|caseworker|case worker|manager|plumber|electrician|"
                       rf"contractor|surveyor|engineer|operative|advocate|councillor|landlord|tenant|lodger)"
                       rf"|called|named)),?\s+({_NAME_WORDS})")
# "Janet Smith here, ..." / "Hi, Janet here." : a name introducing itself, at the start of a sentence,
# with "here" closing the clause (so "Residents here are fed up" is not a name).
_HERE = re.compile(rf"(?:^|[.!?,;:\n]|(?i:\b(?:hi|hello|hiya|morning|afternoon|evening)\b))\s*(?!(?i:hi|hello|hiya|morning|afternoon|evening)\b)({_NAME_WORDS})\s+(?i:here)"
                   rf"(?=\s*(?:[,.!?;:\u2013-]|$))")
_SIGN_OFF = re.compile(rf"(?:[.!,\n]|^)\s*[-\u2013]?\s*({_CAP}(?:\s+{_CAP})?)\.?(?:[\s,.;:-]*<[a-z]+>)*[\s.]*$")

# Capitalised words that start sentences or name things, never a person: not redacted by the cues.
_NOT_NAMES = frozenset("""
i im ive id ill it its a an the and but so if my me we our you your he she they them this that there here
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december christmas easter today tomorrow yesterday week month year
mould damp heating boiler council housing association landlord ombudsman repairs repair team service please
thank thanks hello hi dear sir madam still again just really very not no yes ok okay also now since
complaint complaints asb police nobody everybody everyone people residents tenants neighbours kids
 universal credit nhs gp social services help urgent ridiculous disgusting
appalling unacceptable fed sorry what why when how who where which nothing everything someone anyone
""".split())


def _is_name(words: str) -> bool:
    first = words.split()[0].strip(".").lower().replace("\u2019", "'").replace("'", "")
    return first not in _NOT_NAMES


def fingerprint(text: str) -> str:
    """A one-way key for the ORIGINAL message (whitespace and case folded): erasure and retention
    find a training row by the resident's message without the row keeping the message."""
    key = " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _known_patterns(known: Iterable[str | None]) -> list[tuple[re.Pattern, str]]:
    """The contact's own details: an e-mail, a phone number (any spacing), a postcode, or a name
    (the whole name and each part of it)."""
    out: list[tuple[re.Pattern, str]] = []
    for value in known:
        value = " ".join((value or "").split())
        digits = re.sub(r"\D", "", value)
        if not value:
            continue
        if "@" in value:
            out.append((re.compile(re.escape(value), re.IGNORECASE), "<email>"))
        elif len(digits) >= 6:
            out.append((re.compile(r"(?<!\d)" + r"[\s()-]*".join(digits) + r"(?!\d)"), "<phone>"))
        elif _POSTCODE.fullmatch(value):
            pc = "".join(value.split())
            out.append((re.compile(rf"\b{re.escape(pc[:-3])}\s*{re.escape(pc[-3:])}\b", re.IGNORECASE), "<postcode>"))
        else:
            parts = [value] + [p for p in re.split(r"[\s,]+", value) if len(p) >= 2]
            for p in sorted(set(parts), key=len, reverse=True):
                if p.lower().strip(".") not in _NOT_NAMES:
                    out.append((re.compile(rf"(?<!\w){re.escape(p)}(?!\w)", re.IGNORECASE), NAME))
    return out


def redact(text: str, known: Iterable[str | None] = ()) -> str:
    """The text with personal data replaced by placeholders, on one line (whitespace collapsed)."""
    text = " ".join("".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text or "").split())
    text = _EMAIL.sub("<email>", text)
    text = _URL.sub("<url>", text)
    for pattern, placeholder in _known_patterns(known):
        text = pattern.sub(placeholder, text)
    text = _REFERENCE.sub("<reference>", text)
    text = _POSTCODE.sub("<postcode>", text)
    text = _PHONE.sub("<phone>", text)
    text = _NI_NUMBER.sub("<number>", text)
    text = _STREET.sub("<address>", text)
    text = _BUILDING.sub(lambda m: m.group(0) if m.group(1).split()[0].lower() in _NOT_PLACES else "<address>", text)
    text = _DOOR.sub(lambda m: f"{m.group(1)} <number>", text)
    text = _DIGITS.sub("<number>", text)
    text = _TITLE.sub(NAME, text)
    text = _RELATION.sub(lambda m: f"{m.group(1)} {NAME}" if _is_name(m.group(2)) else m.group(0), text)
    text = _INTRO.sub(lambda m: f"{m.group(1)}{m.group(2)}{NAME}" if _is_name(m.group(3)) else m.group(0), text)
    text = _HERE.sub(lambda m: m.group(0)[:m.start(1) - m.start(0)] + NAME + m.group(0)[m.end(1) - m.start(0):]
                     if _is_name(m.group(1)) else m.group(0), text)
    m = _SIGN_OFF.search(text)
    if m and _is_name(m.group(1)) and len(text.split()) > 3:
        text = text[:m.start(1)] + NAME + text[m.end(1):]
    return text
