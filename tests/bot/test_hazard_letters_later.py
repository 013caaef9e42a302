"""Awaab's Law and what the chat says about the hazard's letters after the hazard reply.

1. In the most common flow the hazard reply ("we will write to you" with the dates) comes after the
   first message, before the contact question. When the resident then gives only a phone number, the
   record's letter is held for an address and so is the hazard's (the case service attaches the
   conversation's hazards to the case it opens): the message about letters now says the hazard's
   written summary waits for the address too and that the law's time limits for it still apply
   (`_hazard` variants in bot/domain/casework.yml). Near misses: no hazard, an e-mail.
2. When no record follows in the conversation (handed to staff, the last stage's handling, an
   escalation, a message kept with the record already made: hazards.NO_RECORD_ROUTES) the hazard has
   only its handoff and no case, and the case service writes a hazard's letters only under a case: the
   reply no longer says "we will write to you" (utter_hazard_significant_no_case). Near misses: a
   route that opens a record, declined.
Tracker.from_dict + CollectingDispatcher, the backend faked over httpx.MockTransport."""

from actions.complaint_actions import ActionOpenComplaint
from actions.contact_details import ActionRecordAfterContact
from actions.followup import LAST_KIND, LAST_REFERENCE
from actions.triage_action import ActionTriage
from fakes import decision, load_domain, responses, run, slots_of, tracker, user_event

XMAS_EVE = {"received_at": "2026-12-24T16:30:00+00:00"}
MOULD = "There is black mould all over the bedroom wall and it keeps coming back"
LETTERS = "utter_letters_no_address"
NO_CASE = "utter_hazard_significant_no_case"


def mould_first(slots=None):
    """The first message reports mould (who lives there is known already: no household question)."""
    ev = user_event(MOULD, "service_request", message_id="m1", metadata=XMAS_EVE)
    events, dispatcher = run(ActionTriage(), tracker([ev], slots={"hazard_household_known": True, **(slots or {})}))
    return ev, slots_of(events), dispatcher


def then_contact(ev, slots, answer):
    """The contact form's answer, then the record the triage chose (the real action)."""
    answer_ev = user_event(answer, "inform", message_id="m2")
    trk = tracker([ev, answer_ev], slots={**slots, "record_contact": answer})
    return run(ActionRecordAfterContact(), trk)[1]


# --- 1. the letters message after a hazard reply -------------------------------------------------

def test_a_phone_only_answer_after_the_hazard_reply_says_the_summary_waits_too(backend, decide):
    decide["d"] = decision()
    ev, slots, told = mould_first()
    assert responses(told)[0] == "utter_hazard_significant"  # "we will write to you": nothing given yet
    assert slots["hazard_types"] == ["damp_mould"]
    said = responses(then_contact(ev, slots, "Jo Bloggs 07700 900123"))
    [sr] = backend.created("service-requests")
    assert sr["letter_held_for"] == ["no_address"]
    assert f"{LETTERS}_hazard" in said and LETTERS not in said


def test_without_a_hazard_or_with_an_e_mail_the_letters_message_is_as_before(backend, decide):
    decide["d"] = decision()
    ev = user_event("The kitchen tap is dripping", "service_request", message_id="m1")
    slots = slots_of(run(ActionTriage(), tracker([ev]))[0])
    assert not slots.get("hazard_types")
    said = responses(then_contact(ev, slots, "07700 900123"))
    assert LETTERS in said and f"{LETTERS}_hazard" not in said
    ev, slots, _ = mould_first()
    said = responses(then_contact(ev, {**slots, "triage_key": "conv-1:m9"}, "jo@example.com"))
    assert not [r for r in said if r.startswith(LETTERS)]


def test_a_phone_only_complaint_after_a_hazard_says_the_summary_waits_too(backend):
    slots = {"triage_key": "conv-1:m1", "triage_text": MOULD, "triage_received_at": "2026-12-24",
             "triage_profile": "code-2024", "triage_channel": "rest", "triage_category": "complaint",
             "triage_flags": [], "contact_name": "Jo Bloggs", "desired_outcome": "Fix it", "on_behalf": False,
             "adjustments": "none", "contact_route": "phone", "contact_phone": "07700900123"}
    trk = tracker([user_event(MOULD, "complaint"), user_event("yes", "affirm")],
                  slots={**slots, "hazard_types": ["damp_mould"]})
    said = responses(run(ActionOpenComplaint(), trk)[1])
    assert said[-1] == "utter_complaint_letters_no_address_hazard"
    said = responses(run(ActionOpenComplaint(), tracker(trk.events, slots={**slots, "triage_key": "conv-1:m2"}))[1])
    assert said[-1] == "utter_complaint_letters_no_address"  # no hazard in the conversation


def test_the_backend_down_after_a_hazard_says_the_summary_waits_too(backend, decide, outbox_path):
    decide["d"] = decision()
    ev, slots, _ = mould_first()
    backend.mode = "timeout"
    assert responses(then_contact(ev, slots, "07700 900123")) == ["utter_received_queued_no_address_hazard"]


def test_the_hazard_words_keep_the_records_and_add_the_summary_and_the_laws_time_limits():
    found = load_domain()["responses"]
    for plain in ("utter_letters_no_address", "utter_complaint_letters_no_address",
                  "utter_received_queued_no_address"):
        [base], [hazard] = found[plain], found[f"{plain}_hazard"]
        first = base["text"].split(", so we can't send you ")[0]
        assert hazard["text"].startswith(first) and "written summary" in hazard["text"]
        assert "Awaab's Law" in hazard["text"] and "time limits" in hazard["text"]
        assert "A member of staff will ring you on that number" in hazard["text"]


# --- 2. no record follows: no letter is promised for the hazard ----------------------------------

def test_handed_to_staff_the_hazard_reply_promises_no_letter(backend, decide):
    decide["d"] = decision("unclear")
    ev = user_event(MOULD, "inform", message_id="m3", metadata=XMAS_EVE)
    events, told = run(ActionTriage(), tracker([ev], slots={"hazard_household_known": True, "clarify_asked": True}))
    assert slots_of(events)["triage_route"] == "staff" and len(backend.created("hazards")) == 1
    said = responses(told)
    assert NO_CASE in said and "utter_hazard_significant" not in said
    message = next(m for m in told.messages if m["response"] == NO_CASE)
    assert message["reference"] == backend.created("hazards")[0]["reference"] and message["due"]


def test_a_message_kept_with_the_record_already_made_promises_no_letter(backend, decide):
    decide["d"] = decision()
    ev = user_event(MOULD, "service_request", message_id="m4", metadata=XMAS_EVE)
    slots = {"hazard_household_known": True, LAST_REFERENCE: "SR-2026-000001", LAST_KIND: "service_request",
             "contact_given": {"anonymous": False, "email": "jo@example.com"}}
    events, told = run(ActionTriage(), tracker([ev], slots=slots))
    assert slots_of(events)["triage_route"] == "followup"
    assert NO_CASE in responses(told)


def test_near_misses_a_record_follows_or_they_declined(backend, decide):
    decide["d"] = decision()
    assert responses(mould_first()[2])[0] == "utter_hazard_significant"
    decide["d"] = decision("unclear")
    ev = user_event(MOULD, "inform", message_id="m5", metadata=XMAS_EVE)
    _, told = run(ActionTriage(), tracker([ev], slots={"hazard_household_known": True, "clarify_asked": True,
                                                        "contact_declined": True}))
    assert "utter_hazard_significant_declined" in responses(told)  # "we can't send it"


def test_the_no_case_words_state_the_duty_and_promise_no_letter():
    [variant] = load_domain()["responses"][NO_CASE]
    text = variant["text"]
    assert "write to you" not in text and "we must give you a written summary" in text
    assert "get in touch quoting that reference" in text
    for slot in ("{hazard}", "{due}", "{reference}"):
        assert slot in text
