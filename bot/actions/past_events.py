"""A danger the resident mentions as a finished past event is not a danger now.

"It's been 6 weeks since the flood and I'm still waiting for the voucher": the flood is background,
not an emergency (Awaab's Law: an emergency hazard is a danger now). `current(rx, text)` says
whether a danger lexicon `rx` matches `text` somewhere that is NOT a finished past event. Used by
the triage's emergency flag (triage/flags.py), the situation (situation.py) and the hazard's
immediate-danger sign (hazard_recognition.py). Pure but for one clock read (a date with a year is
past only before this month: _dated_past); tests in tests/bot/test_past_events.py.

A mention is a past event only when it lies wholly inside a past-event frame:
  A. a time word before the event: "since the flood", "after the pipe burst", "following the fire";
  B. the event said to be dealt with: "the burst pipe was fixed", "the leak has been repaired";
  C. its clause dated in the past (months or years ago) and told in the past tense only:
     "when the ceiling came down last year", "we had flooding two years ago", "flooded in March 2023"
     (a month and year, or a year, before this month by the server's clock) ("since last year" is
     ongoing, and "last month ... there are exposed wires" has a verb in the present: neither counts);
AND nothing in the message says a danger is present now. A clause says so when it has
  - a present cue ("still", "again", "now", "keeps", "every time", "is pouring", "has been leaking",
    "the sockets spark", "can't lock", "never fixed") and a danger word outside the past frames, or
  - a recent time ("today", "this morning", "last night", "right now") and any danger word;
or the message says it happens "again" (anywhere: "the ceiling came down last year and again this week").
Lasting damage the past event left ("you still haven't repaired the smoke damage", "the walls are still
black", "never redecorated") is not a danger now; an active danger is ("still smouldering", "still
smells of burning", "the ceiling is still sagging"): _DAMAGE, _ACTIVE.
Conservative by design (a missed emergency is far worse than a false alarm): whatever is not
clearly a finished past event counts as present.
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re
from typing import Iterable, Iterator
from zoneinfo import ZoneInfo

_I = re.IGNORECASE
_LONDON = ZoneInfo("Europe/London")
Span = tuple[int, int]

# Clauses: split at punctuation and at the conjunctions that start a new statement.
# ("and" in "a year and a half" is part of a time, not a new statement)
_BOUNDARY = re.compile(r"[.!?;:,\n()]|\s[-\u2013\u2014]\s|\band\b(?! a half\b)|\b(?:but|so|because|cos|though|"
                       r"although|however|whereas|yet|while|whilst|then|plus)\b", _I)

_EVENT = (r"(?:flood(?:s|ing)?|leak(?:s|age)?|burst(?: (?:pipe|main|tank))?|fire|blaze|storm|collapse|explosion|"
          r"outage|power cut|blackout|break-?in|burglary|incident|emergency|sewage|"
          r"flooded|leaked|collapsed|caved in|came down|fell(?: in| down)?|caught fire|went (?:off|out)|blew(?: up)?|sparked)")
_FRAMES = [
    # A. since/after ... the event
    re.compile(r"\b(?:since|after|following|during|from|because of|due to|caused by) "
               r"(?:(?:the|that|our|my|a|an|we|it|last \w+'s|this \w+'s) )?(?:[\w'-]+ ){0,3}?" + _EVENT + r"\b", _I),
    # B. the event, dealt with
    re.compile(r"\b(?:the|that|our|my|a|an|this) (?:[\w'-]+ ){0,3}?(?:was|were|has been|have been|had been|got|'s been)"
               r"(?: (?!never\b|not\b|still\b|only\b|partly\b|partially\b|half\b|temporarily\b)[a-z]+ly)?"
               r" (?:fixed|repaired|mended|sorted|resolved|dealt with|made safe|capped(?: off)?|replaced|"
               r"cleaned up|pumped out|dried out|put out|rewired)\b", _I),
]
# C. a time months or years back ("since last year", "for the last year" are ongoing: not these)
# "X ago" for any number of months or years, halves and "or so" too ("a year and a half ago", "18 months
# ago", "a year or two ago", "two and a half years ago"), two weeks or more; "last year"; "back in <month or year>"
_MANY = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|a couple(?: of)?|many|a good few|\d+)"
_OLD_TIME = re.compile(
    r"(?<!since )(?<!the )\b(?:last (?:year|month|winter|summer|spring|autumn|christmas|easter|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)|the year before last|"
    rf"{_MANY}(?: and a half| or (?:two|three|so|more))? (?:months?|years?)(?: and a half| or (?:two|three|so|more))? ago|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|several|a few|a couple of|many|\d+)(?: and a half)? weeks ago|"
    r"(?:months|years|ages) ago|a long time ago|back in \w+|the other year|previously)\b", _I)
# a date with a year ("in March 2023", "on 3rd March 2023", "in 2023", "March of 2023"): a finished past
# time only when it lies before this month (the server's clock, London): "in December 2026" said in
# December 2026 is now, and "since March 2023", "from 2023" are ongoing
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH = r"(?P<month>" + "|".join(m[:3] + r"(?:" + m[3:] + r")?" if len(m) > 3 else m for m in _MONTHS) + r")"
_DATED = re.compile(
    r"(?<!since )(?<!from )\b(?:(?:in|during|around|about) (?:(?:early|late|mid)[- ])?)?"
    r"(?:(?:the )?\d{1,2}(?:st|nd|rd|th)? (?:of )?)?" + _MONTH + r",? (?:of )?(?P<year>(?:19|20)\d\d)\b|"
    r"(?<!since )(?<!from )\b(?:in|during|around|about) (?:(?:early|late|mid)[- ])?(?P<year_only>(?:19|20)\d\d)\b", _I)
# a verb in the present in the clause: then the date may not cover it ("last month ... there are exposed wires")
_PRESENT_VERB = re.compile(r"\b(?:is|are|am|isn't|aren't|has|have|hasn't|haven't|can|can't|cannot|will|won't|"
                           r"do|does|don't|doesn't)\b|'(?:s|re|m)\b", _I)
_RECENT = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening|week)|last night|yesterday|just now|"
                     r"right now|as we speak|at the moment|currently|(?:an|one|\d+|a few|a couple of) (?:hours?|minutes?|mins?) ago)\b", _I)
_AGAIN = re.compile(r"\b(?:again|once more|another (?:leak|flood|burst))\b", _I)
_DANGER_ING = (r"(?:pouring|gushing|leaking|flooding|dripping|coming (?:in|through|down)|sparking|smoking|burning|"
               r"collapsing|caving in|falling|bulging|sagging|overflowing|backing up|tripping|flickering|smelling|spreading)")
_CUE = re.compile(
    r"\b(?:still|again|now|currently|at the moment|right now|keeps?|keep on|every time|whenever|getting worse|"
    r"constantly|all the time|ongoing)\b|"
    r"\b(?:is|are|'s|'re|has been|have been|has started|have started|started|keeps?)(?: \w+)? " + _DANGER_ING + r"\b|"
    r"\b(?:leaks|drips|sparks|trips|floods|pours|smells|smokes|flickers|overflows|buzzes|shocks)\b|"
    r"\b(?:sockets|electrics|lights|pipes|wires|plugs|switches|ceilings|walls|radiators|fuses) (?:\w+ )?"
    r"(?:spark|trip|flicker|leak|drip|buzz|smoke|smell|shock)\b|"
    r"\b(?:can't|cannot|can not|won't|unable to|no longer) (?:\w+ )?(?:lock|shut|close|secure|use|turn)\b|"
    r"\b(?:never|not|hasn't|haven't|wasn't|weren't|isn't) (?:been |properly |yet )*(?:fixed|repaired|mended|sorted|made safe)\b", _I)
_DANGER_WORD = re.compile(
    r"\b(?:water|leak\w*|flood\w*|gas|power|electric\w*|sockets?|spark\w*|wires?|wiring|fuse ?box|consumer unit|"
    r"trip\w*|ceiling|roof|smoke|smoking|burning|fire|sewage|toilet|pipes?|pour\w*|gush\w*|drip\w*|lights?|"
    r"lift|collaps\w*|door|lock|bulging|sagging|overflowing|smoulder\w*|smolder\w*)\b", _I)
# Lasting damage a past event left ("the smoke damage", "the walls are still black", "still stained",
# "never redecorated") is a repair, not a danger now: in a clause that speaks of such damage only the
# active danger words count ("still smouldering", "still leaking", "the ceiling is sagging"), not the
# cause or the place the damage is on ("smoke", "fire", "water", "ceiling", "walls")
_DAMAGE = re.compile(r"\b(?:damage[ds]?|stain(?:s|ed)?|marks?|marked|soot\w*|black(?:ened)?|scorch(?:ed|es)?|"
                     r"charred|discolou?r\w*|redecorat\w*|decorat\w*|repaint\w*|paint\w*|plaster\w*|residue|tide ?marks?)\b", _I)
_ACTIVE = re.compile(r"(?!wiring\b|ceiling\b)\w+ing\b|spark\w*|smoulder\w*|smolder\w*|collaps\w*|gush\w*|pour\w*|drip\w*", _I)


_AS_OF: contextvars.ContextVar = contextvars.ContextVar("past_events_as_of", default=None)


def _today() -> dt.date:
    """The server's date in London (tests replace it), or the date `as_of` pins."""
    return _AS_OF.get() or dt.datetime.now(_LONDON).date()


@contextlib.contextmanager
def as_of(day: dt.date) -> Iterator[None]:
    """Read dates against `day` instead of the clock: a labelled row is read against its set's
    receipt date (scripts/nlu_from_sets.py), so the training file does not change with the month."""
    token = _AS_OF.set(day)
    try:
        yield
    finally:
        _AS_OF.reset(token)


def _dated_past(clause: str) -> bool:
    """The clause has a date with a year before this month (_DATED)."""
    today = _today()
    for m in _DATED.finditer(clause):
        year = int(m.group("year") or m.group("year_only"))
        month = next((i for i, name in enumerate(_MONTHS, 1) if name.startswith(m.group("month")[:3].lower())),
                     None) if m.group("month") else None
        if year < today.year or (year == today.year and month is not None and month < today.month):
            return True
    return False


def _clauses(text: str) -> list[Span]:
    out, start = [], 0
    for b in _BOUNDARY.finditer(text):
        if b.start() > start:
            out.append((start, b.start()))
        start = b.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _inside(a: int, b: int, spans: Iterable[Span]) -> bool:
    return any(s <= a and b <= e for s, e in spans)


def past_event_spans(text: str) -> list[Span]:
    """Where the text frames an event as finished and past (A, B and C above)."""
    spans = [m.span() for rx in _FRAMES for m in rx.finditer(text)]
    for a, b in _clauses(text):
        clause = text[a:b]
        if (_OLD_TIME.search(clause) or _dated_past(clause)) and not (_CUE.search(clause) or _RECENT.search(clause) or _PRESENT_VERB.search(clause)):
            spans.append((a, b))
    return spans


def says_present(text: str, spans: list[Span]) -> bool:
    """Some clause says a danger is present now (see the module's docstring)."""
    if _AGAIN.search(text):
        return True
    for a, b in _clauses(text):
        clause = text[a:b]
        damage = bool(_DAMAGE.search(clause))
        words = [(a + m.start(), a + m.end()) for m in _DANGER_WORD.finditer(clause)
                 if not damage or _ACTIVE.fullmatch(m.group())]
        if not words:
            continue
        if _RECENT.search(clause):
            return True
        outside = any(not _inside(s, e, spans) for s, e in words)
        cue_outside = any(not _inside(a + m.start(), a + m.end(), spans) for m in _CUE.finditer(clause))
        if outside and cue_outside:
            return True
    return False


def current(rx: re.Pattern, text: str) -> bool:
    """True when `rx` matches `text` in a mention that is not a finished past event."""
    m = rx.search(text)
    if not m:
        return False
    spans = past_event_spans(text)
    while m:
        if not _inside(m.start(), m.end(), spans):
            return True
        m = rx.search(text, m.start() + 1)  # overlapping matches too: one may reach out of the frame
    return says_present(text, spans)


def reported_now(rx: re.Pattern, text: str) -> bool:
    """True when `rx` matches in a clause that says it is so now: a present cue ("still", "again",
    "now", "is leaking", "never fixed") or a recent time ("today"), and the match outside any
    finished past event. Stricter than current(): a problem only named ("my claim about the leak")
    is not a report of it now. "again" anywhere counts, as in says_present."""
    spans = past_event_spans(text)
    for a, b in _clauses(text):
        clause = text[a:b]
        if not (_CUE.search(clause) or _RECENT.search(clause) or _AGAIN.search(text)):
            continue
        if any(not _inside(a + m.start(), a + m.end(), spans) for m in rx.finditer(clause)):
            return True
    return False
