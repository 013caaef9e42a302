"""Emergencies recognised from the situation, not only from the word "emergency".

`emergency_situation(text, today)` says whether a message describes an emergency, and why:
  - a gas smell or a gas leak; flooding or water pouring through (a ceiling, from a burst pipe);
    exposed, sparking or live wiring;
  - no heating or no hot water (or no water at all) when someone at risk lives there: babies,
    young children, older, disabled or seriously ill people, or pregnancy; in winter
    (1 October to 31 March) no heating with a vulnerable person is an emergency; no water at all is
    one in any month.
A hazard the message places in the past ("since the flood", "the burst pipe was fixed") does not count
unless the message says a danger is present now (actions/past_events.py).
The triage flags can call it (bot/actions/triage owns where); pure and tested
(tests/bot/test_contact_details.py), no clock read here: the caller passes the date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from actions.past_events import current

_HAZARDS = {
    "gas": r"smell(s|ing)? (of )?gas|gas (smell|leak|leaking)|smell gas|leaking gas",
    "flooding": r"flood(ed|ing)?|water (is )?(pouring|gushing|coming) (in|through|down)|burst (water )?pipe|"
                r"ceiling (is )?(collaps\w+|falling)",
    "wiring": r"(exposed|bare|live|sparking|hanging) (electric(al)? )?(wires?|wiring|cables?)|"
              r"(wires?|wiring|sockets?|cables?) (is |are )?(exposed|sparking|smoking|live)|sparks? (from|coming)",
}
_HAZARD_RX = {name: re.compile(pattern, re.I) for name, pattern in _HAZARDS.items()}
_NO_HEAT = re.compile(r"\b(no|without|lost( the| our| my)?|hasn'?t got|haven'?t got|not got|don'?t have|no working)"
                      r" (any )?(heating|heat|boiler|hot water|radiators?)\b|"
                      r"\b(heating|boiler|hot water)\b[^.]{0,30}\b(not working|broken|broke down|stopped|"
                      r"packed up|isn'?t working|won'?t (come on|work)|off)\b", re.I)
_NO_WATER = re.compile(r"\bno (running |cold )?water\b|\bwater (has been |is )?(cut off|off)\b|"
                       r"\bwithout (any )?water\b", re.I)
_AT_RISK = re.compile(
    r"\b(bab(y|ies)|newborn|infant|toddlers?|(young |small |little )?(child|children|kids?)|"
    r"\d{1,2}[- ]?(month|year)[- ]?old|pregnan\w*|elderly|older (person|people|parent|mum|dad)|"
    r"pensioner|in (his|her|their|my) (80s|90s|eighties|nineties)|disabled|disability|wheelchair|"
    r"(seriously |terminally )?ill|cancer|chemo\w*|asthma\w*|copd|heart condition|oxygen|"
    r"vulnerable|frail|dementia)\b", re.I)
_AGE = re.compile(r"\b(\d{1,2})[- ]?(month|year)s?[- ]?old\b", re.I)


@dataclass(frozen=True)
class Situation:
    emergency: bool
    reasons: tuple[str, ...] = ()


def is_winter(day: date) -> bool:
    return day.month >= 10 or day.month <= 3


def _vulnerable(text: str) -> bool:
    for m in _AGE.finditer(text):
        n, unit = int(m.group(1)), m.group(2).lower()
        if unit == "month" or n <= 5 or n >= 75:
            return True
    without_ages = _AGE.sub(" ", text)
    return bool(_AT_RISK.search(without_ages))


def emergency_situation(text: Optional[str], today: date) -> Situation:
    t = " ".join((text or "").split())
    reasons = [name for name, rx in _HAZARD_RX.items() if current(rx, t)]
    if current(_NO_WATER, t):
        reasons.append("no_water")
    if _NO_HEAT.search(t) and _vulnerable(t) and is_winter(today):
        reasons.append("no_heating_vulnerable_winter")
    return Situation(bool(reasons), tuple(reasons))
