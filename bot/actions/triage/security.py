"""A home that cannot be secured is an emergency repair (hj-05): the lexicon flags.has_emergency
reads beside its EMERGENCY list (on normalised, lower-case text). Tested with near misses in
tests/bot/test_safe_contact_requests.py."""
from __future__ import annotations

import re


def _rx(*parts: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


# A home that cannot be secured (hj-05): an entrance door that won't lock, shut or secure, its lock
# broken, or the door kicked, forced or smashed in. Not an inside door or a cupboard ("the bathroom
# door lock is broken"), nor a lock that only works badly ("a bit stiff", "doesn't lock properly").
_INSIDE = ("bathroom", "bedroom", "toilet", "loo", "kitchen", "cupboard", "wardrobe", "cabinet", "internal",
           "shed", "garage", "loft", "airing", "shower", "oven", "fridge", "freezer", "cooker", "room", "window",
           "letterbox", "lounge", "utility", "car", "bike", "meter", "bin", "store", "storage", "cycle")
_NOT_INSIDE = "".join(f"(?<!{w} )" for w in _INSIDE)
_NOT_INSIDE_LOCK = _NOT_INSIDE + "".join(f"(?<!{w} door )" for w in _INSIDE)
_DOOR = rf"(?:(?:front|back|main|entrance|external|outside|flat|house) )?{_NOT_INSIDE}doors?"
_WONT = r"(?:won't|wont|will not|doesn't|does not|didn't|can't|cannot|isn't|is not|no longer|not) (?:even )?"
SECURITY = _rx(
    rf"\b{_DOOR}\b(?: lock)?(?: still)? {_WONT}(?:lock|close|shut|secure)(?: at all)?\b(?! properly| right| very| on its own| by itself| itself)",
    rf"\b(?:can't|cannot|unable to|no way to) (?:lock|secure|shut|close) (?:my |the |our )?{_DOOR}\b",
    rf"\b{_NOT_INSIDE_LOCK}(?:door )?locks? (?:on (?:my |the |our )?{_DOOR} )?(?:is |are |has |have |'s )?(?:been )?(?:completely |totally )?"
    r"(?:broken|broke|bust|busted|snapped|smashed|gone|missing|hanging off|ripped out|kicked in|not working)\b",
    rf"\b(?:broken|bust|snapped|smashed) {_NOT_INSIDE}(?:(?:front|back|main) )?(?:door )?locks?\b(?! on (?:my |the )?(?:{'|'.join(_INSIDE)}))",
    rf"\b{_DOOR}\b[^.!?]{{0,25}}\b(?:kicked|smashed|forced|booted|broken) (?:in|down|open|off)\b",
    rf"\b(?:kicked|smashed|forced|booted|broke) (?:in|down|open) (?:my |the |our )?{_DOOR}\b",
    rf"\b(?:kicked|smashed|booted) (?:my |the |our )?{_DOOR} (?:in|down|open|off)\b",
)


# The door is not the home's: a message about an outbuilding or store door ("the lock on the bin store
# door has broken and the door won't shut") that names no door of the home itself.
_OTHER_DOOR = re.compile(r"\b(?:bin|bike|cycle|refuse|mobility scooter) stores?\b|\b(?:shed|garage|cupboard|loft|meter) doors?\b",
                         re.IGNORECASE)
_HOME_DOOR = re.compile(r"\b(?:front|back|flat|house|entrance|my|our) doors?\b", re.IGNORECASE)


def not_the_home(text: str) -> bool:
    """The doors the message speaks of are not the home's (flags.has_emergency)."""
    return bool(_OTHER_DOOR.search(text)) and not _HOME_DOOR.search(text)
