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
# Words that are not an address are never one: a sentence with a comma ("not sure, whats it for",
# "please dont post anything, my ex ...") is asked again, and an answer refusing post never gives one.
_FLAT = r"(?:flat|apartment|apt|unit|room|studio|maisonette)"
_NUMBER = r"(?<![\w-])\d{1,5}[A-Za-z]?(?:\s*[-/]\s*\d{1,5}[A-Za-z]?)?,?"
_STREET_WORDS = (r"street|st|road|rd|lane|ln|avenue|ave|close|cl|drive|dr|way|court|ct|crescent|"
                 r"cres|place|pl|grove|gardens|gdns|terrace|walk|hill|row|square|sq|mews|park|view|"
                 r"green|rise|parade|vale|wharf|yard|gate|croft|meadow|fields|broadway|embankment")
_STREET = re.compile(rf"\b({_STREET_WORDS})\.?$", re.I)
# a house number and its street: "12 High Street", "3-5 Church Rd"; with a postcode in the answer a
# street without a street word too ("14 Kingsway, LS6 2AB")
_NUMBERED_STREET = re.compile(rf"{_NUMBER}\s+(?:[A-Za-z][A-Za-z'.-]*\s+){{0,3}}(?:{_STREET_WORDS})\b\.?", re.I)
_NUMBERED_NAME = re.compile(rf"{_NUMBER}\s+[A-Za-z][A-Za-z'.-]*(?:\s+[A-Za-z][A-Za-z'.-]*){{0,2}}\s*$", re.I)
_FLAT_PART = re.compile(rf"\b{_FLAT}\s*\w{{1,5}}\b,?", re.I)
_FLAT_ONLY = re.compile(rf"^{_FLAT}\s*\w{{1,5}}$", re.I)
# a block's name after a flat number is a full address in social housing: "Flat 2, Marlborough Court"
_BUILDING = re.compile(r"\b[A-Za-z][A-Za-z'.-]+\s+(?:court|house|tower|towers|block|lodge|mansions|estate|buildings|"
                       r"heights|point|hall|flats|centre|close|gardens|place|street|road|lane|way|walk)\b", re.I)
# a named house: "Rose Cottage", "The Old Rectory", "Mill Farm"
_HOUSE_NAME = re.compile(r"^(?:[A-Za-z][A-Za-z'.-]*\s+){0,3}(?:cottage|cottages|house|farm|farmhouse|lodge|barn|hall|"
                         r"villa|manor|mill|bungalow|grange|rectory|vicarage|chapel|croft|nook|oast)$", re.I)
_THE_NAME = re.compile(r"^the\s+[A-Za-z][A-Za-z'.-]*(?:\s+[A-Za-z][A-Za-z'.-]*){0,2}$", re.I)  # "The Willows"
# what a sentence has and a place name has not
_SENTENCE_WORD = re.compile(r"\b(?:i|i'?m|me|my|you|your|he|she|him|her|they|we|us|it|its|please|dont|don'?t|"
                            r"not|no|only|just|call|ring|text|email|post|thanks|is|are|was|were|be|sure|what|"
                            r"whats|what's|why|how|anything|fine|want|need)\b", re.I)
_REFUSES_POST = re.compile(r"\b(?:do\s*n[o']?t|dont|never|no|not)\s+(?:(?:want|wish|send|sending|need|by|any|me|"
                           r"to|get|receive|like|have|through|via|the)\s+){0,3}(?:post|posting|posted|letters?|"
                           r"mail|write|writing)\b", re.I)
_ADDRESS_PREFIX = re.compile(r"^\s*(?:(?:please\s+)?(?:send|write|post)(?:\s+it)?(?:\s+(?:by\s+post\s+)?to)?|"
                             r"(?:letters?\s+)?by post(?:\s+please)?(?:\s+to)?|please|my (?:postal )?address is|"
                             r"(?:postal )?address is|(?:postal )?address:|i live at|it's|it is)\s*[:,]?\s*",
                             re.I)


_THANKS = r"[\s,.!]*\b(?:please|thanks|thank you|cheers|ta)[\s.!]*$"


def refuses_post(text: str) -> bool:
    """"please don't post anything", "no letters", "not by post": never an address for letters."""
    return bool(_REFUSES_POST.search(text or ""))


def _place(part: str) -> bool:
    """A locality or street after the house: "Leeds", "Mill Lane", "Little Snoring"."""
    return len(part.split()) <= 4 and not _SENTENCE_WORD.search(part) and not re.search(r"\d", part)


def _anchor(parts: list[str], postcode: bool) -> Optional[tuple[int, int]]:
    """Where the address starts: (part, character) of the flat, house number or house name."""
    for i, part in enumerate(parts):
        flat = _FLAT_PART.search(part)
        without_flat = _FLAT_PART.sub(lambda m: " " * len(m.group(0)), part)
        number = _NUMBERED_STREET.search(without_flat) or (postcode and _NUMBERED_NAME.search(without_flat))
        if number:
            return i, min(number.start(), flat.start()) if flat else number.start()
        if flat and _BUILDING.search(without_flat):
            return i, flat.start()
        if flat and _FLAT_ONLY.match(part.strip()) and i + 1 < len(parts) and \
                (_NUMBERED_STREET.search(parts[i + 1]) or _BUILDING.search(parts[i + 1])):
            return i, flat.start()  # "Flat 3, 12 High St", "Flat 3, Alder House"
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        named = _HOUSE_NAME.match(part) or _THE_NAME.match(part)
        if named and not _STREET.search(part) and not _SENTENCE_WORD.search(part) and nxt and _place(nxt):
            return i, 0  # a named house before its street or locality; never a street first
    return None


def split_address(text: str) -> tuple[Optional[str], str]:
    """(the postal address in an answer, what came before it: a name, "send it to"), without the
    e-mail, phone and postcode; (None, text) when it has no house number or name with a street."""
    rest = PHONE.sub(" ", POSTCODE.sub(", ", EMAIL.sub(" ", text or ""))).strip()
    if refuses_post(text) or len(rest) > 300:
        return None, text or ""
    rest = re.sub(_THANKS, "", rest, flags=re.I)
    parts = [p.strip(" .") for p in re.split(r"[,;\n]+", rest)]
    parts = [p for p in parts if re.search(r"[A-Za-z0-9]", p)]
    found = _anchor(parts, bool(POSTCODE.search(text or "")))
    if not found:
        return None, text or ""
    i, start = found
    before = parts[:i] + [parts[i][:start]]
    address = [parts[i][start:].strip(" ,")]
    for part in parts[i + 1:]:
        part = re.sub(_THANKS, "", part, flags=re.I)
        if not (_place(part) or _NUMBERED_STREET.fullmatch(part.strip()) or _BUILDING.fullmatch(part.strip())):
            break
        address.append(part.strip())
    address = [a for a in address if a]
    lead = ", ".join(p.strip() for p in before if p.strip())
    while (stripped := _ADDRESS_PREFIX.sub("", lead, count=1)) != lead:  # "by post please: 14 Elm Road"
        lead = stripped
    return ", ".join(address), lead.strip(" ,:")


def postal_address(text: str) -> Optional[str]:
    """The postal address in an answer ("Flat 3, 12 High St, M1 1AE", "Rose Cottage, Mill Lane"),
    without what came before it, the e-mail, phone and postcode, or None when it has no house number
    or name with a street (a postcode alone, a street alone, "Flat 3" alone, a sentence with a comma)."""
    return split_address(text)[0]


def mentions_address(text: str) -> bool:
    """An answer that tries to give a postal address (a postcode, a street, "by post") but is not
    one: asked again for the house number or name and street. Never one that refuses post."""
    t = text or ""
    if refuses_post(t):
        return False
    return bool(POSTCODE.search(t) or re.search(rf"\b(post|postal|address|letters?|{_FLAT})\b", t, re.I)
                or re.search(rf"{_NUMBER}\s+[A-Z][a-z]", t)  # "12 Marlborough": the street or postcode asked for
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


_NAME_WITHHELD = re.compile(r"\b(anonymous(ly)?|anon|no name|without my name|(not|don'?t|rather not) "
                            r"(give|giving|say|saying|share|sharing|use|using) (my|a) name)\b", re.I)


def withholds_name(text: str) -> bool:
    """Asks in words for their name to be left off ("keep me anonymous"): a plain "no" to an e-mail
    or phone does not."""
    return bool(_NAME_WITHHELD.search(text or ""))


def means_nothing(text: str, intent: Optional[str]) -> bool:
    return intent == "deny" or bool(_NOTHING.search(text or ""))
