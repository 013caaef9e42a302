"""Named days of the year (actions/triage/named_days.py) as the time-limit rule reads them: against
the receipt date, never the wall clock, and with near misses that are not dates."""
from __future__ import annotations

from datetime import date

import pytest

from actions.triage.dates import find_issue_date, months_before

RECEIVED = date(2026, 12, 15)   # a Tuesday; the Code's 12-month cut-off is 15 December 2025


def period(text, received=RECEIVED):
    m = find_issue_date(text, [], received)
    return (m.start, m.end) if m else None


@pytest.mark.parametrize("text,start,end", [
    ("your contractor's skip caught fire on bonfire night 2024", date(2024, 11, 5), date(2024, 11, 5)),
    ("the gas engineer smashed my porch light at Halloween 2023", date(2023, 10, 31), date(2023, 10, 31)),
    ("the repair was booked for New Year's Day 2025 and nobody came", date(2025, 1, 1), date(2025, 1, 1)),
    ("on Boxing Day 2024 the caretaker binned my bike", date(2024, 12, 26), date(2024, 12, 26)),
    # the first Monday of May 2025 was the 5th; the last Monday of August 2024 the 26th
    ("over the May bank holiday 2025 the estate team cut down my hedge", date(2025, 5, 5), date(2025, 5, 5)),
    ("the august bank holiday 2024 the lift engineer left a mess", date(2024, 8, 26), date(2024, 8, 26)),
    ("the spring bank holiday 2025 my fence was taken down", date(2025, 5, 26), date(2025, 5, 26)),
    # relative to receipt (15 Dec 2026)
    ("the week of bonfire night last year (2025) the scaffolders broke my gate", date(2025, 11, 5), date(2025, 11, 11)),
    ("last Halloween your operative was rude to my daughter", date(2026, 10, 31), date(2026, 10, 31)),
    ("the bonfire night before last a contractor left the gate open", date(2025, 11, 5), date(2025, 11, 5)),
    ("two halloweens ago the painters spilt paint on my step", date(2025, 10, 31), date(2025, 10, 31)),
    ("around bonfire night the bin store was cleared with my pram in it", date(2026, 11, 5), date(2026, 11, 5)),
    ("valentine's day last year the plumber flooded the kitchen", date(2025, 2, 14), date(2025, 2, 14)),
])
def test_named_days_resolve_against_the_receipt_date(text, start, end):
    assert period(text) == (start, end)


def test_a_named_day_still_to_come_is_not_the_issue_date():
    # received 1 November 2026: this year's Bonfire Night has not happened, "last" means 2025
    received = date(2026, 11, 1)
    assert period("last bonfire night the fence panel blew down", received) == (date(2025, 11, 5), date(2025, 11, 5))
    assert period("around bonfire night the bin store was cleared", received) == (date(2025, 11, 5), date(2025, 11, 5))
    # a day to come is not when the issue happened: only the year so far is left to read
    assert period("your surveyor is coming after bonfire night 2026", received) == (date(2026, 1, 1), received)


@pytest.mark.parametrize("text", [
    "may I ask when the gas check is",
    "the halloween decorations in the hall are lovely",   # no time word: read as the latest one
])
def test_near_misses(text):
    m = find_issue_date(text, [], RECEIVED)
    assert m is None or m.end >= months_before(RECEIVED, 12)


def test_a_named_day_decides_the_time_limit_where_the_whole_year_would_not():
    # the whole of 2025 ends after the cut-off; the week of Bonfire Night 2025 ends before it
    cutoff = months_before(RECEIVED, 12)
    assert period("in 2025 the scaffolders broke my gate")[1] > cutoff
    assert period("the week of bonfire night last year (2025) the scaffolders broke my gate")[1] < cutoff


@pytest.mark.parametrize("text,start,end", [
    # residents drop the article at the start of a sentence
    ("Christmas before last the heating went off for 3 days. It was fixed on the 27th.", date(2024, 12, 20), date(2024, 12, 31)),
    ("Winter before last the boiler packed in for a week, sorted now", date(2024, 12, 1), date(2025, 2, 28)),
    ("halloween before last the caretaker threw out my pram", date(2025, 10, 31), date(2025, 10, 31)),
    ("the March before last your surveyor missed the visit", date(2025, 3, 1), date(2025, 3, 31)),
])
def test_before_last_with_or_without_the(text, start, end):
    assert period(text) == (start, end)


@pytest.mark.parametrize("text,day", [
    # a plural names the same day as its singular (Boxing Day is not Bonfire Night)
    ("two boxing days ago the flat flooded and the contractor never came", date(2024, 12, 26)),
    ("three bonfire nights ago the fence burnt", date(2024, 11, 5)),
    ("2 new years eves ago the door entry failed", date(2024, 12, 31)),
])
def test_plural_named_days(text, day):
    assert period(text) == (day, day)
