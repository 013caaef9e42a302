"""A status check (and an escalation) tells the truth about a letter held for an address: when the case's
latest letter has no e-mail or postal address to go to (the resident view's letter_address_wanted), the
resident hears that it is waiting and that a member of staff will ring to ask for one (the resident, or
the consenting representative whose letters they are); with no number to ring, how to give us one.
Near misses: an e-mail or a postal address (nothing held), a letter held only for braille, nothing held.
The view it reads is the backend's (tests/backend/test_resident_letter_address.py)."""
import pytest

from actions.case_status_actions import ActionCaseStatus, ActionEscalateCase
from fakes import load_domain, responses, run, tracker, user_event

CASE = {"reference": "CMP-2026-000123", "kind": "complaint", "stage": 1, "stage_name": "Stage 1",
        "status": "open", "acknowledge_by": "2026-12-01", "respond_by": "2026-12-15",
        "next_step": "We will acknowledge your complaint by 2026-12-01.", "postcode": "TF11AA",
        "email": "jo@example.org"}
DATES = ["utter_case_status", "utter_case_acknowledge_by", "utter_case_respond_by"]
RESIDENT = "utter_status_letter_no_address"
REPRESENTATIVE = "utter_status_letter_no_address_representative"
HELD = {"letter_held_for": ["no_address"],
        "letter_address_wanted": {"whose": "resident", "staff_will_ring": True}}


def status(backend, intent="check_status", **case):
    backend.cases[CASE["reference"]] = {**CASE, **case}
    trk = tracker([user_event("can I check the status of my complaint?", intent)],
                  slots={"case_reference": CASE["reference"], "case_verifier": "tf1 1aa"})
    action = ActionEscalateCase() if intent == "escalate_case" else ActionCaseStatus()
    return run(action, trk)[1]


def test_a_letter_held_for_the_residents_address_says_staff_will_ring_them(backend):
    dispatcher = status(backend, **HELD)
    assert responses(dispatcher) == DATES + [RESIDENT, "utter_case_next_step"]  # the dates as before


def test_a_representatives_letters_held_for_their_address_say_staff_will_ring_the_representative(backend):
    dispatcher = status(backend, letter_held_for=["no_address"],
                        letter_address_wanted={"whose": "representative", "staff_will_ring": True})
    assert responses(dispatcher) == DATES + [REPRESENTATIVE, "utter_case_next_step"]


# none configured (""): the development placeholder, never "look it up" (hg-06)
@pytest.mark.parametrize("number, said", [("0300 123 4567", "utter_status_letter_no_address_call"),
                                          ("", "utter_status_letter_no_address_call")])
def test_with_no_number_to_ring_the_resident_is_told_how_to_give_an_address(backend, monkeypatch, number, said):
    monkeypatch.setenv("LANDLORD_REPLY_PHONE", number)
    dispatcher = status(backend, letter_held_for=["no_address", "braille"],
                        letter_address_wanted={"whose": "resident", "staff_will_ring": False})
    said_all = responses(dispatcher)
    assert RESIDENT not in said_all and REPRESENTATIVE not in said_all
    assert said_all[-2] == said and said_all[0] == "utter_case_status"
    assert "utter_letter_format_braille" in said_all
    assert dispatcher.messages[-2]["phone"] == (number or "01632 960001")


# none configured (""): the development placeholder, never "look it up" (hg-06)
@pytest.mark.parametrize("number, said", [("0300 123 4567", "utter_status_letter_no_address_call"),
                                          ("", "utter_status_letter_no_address_call")])
def test_a_letter_with_nobody_to_send_it_to_says_it_cannot_go_until_they_give_an_address(
        backend, monkeypatch, number, said):
    """No e-mail, postal address or phone: the backend holds the letter for an address all the same
    (it was left "Not sent: nobody to send to", with letter_held_for empty) and the resident view says
    nobody can ring (tests/backend/test_resident_letter_address.py)."""
    monkeypatch.setenv("LANDLORD_REPLY_PHONE", number)
    dispatcher = status(backend, letter_held_for=["no_address"],
                        letter_address_wanted={"whose": "resident", "staff_will_ring": False})
    assert responses(dispatcher) == DATES + [said, "utter_case_next_step"]
    assert dispatcher.messages[-2].get("phone") == (number or "01632 960001")


@pytest.mark.parametrize("case", [
    {"letter_held_for": [], "letter_address_wanted": None},            # an e-mail or a postal address
    {"letter_held_for": ["braille"], "letter_address_wanted": None},   # held for braille, sent by e-mail
    {},                                                                # an answer without the fields
], ids=["nothing_held", "braille_only", "no_fields"])
def test_no_letter_waiting_for_an_address_says_nothing_of_it(backend, case):
    said = responses(status(backend, **case))
    assert not [r for r in said if r.startswith("utter_status_letter_no_address")]
    assert said[:1] == ["utter_case_status"] and said[-1] == "utter_case_next_step"


def test_an_escalation_says_it_too(backend):
    said = responses(status(backend, intent="escalate_case", **HELD))
    assert said[:2] == ["utter_escalated", "utter_case_status"] and RESIDENT in said


def test_the_words_say_what_happens():
    text = {k: v[0]["text"] for k, v in load_domain()["responses"].items()}
    said = text[RESIDENT]
    assert "no e-mail or postal address" in said and "A member of staff will ring you" in said
    assert "give it to them when they ring" in said
    assert "ring the representative" in text[REPRESENTATIVE] and "ring you" not in text[REPRESENTATIVE]
    for name in ("utter_status_letter_no_address_call", "utter_status_letter_no_address_call_no_number"):
        assert "no e-mail or postal address" in text[name] and "will ring" not in text[name]
        # plainly: it cannot go until they give one, how to give it, and the time limits still apply
        assert "can't send it until you give us an e-mail or postal address" in text[name]
        assert "no phone number to ring you on" in text[name] and "time limits" in text[name]
        assert "in this chat" not in text[name]  # the chat cannot put an address on a case
    assert "{phone}" in text["utter_status_letter_no_address_call"]
