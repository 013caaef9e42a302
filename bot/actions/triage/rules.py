"""The Code rules: what a text model cannot know, applied after it. One table, each rule named,
with the Complaint Handling Code clause it applies (see docs/triage.md for each rule's measured
effect, from bench/ablation.py, and tests/bot/test_triage_rules.py for examples and near misses).

| rule       | Code | when it fires                                                   | decides |
|------------|------|-----------------------------------------------------------------|---------|
| time_limit | 2.3  | the model reads a complaint or an old one-off issue: the dates   | excluded/time_limit only if the latest issue date is before the profile's cut-off (counted from the end of the period named, against the receipt date); an old one-off without such a date is a complaint |

Four more rules were written and measured with bench/ablation.py (leave-one-set-out, 34 sets, see
docs/triage.md): proceedings threatened vs started (Code 2.2, both directions), the landlord's
handling of an ASB report (1.2) and staff vs resident (2.1). None had a net gain over the model
(the staff rule cost 0.024 macro-F1), so they were removed: the model, trained on examples of
each boundary, decides them.

Wording, dialect and phrasing are the model's business (training data); the rule reads only the
dates (dates.py) and the model's scores.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional

from .dates import DateMention, find_issue_date, months_before


# --- the rules -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Facts:
    """What a rule may read: the text, the model's category scores and the receipt date."""

    text: str
    scores: dict          # (category, reason) -> probability, triage classes only
    received_on: date
    time_limit_months: Optional[int]
    issue: Optional[DateMention]


@dataclass(frozen=True)
class Rule:
    name: str
    clause: str
    applies: Callable[[tuple, Facts], Optional[tuple]]   # -> (category, reason, why) or None


COMPLAINT, OUT_OF_TIME = ("complaint", None), ("excluded", "time_limit")


def describe_dates(f: Facts) -> str:
    if f.issue is None:
        return "no date of the issue was found in the message"
    cutoff = months_before(f.received_on, f.time_limit_months or 0)
    months = (f.received_on.year - f.issue.end.year) * 12 + f.received_on.month - f.issue.end.month
    return (f"the latest date of the issue read is '{f.issue.phrase}' ({f.issue.start:%d %b %Y} to {f.issue.end:%d %b %Y}; "
            f"counted from its end, {f.issue.end:%d %b %Y}, about {months} months before receipt on {f.received_on:%d %b %Y}; "
            f"the {f.time_limit_months}-month cut-off is {cutoff:%d %b %Y})")


def _time_limit(current: tuple, f: Facts) -> Optional[tuple]:
    if current not in (COMPLAINT, OUT_OF_TIME):
        return None
    over = (f.time_limit_months is not None and f.issue is not None
            and f.issue.end < months_before(f.received_on, f.time_limit_months))
    if current == OUT_OF_TIME and not over:
        limit = "the profile has no time limit" if f.time_limit_months is None else describe_dates(f)
        return (*COMPLAINT, f"the model read an old one-off issue, but {limit}, so it is not over the time limit")
    if current == OUT_OF_TIME:
        return (*OUT_OF_TIME, f"a one-off issue (model) and {describe_dates(f)}: over the time limit")
    if over:
        return (*COMPLAINT, f"{describe_dates(f)}, but the model reads a continuing or recurring problem "
                            f"({f.scores.get(COMPLAINT, 0):.2f} against {f.scores.get(OUT_OF_TIME, 0):.2f} for an old one-off), "
                            "which is not over the limit")
    return None


RULES: tuple[Rule, ...] = (
    Rule("time_limit", "Code 2.3", _time_limit),
)
RULE_NAMES = tuple(r.name for r in RULES)


def apply_rules(current: tuple, f: Facts, rules_off=frozenset()) -> tuple[tuple, list]:
    """(final (category, reason), [(rule, clause, why), ...] for each rule that changed or confirmed it)."""
    fired = []
    for rule in RULES:
        if rule.name in rules_off:
            continue
        out = rule.applies(current, f)
        if out is not None:
            current = (out[0], out[1])
            fired.append((rule.name, rule.clause, out[2]))
    return current, fired


def issue_date(text: str, entities: list, received_on: date) -> Optional[DateMention]:
    return find_issue_date(text, entities, received_on)
