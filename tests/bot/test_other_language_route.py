"""action_triage with a message in a language neither English nor Welsh (actions/other_language.py):
to a person, as a Welsh message goes (the handoff recorded at once with the whole text, kept for the
contact the resident gives next), never placed on the English model's guess; the resident is told in
plain English that staff will have it translated, and given the emergency line in case of danger."""
import pytest

from actions.contact_details import ActionRecordAfterContact
from actions.triage_action import ActionTriage
from fakes import decision, load_domain, responses, run, slots_of, tracker, user_event

POLISH = "Dzień dobry, w łazience jest pleśń i przecieka sufit, mam małe dziecko"  # the tester's message
FRENCH_MOULD = "Il y a de la moisissure noire dans la chambre de mon bébé et elle tousse beaucoup"
TOLD = ["utter_handoff_other_language_ask_contact", "utter_other_language_emergency_line"]


@pytest.fixture(autouse=True)
def emergency_number(monkeypatch):
    monkeypatch.setenv("LANDLORD_EMERGENCY_PHONE", "0800 123 4567")


def test_the_testers_polish_message_goes_to_staff_marked_urgent_not_to_the_models_guess(backend, decide):
    decide["d"] = decision("service_request", topic="repair")
    events, dispatcher = run(ActionTriage(), tracker([user_event(POLISH, "service_request", 0.61, message_id="p1")]))
    slots = slots_of(events)
    assert slots["triage_route"] == "staff" and slots["triage_category"] == "unclear"
    [handoff] = backend.created("handoffs")
    body = handoff["body"]
    assert body["text"] == POLISH and body["category"] == "unclear"
    assert set(body["flags"]) == {"low_confidence", "emergency"}
    assert body["explanation"].startswith("Written in Polish, not English or Welsh (2 of its 12 words")
    assert "URGENT" in body["explanation"] and "pleśń" in body["explanation"] and "dziecko" in body["explanation"]
    assert "test decision" in body["explanation"]  # the model's guess, kept for staff, not used
    assert backend.created("service-requests") == []
    assert slots["staff_handoff"]["idempotency_key"] == "conv-1:p1"  # kept for the contact asked next
    assert responses(dispatcher) == TOLD
    assert dispatcher.messages[1]["emergency_phone"] == "0800 123 4567"


def test_the_contact_given_next_goes_on_the_same_handoff(backend, decide):
    decide["d"] = decision("service_request")
    events, _ = run(ActionTriage(), tracker([user_event(POLISH, "service_request", message_id="p1")]))
    slots = slots_of(events)
    events, dispatcher = run(ActionRecordAfterContact(), tracker(
        [user_event("07700 900123", "inform")], slots={**slots, "record_contact": "07700 900123"}))
    [handoff] = backend.created("handoffs")  # the same handoff: nothing lost, nothing twice
    assert handoff["body"]["text"] == POLISH and handoff["contact"]["phone"] == "07700900123"
    assert responses(dispatcher) == ["utter_handoff_staff_phone"]


def test_with_contact_given_earlier_it_is_not_asked_again(backend, decide):
    decide["d"] = decision("complaint")
    _, dispatcher = run(ActionTriage(), tracker([user_event(FRENCH_MOULD, "complaint")],
                                                slots={"contact_given": {"email": "ann@example.org"}}))
    assert responses(dispatcher) == ["utter_handoff_other_language", "utter_other_language_emergency_line"]


@pytest.mark.parametrize("text", [
    "Salaan, guriga waxaa ku jira caaryaan, ilmahayga waa xanuunsan yahay",  # Somali, no accents
    "Habari, nyumba yangu ina ukungu na mtoto wangu ni mgonjwa sana",       # a language it cannot name
])
def test_languages_without_accents_or_a_name_go_to_staff_too(backend, decide, text):
    decide["d"] = decision("compliment")
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "compliment")]))
    assert slots_of(events)["triage_route"] == "staff"
    assert backend.created("handoffs")[0]["body"]["explanation"].startswith("Written in ")
    assert responses(dispatcher) == TOLD


def test_another_language_without_hazard_words_is_not_marked_urgent(backend, decide):
    decide["d"] = decision("service_request")
    text = "Bonjour, je voudrais savoir quand est le rendez-vous pour la fenêtre de ma cuisine"
    run(ActionTriage(), tracker([user_event(text, "service_request")]))
    body = backend.created("handoffs")[0]["body"]
    assert body["flags"] == ["low_confidence"] and "URGENT" not in body["explanation"]
    assert body["explanation"].startswith("Written in French")


@pytest.mark.parametrize("text, category", [("Dzień dobry, my boiler is broken", "service_request"),
                                            ("Nae heatin in the hoose an the bairn is no weel", "service_request")])
def test_english_with_a_foreign_greeting_or_in_dialect_keeps_the_models_route(backend, decide, text, category):
    decide["d"] = decision(category)
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, category)]))
    assert slots_of(events)["triage_route"] != "staff"  # the model's route (a boiler: the hazard questions)
    assert backend.created("handoffs")[0]["body"]["category"] == category
    assert not any(r.startswith("utter_handoff_other_language") for r in responses(dispatcher))


def test_the_reply_is_plain_english_with_the_emergency_line():
    said = {k: v[0]["text"] for k, v in load_domain()["responses"].items()}
    for name in ("utter_handoff_other_language", "utter_handoff_other_language_ask_contact"):
        assert "member of staff" in said[name] and "translated" in said[name]
    assert "{emergency_phone}" in said["utter_other_language_emergency_line"]
    assert "999" in said["utter_other_language_emergency_line_no_number"]


def test_the_handoff_reply_does_not_ask_for_details_the_contact_question_asks_next():
    """Trying it as a new user: "please give an email address or phone number" and then the contact
    question, "please give your name and an email address ...": the same thing asked twice in a row.
    As for Welsh, the handoff line says why a way to reach them is needed; the question asks for it."""
    from fakes import load_domain
    text = load_domain()["responses"]["utter_handoff_other_language_ask_contact"][0]["text"]
    assert "a way to reach you" in text and "please give" not in text
