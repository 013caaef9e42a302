"""A message handed to staff (still unclear after the clarifying question, or the resident asked
for a person): the handoff is recorded at once, record_contact_form asks how staff can reach the
resident (not again when they gave details earlier), the same handoff is sent again with the
contact or the declined mark, and the resident is told the truth about the reply."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import triage_action
from actions.backend_client import ClientConfig, sync_sender
from actions.complaint_actions import ActionOpenComplaint
from actions.contact_details import DECLINED, ActionRecordAfterContact, ValidateRecordContactForm
from actions.handoff_actions import ActionRequestHuman, say_what_happens_next
from actions.outbox import Outbox, deliver_due
from actions.triage_action import ActionTriage
from actions.triage_call import StandInDecision
from fakes import TOKEN, responses, run, slots_of, tracker, user_event

ANN = {"anonymous": False, "email": "ann@example.org", "preferred_channel": "email", "name": "Ann Smith"}


@pytest.fixture
def unclear(monkeypatch):
    monkeypatch.setattr(triage_action, "run_triage", lambda ctx, profile: StandInDecision(
        category="unclear", reason=None, flags=("low_confidence",), confidence=0.3,
        explanation="could not place it"))


@pytest.fixture(autouse=True)
def no_number(monkeypatch):
    monkeypatch.delenv("LANDLORD_REPLY_PHONE", raising=False)


def asked_for_a_person(slots=None):
    return run(ActionRequestHuman(), tracker([user_event("can I talk to a real person", "ask_human",
                                                         message_id="m3")], slots=slots))


def after_contact(answer_text, intent, slots):
    """The form is done: action_record_after_contact with the answer (or nothing) in the slots."""
    return run(ActionRecordAfterContact(), tracker([user_event(answer_text, intent)], slots=slots))


def form_events(slots):
    """validate_record_contact_form as Rasa runs it when the form starts."""
    events, dispatcher = run(ValidateRecordContactForm(), tracker(
        [user_event("can I talk to a real person", "ask_human")], slots=slots, active_loop="record_contact_form"))
    return events, dispatcher


def ended(events) -> bool:
    return any(e.get("event") == "slot" and e.get("name") == "requested_slot" and e.get("value") is None
               for e in events)


def test_unclear_twice_then_contact_given_goes_on_the_same_handoff(backend, unclear):
    events, dispatcher = run(ActionTriage(), tracker([user_event("it's about the thing", "inform", 0.3,
                                                                 message_id="m2")], slots={"clarify_asked": True}))
    slots = slots_of(events)
    assert slots["triage_route"] == "staff"
    assert responses(dispatcher) == ["utter_handoff_ask_contact_why"]  # staff cannot reply in the chat
    [handoff] = backend.created("handoffs")
    assert handoff["contact"] is None and slots["staff_handoff"]["idempotency_key"] == "conv-1:m2"

    events, dispatcher = after_contact("Ann Smith 07700 900123", "inform", {
        **slots, "record_contact": "Ann Smith 07700 900123"})
    [handoff] = backend.created("handoffs")  # the same handoff, not a second one
    assert handoff["contact"] == {"anonymous": False, "phone": "07700900123", "preferred_channel": "phone",
                                  "name": "Ann Smith"}
    assert backend.requests[-1][2]["idempotency_key"] == "conv-1:m2"
    assert backend.created("service-requests") == [] and backend.created("excluded-matters") == []
    assert responses(dispatcher) == ["utter_handoff_staff_phone"]
    slots = slots_of(events)
    assert slots["staff_handoff"] is None and slots["record_contact"] is None
    assert slots["contact_given"]["phone"] == "07700900123"  # not asked again in this conversation


@pytest.mark.parametrize("number", ["0300 123 4567", None])
def test_a_person_asked_for_then_contact_declined_gets_the_honest_reply(backend, monkeypatch, number):
    if number:
        monkeypatch.setenv("LANDLORD_REPLY_PHONE", number)
    events, _ = asked_for_a_person()
    staff = slots_of(events)["staff_handoff"]
    # the decline is noted by the handoff's reply, not by the records' "quote your reference"
    dispatcher = CollectingDispatcher()
    got = ValidateRecordContactForm().validate_record_contact(
        "no thanks", dispatcher, tracker([user_event("no thanks", "deny")], slots={"staff_handoff": staff}), {})
    assert got == {"record_contact": DECLINED} and dispatcher.messages == []

    events, dispatcher = after_contact("no thanks", "deny", {"staff_handoff": staff, "record_contact": DECLINED})
    [handoff] = backend.created("handoffs")
    assert handoff["body"]["text"] == "can I talk to a real person"
    assert handoff["contact"] == {"anonymous": True, "declined": True}
    # none configured (development): the placeholder, never "phone or email us ... our website" (hg-16)
    assert responses(dispatcher) == ["utter_handoff_staff_no_contact"]
    assert dispatcher.messages[0]["phone"] == (number or "01632 960001")
    assert "contact_given" not in slots_of(events)


def test_the_replies_say_what_really_happens():
    from fakes import load_domain
    said = {k: v[0]["text"] for k, v in load_domain()["responses"].items() if k.startswith("utter_handoff")}
    assert "can't reply to you in this chat" in said["utter_handoff_ask_contact_why"]
    assert "by email" in said["utter_handoff_staff_email"] and "phone you" in said["utter_handoff_staff_phone"]
    for name in ("utter_handoff_staff_no_contact", "utter_handoff_staff_no_contact_no_number"):
        assert "can't reply to you in this chat" in said[name] and "will reply" not in said[name]
    assert "{phone}" in said["utter_handoff_staff_no_contact"]
    assert "utter_handoff_staff" not in said  # the old promise ("who will reply to you") is gone


@pytest.mark.parametrize("contact,said", [
    ({"anonymous": False, "email": "a@example.org", "phone": "07700900123", "preferred_channel": "phone"},
     "utter_handoff_staff_phone"),
    ({"anonymous": False, "email": "a@example.org", "phone": "07700900123"}, "utter_handoff_staff_email"),
    ({"anonymous": False, "phone": "07700900123", "preferred_channel": "email"}, "utter_handoff_staff_phone"),
    ({"anonymous": True, "declined": True}, "utter_handoff_staff_no_contact"),
    ({}, "utter_handoff_staff_no_contact"),
])
def test_the_reply_names_a_way_staff_really_have(contact, said):
    dispatcher = CollectingDispatcher()
    say_what_happens_next(dispatcher, contact)
    assert responses(dispatcher) == [said]


def test_details_given_earlier_are_not_asked_for_again(backend):
    events, dispatcher = asked_for_a_person(slots={"contact_given": ANN})
    assert dispatcher.messages == []  # no "they need a way to reach you"
    staff = slots_of(events)["staff_handoff"]
    events, _ = form_events({"contact_given": ANN, "staff_handoff": staff})
    assert ended(events)  # the form ends at once
    events, dispatcher = after_contact("can I talk to a real person", "ask_human",
                                       {"contact_given": ANN, "staff_handoff": staff})
    assert backend.created("handoffs")[0]["contact"] == ANN
    assert responses(dispatcher) == ["utter_handoff_staff_email"]


def test_without_earlier_details_the_form_asks():
    assert not ended(form_events({})[0])
    # a decline earlier is not details: asked again for a person who can only reply with some
    assert not ended(form_events({"contact_given": {"anonymous": True, "declined": True}})[0])


def test_details_from_a_service_request_or_a_complaint_are_kept_for_the_conversation(backend):
    events, _ = after_contact("ann@example.org", "inform", {
        "triage_key": "conv-1:m1", "triage_text": "my tap drips", "triage_route": "service_request",
        "triage_topic": "repair", "record_contact": "Ann Smith ann@example.org"})
    assert slots_of(events)["contact_given"] == ANN
    from test_actions_complaint import FORM, TRIAGED, conversation
    events, _ = run(ActionOpenComplaint(), tracker(conversation(), slots={**TRIAGED, **FORM}))
    assert slots_of(events)["contact_given"]["email"] == "jo@example.com"


def test_backend_down_the_contact_waits_in_the_outbox_beside_the_handoff(backend, outbox_path):
    backend.mode = "down"
    events, _ = asked_for_a_person()
    events, dispatcher = after_contact("ann@example.org", "inform", {
        "staff_handoff": slots_of(events)["staff_handoff"], "record_contact": "Ann Smith ann@example.org"})
    assert responses(dispatcher) == ["utter_handoff_staff_email"]  # kept: staff get it when it is delivered
    rows = Outbox(outbox_path).rows("pending")
    assert [(r.kind, r.idempotency_key) for r in rows] == [("handoff", "conv-1:m3"), ("handoff_contact", "conv-1:m3")]
    backend.mode = "up"
    send = sync_sender(ClientConfig(base_url="http://backend.test", token=TOKEN), transport=backend.transport())
    assert deliver_due(Outbox(outbox_path), send, ignore_backoff=True)["delivered"] == 2
    [handoff] = backend.created("handoffs")
    assert handoff["contact"] == ANN


def test_a_new_triage_drops_a_handoff_waiting_for_contact(backend, monkeypatch):
    monkeypatch.setattr(triage_action, "run_triage", lambda ctx, profile: StandInDecision(
        category="service_request", reason=None, flags=(), confidence=0.9, explanation="a repair"))
    events, _ = run(ActionTriage(), tracker([user_event("actually my tap drips", "service_request")],
                                            slots={"staff_handoff": {"idempotency_key": "old", "text": "x"}}))
    assert slots_of(events)["staff_handoff"] is None


def test_a_message_in_welsh_is_told_in_welsh_and_english_that_staff_will_reply(backend, decide):
    """The contact question is not asked again when the details were given earlier (the bilingual
    reply then says the details given will be used); both replies are in Welsh and in English."""
    from actions.language import written_in_welsh
    from fakes import decision, load_domain
    decide["d"] = decision("complaint")
    welsh = "Dw i eisiau gwneud cwyn, mae'r to yn gollwng ers mis a does neb wedi dod"
    _, dispatcher = run(ActionTriage(), tracker([user_event(welsh, "complaint")], slots={"contact_given": ANN}))
    assert responses(dispatcher) == ["utter_handoff_welsh"]
    said = load_domain()["responses"]
    for name in ("utter_handoff_welsh", "utter_handoff_welsh_ask_contact"):
        cymraeg, english = said[name][0]["text"].split("\n\n")
        assert written_in_welsh(cymraeg) and not written_in_welsh(english)
        assert "member of staff" in english and "reply to you" in english
    assert "a way to reach you" in said["utter_handoff_welsh_ask_contact"][0]["text"]
