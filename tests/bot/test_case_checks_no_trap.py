"""Checking or escalating a case never traps the resident (findings hE items 9 and 13): the phone
number they gave proves it is them; "don't know" or a third answer without a postcode, e-mail or phone
ends the questions with the case handed to staff and the truth told; a refused escalation says
one thing and gives the Housing Ombudsman's details."""
import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.case_status_actions import (ActionCaseStatus, ActionEscalateCase, ValidateEscalationForm,
                                         verifier_factor)
from fakes import load_domain, responses, run, slots_of, tracker, user_event

CASE = {"reference": "CMP-2026-000123", "kind": "complaint", "stage": 1, "stage_name": "Stage 1",
        "status": "open", "acknowledge_by": "2026-12-01", "respond_by": "2026-12-15",
        "next_step": "We will respond by Tuesday 15 December 2026.", "postcode": "-", "phone": "07700900123"}


def at_verifier(text, intent="inform", tries=0):
    return tracker([user_event("can I escalate my complaint", "escalate_case"),
                    user_event("CMP-2026-000123", "inform"), user_event(text, intent)],
                   slots={"case_reference": "CMP-2026-000123",
                          "case_verifier_tries": float(tries) if tries else None},
                   active_loop="escalation_form")


def validate(text, intent="inform", tries=0):
    d = CollectingDispatcher()
    return ValidateEscalationForm().validate_case_verifier(text, d, at_verifier(text, intent, tries), {}), d


def test_the_phone_number_given_is_the_second_factor():
    assert verifier_factor("i only gave my phone number 07700 900123") == {"phone": "07700900123"}
    assert verifier_factor("+44 7700 900123") == {"phone": "+447700900123"}
    assert verifier_factor("sw1a 1aa") == {"postcode": "SW1A 1AA"}
    assert verifier_factor("jo@example.com") == {"email": "jo@example.com"}
    out, d = validate("i only gave my phone number 07700 900123")
    assert out == {"case_verifier": "07700900123", "case_verifier_tries": 0.0} and responses(d) == []


def test_the_phone_reaches_the_backend_and_the_case_is_found(backend):
    backend.cases[CASE["reference"]] = dict(CASE)
    trk = tracker([user_event("07700 900123", "inform")],
                  slots={"case_reference": CASE["reference"], "case_verifier": "07700900123"})
    _, dispatcher = run(ActionCaseStatus(), trk)
    assert responses(dispatcher)[0] == "utter_case_status"
    assert backend.requests[-1][2] == {"reference": CASE["reference"], "phone": "07700900123",
                                       "conversation_id": "conv-1"}


def test_dont_know_ends_the_questions_at_once():
    for text, intent in (("dont know", "inform"), ("i dont have an email and i never gave a postcode", "inform"),
                         ("no", "deny")):
        out, d = validate(text, intent)
        assert out["case_verifier_missing"] is True and responses(d) == []


def test_a_third_answer_without_one_ends_the_questions():
    out, d = validate("hmm which one", tries=1)
    assert out == {"case_verifier": None, "case_verifier_tries": 2.0} and responses(d) == ["utter_invalid_verifier"]
    out, d = validate("the blue one", tries=2)
    assert out["case_verifier_missing"] is True and responses(d) == []
    done = tracker([user_event("x", "inform")], slots={"case_verifier_missing": True})
    slots = ["case_reference", "case_verifier"]
    assert asyncio.run(ValidateEscalationForm().required_slots(slots, CollectingDispatcher(), done, {})) == []


def test_no_verifier_hands_to_staff_without_looking_the_case_up(backend):
    backend.cases[CASE["reference"]] = dict(CASE)
    for action, said in ((ActionEscalateCase(), "utter_escalation_no_verifier"),
                         (ActionCaseStatus(), "utter_status_no_verifier")):
        backend.requests.clear()
        trk = tracker([user_event("can I escalate my complaint", "escalate_case"),
                       user_event("CMP-2026-000123", "inform"), user_event("dont know", "inform")],
                      slots={"case_reference": CASE["reference"], "case_verifier_missing": True},
                      sender_id=said)
        events, dispatcher = run(action, trk)
        assert responses(dispatcher) == [said]
        assert not any(path.startswith("/api/v1/resident/") for _, path, _ in backend.requests)
        [(_, path, body)] = backend.requests
        assert path == "/api/v1/handoffs" and CASE["reference"] in body["explanation"]
        assert slots_of(events)["case_verifier_missing"] is None
    texts = {k: v[0]["text"] for k, v in load_domain()["responses"].items()}
    assert "contact you" in texts["utter_status_no_verifier"]
    assert "phone number" in texts["utter_ask_case_verifier"] and "don't know" in texts["utter_ask_case_verifier"]


def test_a_refused_escalation_is_one_account_with_the_ombudsman(backend):
    texts = {k: v[0]["text"] for k, v in load_domain()["responses"].items()}
    recorded, refused = texts["utter_escalation_request_recorded"], texts["utter_escalate_refused_other"]
    # the request was passed on, never "recorded ... to take your complaint to the next stage" and then refused
    assert "next stage" in recorded and "recorded your request to take" not in recorded
    assert refused.startswith("Your request is with our complaints team")
    assert "0300 111 3000" in refused and "info@housing-ombudsman.org.uk" in refused


# --- hg-10: a resident who gave no contact details (anonymous) ------------------------------------
def test_saying_they_stayed_anonymous_ends_the_questions_without_asking_twice():
    for text in ("I didn't give any, I stayed anonymous", "I made it anonymously", "i never gave you any details"):
        out, d = validate(text)
        assert out["case_verifier_missing"] is True and responses(d) == [], text
    from fakes import load_domain
    texts = load_domain()["responses"]
    # re-asked by the form's own question: the note before it asks nothing (one question a turn)
    for name in ("utter_invalid_verifier", "utter_invalid_reference"):
        assert "?" not in texts[name][0]["text"]


def test_an_anonymous_resident_escalating_is_told_we_cannot_reach_them(backend, monkeypatch):
    monkeypatch.delenv("LANDLORD_REPLY_PHONE", raising=False)
    from fakes import load_domain
    texts = load_domain()["responses"]
    events = [user_event(f"Can I escalate {CASE['reference']} to stage 2 please", "escalate_case", message_id="m1"),
              user_event("I didn't give any, I stayed anonymous", "inform", message_id="m2")]
    # no number configured (development): the placeholder reply line is given, never "look us up" (hg-06)
    for action, said in ((ActionEscalateCase(), "utter_escalation_no_verifier_no_contact"),
                         (ActionCaseStatus(), "utter_status_no_verifier_no_contact")):
        trk = tracker(events, slots={"case_reference": CASE["reference"], "case_verifier_missing": True})
        _, d = run(action, trk)
        assert responses(d) == [said]
        assert d.messages[0]["reference"] == CASE["reference"]
        assert d.messages[0]["phone"] == "01632 960001"
        text = texts[said][0]["text"]
        assert "no way to reach you" in text and "the way you chose" not in text
    assert "stage 1" in texts["utter_escalation_no_verifier_no_contact"][0]["text"]
    monkeypatch.setenv("LANDLORD_REPLY_PHONE", "0300 123 4567")
    _, d = run(ActionEscalateCase(), tracker(events, slots={"case_reference": CASE["reference"],
                                                            "case_verifier_missing": True}))
    assert responses(d) == ["utter_escalation_no_verifier_no_contact"] and d.messages[0]["phone"] == "0300 123 4567"
    # someone who just does not know it is still told staff will write as they chose
    _, d = run(ActionEscalateCase(), tracker([user_event("dont know", "inform")],
                                             slots={"case_reference": CASE["reference"], "case_verifier_missing": True}))
    assert responses(d) == ["utter_escalation_no_verifier"]
