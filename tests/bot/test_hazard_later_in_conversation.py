"""Awaab's Law: a hazard first mentioned in a later message, after this conversation already opened
a case ("oh and there's black mould in the baby's room now" after a repair). Before, the hazard went
to the backend with no handoff and no case (the message is held for "same matter or something
new?"), so no hazard letter was ever written and the resident was told staff would arrange the
written summary. Now the conversation's case (slot last_reference, set only from the backend's
replies) goes with it, the hazard joins that case, and the reply says what is true about letters.
A case the backend refuses for this conversation is dropped and the hazard recorded unlinked.
Tracker.from_dict + CollectingDispatcher, backend faked over httpx.MockTransport."""
import pytest

from actions.backend_client import ClientConfig, sync_sender
from actions.case_status_actions import ActionCaseStatus
from actions.hazards import letters_follow
from actions.outbox import Outbox, deliver_due
from actions.triage_action import ActionTriage
from fakes import TOKEN, decision, responses, run, slots_of, tracker, user_event
from test_hazard_letters_no_address import NO_ADDRESS, XMAS_EVE, after_a_record_with

MOULD = "oh and there's black mould in the back bedroom now"
LOOKED_UP = {"reference": "CMP-2026-000123", "kind": "complaint", "stage": 1, "stage_name": "Stage 1",
             "status": "open", "acknowledge_by": "2026-12-01", "respond_by": "2026-12-15",
             "next_step": "We will acknowledge your complaint.", "postcode": "TF11AA"}
NOT_HERE = "case_not_in_conversation"


def mould_after(backend, decide, slots, text=MOULD, entities=None, metadata=None):
    """`text` (message m5) triaged after a conversation that kept `slots`: (slots set, dispatcher)."""
    decide["d"] = decision("service_request", topic="damp_mould")
    ev = user_event(text, "service_request", message_id="m5", entities=entities,
                    metadata={**XMAS_EVE, **(metadata or {})})
    events, dispatcher = run(ActionTriage(), tracker([ev], slots={"hazard_household_known": True, **slots}))
    return slots_of(events), dispatcher


def hazard_posts(backend):
    return [body for method, path, body in backend.requests if method == "POST" and path == "/api/v1/hazards"]


def test_a_hazard_after_a_service_request_joins_its_case_and_the_letter_is_promised(backend, decide):
    slots = after_a_record_with("Jo Bloggs jo@example.com")
    case = slots["last_reference"]
    assert case.startswith("SR-") and slots["last_record_kind"] == "service_request"
    got, dispatcher = mould_after(backend, decide, slots)
    assert got["triage_route"] == "followup"  # held: same matter or something new is asked next
    [hz] = backend.created("hazards")
    assert hz["body"]["case_reference"] == case and "handoff_id" not in hz["body"]
    assert hz["case_id"] is not None
    # the letters are written under the case now: "we will write to you", not "staff will arrange it"
    assert responses(dispatcher) == ["utter_hazard_significant", "utter_hazard_accommodation"]
    assert dispatcher.messages[0]["reference"] == hz["reference"]
    assert not backend.created("held-messages")


def test_a_phone_only_resident_is_told_staff_will_ring_for_an_address(backend, decide):
    slots = after_a_record_with("Jo Bloggs 07700 900123")
    _, dispatcher = mould_after(backend, decide, slots)
    assert backend.created("hazards")[0]["case_id"] is not None
    assert responses(dispatcher) == [NO_ADDRESS, "utter_hazard_accommodation"]


def test_a_case_the_backend_refuses_is_dropped_and_the_hazard_still_recorded_unlinked(backend, decide, outbox_path):
    """A last_reference the backend does not accept for this conversation (another conversation's
    case): 409, nothing written; sent again without it, the hazard and its clock are kept, the reply
    promises no letter, and nothing goes to the staff queue or stays in the outbox as refused."""
    other = after_a_record_with("Jo Bloggs jo@example.com")  # conv-1's case
    slots = {"last_reference": other["last_reference"], "last_record_kind": "service_request"}
    decide["d"] = decision("service_request", topic="damp_mould")
    ev = user_event(MOULD, "service_request", message_id="m5", metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev], sender_id="conv-2",
                                                     slots={"hazard_household_known": True, **slots}))
    first, second = hazard_posts(backend)
    assert first["case_reference"] == other["last_reference"] and "case_reference" not in second
    assert first["idempotency_key"] == second["idempotency_key"]  # the backend wrote nothing the first time
    [hz] = backend.created("hazards")
    assert hz["case_id"] is None and hz["body"]["conversation_id"] == "conv-2"
    assert slots_of(events)["hazard_reference"] == hz["reference"]
    assert responses(dispatcher) == ["utter_hazard_significant_no_case", "utter_hazard_accommodation"]
    # the follow-up's words were refused by that case too and are held for staff (followup.py), but
    # the hazard is not: it is recorded, so no refused hazard reaches the staff queue or stays queued
    assert [h["body"]["kind"] for h in backend.created("held-messages")] == ["case_message"]
    assert [r.kind for r in Outbox(outbox_path).rows()] == ["case_message"]


def test_after_a_handoff_there_is_no_case_to_join(backend, decide):
    slots = {"last_reference": "handoff:7", "last_record_kind": "handoff"}
    _, dispatcher = mould_after(backend, decide, slots)
    [body] = hazard_posts(backend)
    assert "case_reference" not in body and "handoff_id" not in body
    assert responses(dispatcher) == ["utter_hazard_significant_no_case", "utter_hazard_accommodation"]


def test_only_the_backends_reply_names_the_case_never_the_residents_message(backend, decide):
    """A reference typed by the resident (an entity) or put in the message's metadata never becomes
    the hazard's case: with no case recorded in this conversation, none is sent."""
    theirs = "SR-2026-000001"
    got, _ = mould_after(backend, decide, {}, entities=[{"entity": "reference", "value": theirs}],
                         metadata={"case_reference": theirs, "last_reference": theirs})
    [body] = hazard_posts(backend)
    assert "case_reference" not in body and got["triage_route"] == "service_request"


def test_still_unclear_after_the_question_the_hazard_joins_the_conversations_case(backend, decide):
    """Handed to staff (route staff, no record follows) after a case: the case is named too."""
    slots = {**after_a_record_with("Jo Bloggs jo@example.com"), "clarify_asked": True}
    decide["d"] = decision("unclear")
    ev = user_event("the mould is back", "nlu_fallback", message_id="m5", metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev], slots={"hazard_household_known": True, **slots}))
    assert slots_of(events)["triage_route"] == "staff"
    [hz] = backend.created("hazards")
    assert hz["body"]["case_reference"] == slots["last_reference"] and hz["body"]["handoff_id"]
    assert "utter_hazard_significant" in responses(dispatcher)


def test_backend_down_the_hazard_is_queued_with_its_case(backend, decide, outbox_path):
    slots = after_a_record_with("Jo Bloggs jo@example.com")
    backend.mode = "down"
    _, dispatcher = mould_after(backend, decide, slots)
    [row] = [r for r in Outbox(outbox_path).rows("pending") if r.kind == "hazard"]
    assert row.body["case_reference"] == slots["last_reference"]
    assert responses(dispatcher) == ["utter_hazard_queued"]


def test_letters_follow_reads_the_backends_reply():
    assert letters_follow({"case_id": 3}, "followup") and letters_follow({}, "service_request")
    assert not letters_follow({"case_id": None}, "followup") and not letters_follow({}, "staff")


def test_the_baby_in_the_later_message_makes_it_an_emergency_on_the_same_case(backend, decide):
    slots = after_a_record_with("Jo Bloggs jo@example.com")
    _, dispatcher = mould_after(backend, decide, slots, text="oh and there's black mould in the baby's room now")
    [hz] = backend.created("hazards")
    assert hz["severity"] == "emergency" and hz["body"]["vulnerabilities"] == ["baby"]
    assert hz["body"]["case_reference"] == slots["last_reference"] and hz["case_id"] is not None
    assert responses(dispatcher)[:3] == ["utter_hazard_emergency", "utter_hazard_damp", "utter_hazard_danger"]


def after_a_status_check(backend, **letters) -> dict:
    """The slots after this conversation proved a case (reference + postcode) in a status check: the
    assistant never sees that case's contact details, only what the backend says of its letters."""
    backend.cases[LOOKED_UP["reference"]] = {**LOOKED_UP, **letters}
    trk = tracker([user_event("what's happening with my complaint?", "check_status")],
                  slots={"case_reference": LOOKED_UP["reference"], "case_verifier": "tf1 1aa"})
    events, _ = run(ActionCaseStatus(), trk)
    got = slots_of(events)
    assert got["last_reference"] == LOOKED_UP["reference"]
    return got


@pytest.mark.parametrize("wanted, said", [
    ({"whose": "resident", "staff_will_ring": True}, "utter_hazard_significant_no_address"),
    ({"whose": "resident", "staff_will_ring": False}, "utter_hazard_significant_no_case"),
    ({"whose": "representative", "staff_will_ring": True}, "utter_hazard_significant_no_case"),
    (None, "utter_hazard_significant")])
def test_after_a_status_check_the_reply_follows_what_the_backend_did_with_the_letter(backend, decide, wanted, said):
    """Joined to a case proved in a status check: held for an address (staff ring the resident, or
    no one to ring, or the representative's) is never "we will write to you"; queued to go is. The
    e-mail given earlier in this conversation is not the case's contact and changes nothing."""
    slots = after_a_status_check(backend, letter_held_for=["no_address"] if wanted else [],
                                 letter_address_wanted=wanted)
    slots["contact_given"] = {"name": "Jo", "email": "jo@example.com"}
    _, dispatcher = mould_after(backend, decide, slots)
    [hz] = backend.created("hazards")
    assert hz["body"]["case_reference"] == LOOKED_UP["reference"] and hz["case_id"] is not None
    assert responses(dispatcher) == [said, "utter_hazard_accommodation"]


def test_a_letter_held_only_for_a_format_still_comes_so_we_will_write(backend, decide):
    slots = after_a_status_check(backend, letter_held_for=["braille"], letter_address_wanted=None)
    _, dispatcher = mould_after(backend, decide, slots)
    assert responses(dispatcher) == ["utter_hazard_significant", "utter_hazard_accommodation"]


def deliver(backend, outbox_path):
    """The outbox deliverer's pass once the backend is back (its blocking sender, as in the action server)."""
    backend.mode = "up"
    send = sync_sender(ClientConfig(base_url="http://backend.test", token=TOKEN), transport=backend.transport())
    return deliver_due(Outbox(outbox_path), send, ignore_backoff=True)


def test_a_queued_hazard_whose_case_is_refused_on_delivery_is_recorded_unlinked_not_held(backend, decide, outbox_path):
    """Queued while the backend was down WITH a case this conversation may not name: on delivery it
    is sent again without the case under the same key (as the live path does), recorded unlinked
    with its clock running, and not handed to the staff queue as a refused record."""
    other = after_a_record_with("Jo Bloggs jo@example.com")  # conv-1's case
    backend.mode = "down"
    decide["d"] = decision("service_request", topic="damp_mould")
    ev = user_event(MOULD, "service_request", message_id="m5", metadata=XMAS_EVE)
    run(ActionTriage(), tracker([ev], sender_id="conv-2", slots={
        "hazard_household_known": True, "last_reference": other["last_reference"],
        "last_record_kind": "service_request"}))
    deliver(backend, outbox_path)
    _, first, second = hazard_posts(backend)  # refused while down, refused its case, sent again
    assert first["case_reference"] == other["last_reference"] and "case_reference" not in second
    assert first["idempotency_key"] == second["idempotency_key"]
    [hz] = backend.created("hazards")
    assert hz["case_id"] is None and hz["body"]["conversation_id"] == "conv-2" and hz["deadlines"]
    assert "hazard" not in [h["body"]["kind"] for h in backend.created("held-messages")]
    [row] = [r for r in Outbox(outbox_path).rows() if r.kind == "hazard"]
    assert row.state == "delivered" and row.reference == hz["reference"]


def test_a_queued_hazard_with_its_own_case_joins_it_on_delivery(backend, decide, outbox_path):
    slots = after_a_record_with("Jo Bloggs jo@example.com")
    backend.mode = "down"
    mould_after(backend, decide, slots)
    deliver(backend, outbox_path)
    [hz] = backend.created("hazards")
    assert hz["body"]["case_reference"] == slots["last_reference"] and hz["case_id"] is not None
    assert len(hazard_posts(backend)) == 2  # the one refused while down, the one delivered
