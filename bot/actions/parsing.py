"""Small parsers for answers inside forms (contact details, yes/no, references)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
PHONE = re.compile(r"(?<!\d)(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\d)")
REFERENCE = re.compile(r"\b(CMP|SR|CPL|EXC)-(\d{4})-(\d{6})\b", re.IGNORECASE)

_YES = re.compile(r"^\s*(yes|yeah|yep|yup|y|aye|correct|i do|i have|i am|sure|ok(ay)?|"
                  r"that's right|please do|go ahead|they have|they do|of course)\b", re.I)
_NO = re.compile(r"^\s*(no|nope|nah|n|not|i'm not|i am not|i don't|i do not|"
                 r"i haven't|none|nothing|they haven't|they have not)\b", re.I)
_ANONYMOUS = re.compile(r"\b(anonymous(ly)?|anon|rather not|prefer not|no name|"
                        r"don'?t want to (give|say|share)|not (give|giving|say|saying) my name)\b",
                        re.I)
_NOTHING = re.compile(r"^\s*(no|none|nothing|nope|n/a|not really|no thanks|no thank you|"
                      r"i don'?t need any|no adjustments)\b", re.I)


@dataclass(frozen=True)
class ContactRoute:
    email: Optional[str] = None
    phone: Optional[str] = None
    postcode: Optional[str] = None

    def is_empty(self) -> bool:
        return not (self.email or self.phone or self.postcode)

    @property
    def preferred_channel(self) -> str:
        if self.email:
            return "email"
        if self.phone:
            return "phone"
        return "post" if self.postcode else "chat"


def parse_contact(text: str) -> ContactRoute:
    email = EMAIL.search(text or "")
    remainder = EMAIL.sub(" ", text or "")
    postcode = POSTCODE.search(remainder)
    phone = PHONE.search(POSTCODE.sub(" ", remainder))
    return ContactRoute(
        email=email.group(0) if email else None,
        phone=re.sub(r"[\s-]", "", phone.group(0)) if phone else None,
        postcode=normalise_postcode(postcode.group(0)) if postcode else None,
    )


# A postal address needs a house number or name and a street (the postcode is optional: Royal Mail
# delivers without it, and the policies require none). "Flat 3" is not a house number on its own.
_FLAT = r"(?:flat|apartment|apt|unit|room|studio|maisonette)"
_HOUSE_NUMBER = re.compile(r"(?<![\w-])\d{1,5}[A-Za-z]?(?:\s*[-/]\s*\d{1,5}[A-Za-z]?)?,?\s+[A-Za-z][A-Za-z'.-]*")
_FLAT_PART = re.compile(rf"\b{_FLAT}\s*\w{{1,5}}\b,?", re.I)
_STREET = re.compile(r"\b(street|st|road|rd|lane|ln|avenue|ave|close|cl|drive|dr|way|court|ct|crescent|"
                     r"cres|place|pl|grove|gardens|gdns|terrace|walk|hill|row|square|sq|mews|park|view|"
                     r"green|rise|parade|vale|wharf|yard|gate|croft|meadow|fields|broadway|embankment)\.?$", re.I)
_FLAT_ONLY = re.compile(rf"^{_FLAT}\s*\w{{1,5}}$", re.I)
# a block's name after a flat number is a full address in social housing: "Flat 2, Marlborough Court"
_BUILDING = re.compile(r"\b[A-Za-z][A-Za-z'.-]+\s+(?:court|house|tower|towers|block|lodge|mansions|estate|buildings|"
                       r"heights|point|hall|flats|centre|close|gardens|place|street|road|lane|way|walk)\b", re.I)
_ADDRESS_PREFIX = re.compile(r"^\s*(?:(?:please\s+)?(?:send|write|post)(?:\s+it)?(?:\s+(?:by\s+post\s+)?to)?|"
                             r"(?:letters?\s+)?by post(?:\s+please)?(?:\s+to)?|please|my (?:postal )?address is|"
                             r"(?:postal )?address is|(?:postal )?address:|i live at|it's|it is)\s*[:,]?\s*",
                             re.I)


def postal_address(text: str) -> Optional[str]:
    """The postal address in an answer ("Flat 3, 12 High St, M1 1AE", "Rose Cottage, Mill Lane"),
    without the e-mail, phone and postcode, or None when it has no house number or name with a street
    (a postcode alone, a street alone, "Flat 3" alone)."""
    rest = PHONE.sub(" ", POSTCODE.sub(" ", EMAIL.sub(" ", text or "")))
    rest = rest.strip()
    while (stripped := _ADDRESS_PREFIX.sub("", rest, count=1)) != rest:  # "by post please: 14 Elm Road"
        rest = stripped
    rest = re.sub(r"[\s,.!]*\b(?:please|thanks|thank you|cheers|ta)[\s.!]*$", "", rest, flags=re.I)
    parts = [p.strip(" .") for p in re.split(r"[,;\n]+", rest)]
    parts = [p for p in parts if re.search(r"[A-Za-z0-9]", p)]
    address = ", ".join(parts)
    if not address or len(address) > 300:
        return None
    if _HOUSE_NUMBER.search(_FLAT_PART.sub(" ", address)):
        return address
    if _FLAT_PART.search(address) and _BUILDING.search(_FLAT_PART.sub(" ", address)):
        return address
    named = [p for p in parts if not _FLAT_ONLY.match(p)]
    # a named house before its street or locality: "Rose Cottage, Mill Lane"; never a street first
    if len(named) >= 2 and re.search(r"[A-Za-z]", named[0]) and not _STREET.search(named[0]):
        return address
    return None


def mentions_address(text: str) -> bool:
    """An answer that tries to give a postal address (a postcode, a street, "by post") but is not
    one: asked again for the house number or name and street."""
    t = text or ""
    return bool(POSTCODE.search(t) or re.search(rf"\b(post|postal|address|letters?|{_FLAT})\b", t, re.I)
                or any(_STREET.search(p.strip(" .")) for p in re.split(r"[,;\n]+", t)))


def normalise_postcode(value: str) -> Optional[str]:
    match = POSTCODE.search(value or "")
    if not match:
        return None
    return f"{match.group(1).upper()} {match.group(2).upper()}"


def normalise_reference(value: str) -> Optional[str]:
    match = REFERENCE.search(value or "")
    if not match:
        return None
    return f"{match.group(1).upper()}-{match.group(2)}-{match.group(3)}"


def yes_no(text: str, intent: Optional[str]) -> Optional[bool]:
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    if _NO.search(text or ""):
        return False
    if _YES.search(text or ""):
        return True
    return None


def wants_anonymity(text: str, intent: Optional[str]) -> bool:
    return intent == "stay_anonymous" or bool(_ANONYMOUS.search(text or ""))


def means_nothing(text: str, intent: Optional[str]) -> bool:
    return intent == "deny" or bool(_NOTHING.search(text or ""))
