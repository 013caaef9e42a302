"""A self-harm or suicide disclosure in the message the triage reads is met as a threat to life is
(triage_action.py): the safety reply (Samaritans 116 123, 999 in immediate danger), the flagged
handoff for a person (the duty inbox is alerted on it), contact asked next (record_contact_form), and
no complaint offer straight after. The matter is still recorded for staff: the handoff keeps the
resident's words and the category the triage read."""
import pytest

from actions.triage_action import ActionTriage
from fakes import decision, load_domain, responses, run, slots_of, tracker, user_event


@pytest.mark.parametrize("text", [
    "some days I feel like ending it all, the damp is getting to me",
    "I'm suicidal because of the mould and nobody from housing listens",
    "I've been self harming since the repairs stopped and I want to complain",
    "honestly I don't want to live anymore, three missed appointments for the boiler",
])
def test_a_self_harm_disclosure_gets_the_safety_reply_and_a_person_not_the_complaint_offer(backend, decide, text):
    decide["d"] = decision("complaint", flags=("safeguarding",))
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "complaint")]))
    said = responses(dispatcher)
    assert said[0] == "utter_safeguarding_self_harm" and said[1] in ("utter_safeguarding_pickup", "utter_safeguarding_saved")
    assert said[-1] == "utter_handoff_ask_contact_why"
    slots = slots_of(events)
    assert slots["triage_route"] == "staff"  # record_contact_form next (rules.yml), not utter_offer_complaint
    # nothing the resident said is lost: the flagged handoff, as the triage read it, waits for its contact
    [handoff] = backend.created("handoffs")
    body = handoff["body"]
    assert (body["text"], body["category"], body["flags"]) == (text, "complaint", ["safeguarding"])
    assert slots["staff_handoff"]["text"] == text and slots["triage_category"] == "complaint"
    assert slots["handoff_id"] == handoff["id"]


def test_a_partners_abuse_with_a_risk_to_their_own_life_goes_to_a_person_too(backend, decide):
    decide["d"] = decision("complaint", flags=("safeguarding",))
    events, dispatcher = run(ActionTriage(), tracker([user_event(
        "my ex beats me and some days I want to end it all, the locks were never changed", "complaint")]))
    assert responses(dispatcher)[0] == "utter_safeguarding_domestic_abuse_self_harm"
    assert slots_of(events)["triage_route"] == "staff"


def test_the_safety_reply_for_self_harm_gives_the_samaritans_and_999():
    text = load_domain()["responses"]["utter_safeguarding"][0]["text"]
    assert "116 123" in text and "999" in text
