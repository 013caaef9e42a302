"""Recognise a housing hazard (Awaab's Law) and who in the household is at greater risk, from the
resident's own words, whatever the message's triage category. Pure functions, no I/O. A few Welsh
words too (mould, damp, baby, child), so a message written in Welsh still records its hazard.

The hazard ids are backend/hazards.yaml's; the backend decides the severity and the statutory
clocks from the facts found here (hazard type, signs of immediate danger, vulnerabilities)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from actions.past_events import current

_I = re.IGNORECASE

# excess cold: what heats the home, and the ways of saying it is not working, in any tense
_HEAT_SOURCE = r"(?:(?:central |gas |electric )?heating|boiler|radiators?|rads|(?:storage |electric )?heaters?|hot water)"
_NOT_WORKING = (r"(?:(?:is|are|was|were|has|have|had|['\u2019]s|['\u2019]re|keeps?|kept|went|goes|gone|has gone|have gone|"
                r"has been|have been|had been|['\u2019]s been|['\u2019]ve been|keeps? going|keeps? cutting|been) )?"
                r"(?:not working|not on|not coming on|off|out|broken|broke|stopped|packed (?:up|in)|died|dead|"
                r"failed|faulty|cut off|cutting out|conked out|on the blink|kaput|(?:stone |ice |freezing )?cold|"
                r"(?:is|are|was|were|has|have|does|do|did|had)n['\u2019]?t (?:been )?(?:working|worked|work|on|come on)|"
                r"won['\u2019]?t (?:come on|work|turn on|start|fire up|light)|(?:is|are) not (?:working|on))\b")
# ...but the heating the resident turned off or down themselves is not a fault
_NOT_SWITCHED = "".join(f"(?<!{verb} {det})" for verb in ("turned", "switched", "turn", "switch", "put")
                        for det in ("", "the ", "my ", "our "))

# water moving where it should not be ("water is pouring down", "water keeps coming through")
_WATER_MOVING = (r"\bwater (?:is |was |has been |keeps |'s |['\u2019]s |started |has started )?"
                 r"(?:coming|pouring|dripping|running|seeping|trickling|gushing|pooling|leaking|getting|pissing)"
                 r"(?: (?:in|through|down|into|under|onto|behind|everywhere|all over))")
# a leak, a burst pipe, rain or water coming in; not a data leak, nor what _WATER_NOT_NOW takes out
_ESCAPING_WATER = (r"(?<!\bdata )\bleak(?:s|ing|y|age)?\b(?! taps?\b)|(?<!were )(?<!was )(?<!been )(?<!got )\bleaked\b"
                   r"(?! (?:of )?(?:my|our|your|the|his|her|their) (?:data|details|information|address|number))|"
                   rf"{_WATER_MOVING}\b|\bburst (?:pipe|water main|tank)|\b(?:pipe|pipes|tank|main) (?:has |have |'s )?"
                   r"(?:just )?burst\b|\bflood(?:ing|ed)\b|\brain (?:is |keeps )?(?:coming|getting|pouring|dripping) "
                   r"(?:in|through)\b|\bwater ingress\b")
_NOW_ONLY = {_ESCAPING_WATER}
# ...and words about water that are no report of it now: a dripping tap (a repair: "the kitchen tap at
# 8 Elm Close started leaking"), a leak someone fixed ("your plumber fixed a leak under my sink last
# Tuesday"), what a leak ruined ("the furniture ruined by your leak"). past_events.current still judges
# the rest ("the plumber fixed the leak but it's leaking again" is a leak now).
_WATER_NOT_NOW = re.compile(
    r"\btaps?\b(?:(?!pipe|ceiling|roof|wall|floor|cupboard|under)[^.!?]){0,40}?\bleak\w*|"
    r"\b(?:fixed|repaired|mended|sorted(?: out)?|sealed|stopped|cured) (?:the|a|my|our|that|this|your) "
    r"(?:[\w'-]+ ){0,2}?(?:leak|flood)\w*|"
    r"\b(?:ruined|damaged|destroyed|spoilt|spoiled|wrecked|caused) by (?:the|a|your|that|their) (?:[\w'-]+ ){0,2}?"
    r"(?:leak|flood)\w*|"
    r"\b(?:will|might|could|may|going to|gonna|it'll)(?: \w+)? leak\w*|\b(?:leak|flood)\w* damage\b", _I)


def _water_not_now(text: str) -> str:
    """The text with _WATER_NOT_NOW's words blanked (same length, so positions stay)."""
    return _WATER_NOT_NOW.sub(lambda m: " " * len(m.group(0)), text)

# (hazard id, pattern, the words themselves describe an immediate danger). First match wins, so
# immediate dangers come before the general descriptions of the same hazard.
HAZARD_PATTERNS: list[tuple[str, str, bool]] = [
    ("gas_co", r"smell(?:s|ing)? (?:of )?gas|gas (?:smell|leak)|leak(?:ing)? gas|carbon monoxide|monoxide|"
               r"\bco (?:alarm|detector)", True),
    ("electrical", r"spark(?:s|ing|ed)?\b|exposed (?:live )?wires?|live wires?|electric(?:al)? shocks?|"
                   r"(?:socket|plug|fuse ?box|consumer unit)s? (?:is |are )?(?:burning|melting|smoking|scorched)|"
                   r"burning smell (?:from|in) (?:the |a )?(?:socket|plug|fuse|consumer unit)|"
                   r"water (?:is |was |has been |keeps )?(?:coming |pouring |dripping |leaking )?"
                   r"(?:through|into|in|out of) (?:the |a |my )?"
                   r"(?:lights?|light fittings?|ceiling light|sockets?|fuse ?box|consumer unit)|"
                   # water on its way to the electrics: "water is pouring down the wall by the sockets"
                   rf"{_WATER_MOVING}[^.!?]{{0,50}}?\b(?:sockets?|plugs?|electrics|fuse ?box|consumer unit|"
                   r"lights?|light fittings?|light switch(?:es)?|electric(?:al|ity)? (?:cupboard|meter|box))\b", True),
    ("fire", r"\bon fire\b|caught fire|(?:a |the )fire (?:in|at)|smoke (?:is )?(?:coming|pouring)|flames", True),
    ("structural", r"ceiling (?:has )?(?:collapsed|caved in|fell|fallen|falling|coming down)|"
                   r"(?:wall|roof|floor|balcony|stairs?) (?:has )?(?:collapsed|caved in|giving way|coming down)|"
                   r"about to collapse", True),
    ("hygiene", r"sewage (?:is )?(?:in|coming|flooding|everywhere|all over)|toilet (?:is )?overflowing", True),
    ("damp_mould", r"\bdamp\w*|\bmou?ld(?:y|s)?\b|condensation|mildew|black (?:spots|fungus|patches)|"
                   r"\bfung(?:us|al)\b|wet walls?|spores|"
                   r"\bl?lwydni\b|\bl?leithder\b|\btamp\b", False),  # Welsh: llwydni, lleithder, tamp (and soft mutations)
    # water getting in or escaping (a leak, a burst pipe, rain coming in) makes the home damp: recorded
    # as damp only while it is happening (past_events.current: "the leak was fixed last month" is not)
    ("damp_mould", _ESCAPING_WATER, False),
    # the heating, the boiler or the hot water not working, in any tense ("has been off", "went off",
    # "keeps cutting out", "hasn't worked"), and a home that is freezing; not "the freezer", not
    # "freezing outside", not the heating turned off by the resident, not a leaking radiator
    ("excess_cold", rf"\bno (?:heat(?:ing)?|hot water)\b|\bwithout (?:any )?(?:heat(?:ing)?|hot water)\b|"
                    rf"{_NOT_SWITCHED}\b{_HEAT_SOURCE}(?: |(?=['’])){_NOT_WORKING}|"
                    r"\bit(?:['’]?s| is| was|['’]?s been| has been) (?:so |absolutely |really |bloody |too |stone )?"
                    r"(?:freezing|ice cold|baltic)\b(?! (?:outside|out there|out\b|today outside))|"
                    r"\bfreezing (?:cold )?(?:flat|house|home|rooms?|bedrooms?|in here|indoors|inside)\b|"
                    r"\b(?:flat|house|home|rooms?|bedrooms?|in here|indoors|inside|place)(?: is| are| was| were| has been| gets|['’]s) "
                    r"(?:so |absolutely |really |bloody |too |stone |always )?(?:freezing|ice cold|baltic)\b|"
                    r"\b(?:we|i|she|he|they|the kids|the baby)(?: are| am| is|['’]re|['’]m|['’]s) "
                    r"(?:so |absolutely |really |bloody )?freezing\b(?! (?:outside|out))|"
                    r"\bcan(?:['’]?t|not) (?:get|keep) (?:(?:the (?:flat|house|home|place|rooms?)|it|us|ourselves|the kids|the baby) )?warm\b|"
                    r"\bcan see (?:my|our|your) breath", False),
    ("excess_heat", r"overheating|unbearably hot|(?:flat|house|home|bedroom) is (?:far |way )?too hot", False),
    ("structural", r"(?:big|large|huge|deep|long) cracks?|subsidence|bulging (?:wall|ceiling)|sagging ceiling", False),
    ("hygiene", r"\bsewage\b|drains? (?:are |is )?(?:overflowing|backing up)|\brats?\b|\bmice\b|cockroach\w*|"
                r"infest\w*|vermin|bed ?bugs", False),
    ("fire", r"smoke alarms? (?:is |are )?(?:not working|broken|missing|beeping|faulty)|no smoke alarms?|"
             r"fire doors? (?:is |are )?(?:broken|missing|won'?t close)", False),
    ("falls", r"(?:banister|handrail|stair rail)s? (?:is |are )?(?:broken|loose|missing|came off)|"
              r"broken (?:stairs?|steps?|banister|handrail)|window (?:restrictor|lock)s? (?:is |are )?(?:broken|missing)|"
              r"loose floorboards?|trip hazard", False),
    ("water_supply", r"\bno (?:running |cold )?water\b|water (?:has been |is |was )?cut off|"
                     r"(?:the|our|my) water (?:has been |is )off\b", False),
]
# (id, pattern, danger, the words count only while the message says it is happening now)
_HAZARDS = [(hid, re.compile(p, _I), danger, p in _NOW_ONLY) for hid, p, danger in HAZARD_PATTERNS]

# Words that look like a hazard and are not one. Smoke from someone smoking (cannabis, cigarettes,
# vaping) drifting in is a nuisance, not a fire: in a message about smoking, "smoke" is read as a
# whiff, unless the message has fire words too ("burning", "flames", "the alarm is going off": then a
# fire it may be, and the smoke counts). "Smoke alarm", "smoke detector" keep their word.
_SMOKING = re.compile(
    r"\b(?:cannabis|weed|skunk|marijuana|cigarettes?|cigs?|fags?|tobacco|vap(?:e|es|ing)|spliffs?|shisha|cigars?|"
    r"smokers?|second-?hand smoke)\b|\bsmoking (?:in|on|outside|indoors|inside|out of|weed|cannabis|drugs)\b|"
    r"\b(?:they|he|she|people|someone|somebody|neighbou?rs?|next door|tenants?)(?:['’](?:re|s)| are| is| keep| keeps|"
    r" always| constantly| still)* smok(?:e|es|ing)\b(?! (?:is|are|was|keeps?|coming|comes|pouring|pours)\b)", _I)
_FIRE_WORDS = re.compile(
    r"\b(?:fire|flames?|burning|burnt|blaze|ablaze|smoulder\w*|smolder\w*|sparks?|black smoke|thick smoke|"
    r"alarms? (?:\w+ )?(?:going off|gone off|went off|sounding|screaming))\b", _I)
_SMOKE = re.compile(r"\bsmoke\b(?! (?:alarms?|detectors?)\b)", _I)


def without_false_alarms(text: str) -> str:
    """The text with words that look like a hazard and are not one neutralised (same length, so
    positions stay): smoke in a message about someone smoking, with no fire words."""
    t = text or ""
    if _SMOKING.search(t) and not _FIRE_WORDS.search(t):
        return _SMOKE.sub("whiff", t)
    return t

VULNERABILITY_PATTERNS: dict[str, str] = {
    "baby": r"\bbab(?:y|ies)\b|\b[bfm]abi(?:s|'?r)?\b|new-?born|new born|\binfants?\b|\b\d{1,2}[- ]?(?:weeks?|months?)[- ]old\b|"
            r"\b(?:son|daughter|child|boy|girl|he|she)(?: is|'s|s| who is) (?:only |just )?\d{1,2} ?(?:weeks?|wks?|months?|mths?)\b"
            r"(?! (?:pregnant|gone)\b)",  # "my daughter is 3 months pregnant" is a pregnancy, not a baby
    "young_children": r"\b(?:p|b|mh)lentyn\b|young (?:children|kids)|small (?:children|kids)|little ones?|toddlers?|\bkids\b|"
                      r"\bchildren\b|\bchild\b",
    "pregnancy": r"pregnan\w*|expecting (?:a baby|twins)|due to give birth|mum-to-be",
    "older_person": r"elderly|pensioners?|\bolder (?:person|people|man|woman|mum|dad|mother|father|parents?)\b|"
                    r"in (?:his|her|my|their) (?:70s|80s|90s|seventies|eighties|nineties)|"
                    r"\bover (?:65|70|75|80|85|90)\b|\b(?:gran|grandma|grandmother|grandad|grandfather|nan|nana)\b",
    "respiratory": r"asthma\w*|\bcopd\b|bronchi\w*|emphysema|breathing (?:problems?|difficult\w*|conditions?|issues?)|"
                   r"chest (?:infections?|conditions?|problems?)|lung (?:conditions?|disease|problems?)|"
                   r"respiratory|cystic fibrosis|inhalers?|wheez\w*|\bon oxygen\b|home oxygen|"
                   r"oxygen (?:tanks?|cylinders?|concentrators?|therapy|machines?|masks?)",
    "weakened_immunity": r"immun\w*|chemo\w*|cancer treatment|transplant|\bhiv\b|leuka?emia|on steroids",
    "disability": r"disab\w*|wheelchair|mobility (?:problems?|issues?)|housebound|bed-?bound",
    "health_condition": r"(?:health|medical) (?:conditions?|problems?|issues?)|eczema|allerg\w*|"
                        r"sickle cell|heart (?:condition|problems?)|arthritis",
}
_VULNS = {k: re.compile(p, _I) for k, p in VULNERABILITY_PATTERNS.items()}
_AGE = re.compile(r"\b(\d{1,3})[- ]?(?:years?|yrs?)[- ]?old\b|\baged (\d{1,3})\b|"
                  r"\b(?:son|daughter|child|boy|girl|kid|mum|mother|dad|father|nan|gran|grandma|grandad|"
                  r"husband|wife|partner|i am|i'm|he is|she is|he's|she's)(?: is| who is|'s)? (\d{1,3})\b"
                  r"(?! ?(?:weeks?|wks?|months?|mths?|days?)\b)", _I)  # "my son is 5 months" is a baby, not 5 years
_NEGATION = re.compile(r"(?:\b(?:no|not|nobody|without|none|never)\b|n[’']t\b)(?:\W+\w+){0,2}\W*$", _I)
_NO_ANSWER = re.compile(r"^\W*(?:no|nope|none|nobody|no one|no-one|not really|neither|nah)\b", _I)
_NOBODY_AT_RISK = re.compile(
    r"\bjust me\b|\bonly me\b|"
    r"\blive (?:on my own|alone|by myself)\b|\bon my own\b|\bby myself\b|\bnone of (?:those|them|that)\b|"
    r"\b(?:we are|we're|we're all|everyone is|all) (?:fit and )?(?:healthy|well|fine)\b", _I)
# A yes to our question that may not say who ("yes", "yeah there is", "someone here is vulnerable").
# "Not sure" is not a yes, and neither is one that goes on to say no one ("yes, nobody's ill").
_YES_ANSWER = re.compile(r"^\W*(?:yes|yeah|yea|yep|yup|yh|ya|aye|correct|definitely|there is|there are|"
                         r"there's|someone (?:is|does|has)|somebody (?:is|does|has)|we do|we have)\b", _I)
_AT_RISK = re.compile(r"\bvulnerable\b|\bat (?:greater |higher |more |a higher |a greater )?risk\b", _I)
_NOBODY = re.compile(r"\b(?:no ?one|no-one|nobody|none|not anyone|isn'?t anyone|aren'?t any)\b", _I)
_UNSURE = re.compile(r"\b(?:not sure|unsure|don'?t know|dunno|no idea|not certain|maybe|possibly|"
                     r"might be|not that i know)\b", _I)
_DECLINE = re.compile(r"\b(?:rather not|prefer not|don'?t want to (?:say|tell|share)|not (?:going to|gonna) say|"
                      r"won'?t say|private|personal)\b", _I)
_NO_WORD = re.compile(r"\b(?:no|nope|nah)\b", _I)

# Stored (backend/hazards.yaml) when the resident said someone is at greater risk but not who: it
# counts as a vulnerability (the safe reading under Awaab's Law) until staff find out who.
UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class Household:
    vulnerabilities: list = field(default_factory=list)
    known: bool = False   # the words say who lives there (even if no one is at greater risk)
    said_yes: bool = False  # (answers) a yes that named no one: ask who, and keep the yes


@dataclass(frozen=True)
class Recognised:
    hazard_type: str
    emergency_signs: bool
    household: Household
    # what the resident told us about, when it is not the hazard type's own name: water getting in is
    # recorded as damp (the law's damp and mould deadlines), but they told us about a leak
    told: Optional[str] = None


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 30):start]))


def household(text: str, answer: bool = False) -> Household:
    """Who in the household is at greater risk, from a message or (answer=True) from the answer to
    our question, where a plain "no" also tells us who lives there."""
    t = text or ""
    found: list[str] = []
    for key, rx in _VULNS.items():
        if any(not _negated(t, m.start()) for m in rx.finditer(t)):
            found.append(key)
    for m in _AGE.finditer(t):
        age = int(next(g for g in m.groups() if g))
        if age <= 4 and "young_children" not in found:
            found.append("young_children")
        elif age >= 70 and "older_person" not in found:
            found.append("older_person")
    if "baby" in found and "young_children" in found and not re.search(
            r"\b(?:children|kids|toddlers?)\b", t, _I):
        found.remove("young_children")  # "my child is a newborn": one baby, not also young children
    known = bool(found) or bool(_NOBODY_AT_RISK.search(t)) or (answer and bool(_NO_ANSWER.search(t)))
    said_yes = (answer and not known and not _UNSURE.search(t) and not _NOBODY.search(t)
                and (bool(_YES_ANSWER.search(t))
                     or any(not _negated(t, m.start()) for m in _AT_RISK.finditer(t))))
    return Household(vulnerabilities=found, known=known, said_yes=said_yes)


def household_answer(text: str, said_yes_before: bool = False) -> Household:
    """What we record from the answer(s) to our household question. A yes that names no one
    (now, or before we asked who) is kept as someone at greater risk, not specified, unless this
    answer is a no or unsure: it never becomes "no one" and never "not known"."""
    t = text or ""
    h = household(t, answer=True)
    unspecified = Household(vulnerabilities=[UNSPECIFIED], known=True, said_yes=True)
    if said_yes_before and not h.vulnerabilities and _DECLINE.search(t) and not _NOBODY.search(t):
        return unspecified  # "yes" then "I'd rather not say who"
    if h.known:
        return h
    if h.said_yes or (said_yes_before and not _UNSURE.search(t) and not _NOBODY.search(t)
                      and not _NO_WORD.search(t)):
        return unspecified
    return h


LEAK = "leak and the damp it can cause"


def recognise(text: str, category: Optional[str] = None, reason: Optional[str] = None,
              flags: tuple = ()) -> Optional[Recognised]:
    """The hazard a message describes, or None. Works for any category: a complaint about mould
    is still a hazard, and the triage's emergency flag counts as a sign of immediate danger."""
    t = without_false_alarms(text or "")
    if category == "compliment":
        return None  # thanks for a repair done is not a report of a hazard
    for hid, rx, danger, now_only in _HAZARDS:
        words = _water_not_now(t) if now_only else t
        if now_only and not current(rx, words):
            continue  # "the leak was fixed last month but they left a mess": not a hazard now
        if any(not _negated(words, m.start()) for m in rx.finditer(words)):
            # the words are a danger now, not an event the message places in the past (past_events.py)
            return Recognised(hid, (danger and current(rx, t)) or "emergency" in flags, household(t),
                              LEAK if now_only else None)
    return None

