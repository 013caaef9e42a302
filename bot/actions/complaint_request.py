"""A resident who asks, in so many words, for a formal complaint ("I want to make a formal complaint
about ...", "please log this as a complaint", "I'd like to complain formally", "I want to complain
about ...", "I wanna complain about ...", "I'm gonna complain about ...", "I'm complaining about ...",
"he's asked me to complain for him", "this is a formal
complaint"): when the message is
triaged a complaint, the complaint offer (utter_offer_complaint) is not asked, the complaint form
starts at once (route `complaint_asked`, data/rules.yml). The resident has made the choice the
offer would give them (Code 1.3).

A message that only mentions the word ("I don't want to make a complaint, just fix it", "do I need
to make a complaint?") is not a request, nor is a bare request with nothing about what happened
("I want to make a complaint"): that keeps its own path (asked what happened, or offered)."""
from __future__ import annotations

import re
from typing import Any, Optional

from actions.withdrawal import declines

COMPLAINT_ASKED = "complaint_asked"

_KIND = r"(?:a\s+|an\s+)?(?:formal\s+|official\s+|proper\s+|stage\s+(?:1|one)\s+)?complaint"
_REQUEST = re.compile(rf"""
    \b(?:want|wanna|wish|would\s+like|'?d\s+like|id\s+like|need|intend|am\s+going|'?m\s+going|im\s+going)\s+to\s+
        (?:make|raise|log|lodge|file|submit|put\s+in|register|open|start|bring)\s+{_KIND}
  | \b(?:want|wish|would\s+like|'?d\s+like|id\s+like)\s+(?:to\s+)?(?:formally|officially)\s+complain
  | \bcomplain(?:ing)?\s+(?:formally|officially)\b
  | \b(?:log|record|treat|take|raise|register|put\s+(?:this|it|that)\s+down|count|class)\s+
        (?:this|it|that|my\s+\w+(?:\s+\w+)?)?\s*(?:down\s+)?as\s+{_KIND}
  | \b(?:want|would\s+like|'?d\s+like|id\s+like)\s+(?:this|it|that)\s+(?:to\s+be\s+)?
        (?:logged|recorded|treated|raised|registered)\s+as\s+{_KIND}
  | \b(?:i'?m|i\s+am|im)\s+(?:making|raising|lodging|logging|submitting|filing)\s+{_KIND}
  | \b(?:want|wanna|wish|would\s+like|'?d\s+like|id\s+like|intend|am\s+going|'?m\s+going|im\s+going
        |am\s+writing|'?m\s+writing|im\s+writing)\s+to\s+complaint?\b
  | \b(?:wanna|wana|want\s+ta)\s+(?:complain\b|(?:make|raise|log|lodge|file|put\s+in)\s+{_KIND})
  | \b(?:i'?m|i\s+am|im)\s+(?:gonna|gunna|going\s+to)\s+(?:complain\b|(?:make|raise|log|lodge|file|put\s+in)\s+{_KIND})
  | \b(?:i'?m|i\s+am|im)\s+complaining\s+(?:about|because|that|regarding|on|for|as)\b
  | \b(?:asked|wants|want|would\s+like|'?d\s+like)\s+(?:me|us)\s+to\s+
        (?:complain|(?:make|raise|log|lodge|put\s+in)\s+{_KIND})
  | \b(?:this|it)\s+is\s+(?:a\s+|an\s+|my\s+)(?:formal|official)\s+complaint\b
""", re.I | re.X)

# before the request, in the same clause: a refusal or a question, not a request
_NOT_A_REQUEST = re.compile(r"""
    \b(?:not|never|no|nor|without|rather)\b|n'?t\b|\bdont\b|\bdidnt\b|\bwasnt\b
  | \b(?:do|does|should|shall|if|whether|would|will)\s+i\b|\bwas\s+going\b|\bhow\b
""", re.I | re.X)
_CONDITION = re.compile(r"\b(?:if|unless|otherwise|or\s+else)\b", re.I)
_CLAUSE_END = re.compile(r"[.!?;,]|\b(?:but|and|so|because)\b", re.I)

# words that say nothing about what happened (as case_status_actions._FILLER)
_FILLER = {"a", "an", "the", "i", "i'm", "im", "it", "its", "s", "to", "please", "pls", "yes", "this", "that",
           "is", "about", "like", "would", "d", "id", "want", "wish", "need", "make", "complaint", "formal",
           "formally", "official", "officially", "complain", "log", "raise", "as", "hi", "hello", "now", "today",
           "thanks", "thank", "you", "can", "could", "me", "my", "we", "our", "here", "on", "behalf", "of",
           "m", "am", "just", "ok", "okay", "then", "so", "really", "do", "help", "with", "for", "be"}


def _clause_before(text: str, start: Optional[int]) -> str:
    before = text[:start]
    ends = list(_CLAUSE_END.finditer(before))
    return before[ends[-1].end():] if ends else before


def _sentence_before(text: str, start: Optional[int]) -> str:
    return re.split(r"[.!?;]", text[:start])[-1]


# a concessive clause ("even if you fix it today", "even though it's sorted", "whether or not you
# come"): it grants something and the wish holds anyway, so it is no condition on the wish, and a
# negation or "if I" inside it is not the request's ("even if you don't fix it I want to complain")
_CONCESSIVE = re.compile(r"\b(?:even\s+(?:if|though|tho|when)|whether\s+or\s+not)\b", re.I)
_CONCESSION_END = re.compile(r"[,;:]")
# the subject of the main clause that follows a concession written without a comma
_SUBJECT = re.compile(r"\b(?:i|we)\b(?:'\w+)?|\b(?:im|ill)\b", re.I)


def _without_concession(before: str) -> str:
    """The words before the request with any concessive clause taken out. The clause ends at its
    comma, else where the main clause's subject starts ("even if you fix it today | I want ..."); its
    own subject comes first, so the main one has at least two words of the clause before it. Words
    with no main clause after the concession ("even if I want to complain ...") are kept as they are."""
    found = list(_CONCESSIVE.finditer(before))
    if not found:
        return before
    last = found[-1]
    rest = before[last.end():]
    comma = _CONCESSION_END.search(rest)
    if comma:
        end = last.end() + comma.end()
    else:
        subjects = [m for m in _SUBJECT.finditer(rest) if len(re.findall(r"[\w']+", rest[:m.start()])) >= 2]
        if not subjects:
            return before
        end = last.end() + subjects[-1].start()
    return _without_concession(before[:last.start()]) + " " + before[end:]


def _is_request(text: str, start: int) -> bool:
    """Not refused or asked about in its own clause, nor a condition ("if it isn't fixed by Friday,
    I'm gonna complain") in its own sentence; a concession ("even if you fix it today") is neither."""
    return not (_NOT_A_REQUEST.search(_clause_before(_without_concession(text[:start]), None))
                or _CONDITION.search(_sentence_before(_without_concession(_sentence_before(text, start)), None)))


def requests_complaint(text: str, intent: Optional[str] = None) -> bool:
    """The words ask for a formal complaint (at least one request not refused, asked about or made a
    condition), and do not decline one ("... just fix it")."""
    text = text or ""
    if declines(text, intent):
        return False
    return any(_is_request(text, m.start()) for m in _REQUEST.finditer(text))


def says_what_happened(text: str) -> bool:
    """Something beyond the request itself: at least one word that is not filler."""
    rest = _REQUEST.sub(" ", text or "")
    return any(w not in _FILLER for w in re.findall(r"[a-z']+", rest.lower()))


def asked_for_complaint(text: str, intent: Optional[str], earlier: Optional[str] = None) -> bool:
    """The resident asked for a formal complaint and said what it is about: in this message, or in a
    bare request just before it that the bot answered by asking what happened (`earlier`)."""
    if requests_complaint(text, intent):
        return says_what_happened(text) or bool(earlier and says_what_happened(earlier))
    return bool(earlier and requests_complaint(earlier) and not declines(text, intent)
                and says_what_happened(text))


# the bot's question after a bare request: what happened (the clarifying question, or the case form's
# "new or existing" ending in utter_ask_new_matter, said by action_case_status)
ASKED_WHAT_HAPPENED = {"utter_ask_clarify", "action_case_status"}


def earlier_request(events: list[dict[str, Any]]) -> Optional[str]:
    """A bare request for a complaint among the resident's last few messages before the latest one
    (since the last matter the triage routed), when the bot's last question was what happened
    (ASKED_WHAT_HAPPENED); else None."""
    latest_seen, last_action, texts = False, None, []
    for event in reversed(events or []):
        kind = event.get("event")
        if kind == "user":
            if latest_seen:
                texts.append(event.get("text") or "")
                if len(texts) >= 3:
                    break
            latest_seen = True
        elif not latest_seen:
            continue
        elif kind == "action" and event.get("name") != "action_listen" and last_action is None:
            last_action = event.get("name")
        elif kind == "slot" and event.get("name") == "triage_route" and event.get("value") not in (None, "unclear"):
            break
    if last_action not in ASKED_WHAT_HAPPENED:
        return None
    return next((text for text in texts if requests_complaint(text)), None)
