"""Two false alarms of the hazard lexicon (actions/hazard_recognition.py) that marked the staff
queue's handoff an emergency (triage_call.hazard_emergency): smoke from someone smoking drifting in
is not a fire, unless the message has fire words too; and a fire the message dates months or years
back ("about a year and a half ago", "back in March") is a past event, not a danger now
(actions/past_events.py). Smoke pouring from a flat, a socket or under a door is still a fire."""
import pytest

from actions.hazard_recognition import recognise
from actions.triage import flags
from actions.triage_action import ActionTriage
from fakes import run, slots_of, tracker, user_event

SMOKING_NOT_A_FIRE = [
    "cannabis smoke is coming through into my kids' bedroom",
    "the neighbours smoke weed all day and the smoke is coming into my flat",
    "cigarette smoke keeps coming through the vents from the flat below",
    "they're smoking in the stairwell and the smoke is pouring into my hallway",
    "smoke from their vaping is coming through the floorboards",
]
A_FIRE_NOW = [
    "there's smoke pouring out of the flat below",
    "smoke coming from the socket and a burning smell",
    "smoke is coming from under the door next door and the alarm is going off",
    "there is smoke coming from the flat below and I can see flames",
    "the neighbours smoke weed but now there's thick black smoke coming from their flat and the alarm is going off",
    "the bin store caught fire last night and it's still smouldering",
]
A_FIRE_IN_THE_PAST = [
    "about a year and a half ago the bin store caught fire",
    "the bin store caught fire about a year and a half ago and I want compensation for my bike",
    "two and a half years ago the flat below caught fire, we want the soot marks on our ceiling painted",
    "18 months ago the kitchen caught fire, the insurance never paid out",
    "the bin store caught fire last year",
    "back in March the bin store caught fire",
    "back in 2023 the bin store caught fire",
]
XMAS_EVE = {"received_at": "2026-12-24T16:30:00+00:00"}


@pytest.mark.parametrize("text", SMOKING_NOT_A_FIRE)
def test_smoke_from_smoking_is_not_a_fire(text):
    found = recognise(text)
    assert found is None or found.hazard_type != "fire"
    assert not flags.has_emergency(text)


@pytest.mark.parametrize("text", A_FIRE_NOW)
def test_smoke_or_fire_now_is_an_emergency_fire(text):
    found = recognise(text)
    assert found is not None and found.hazard_type in {"fire", "electrical"} and found.emergency_signs


@pytest.mark.parametrize("text", A_FIRE_IN_THE_PAST)
def test_a_fire_dated_in_the_past_is_no_immediate_danger(text):
    found = recognise(text)
    assert found is not None and found.hazard_type == "fire" and not found.emergency_signs
    assert not flags.has_emergency(text)


def test_a_smoke_alarm_not_working_is_still_a_fire_hazard_beside_smoking():
    found = recognise("the smoke alarm is not working and the neighbours smoke weed")
    assert found is not None and found.hazard_type == "fire" and not found.emergency_signs


@pytest.mark.parametrize("text, emergency", [(SMOKING_NOT_A_FIRE[0], False), (A_FIRE_IN_THE_PAST[0], False),
                                             (A_FIRE_NOW[0], True), (A_FIRE_NOW[-1], True)])
def test_the_handoff_the_staff_queue_shows(backend, text, emergency):
    events, _ = run(ActionTriage(), tracker([user_event(text, "service_request", message_id="m1",
                                                        metadata=XMAS_EVE)]))
    [handoff] = backend.created("handoffs")
    assert ("emergency" in handoff["body"]["flags"]) is emergency
    assert (slots_of(events)["triage_route"] == "emergency") is emergency
