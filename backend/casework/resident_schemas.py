"""Request bodies about a resident's own details (pydantic v2, split from casework.schemas, which
re-exports them): the resident's case look-up and escalation (the reference with a postcode, e-mail
or phone), and the e-mail or postal address staff add (casework.resident_address). Strings are
checked as in casework.schemas (length, NUL characters, valid Unicode)."""
from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

from .schemas import In, Moment, Postcode, _clean, _short


class ResidentLookup(In):
    reference: Annotated[str, _short(40)]
    postcode: Postcode | None = None
    email: Annotated[str, _short(320)] | None = None
    phone: Annotated[str, _short(50)] | None = None  # the resident who gave only a phone


class ResidentEscalate(ResidentLookup):
    requested_at: Moment = None


# ---------------------------------------------------------------- staff: a resident's address added

# the UK postcode shape (the chat reads the same: bot/actions/parsing.py): "LS11 5DT", "ls115dt"
UK_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$", re.IGNORECASE)
UK_POSTCODE_IN_TEXT = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)  # one within words
EMAIL_SHAPE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def normalise_postcode(value: str | None) -> str | None:
    """"ls115dt" -> "LS11 5DT"; None when it is not a UK postcode."""
    m = UK_POSTCODE.match((value or "").strip())
    return f"{m.group(1).upper()} {m.group(2).upper()}" if m else None


def _email_shape(v: str) -> str:
    v = _clean(v, 320, "the e-mail address").strip()
    if v and not EMAIL_SHAPE.match(v):
        raise ValueError("the e-mail address does not look like one (name@example.org)")
    return v


def _uk_postcode(v: str) -> str:
    v = _clean(v, 16, "the postcode").strip()
    if v and not normalise_postcode(v):
        raise ValueError(f"'{v}' is not a UK postcode (like LS11 5DT)")
    return normalise_postcode(v) or ""


class ResidentAddressIn(In):
    """What staff were told when they rang a resident whose letters had nowhere to go
    (casework.resident_address): an e-mail, a postal address without the postcode, a postcode."""
    email: Annotated[str, AfterValidator(_email_shape)] = ""
    address: Annotated[str, AfterValidator(lambda v: _clean(v, 300, "the postal address").strip(" ,"))] = ""
    postcode: Annotated[str, AfterValidator(_uk_postcode)] = ""
