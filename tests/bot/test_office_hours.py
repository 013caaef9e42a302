"""The office is closed outside the landlord's office hours, not only after closing: a self-harm
disclosure at 3am read as "office open" because only a closing time was known. The hours are one
object (actions/settings.py OfficeHours: the profile's opening_time and closing_time); working days are
the profile's calendar with its bank holidays, as the case service's pick-up deadline names them (the
closing time of the working day the message counts as received on: casework/pickup_deadline.py). The
clock is fixed by passing `now` (safeguarding.tell_pickup), as in test_self_harm_after_hours.py."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import Created
from actions.safeguarding import tell_pickup
from actions.settings import OfficeHours
from fakes import load_domain

LONDON = ZoneInfo("Europe/London")
PROFILE = {"id": "code-2024", "nation": "england", "timezone": "Europe/London",
           "opening_time": "09:00", "closing_time": "17:00"}


def at(y, m, d, hh, mm):
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


# (now, the backend's pick-up deadline for a message then, what is said, when it opens, now_words)
CASES = {
    "03:00 on a Monday": (at(2026, 12, 7, 3, 0), at(2026, 12, 7, 17, 0), "closed", "9am today", "tonight"),
    "08:59 on a Monday": (at(2026, 12, 7, 8, 59), at(2026, 12, 7, 17, 0), "closed", "9am today", "today"),
    "17:01 on a Monday": (at(2026, 12, 7, 17, 1), at(2026, 12, 8, 17, 0), "closed",
                          "9am on Tuesday 8 December 2026", "tonight"),
    "a Saturday morning": (at(2026, 12, 12, 11, 0), at(2026, 12, 14, 17, 0), "closed",
                           "9am on Monday 14 December 2026", "today"),
    # the summer bank holiday (England), a Monday: the case service's calendar names Tuesday
    "a bank holiday": (at(2026, 8, 31, 10, 30), at(2026, 9, 1, 17, 0), "closed",
                       "9am on Tuesday 1 September 2026", "today"),
    # Christmas Day 2026 is a Friday; Boxing Day falls on Saturday, so Monday 28th is its substitute
    "Christmas Day": (at(2026, 12, 25, 11, 0), at(2026, 12, 29, 17, 0), "closed",
                      "9am on Tuesday 29 December 2026", "today"),
}


def said(now, due, profile=PROFILE):
    dispatcher = CollectingDispatcher()
    tell_pickup(dispatcher, Created("handoff", None, True, {"id": 1, "pick_up_by": due.isoformat()}),
                now=now, profile=profile)
    [message] = dispatcher.messages
    return message


@pytest.mark.parametrize("case", list(CASES))
def test_outside_office_hours_it_says_the_office_is_closed_and_when_it_opens(case):
    now, due, _, opens, now_words = CASES[case]
    m = said(now, due)
    assert m["response"] == "utter_safeguarding_office_closed"
    assert (m["opens"], m["now_words"]) == (opens, now_words)


@pytest.mark.parametrize("now", [at(2026, 12, 7, 9, 0), at(2026, 12, 7, 12, 30), at(2026, 12, 7, 16, 59)])
def test_in_office_hours_only_when_a_person_will_look(now):
    m = said(now, at(2026, 12, 7, 17, 0))
    assert (m["response"], m["when"]) == ("utter_safeguarding_pickup", "5pm today")


def test_the_profiles_own_hours():
    early = {**PROFILE, "opening_time": "08:00", "closing_time": "16:00"}
    assert said(at(2026, 12, 7, 8, 30), at(2026, 12, 7, 16, 0), early)["response"] == "utter_safeguarding_pickup"
    assert said(at(2026, 12, 7, 7, 59), at(2026, 12, 7, 16, 0), early)["opens"] == "8am today"
    # a profile that says nothing: 9 to 5
    assert OfficeHours.from_profile({}) == OfficeHours(dt.time(9), dt.time(17), "Europe/London")


def test_a_duty_inbox_deadline_some_hours_after_arrival_still_judges_the_hours():
    # STAFF_PICKUP_HOURS=4: due at 7am, a time that names no working day; 3am on a Monday is closed
    m = said(at(2026, 12, 7, 3, 0), at(2026, 12, 7, 7, 0))
    assert (m["response"], m["opens"]) == ("utter_safeguarding_office_closed", "9am today")
    # ...and on a Saturday the next weekday
    m = said(at(2026, 12, 12, 3, 0), at(2026, 12, 12, 7, 0))
    assert m["opens"] == "9am on Monday 14 December 2026"


def test_the_reply_says_when_the_office_opens():
    text = load_domain()["responses"]["utter_safeguarding_office_closed"][0]["text"]
    assert "office is closed now (it opens at {opens})" in text and "{now_words}" in text
