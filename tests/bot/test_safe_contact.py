"""hg-11: after a disclosure of abuse at home, the complaint form asks once how it is safe to contact
the resident, and records the answer as the preferred channel (a ruled-out detail is not kept) and an
adjustment line "safe contact: ..." (actions/safe_contact.py). Near misses: no disclosure, or a
safeguarding flag that is not abuse at home, keep the usual contact question."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import safe_contact
from actions.complaint_actions import ValidateComplaintForm, complaint_body
from fakes import load_domain, responses, run, tracker, user_event

ABUSE = ("The cupboard doors have been broken for months. My partner hits me when things go wrong in the "
         "house and I'm scared to tell him it's still not done.")
SAFEGUARDED = {"triage_flags": ["safeguarding"], "triage_key": "conv-1:m1", "triage_text": ABUSE,
               "triage_received_at": "2026-11-24", "triage_profile": "code-2024", "triage_channel": "rest",
               "triage_category": "complaint"}


def at_risk(answer="Jo", **slots):
    return tracker([user_event(ABUSE, "complaint", message_id="m1"), user_event("yes", "affirm", message_id="m2"),
                    user_event(answer, "inform", message_id="m3")],
                   slots={**SAFEGUARDED, "requested_slot": "contact_route", **slots}, active_loop="complaint_form")


def contact_answer(answer, **slots):
    d = CollectingDispatcher()
    out = ValidateComplaintForm().validate_contact_route(answer, d, at_risk(answer, **slots), {})
    return out, responses(d)


@pytest.mark.parametrize("text, line", [
    ("Email only please: jo.safe@example.com", "safe contact: e-mail only"),
    ("Please don't call me, he checks my phone. jo.safe@example.com", "safe contact: no phone calls"),
    ("not by post, phone only 07700 900123", "safe contact: phone only; no letters by post"),
    ("not at all", "safe contact: do not contact"),
])
def test_the_safe_way_is_read(text, line):
    assert safe_contact.read(text).line == line


def test_words_that_say_nothing_of_it_are_not_read():
    for text in ("jo.safe@example.com", "07700 900123", "12 High Street, LS1 1AA", "Jo"):
        assert safe_contact.read(text) is None


def test_the_contact_question_is_how_it_is_safe_once():
    events, d = run(safe_contact.ActionAskContactRoute(), at_risk())
    assert responses(d) == ["utter_ask_safe_contact"]
    assert "not by post" in load_domain()["responses"]["utter_ask_safe_contact"][0]["text"]
    _, d = run(safe_contact.ActionAskContactRoute(), at_risk(safe_contact="asked"))
    assert responses(d) == ["utter_ask_contact_route"]  # asked once: the usual question after it


def test_without_abuse_at_home_the_usual_question():
    plain = tracker([user_event("The boiler has been broken for a month", "complaint")],
                    slots={"triage_flags": ["safeguarding"], "requested_slot": "contact_route"})
    _, d = run(safe_contact.ActionAskContactRoute(), plain)
    assert responses(d) == ["utter_ask_contact_route"]


def test_email_only_with_the_phone_given_keeps_only_the_email():
    out, said = contact_answer("Email only, jo.safe@example.com, not my mobile 07700 900123 he checks it",
                               safe_contact="asked")
    assert out["contact_route"] == "email" and out["contact_email"] == "jo.safe@example.com"
    assert out["contact_phone"] is None and out["safe_contact"] == "safe contact: e-mail only"
    assert said == []


def test_not_at_all_is_no_contact():
    out, _ = contact_answer("not at all", safe_contact="asked")
    assert out["contact_route"] == "none" and out["safe_contact"] == "safe contact: do not contact"


def test_a_way_without_its_detail_is_asked_again():
    out, said = contact_answer("phone only", safe_contact="asked")
    assert out["contact_route"] is None and said == ["utter_invalid_contact_route"]


def test_details_given_with_the_name_still_get_the_question_then_a_yes_keeps_them():
    form = ValidateComplaintForm()
    trk = at_risk("Jo, jo.safe@example.com", requested_slot="contact_name")
    named = form.validate_contact_name("Jo, jo.safe@example.com", CollectingDispatcher(), trk, {})
    assert named["contact_email"] == "jo.safe@example.com" and "contact_route" not in named
    out, said = contact_answer("yes that's fine", contact_email="jo.safe@example.com", safe_contact="asked")
    assert out["contact_route"] == "email" and said == []


def test_the_record_carries_the_channel_and_the_adjustment_line():
    trk = at_risk(contact_name="Jo", contact_route="email", contact_email="jo.safe@example.com",
                  desired_outcome="Fix the doors while he's at work", on_behalf=False,
                  adjustments="large print", safe_contact="safe contact: e-mail only; no letters by post")
    body = complaint_body(trk)
    assert body["contact"]["preferred_channel"] == "email"
    # on the contact for staff, not in the adjustments the acknowledgement letter prints
    assert body["adjustments"] == "large print"
    assert body["contact"]["safe_contact"] == "safe contact: e-mail only; no letters by post"


def test_the_complaint_contact_carries_the_instruction_too():
    out, _ = contact_answer("not by post, phone only 07700 900123", safe_contact="asked")
    body = complaint_body(at_risk("not by post, phone only 07700 900123", contact_name="Jo Safe", **out))
    assert body["contact"]["safe_contact"] == "safe contact: phone only; no letters by post"
    assert body["contact"]["ruled_out"] == ["email", "post"]
