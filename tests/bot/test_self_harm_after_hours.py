"""hg-12: a self-harm threat gets NHS 111 option 2 (mental health crisis) beside the Samaritans and 999,
and after hours the resident is told plainly the office is closed now, so they use those numbers
tonight rather than wait for us (actions/safeguarding.py: office_closed, tell_pickup)."""
import datetime as dt

from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import Created
from actions.safeguarding import office_closed, safety_reply, tell_pickup
from actions.settings import OfficeHours
from fakes import load_domain

UTC = dt.timezone.utc
HG12 = "If the council don't sort my flat out this week I'm going to end it all, I can't take it anymore. Nobody listens."
MONDAY_2PM = dt.datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
MONDAY_9PM = dt.datetime(2026, 12, 7, 21, 0, tzinfo=UTC)
SATURDAY_11AM = dt.datetime(2026, 12, 12, 11, 0, tzinfo=UTC)
DUE_TODAY = "2026-12-07T17:00:00+00:00"
DUE_TUESDAY = "2026-12-08T17:00:00+00:00"
DUE_MONDAY_AFTER = "2026-12-14T17:00:00+00:00"


def said(outcome, now, profile=None):
    dispatcher = CollectingDispatcher()
    tell_pickup(dispatcher, outcome, now=now, profile=profile)
    return dispatcher.messages


def handoff(due):
    return Created("handoff", None, True, {"id": 1, "pick_up_by": due})


def test_a_risk_to_their_own_life_gets_nhs_111_option_2():
    responses = load_domain()["responses"]
    assert safety_reply(HG12) == "utter_safeguarding_self_harm"
    text = responses["utter_safeguarding_self_harm"][0]["text"]
    assert "116 123" in text and "999" in text and "NHS 111" in text and "option 2" in text
    both = responses["utter_safeguarding_domestic_abuse_self_harm"][0]["text"]
    assert "0808 2000 247" in both and "NHS 111" in both and "option 2" in both
    # a threat from someone else is not a mental health crisis: no NHS 111 line
    assert safety_reply("the man next door threatened to stab me") == "utter_safeguarding"
    assert "NHS 111" not in responses["utter_safeguarding"][0]["text"]


def test_after_hours_the_office_is_said_to_be_closed_and_the_numbers_are_for_tonight():
    [m] = said(handoff(DUE_TUESDAY), MONDAY_9PM)
    assert m["response"] == "utter_safeguarding_office_closed"
    assert m["when"] == "5pm on Tuesday 8 December 2026" and m["now_words"] == "tonight"
    text = load_domain()["responses"]["utter_safeguarding_office_closed"][0]["text"]
    assert "office is closed now" in text and "don't wait for us" in text and "{now_words}" in text
    # hj-08: {when} is the latest pick-up time, not the earliest: it must not read "nobody looks before"
    assert "a member of staff will look at it by {when} at the latest" in text.lower()
    assert "until {when}" not in text and "will not see" not in text


def test_at_a_weekend_daytime_the_office_is_closed_today():
    [m] = said(handoff(DUE_MONDAY_AFTER), SATURDAY_11AM)
    assert (m["response"], m["now_words"]) == ("utter_safeguarding_office_closed", "today")


def test_in_office_hours_only_the_pickup_time():
    [m] = said(handoff(DUE_TODAY), MONDAY_2PM)
    assert (m["response"], m["when"]) == ("utter_safeguarding_pickup", "5pm today")


def test_a_duty_inbox_deadline_after_closing_time_still_says_closed():
    # STAFF_PICKUP_HOURS: due a few hours after arrival, today, but the office closed at 5pm
    hours = OfficeHours.from_profile({"opening_time": "09:00", "closing_time": "17:00"})
    assert office_closed("2026-12-07T23:00:00+00:00", MONDAY_9PM, hours)
    assert not office_closed("2026-12-07T23:00:00+00:00", MONDAY_2PM, hours)
    assert not office_closed("not a date", MONDAY_9PM, hours)


def test_no_deadline_from_the_backend_is_still_the_saved_reply():
    [m] = said(Created("handoff", None, True, {"id": 1}), MONDAY_9PM)
    assert m["response"] == "utter_safeguarding_saved"
