"""A danger dated with a month and year, or a year, before this month is a finished past event (hg-08):
the triage's emergency flag and the hazard's immediate-danger sign read it the same way
(actions/past_events.py). A date this month, "since <date>", or a danger said to go on is present."""
import datetime as dt
import re

import pytest

from actions import past_events
from actions.hazard_recognition import recognise
from actions.situation import emergency_situation
from actions.triage import flags

FLOOD = re.compile(r"\bflood(?:ed|ing)?\b", re.I)
TODAY = dt.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    monkeypatch.setattr(past_events, "_today", lambda: TODAY, raising=False)


def emergency(text):
    return flags.has_emergency(text) or emergency_situation(text, TODAY).emergency


HG08 = ("I want to complain that my kitchen was flooded in March 2023 when your contractor burst a pipe, and my "
        "carpet and sofa were ruined and I never got compensation.")


@pytest.mark.parametrize("text", [
    HG08,
    "the kitchen was flooded in March 2023",
    "our bathroom flooded on 3rd March 2025 and we lost everything",
    "the flat was flooded in 2024 and the insurer paid out",
    "my kitchen was flooded in march of 2025, I want compensation",
    "the kitchen flooded in November 2026 and the floor is ruined",    # last month
    "water came pouring through the light in June 2025, the electrician took two days",
])
def test_a_danger_dated_before_this_month_is_not_an_emergency(text):
    assert not emergency(text)
    found = recognise(text)
    assert found is None or not found.emergency_signs


@pytest.mark.parametrize("text", [
    "the kitchen has been flooded since March 2023 and water is still pouring in",
    "my kitchen was flooded in March 2023 and still pouring in",
    "the kitchen flooded in December 2026",                            # this month: may be now
    "the kitchen was flooded in 2026",                                 # this year, no month: may be now
    "the kitchen flooded in March 2023 and it is flooding again now",
    "water has been pouring through the light fitting from May 2025",
])
def test_a_near_miss_stays_an_emergency(text):
    assert flags.has_emergency(text)


def test_the_flag_and_the_hazard_read_the_same_words_the_same_way():
    dated = "water was pouring through the light fitting in May 2025"
    now = "water is pouring through the light fitting"
    assert not flags.has_emergency(dated) and not recognise(dated).emergency_signs
    assert flags.has_emergency(now) and recognise(now).emergency_signs


def test_the_date_is_read_against_the_clock(monkeypatch):
    text = "the kitchen was flooded in March 2027"
    assert past_events.current(FLOOD, text)
    monkeypatch.setattr(past_events, "_today", lambda: dt.date(2027, 5, 1))
    assert not past_events.current(FLOOD, text)
