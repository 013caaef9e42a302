"""An anonymous resident who gives an e-mail or phone: no name is recorded, the details are kept on
the record as the way to reach them (the backend keeps them: casework.contacts), and the chat tells
the truth about it, never "we have no contact details for you". Anonymous with nothing given is told
plainly that we cannot reply, and that the complaint is still recorded (test_actions_complaint.py)."""
import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.complaint_actions import ActionOpenComplaint
from actions.contact_details import contact_state
from actions.handoff_actions import say_what_happens_next
from fakes import load_domain, responses, run, slots_of, tracker
from test_actions_complaint import FORM, TRIAGED, conversation

ANONYMOUS_EMAIL = {**FORM, "contact_name": "anonymous", "adjustments": "none"}


def test_an_anonymous_complaint_keeps_the_email_given_and_says_so(backend):
    events, dispatcher = run(ActionOpenComplaint(), tracker(conversation(), slots={**TRIAGED, **ANONYMOUS_EMAIL}))
    [case] = backend.created("complaints")
    contact = case["body"]["contact"]
    assert contact == {"anonymous": True, "email": "jo@example.com", "postcode": "SW1A 1AA",
                       "preferred_channel": "email"}  # no name, the e-mail to reach them
    said = responses(dispatcher)
    assert said == ["utter_complaint_opened", "utter_complaint_anonymous_contact_kept",
                    "utter_case_acknowledge_by", "utter_case_respond_by"]
    assert "utter_complaint_no_contact" not in said
    # kept for the conversation: a later record does not ask again, and stays anonymous
    slots = slots_of(events)
    assert slots["contact_given"]["email"] == "jo@example.com" and slots["contact_given"]["anonymous"] is True
    assert slots.get("contact_declined") is None


def test_an_anonymous_residents_details_count_as_given():
    assert contact_state({"anonymous": True, "email": "a@example.org"}) == "given"
    assert contact_state({"anonymous": True, "phone": "07700900123"}) == "given"
    assert contact_state({"anonymous": True, "declined": True}) == "declined"


def test_staff_reply_to_an_anonymous_residents_phone():
    dispatcher = CollectingDispatcher()
    say_what_happens_next(dispatcher, {"anonymous": True, "phone": "07700900123", "preferred_channel": "phone"})
    assert responses(dispatcher) == ["utter_handoff_staff_phone"]


def test_the_anonymous_contact_question_asks_for_details_and_says_what_a_no_means():
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.slots import TextSlot
    from rasa.shared.core.trackers import DialogueStateTracker
    domain = load_domain()
    nlg = TemplatedNaturalLanguageGenerator(Domain.from_dict(domain).responses)
    trk = DialogueStateTracker("conv-1", [TextSlot("contact_name", mappings=[{}])])
    trk.slots["contact_name"].value = "anonymous"
    asked = asyncio.run(nlg.generate("utter_ask_contact_route", trk, "rest"))["text"]
    assert "email address or a phone number" in asked and "no name" in asked
    assert "keep no contact details" not in asked
    assert "say no" in asked and "still logged" in asked and "won't be able to reply to you" in asked
    kept = domain["responses"]["utter_complaint_anonymous_contact_kept"][0]["text"]
    assert "name isn't recorded" in kept
