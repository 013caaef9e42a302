"""An emergency hazard makes the message's record an emergency (hF-26): the triage's emergency
lexicon (triage/flags.py) has fewer words than hazard recognition, so the record follows the
hazard's assessment (actions/hazards.py follow_emergency): the emergency flag on the record, the
emergency route for a service request (the emergency line first), the line said once."""
from actions.contact_details import ActionRecordAfterContact
from actions.hazards import ActionHazardHousehold
from actions.record_actions import ActionEmergencyLine
from actions.triage_action import ActionTriage
from fakes import decision, responses, run, slots_of, tracker, user_event

XMAS_EVE = {"received_at": "2026-12-24T16:30:00+00:00"}
DRIPPING = "Water is dripping through the light fitting in my dad's hallway ceiling, I'm his daughter"


def bot_events(dispatcher):
    """The dispatcher's messages as Rasa's bot events (what a later action's tracker holds)."""
    return [{"event": "bot", "text": m.get("response"), "metadata": {"utter_action": m.get("response")}}
            for m in dispatcher.messages]


def test_electrical_emergency_hazard_makes_the_service_request_an_emergency(backend, decide, monkeypatch):
    monkeypatch.setenv("LANDLORD_EMERGENCY_PHONE", "0800 123 4567")
    decide["d"] = decision("service_request", flags=("third_party",))  # the lexicon finds no emergency
    ev = user_event(DRIPPING, "service_request", message_id="m1", metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev]))
    [hz] = backend.created("hazards")
    assert hz["body"]["hazard_type"] == "electrical" and hz["severity"] == "emergency"
    slots = slots_of(events)
    assert slots["triage_route"] == "emergency"  # data/casework_rules.yml: the emergency line first
    assert slots["triage_flags"] == ["third_party", "emergency"]
    # the rule's action_emergency_line, then the record after the contact details
    # (the water-near-electrics advice and the 999 line were said by the triage this turn: not again)
    assert "utter_hazard_water_electrics" in responses(dispatcher) and "utter_hazard_gas" not in responses(dispatcher)
    _, line = run(ActionEmergencyLine(), tracker([ev, *bot_events(dispatcher)]))
    assert responses(line) == ["utter_emergency_line"] and line.messages[0]["emergency_phone"] == "0800 123 4567"
    answer = user_event("Karen Doyle, karen.doyle@example.com", "inform", message_id="m2")
    trk = tracker([ev, *bot_events(dispatcher), *bot_events(line), answer],
                  slots={**slots, "record_contact": "Karen Doyle, karen.doyle@example.com"})
    _, recorded = run(ActionRecordAfterContact(), trk)
    [sr] = backend.created("service-requests")
    assert sr["body"]["emergency"] is True and "emergency" in sr["body"]["flags"]
    said = responses(recorded)
    assert "utter_service_request_next_emergency" in said
    assert "utter_emergency_line" not in said  # once in the conversation


def test_a_significant_hazard_leaves_the_service_request_as_it_was(backend, decide):
    decide["d"] = decision("service_request")
    ev = user_event("There is a big crack in the living room wall", "service_request", metadata=XMAS_EVE)
    events, _ = run(ActionTriage(), tracker([ev]))
    assert backend.created("hazards")[0]["severity"] == "significant"
    slots = slots_of(events)
    assert slots["triage_route"] == "service_request" and slots["triage_flags"] == []


def test_emergency_hazard_in_a_complaint_flags_it_and_gives_the_line_now(backend, decide):
    decide["d"] = decision("complaint")
    ev = user_event("I am fed up, there are sparks coming from the socket and nobody came",
                    "complaint", metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev]))
    slots = slots_of(events)
    assert slots["triage_route"] == "complaint" and slots["triage_flags"] == ["emergency"]
    said = responses(dispatcher)
    assert said.count("utter_emergency_line") == 1
    assert said.index("utter_hazard_emergency") < said.index("utter_emergency_line")


def test_queued_hazard_with_danger_in_the_words_is_still_an_emergency(backend, decide, outbox_path):
    backend.mode = "down"
    decide["d"] = decision("service_request")
    events, _ = run(ActionTriage(), tracker([user_event(DRIPPING, "service_request", metadata=XMAS_EVE)]))
    slots = slots_of(events)
    assert slots["triage_route"] == "emergency" and slots["triage_flags"] == ["emergency"]


def test_household_answer_that_makes_it_an_emergency_makes_the_record_one(backend, decide):
    decide["d"] = decision("service_request")
    ev = user_event("mould on the ceiling", "service_request", message_id="m1", metadata=XMAS_EVE)
    run(ActionTriage(), tracker([ev]))
    trk = tracker([ev, user_event("yes, we have a newborn", "inform", message_id="m2")],
                  slots={"hazard_household": "yes, we have a newborn", "triage_flags": ["group"],
                         "hazard_key": "conv-1:m1:hazard:damp_mould", "hazard_next_route": "service_request"})
    events, _ = run(ActionHazardHousehold(), trk)
    slots = slots_of(events)
    assert slots["triage_route"] == "emergency" and slots["triage_flags"] == ["group", "emergency"]


def test_household_answer_emergency_before_a_complaint_offer_gives_the_line(backend, decide):
    decide["d"] = decision("complaint")
    ev = user_event("I want to complain about the mould nobody fixed", "complaint", message_id="m1",
                    metadata=XMAS_EVE)
    run(ActionTriage(), tracker([ev]))
    trk = tracker([ev, user_event("my son has asthma", "inform", message_id="m2")],
                  slots={"hazard_household": "my son has asthma", "hazard_next_route": "complaint",
                         "hazard_key": "conv-1:m1:hazard:damp_mould"})
    events, dispatcher = run(ActionHazardHousehold(), trk)
    assert slots_of(events)["triage_route"] == "complaint"
    assert slots_of(events)["triage_flags"] == ["emergency"]
    assert responses(dispatcher).count("utter_emergency_line") == 1
