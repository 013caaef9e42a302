"""Is a complaint asking to move an existing complaint on to the next stage, or complaining about
how a stage was handled? (Used by action_triage on a message the model reads as a complaint.)

What the Code says (DOMAIN.md; Code 5.2-5.3, 6.11-6.12): two stages, no more. A resident unhappy
with the stage 1 response is asking for stage 2, and need not say why (6.12), so dissatisfaction
with stage 1 is an escalation request. After the last stage there is no further stage with the
landlord: the next step is the Housing Ombudsman. So "my stage 2 complaint was handled badly" or
"unhappy with how the stage two review went" is NOT a request to escalate: it is about the last
stage, and the resident is told the Ombudsman is next. A profile with more stages (a Complaints
Panel at stage 3) moves dissatisfaction with stage 2 on to stage 3 in the same way.

read_next_stage(text, last_stage) ->
  "escalate"  asks for a stage the landlord has ("take it to stage 2", "escalate my complaint",
              "I'm not happy with the stage 1 response") or a move on from a stage before the last;
  "final"     about the last stage's handling, or asks for a stage beyond it ("stage 3" under the
              Code): the Ombudsman is next;
  None        neither (a stage mentioned without asking or complaining about it, escalating to
              someone else such as an MP, "stage 2" of building works).
"""
from __future__ import annotations

import re
from typing import Optional

_NUM = {"1": 1, "one": 1, "first": 1, "2": 2, "two": 2, "second": 2, "3": 3, "three": 3, "third": 3}
_N = r"(1|2|3|one|two|three)"
_ORD = r"(first|second|third)"
# "stage 2", "stage-two", "second stage", "the final stage"/"last stage"/"final response"
STAGE = re.compile(rf"\bstage[\s-]*{_N}\b|\b{_ORD}[\s-]+stage\b|\b(final|last)\s+(stage|response|decision|reply)\b",
                   re.I)
# the words just before a stage that make it a destination: "to stage 2", "want a stage two review"
_TO = re.compile(r"(?:\b(?:to|into|onto|for)\s+(?:the\s+)?|\b(?:request(?:ing|ed)?|want(?:s|ed)?|like|need|"
                 r"start(?:ed)?|open(?:ed)?|begin|raise|trigger|lodge|go(?:ing)?\s+for|ask(?:ing)?\s+for)"
                 r"\s+(?:an?\s+)?)$", re.I)
# "response to my stage 2 complaint": 'to' after these is not a destination
_NOT_TO = re.compile(r"\b(?:response|reply|replies|answer|responded|replied|regard|relation|respect|related|"
                     r"letter|according|due|up|back|come|came|sent|listen(?:ed)?|spoke|spoken|talk(?:ed)?)\s+"
                     r"(?:to|into|for)\s+(?:the\s+)?$", re.I)
_PLEASE = re.compile(r"[\s,]*(?:please|pls|now please)\b", re.I)
# a move on with no stage named
_MOVE_ON = re.compile(
    r"\bnext\s+(?:stage|level)\b"
    r"|\bescalat\w*\s+(?:it|this|that|my|the|our|his|her|their|me|matters)\b"
    r"|\b(?:complaint|it|this|case|matter)\s+(?:to\s+be\s+|be\s+|been\s+|is\s+|being\s+|get\s+|gets\s+)?escalated\b"
    r"|\b(?:an?|the)\s+escalation\b"
    r"|\bappeal\w*\s+(?:against\s+)?(?:the|your|this|that|my|our)\s+(?:\w+\s+){0,2}(?:decision|outcome|response|"
    r"complaint|finding)"
    r"|\b(?:want|like|ask(?:ing)?\s+for|request(?:ing)?|need)\s+(?:an?\s+)?(?:further\s+|formal\s+|independent\s+|"
    r"senior\s+)?review\s+of\s+(?:my|the|our|this|your)\s+(?:complaint|decision|case)"
    r"|\b(?:take|taking|move|moving|progress|push|put)\s+(?:it|this|that|my\s+complaint|the\s+complaint|things)"
    r"\s+(?:to\s+the\s+next|further\s+with\s+you|up\s+a\s+level|forward\s+to\s+the\s+next)", re.I)
# escalating to someone outside the landlord's complaints procedure is not a request for a stage
_ELSEWHERE = re.compile(r"\bescalat\w*\b.{0,40}?\bto\s+(?:my|the|a|an|our|your|local)?\s*(?:local\s+)?"
                        r"(?:mp|councillor|ombudsman|housing\s+ombudsman|solicitor|lawyer|press|media|paper|"
                        r"newspaper|news|council|regulator|court|tribunal|bbc|itv|twitter|facebook|shelter)\b",
                        re.I)
_UNHAPPY = re.compile(
    r"\b(?:unhappy|not\s+happy|dissatisf\w+|not\s+satisfied|disappoint\w*|disagree\w*|upset|angry|furious|fed\s+up|"
    r"not\s+good\s+enough|unacceptable|unfair|poor(?:ly)?|bad(?:ly)?|terrible|awful|appalling|shocking|"
    r"disgraceful|rubbish|useless|joke|shambles|whitewash|biased|one-sided|wrong(?:ly)?|ignored|ignoring|"
    r"incompetent|sloppy|careless|lazy|pathetic|never\s+(?:looked|listened|considered|read|spoke|called|"
    r"contacted|replied|responded|answered|addressed|checked|bothered)|"
    r"(?:didn'?t|did\s+not|doesn'?t|does\s+not|hasn'?t|has\s+not|haven'?t|have\s+not|won'?t|wouldn'?t)\s+"
    r"(?:look|listen|consider|read|address|answer|deal|respond|reply|check|bother|take|get|help|explain|"
    r"investigate|speak|call|contact|acknowledge|even)|"
    r"complain\w*\s+about|failed\s+to|not\s+(?:properly|fully|even)|missed|overdue|"
    r"still\s+(?:no|not|waiting)|no\s+(?:reply|response|answer|one)|nobody|no-one)\b", re.I)
# words that put a stage in a complaint, not e.g. building works ("phase 2 / stage 2 of the works")
_COMPLAINT_CONTEXT = re.compile(r"complain|response|reply|review|decision|outcome|investigat|answer|letter|"
                                r"finding|handl|appeal|escalat|ombudsman|panel|evidence", re.I)


def _stage_number(m: re.Match, last_stage: int) -> int:
    if m.group(3):
        return last_stage  # the final / last stage
    return _NUM[(m.group(1) or m.group(2)).lower()]


def _mentions(text: str, last_stage: int) -> tuple[list[int], list[int]]:
    """(stages asked for as a destination, stages mentioned as something that happened)."""
    targets, about = [], []
    for m in STAGE.finditer(text):
        before = text[max(0, m.start() - 40):m.start()]
        n = _stage_number(m, last_stage)
        after = text[m.end():m.end() + 12]
        asked = _TO.search(before) and not _NOT_TO.search(before) or _PLEASE.match(after)
        if not m.group(3) and asked:
            targets.append(n)
        else:
            about.append(n)
    return targets, about


def read_next_stage(text: Optional[str], last_stage: int = 2) -> Optional[str]:
    t = " ".join((text or "").split())
    if not t or not _COMPLAINT_CONTEXT.search(t) and not STAGE.search(t):
        return None
    last_stage = max(1, last_stage)
    targets, about = _mentions(t, last_stage)
    if targets and (_COMPLAINT_CONTEXT.search(t) or len(t.split()) <= 6):  # "Stage 2 please"
        return "escalate" if max(targets) <= last_stage else "final"
    move_on = bool(_MOVE_ON.search(t))
    if move_on and _ELSEWHERE.search(t) and not re.search(r"\bnext\s+stage\b", t, re.I):
        return None
    if not (move_on or (about and _UNHAPPY.search(t) and _COMPLAINT_CONTEXT.search(t))):
        return None
    if not about:
        return "escalate"
    return "escalate" if max(about) < last_stage else "final"


def last_stage_of(profile: Optional[dict]) -> int:
    """The profile's last stage number (the Code's 2 when the profile does not say)."""
    numbers = [s.get("number") for s in (profile or {}).get("stages") or [] if isinstance(s, dict)]
    numbers = [n for n in numbers if isinstance(n, int)]
    return max(numbers) if numbers else 2


def asks_next_stage(text: Optional[str], last_stage: int = 2) -> bool:
    """The message asks for an existing complaint to go to a stage the landlord has (Code 6.12)."""
    return read_next_stage(text, last_stage) == "escalate"
