"""Does a message ask for a data-protection right? Pure, no I/O (a named routing step in
action_triage, like language.py's Welsh routing: not a triage category, not a model change).

Under UK GDPR a request to see (article 15), erase (17), correct (16) or stop the use of (21) one's
personal data is not a complaint: it goes to the data protection officer, is answered within one
month (article 12(3)) and is never excluded under the complaint time limit ("I moved out in 2023,
please delete all the personal data you hold about me"). A message that is also a complaint stays a
complaint; the request is recorded beside it (the backend's casework.privacy.requests).

Only an ask fires: a verb of asking joined to the resident's own data ("delete my data", "a copy of
the information you hold about me", "subject access request", "correct my records").
Words about data without an ask do not: "my data was shared with my neighbour" is a complaint about
a breach, "you sent my details to the wrong address" likewise, "update me on my repair" is no
correction, and nor is a new contact detail (below).

Measured (from bot/: `python -m actions.data_rights ../bench/**/*.tsv`, column `text`, every
labelled set in bench/, 7 December 2026): it fires on 17 of 12,269 rows, every one a real request
made now, all labelled service_request (the sets have no data-rights label): 9 for a copy of one's
data ("subject access request"), 1 erasure (moved out in 2019, "delete my details"), 7 a new phone
number (no longer: see below). None labelled complaint, excluded or compliment; the complaints about an earlier request
left unanswered ("I asked for a copy of everything you hold on me in September...") are not new
requests and stay complaints (_ASKED_BEFORE). The pattern for a new detail given with "please update
your records" (hg-02, added later) fires on no row of those sets: the counts above are unchanged.

A new address or phone number ("I've moved, my new address is ...", "my phone number has changed",
"please update your records", "change my phone number") is a routine contact update: a service
request put on the record's contact, not a rectification request (hj-09, hj-01: no one-month legal
date, no proof of identity, no ICO). Rectification is only for records said to be wrong ("your
records about me are wrong, correct them", "my details are wrong on your system")."""
from __future__ import annotations

import re

# the resident's own data, as people say it
_MY_DATA = (r"(?:(?:all|any|everything)\s+(?:of\s+)?)?(?:my|the|your)\s+(?:personal\s+)?"
            r"(?:data|information|info|records?|file|details)")
_ABOUT_ME = r"(?:you\s+(?:hold|have|keep|store)|held)\s+(?:on|about)\s+me"
# a request made before ("I asked for a copy of everything you hold on me in September, nothing
# since"): the message is about how it was handled (a complaint), not a new request
_ASKED_BEFORE = re.compile(r"\b(?:i|we)(?:'ve|\s+have|\s+had|'d)?\s+(?:already\s+|been\s+)?"
                           r"(?:asked|asking|made|requested|sent|submitted|put\s+in)\b", re.I)


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


PATTERNS: dict[str, tuple[re.Pattern, ...]] = {
    "access": (
        _re(r"\bsubject\s+access(?:\s+request)?\b|\b(?-i:D?SAR)\b"),
        _re(rf"\b(?:a\s+)?cop(?:y|ies)\s+of\s+{_MY_DATA}\b(?!\s+(?:form|letter))"),
        _re(rf"\b(?:see|know|tell\s+me|send\s+me|give\s+me|have|get)\s+(?:what|all\s+the|everything)\s+"
            rf"(?:personal\s+)?(?:data|information|info)?\s*{_ABOUT_ME}"),
        _re(r"\baccess\s+(?:to\s+)?my\s+(?:personal\s+)?(?:data|information|records|file)\b"),
    ),
    "erasure": (
        _re(rf"\b(?:delete|erase|remove|wipe|destroy)\s+{_MY_DATA}\b"),
        _re(rf"\b(?:delete|erase|remove|wipe)\s+(?:all\s+)?(?:the\s+)?(?:personal\s+)?(?:data|information)\s+"
            rf"{_ABOUT_ME}"),
        _re(r"\bright\s+to\s+(?:be\s+forgotten|erasure)\b"),
    ),
    "rectification": (
        # records about them that are wrong: "my details are wrong on your system", "correct my records"
        _re(r"\bmy\s+(?:personal\s+)?(?:data|details|information|records?)\s+(?:is|are)\s+"
            r"(?:wrong|incorrect|inaccurate|out\s+of\s+date)\b"),
        _re(r"\b(?:your|the)\s+(?:records?|data|information|details|file)\s+(?:(?:you\s+(?:hold|have|keep)\s+)?"
            r"(?:about|on|for)\s+me\s+)?(?:is|are)\s+(?:wrong|incorrect|inaccurate)\b"),
        _re(rf"\b(?:correct|rectify|amend)\s+{_MY_DATA}\b"),
        _re(r"\bright\s+to\s+rectification\b"),
    ),
    "objection": (
        _re(r"\b(?:object|objecting)\s+to\s+(?:you\s+|the\s+council\s+)?(?:processing|using|use\s+of|sharing)\s+"
            r"(?:of\s+)?my\s+(?:personal\s+)?(?:data|information|details)\b"),
        _re(r"\bstop\s+(?:processing|using)\s+my\s+(?:personal\s+)?(?:data|information)\b"),
        _re(r"\bright\s+to\s+object\b"),
    ),
}

KINDS = tuple(PATTERNS)


def data_request_kinds(text: str) -> tuple[str, ...]:
    """The kinds of data-rights request the message makes (access, erasure, rectification,
    objection), in that order; () for none."""
    t = (text or "").replace("’", "'")
    if _ASKED_BEFORE.search(t):
        return ()
    return tuple(kind for kind, patterns in PATTERNS.items() if any(p.search(t) for p in patterns))


# a routine contact update (hj-09, hj-01): a new detail given, or an ask to change a contact detail
_CONTACT = r"(?:home\s+|postal\s+|email\s+|e-mail\s+|mobile\s+|phone\s+|telephone\s+)?(?:address|phone|number|mobile|email|e-mail|contact\s+details)"
_CONTACT_UPDATE = re.compile(
    rf"\b(?:my|our)\s+new\s+{_CONTACT}\b"
    rf"|\b(?:my|our)\s+{_CONTACT}(?:\s+number)?\s+(?:has|have|is|'s)\s+(?:now\s+)?changed\b"
    rf"|\b(?:update|change|amend)\s+(?:my|our|the)\s+{_CONTACT}(?:\s+number)?\b(?!\s+(?:for|of)\s+the\s+repair)"
    r"(?!,?\s+it\s+is\s+the)"
    r"|\bchange\s+of\s+address\b"
    r"|\b(?:i|we)(?:'ve|\s+have)\s+(?:just\s+|recently\s+)?moved\b(?!\s+(?:in|into|out|onto|on\s+to|on)\b)", re.I)


def contact_update(text: str) -> bool:
    """The message tells us a new address, phone number or e-mail ("I've moved, my new address is ...",
    "my phone number has changed", "please change my phone number"): a routine update of the contact
    on our records (a service request), not a data-rights request."""
    return bool(_CONTACT_UPDATE.search((text or "").replace("’", "'")))


def _measure(paths: list[str]) -> int:  # pragma: no cover - the measurement in the docstring
    import csv
    import sys

    csv.field_size_limit(sys.maxsize)
    rows = hits = 0
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if "text" not in row:
                    break
                rows += 1
                kinds = data_request_kinds(row["text"] or "")
                if kinds:
                    hits += 1
                    print(f"{path}\t{','.join(kinds)}\t{row['text'][:160]}")
    print(f"{hits} of {rows} rows")
    return hits


if __name__ == "__main__":  # pragma: no cover
    import sys

    _measure(sys.argv[1:])
