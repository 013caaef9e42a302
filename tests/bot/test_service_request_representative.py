"""Someone writing for the resident on a service request (a daughter reporting a repair in her mum's
flat): the replies speak of the resident's home, not "your home"; record_contact_form asks whether the
resident agreed; the record carries the writer as the representative with their relationship, never
their details as the resident's (actions/representative.py). Replies are rendered as Rasa renders them."""
import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.contact_details import ValidateRecordContactForm
from actions.hazards import ActionHazardHousehold
from actions.record_actions import ActionRecordServiceRequest
from actions.representative import home_words
from actions.triage_action import ActionTriage
from fakes import decision, load_domain, responses, run, slots_of, tracker, user_event
from test_hazard_declined_case import read

XMAS_EVE = {"received_at": "2026-12-24T16:30:00+00:00"}
MUMS = "My mum's flat has black mould all over the bedroom wall and it keeps coming back"
TRIAGED = {"triage_key": "conv-1:m1", "triage_received_at": "2026-11-20", "triage_profile": "code-2024",
           "triage_channel": "rest", "triage_category": "service_request", "triage_flags": [],
           "triage_topic": "repair", "triage_route": "service_request"}


def mould_then_household(backend, decide, text):
    """The first message (a mould report), then the household answer: what the resident reads."""
    decide["d"] = decision("service_request", topic="damp_mould")
    first = user_event(text, "service_request", message_id="m1", metadata=XMAS_EVE)
    events, _ = run(ActionTriage(), tracker([first]))
    slots = {k: v for k, v in slots_of(events).items() if v is not None}
    answer = user_event("no", "deny", message_id="m2")
    trk = tracker([first, answer], slots={**slots, "hazard_household": "no"})
    events, dispatcher = run(ActionHazardHousehold(), trk)
    return slots, " ".join(read(dispatcher, {**slots, **slots_of(events)}))


def test_a_daughter_reporting_mould_in_her_mums_flat_reads_your_mums_home(backend, decide):
    slots, said = mould_then_household(backend, decide, MUMS)
    assert slots["resident_home"] == "your mum's home"
    assert "make your mum's home safe" in said and "your home" not in said


def test_a_resident_reporting_their_own_home_still_reads_your_home(backend, decide):
    slots, said = mould_then_household(backend, decide, "There is black mould all over my bedroom wall")
    assert "resident_home" not in slots
    assert "make your home safe" in said


def test_replies_said_in_the_same_turn_speak_of_their_home(backend, decide):
    """An emergency hazard is told during action_triage itself, before its slot applies."""
    decide["d"] = decision("service_request", flags=("emergency",))
    text = "I'm writing on behalf of my father, there is gas smell in his flat and he is 90"
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "report_emergency", metadata=XMAS_EVE)]))
    said = " ".join(read(dispatcher, {}))
    assert slots_of(events)["resident_home"] == "your father's home"
    assert "your home" not in said


def test_home_words():
    assert home_words(["I'm reporting this on behalf of my dad, his boiler is broken"]) == "your dad's home"
    assert home_words(["I'm her carer and her heating is off"]) == "the resident's home"
    assert home_words(["my tap is dripping", "my mum visits on Sundays"]) is None


def record(backend, first_text, **slots):
    trk = tracker([user_event(first_text, "service_request", message_id="m1")],
                  slots={**TRIAGED, "triage_text": first_text, **slots})
    _, dispatcher = run(ActionRecordServiceRequest(), trk)
    [sr] = backend.created("service-requests")
    return sr["body"], dispatcher


def test_the_record_carries_the_representative_with_consent(backend):
    body, dispatcher = record(backend, "My mum's kitchen tap is broken and she can't turn it off",
                              record_contact="Jo Bloggs 07700 900123", third_party_consent=True)
    rep = body["representative"]
    assert rep["relationship"] == "son or daughter" and rep["consent"] is True
    assert rep["phone"] == "07700900123" and rep["name"] == "Jo Bloggs" and rep["consent_method"]
    assert "phone" not in body["contact"] and "name" not in body["contact"]  # never the resident's
    # the letters are theirs (consent): only a phone, so staff will ring them for an address
    assert responses(dispatcher) == ["utter_service_request_recorded", "utter_service_request_next",
                                     "utter_letters_no_address"]


def test_without_the_residents_agreement_the_writer_is_not_promised_contact(backend):
    body, dispatcher = record(backend, "I'm writing for my dad, his front door lock is broken",
                              record_contact="Jo Bloggs jo@example.com", third_party_consent=False)
    assert body["representative"]["consent"] is False
    assert responses(dispatcher) == ["utter_service_request_recorded", "utter_service_request_for_resident"]


def test_own_request_has_no_representative(backend):
    body, _ = record(backend, "My kitchen tap is broken", record_contact="Jo Bloggs 07700 900123")
    assert "representative" not in body and body["contact"]["phone"] == "07700900123"


def required(trk):
    return asyncio.run(ValidateRecordContactForm().required_slots(
        ["record_contact", "third_party_consent"], CollectingDispatcher(), trk, load_domain()))


def test_the_form_asks_for_consent_only_of_someone_writing_for_the_resident():
    mums = tracker([user_event("I'm reporting a leak on behalf of my mother", "service_request")], slots=TRIAGED)
    own = tracker([user_event("My kitchen tap is broken", "service_request")], slots=TRIAGED)
    assert required(mums) == ["record_contact", "third_party_consent"]
    assert required(own) == ["record_contact"]
    assert "agreed" in load_domain()["responses"]["utter_ask_record_contact_form_third_party_consent"][0]["text"]


def test_an_answer_that_says_it_is_for_someone_else_sets_their_home():
    text = "on behalf of my father, 07700 900123"
    trk = tracker([user_event("The boiler is broken", "service_request"), user_event(text, "inform")],
                  slots=TRIAGED, active_loop="record_contact_form")
    out = ValidateRecordContactForm().validate_record_contact(text, CollectingDispatcher(), trk, load_domain())
    assert out["record_contact"] and out["resident_home"] == "your father's home"
    assert required(trk) == ["record_contact", "third_party_consent"]
