"""A group complaint (issue 17): whom it speaks for, and whether the person in the chat is the
group's nominated contact. Triage's `group` flag only suggests a group; the resident's answer
decides (a family's "all of us" is not a group of households)."""
from __future__ import annotations

import re
import textwrap
from typing import Any, Optional

NOT_GROUP = "none"  # the resident said the complaint is only for them (and their household)
MAX_TEXT = 2000     # what the form keeps of the answer (the transcript keeps every word)
ITEM_LIMIT = 200    # the API's limit for one entry of group_residents
MAX_ITEMS = 500     # and for how many entries

_JUST_ME = re.compile(
    r"^\s*(?:no\b(?!\.?\s*\d)|nope\b|nah\b|it'?s not\b|it is not\b)"
    r"|\b(?:just|only) (?:me|myself|us|my (?:household|family|flat|home|house)|our (?:household|family|flat|home|house))\b"
    r"|^\s*(?:me|myself|my (?:household|family))\s*[.!]?\s*$", re.I)
_SEPARATORS = re.compile(r"[\n;]+")


def is_group_suggested(flags: Any) -> bool:
    return "group" in (flags or [])


def says_not_a_group(text: str, intent: Optional[str]) -> bool:
    if _JUST_ME.search(text or ""):
        return True
    # "No 5 and No 7" names houses: a number is never read as a plain no
    return intent == "deny" and not re.search(r"\d", text or "")


def residents_list(answer: Optional[str]) -> list[str]:
    """The resident's answer as API entries: one per line or ';'-separated part (commas stay, as
    in "Flats 1-12, Elm Court"); a part over the API's limit is wrapped, never cut short."""
    if not answer or answer == NOT_GROUP:
        return []
    entries: list[str] = []
    for part in _SEPARATORS.split(answer):
        part = " ".join(part.split()).strip(" ,.")
        if part:
            entries.extend(textwrap.wrap(part, ITEM_LIMIT) or [part[:ITEM_LIMIT]])
    return entries[:MAX_ITEMS]


def in_words(residents: list[str]) -> str:
    """'Flat 1, Flat 2 and Flat 3' for a chat message."""
    if len(residents) <= 1:
        return "".join(residents)
    return ", ".join(residents[:-1]) + " and " + residents[-1]


def group_fields(group_answer: Optional[str], flags: list[str]) -> tuple[list[str], list[str]]:
    """(group_residents, flags) for the complaint body: the resident's answer wins over the
    triage flag, both ways."""
    residents = residents_list(group_answer)
    if residents and "group" not in flags:
        flags = [*flags, "group"]
    if group_answer == NOT_GROUP:
        flags = [f for f in flags if f != "group"]
    return residents, flags
