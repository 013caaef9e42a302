"""The Code rules: what a text model cannot know, applied after it. One table, each rule named,
with the Complaint Handling Code clause it applies (see docs/triage.md for each rule's measured
effect, from bench/ablation.py, and tests/bot/test_triage_rules.py for examples and near misses).

| rule                    | Code   | when it fires                                                   | decides |
|-------------------------|--------|-----------------------------------------------------------------|---------|
| time_limit              | 2.3    | the model reads an old one-off issue (or a complaint): the dates | excluded/time_limit only if the latest issue date is before the cut-off; otherwise complaint |
| legal_only_threatened   | 2.2    | model says legal proceedings, the text only threatens them      | the model's next category |
| legal_already_started   | 2.2    | model says otherwise, the text says a claim is issued/listed    | excluded/legal |
| asb_handling            | 1.2    | model says new ASB report, the text is about the landlord's handling of one | complaint |
| staff_writer            | 2.1    | model says employment matter, nothing says the writer is staff or an applicant | the model's next category |

Wording, dialect and phrasing are the model's business (training data); the lexicons here only
recognise the legal and factual facts each rule needs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional

from .dates import DateMention, find_issue_date, months_before

_F = re.IGNORECASE


def _rx(*parts: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in parts), _F)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("\u2019", "'").lower())


# --- proceedings started vs threatened (Code 2.2) ------------------------------------------
# Filing that has not happened (yet): removed before STARTED is looked for.
NOT_YET = _rx(
    r"\bno (?:claim|proceedings|case|application)s? (?:has |have )?(?:been |yet been )?(?:issued|filed|started|lodged|brought)(?: yet)?\b",
    r"\b(?:not|n't|never) (?:yet )?(?:been )?(?:issued|filed|lodged|started|submitted)(?: yet)?\b",
    r"\byet to (?:be )?(?:issue|file|lodge|start|submit)d?\b",
    r"\b(?:will|'ll|shall|to|going to|gonna|about to|ready to|plan to|intend to|if) (?:be )?(?:issue|file|lodge|start|submit|serve)(?:d|ed)?\b[^.!?]{0,40}",
)
STARTED = _rx(
    r"\b(?:claim|proceedings|case|application|papers)\b[^.!?]{0,40}\b(?:has been|have been|was|were|already|now) (?:issued|filed|lodged|served|started)\b",
    r"\b(?:issued|filed|lodged|served|started|brought)(?: (?:a|an|the|my|our))?(?: [\w-]+){0,2} (?:claim|proceedings|case|application)\b",
    r"\b(?:hearing|trial|court) (?:date|is listed|has been listed|is set|has been set|is on|is next)\b",
    r"\b(?:claim form|particulars of claim|claim number|case number|sealed claim)\b",
    r"\b(?:already |have |has )?applied to (?:the )?(?:first[- ]tier |property |leasehold )?tribunal\b",
    r"\b(?:taken|took) (?:you|them|the association|the council) to (?:the )?(?:\w+ )?(?:court|tribunal)\b",
    r"\b(?:i'm|i am|we're|we are) (?:already |currently )?suing\b|\b(?:have|has) sued\b",
    r"\bserved (?:me |us )?with\b|\b(?:have|has|'ve) been served\b",
    r"\b(?:proceedings|claim|case) (?:is|are) (?:now |already )?(?:underway|ongoing|live|pending|in progress)\b",
    r"\bpossession (?:order|hearing)\b|\b(?:injunction|court order) (?:was |has been )?(?:granted|served|taken out)\b",
)
THREAT = _rx(
    r"\b(?:will|'ll|going to|gonna|might|may|could|considering|thinking (?:of|about)|plan(?:ning)? to)\b[^.!?]{0,30}"
    r"\b(?:court|solicitor|lawyer|legal|sue|tribunal|claim)\b",
    r"\blegal (?:action|advice)\b", r"\bsee you in court\b", r"\bletter before (?:action|claim)\b", r"\bpre-?action\b",
    r"\bunless\b[^.!?]{0,60}\b(?:court|tribunal|sue|solicitor)\b", r"\bthreaten\w*\b",
)


def proceedings_started(text: str) -> bool:
    return bool(STARTED.search(NOT_YET.sub(" ", _norm(text))))


def only_threatened(text: str) -> bool:
    return bool(THREAT.search(_norm(text)) or NOT_YET.search(_norm(text))) and not proceedings_started(text)


# --- a new neighbour report vs the landlord's handling of one (Code 1.2) -------------------
HANDLING = _rx(
    r"\b(?:reported|told you|rang|phoned|emailed|complained)\b[^.!?]{0,40}\b(?:\d+|two|three|four|five|six|several|many|so many|countless) times\b",
    r"\b(?:asb|anti-?social behaviour) (?:officer|team|case|worker)\b[^.!?]{0,80}\b(?:never|not|didn't|nothing|closed|ignored|failed|no one|nobody)\b",
    r"\b(?:never|not|didn't|nothing|no one|nobody|hasn't|haven't)\b[^.!?]{0,60}\b(?:asb|anti-?social behaviour) (?:officer|team|case|worker)\b",
    r"\b(?:closed|shut) (?:my|the|our) (?:asb |anti-?social behaviour )?case\b",
    r"\b(?:you|your \w+|the (?:housing|asb) officer|the council|the association)\b[^.!?]{0,40}\b(?:did nothing|done nothing|doing nothing|ignored (?:it|me|us|my)|failed to)\b",
    r"\btold (?:my|the) neighbours? (?:that )?(?:i|it was me)\b",
    r"\b(?:how|the way) (?:you|your \w+) (?:have )?(?:handled|dealt with|managed)\b",
)


def about_handling(text: str) -> bool:
    return bool(HANDLING.search(_norm(text)))


# --- staff vs resident (Code 2.1: employment matters go to HR) -----------------------------
STAFF_SELF = _rx(
    r"\bi (?:also |still )?(?:work|worked) (?:for|at|in|on) (?:you|your|the association|the council)\b",
    r"\bi'?m (?:a |an |one of your |your )?(?:member of staff|staff member|employee|former employee|agency worker|apprentice)\b",
    r"\bmy (?:line manager|manager|team leader|supervisor|payslip|pay|wages|salary|overtime|sick pay|contract|rota|shifts?|probation|appraisal)\b",
    r"\b(?:my|a) (?:grievance|disciplinary|dismissal|redundancy|suspension)\b|\b(?:sacked|fired|dismissed)\b",
    r"\b(?:applied|application|interview\w*|shortlist\w*|vacanc\w*|recruitment|job offer)\b[^.!?]{0,40}\b(?:job|post|role|position|vacancy|apprenticeship|panel|you)\b",
    r"\b(?:job )?interview\b|\bhr\b|\bpayroll\b|\bmy colleagues?\b",
    r"\bmy (?:wife|husband|partner|son|daughter|mum|dad) (?:works|worked) (?:for|at) (?:you|your)\b",
)


def writer_is_staff(text: str) -> bool:
    return bool(STAFF_SELF.search(_norm(text)))


# --- the rules -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Facts:
    """What a rule may read: the text, the model's category scores and the receipt date."""

    text: str
    scores: dict          # (category, reason) -> probability, triage classes only
    received_on: date
    time_limit_months: Optional[int]
    issue: Optional[DateMention]

    def next_best(self, *not_these: tuple) -> tuple:
        rest = [k for k in sorted(self.scores, key=self.scores.get, reverse=True) if k not in not_these]
        return rest[0] if rest else ("complaint", None)


@dataclass(frozen=True)
class Rule:
    name: str
    clause: str
    applies: Callable[[tuple, Facts], Optional[tuple]]   # -> (category, reason, why) or None


COMPLAINT, OUT_OF_TIME = ("complaint", None), ("excluded", "time_limit")
LEGAL, ASB, EMPLOYMENT = ("excluded", "legal"), ("excluded", "asb"), ("excluded", "employment")


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


def _legal_only_threatened(current: tuple, f: Facts) -> Optional[tuple]:
    if current == LEGAL and only_threatened(f.text):
        nxt = f.next_best(LEGAL)
        return (*nxt, "legal action is only threatened or still to come, not started; a threat is not an exclusion")
    return None


def _legal_already_started(current: tuple, f: Facts) -> Optional[tuple]:
    if current != LEGAL and current[0] != "compliment" and proceedings_started(f.text):
        return (*LEGAL, "the message says court or tribunal proceedings have already been issued or listed")
    return None


def _asb_handling(current: tuple, f: Facts) -> Optional[tuple]:
    if current == ASB and about_handling(f.text):
        return (*COMPLAINT, "it is about how the landlord handled an ASB report, which is a complaint, not a new report")
    return None


def _staff_writer(current: tuple, f: Facts) -> Optional[tuple]:
    if current == EMPLOYMENT and not writer_is_staff(f.text):
        nxt = f.next_best(EMPLOYMENT)
        return (*nxt, "nothing says the writer is a member of staff or a job applicant, so it is not an employment matter")
    return None


RULES: tuple[Rule, ...] = (
    Rule("legal_only_threatened", "Code 2.2", _legal_only_threatened),
    Rule("legal_already_started", "Code 2.2", _legal_already_started),
    Rule("asb_handling", "Code 1.2", _asb_handling),
    Rule("staff_writer", "Code 2.1", _staff_writer),
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
