"""Awaab's Law: a later message on an open hazard names someone at greater risk not told before ("I've
got a newborn now", "my son has asthma", "my daughter is 3 months pregnant"). Before, nothing
happened: no hazard words, so no hazard step, and the damp stayed a 10-working-day investigation.
Now the words go on the record as ever (followup.send_to_record) and the conversation's hazards are
assessed again by the backend (POST /api/v1/hazards/reassess: its own clock decides, no client time
is sent); the resident is told the new emergency deadline, or that the timescales stand.
Tracker.from_dict + CollectingDispatcher, backend faked over httpx.MockTransport."""
import re

import pytest

from actions.hazard_recognition import household
from actions.triage_action import ActionTriage
from fakes import decision, responses, run, slots_of, tracker, user_event
from test_hazard_declined_case import read
from test_hazard_later_in_conversation import mould_after
from test_hazard_letters_no_address import XMAS_EVE, after_a_record_with


def with_mould_on_a_case(backend, decide) -> dict:
    """A service request, then damp and mould that joined its case (significant): the slots kept."""
    slots = after_a_record_with("Jo Bloggs jo@example.com")
    got, _ = mould_after(backend, decide, slots)
    [hz] = backend.created("hazards")
    assert hz["severity"] == "significant" and hz["case_id"] is not None
    return {**slots, **got, "hazard_household_known": True, "triage_route": None, "held_message": None}


def later(backend, decide, slots, text, message_id="m7"):
    decide["d"] = decision("service_request")
    ev = user_event(text, "inform", message_id=message_id, metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev], slots=slots))
    return slots_of(events), dispatcher


@pytest.mark.parametrize("text, who", [("I've got a newborn now", "baby"),
                                       ("my son has asthma", "respiratory"),
                                       ("my daughter is 3 months pregnant", "pregnancy")])
def test_a_new_vulnerability_later_makes_the_mould_an_emergency(backend, decide, text, who):
    slots = with_mould_on_a_case(backend, decide)
    got, dispatcher = later(backend, decide, slots, text)
    [asked] = backend.created("hazard_reassess")
    assert asked["vulnerabilities"] == [who] and asked["conversation_id"] == "conv-1"
    assert asked["case_reference"] == slots["last_reference"] and asked["hazard_key"] == slots["hazard_key"]
    assert "received_at" not in asked  # the backend's clock decides the new timescale
    [hz] = backend.created("hazards")
    assert hz["severity"] == "emergency"
    assert responses(dispatcher) == ["utter_hazard_reassessed", "utter_hazard_emergency", "utter_hazard_damp",
                                     "utter_hazard_danger",
                                     "utter_hazard_accommodation", "utter_added_to_record_reassessed"]
    said = read(dispatcher, {**slots, **got})
    assert "now treating the damp and mould as an emergency" in said[0]
    assert "within 24 hours" in said[1] and hz["reference"] in said[1]
    assert got["hazard_vulnerabilities"] == [who]
    # the words are on the case's record as ever; they re-assessed its hazard, so they were about that
    # matter: "same matter or something new?" is not asked (brief F7), nothing held
    assert got["triage_route"] == "followup_added" and got["held_message"] is None
    assert [m["text"] for m in backend.case_messages[slots["last_reference"]].values()][-1] == text
    assert slots["last_reference"] in said[-1] and "dates" not in said[-1]


def test_nothing_new_no_call_and_an_unchanged_assessment_is_said_plainly(backend, decide):
    slots = with_mould_on_a_case(backend, decide)
    got, dispatcher = later(backend, decide, {**slots, "hazard_vulnerabilities": ["baby"]},
                            "the baby is coughing a lot")
    assert backend.created("hazard_reassess") == [] and "utter_hazard_reassessed" not in responses(dispatcher)
    got, dispatcher = later(backend, decide, slots, "my husband is disabled", message_id="m8")
    assert backend.created("hazard_reassess")[0]["vulnerabilities"] == ["disability"]
    assert backend.created("hazards")[0]["severity"] == "significant"
    assert responses(dispatcher) == ["utter_hazard_reassessed_unchanged", "utter_added_to_record_reassessed"]
    said = read(dispatcher, {**slots, **got})
    assert backend.created("hazards")[0]["reference"] in said[0] and "still stands" in said[0]
    assert got["triage_route"] == "followup_added"


def test_no_hazard_and_no_case_in_the_conversation_no_call(backend, decide):
    got, dispatcher = later(backend, decide, {}, "my son has asthma")
    assert backend.created("hazard_reassess") == []


def test_backend_down_the_reassessment_is_queued_and_the_resident_told(backend, decide, outbox_path):
    from actions.outbox import Outbox
    slots = with_mould_on_a_case(backend, decide)
    backend.mode = "down"
    _, dispatcher = later(backend, decide, slots, "I've got a newborn now")
    assert "hazard_reassess" in {r.kind for r in Outbox(outbox_path).rows("pending")}
    assert "utter_hazard_reassess_queued" in responses(dispatcher)


def test_months_pregnant_is_a_pregnancy_not_a_baby():
    assert household("my daughter is 3 months pregnant").vulnerabilities == ["pregnancy"]
    assert household("my son is 5 months old").vulnerabilities == ["baby"]


def test_raised_after_its_deadline_passed_it_is_told_overdue_with_no_past_date(backend, decide):
    """Brief F7: the backend says the raised hazard is overdue (its deadline had passed by its own
    clock): the resident is told plainly it is overdue and will be made safe at once, no "by <date>"."""
    slots = with_mould_on_a_case(backend, decide)
    backend.reassess_overdue = True
    got, dispatcher = later(backend, decide, slots, "I've got a newborn now")
    [hz] = backend.created("hazards")
    assert responses(dispatcher) == ["utter_hazard_reassessed_overdue", "utter_hazard_damp", "utter_hazard_danger",
                                     "utter_hazard_accommodation", "utter_added_to_record_reassessed"]
    said = read(dispatcher, {**slots, **got})
    assert "overdue" in said[0] and "make your home safe at once" in said[0] and hz["reference"] in said[0]
    assert not re.search(r"\bby \d|day \d+ (January|December)|\d(am|pm)\b", " ".join(said)), said  # no date
    assert got["triage_route"] == "followup_added"


def test_a_message_already_held_is_still_asked_about(backend, decide):
    """The question already asked about an earlier message still wants its answer: a re-assessing
    message then is added too, and the question asked once more (its words joined the held ones)."""
    slots = with_mould_on_a_case(backend, decide)
    got, _ = later(backend, decide, slots, "the kitchen window won't shut either", message_id="m6")
    assert got["triage_route"] == "followup"
    got, dispatcher = later(backend, decide, {**slots, **got}, "I've got a newborn now")
    assert got["triage_route"] == "followup_again" and "utter_hazard_reassessed" in responses(dispatcher)
