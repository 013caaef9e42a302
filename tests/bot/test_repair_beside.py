"""One message, two matters: a repair reported now beside a compliment, or beside a complaint about
something else, is recorded as a service request too and the resident told its reference; the
category stays as triaged (actions/record_actions.py record_repair_beside; the decision:
triage/topics.py repair_beside). The exclusion's own case: test_excluded_repair.py."""
import pytest

from actions.complaint_actions import ActionOpenComplaint
from actions.record_actions import ActionRecordCompliment
from actions.triage.topics import repair_beside
from fakes import load_domain, responses, run, slots_of, tracker, user_event

TAP_AND_RUDE = ("the kitchen tap has been dripping for a week can someone come and fix it. also i want to make a "
                "complaint about the housing officer Darren who was really rude to me on the phone last thursday "
                "and hung up on me")
SHARON_AND_FAN = ("I just want to say a massive thank you to Sharon from the repairs team, she sorted my boiler in a "
                  "day. Also while I'm here the bathroom extractor fan has stopped working")


@pytest.mark.parametrize("text,category,topic", [
    (TAP_AND_RUDE, "complaint", "repair"),
    (SHARON_AND_FAN, "compliment", "repair"),
    ("Diolch to Bethan for sorting my rent account, she was tidy. But the mould in the back bedroom is still there",
     "compliment", "damp_mould"),
    ("Thanks to Dave for fixing my boiler. The bath tap is still dripping though", "compliment", "repair"),
    ("The toilet won't flush, can someone come out? Also your officer shouted at me when I rang", "complaint", "repair"),
])
def test_a_second_matter_that_is_a_repair_now(text, category, topic):
    assert repair_beside(text, category) == topic


@pytest.mark.parametrize("text,category", [
    # the repair praised is done, not a report now
    ("Shaun the plumber fixed the leak in 20 minutes and cleaned up after. Please pass it on", "compliment"),
    ("Had no heating for two days last week, but the engineer was brilliant and sorted it", "compliment"),
    ("The intercom stopped working in March. It's been replaced and works perfect now, ta", "compliment"),
    ("Big shout out to the caretaking team at Holly Court, the stairs are spotless now", "compliment"),
    # a complaint about the repair is the complaint: one matter, not split
    ("My boiler has been broken for 3 weeks. Nobody has come. I want to make a complaint.", "complaint"),
    ("The door entry has been broken a month. Anyone can walk in, people sleeping in the stairwell", "complaint"),
    ("The roof is still leaking. Also I've had three visits and nobody has fixed it", "complaint"),
    # other categories are not read here (a service request is the repair; exclusions: repair_still_owed)
    (TAP_AND_RUDE, "service_request"),
    (TAP_AND_RUDE, "excluded"),
])
def test_one_matter_is_not_split(text, category):
    assert repair_beside(text, category) is None


def compliment(text=SHARON_AND_FAN, **slots):
    base = {"triage_key": "conv-1:m1", "triage_text": text, "triage_received_at": "2026-11-20",
            "triage_profile": "code-2024", "triage_channel": "rest", "triage_category": "compliment",
            "triage_flags": [], "triage_topic": "repair", "triage_person": "Sharon",
            "triage_team": "repairs team", "handoff_id": 3}
    return tracker([user_event(text, "compliment")], slots={**base, **slots})


def test_compliment_and_repair_are_both_recorded_and_told(backend):
    events, dispatcher = run(ActionRecordCompliment(), compliment())
    [cpl] = backend.created("compliments")
    [sr] = backend.created("service-requests")
    assert cpl["body"]["person"] == "Sharon"
    assert sr["body"]["topic"] == "repair" and sr["body"]["emergency"] is False
    assert sr["body"]["idempotency_key"] == "conv-1:m1:service_request"
    assert "handoff_id" not in sr["body"] and cpl["body"]["handoff_id"] == 3  # the handoff is the compliment's
    posts = [path for method, path, _ in backend.requests if method == "POST"]
    assert posts.index("/api/v1/service-requests") < posts.index("/api/v1/compliments")
    # no contact details were asked with a compliment: the resident is told to get in touch
    assert responses(dispatcher) == ["utter_compliment_thanks", "utter_compliment_routed",
                                     "utter_repair_beside_recorded", "utter_service_request_next_no_contact",
                                     "utter_get_in_touch"]
    said = {m["response"]: m for m in dispatcher.messages}
    assert said["utter_repair_beside_recorded"]["reference"] == sr["reference"]
    assert slots_of(events)["last_reference"] == sr["reference"]  # details given next go with the repair


def test_compliment_with_no_repair_records_only_the_compliment(backend):
    _, dispatcher = run(ActionRecordCompliment(), compliment("Sharon from the repairs team sorted my boiler in a day"))
    assert backend.created("service-requests") == []
    assert "utter_repair_beside_recorded" not in responses(dispatcher)


def test_backend_down_the_repair_beside_a_compliment_is_noted(backend, outbox_path):
    backend.mode = "down"
    _, dispatcher = run(ActionRecordCompliment(), compliment())
    assert responses(dispatcher)[-1] == "utter_repair_beside_noted"


FORM = {"contact_name": "Jo Bloggs", "contact_route": "email", "contact_email": "jo@example.com",
        "desired_outcome": "An apology", "on_behalf": False, "adjustments": "no"}


def test_complaint_and_repair_are_both_recorded_and_told(backend):
    slots = {"triage_key": "conv-1:m1", "triage_text": TAP_AND_RUDE, "triage_received_at": "2026-11-24",
             "triage_profile": "code-2024", "triage_channel": "rest", "triage_category": "complaint",
             "triage_flags": [], "handoff_id": 7, **FORM}
    events, dispatcher = run(ActionOpenComplaint(), tracker([user_event(TAP_AND_RUDE, "complaint")], slots=slots))
    [cmp] = backend.created("complaints")
    [sr] = backend.created("service-requests")
    assert sr["body"]["topic"] == "repair" and sr["body"]["contact"] == cmp["body"]["contact"]
    assert "handoff_id" not in sr["body"] and cmp["body"]["handoff_id"] == 7
    said = responses(dispatcher)
    assert said[0] == "utter_complaint_opened"
    assert said[-2:] == ["utter_repair_beside_recorded", "utter_service_request_next"]
    assert [m for m in dispatcher.messages if m["response"] == "utter_repair_beside_recorded"][0]["reference"] \
        == sr["reference"]
    got = slots_of(events)
    assert got["complaint_reference"] == cmp["reference"] and got["last_reference"] == sr["reference"]


def test_the_repair_wording_is_in_the_domain():
    text = {name: variants[0]["text"] for name, variants in load_domain()["responses"].items()}
    assert "{reference}" in text["utter_repair_beside_recorded"]
    assert "repair request" in text["utter_repair_beside_noted"]
