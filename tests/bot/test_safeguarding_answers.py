"""A safeguarding disclosure typed as an answer (inside a form, or when adding to a record) is checked
as a triaged message is: the safety reply, a flagged handoff at once (the backend alerts the duty
inbox on it), the flag on the record the conversation opens next; the answer is still the answer
(actions/safeguarding.py)."""
import datetime as dt

from actions import safeguarding
from actions.dates import LONDON
from actions.complaint_actions import ActionOpenComplaint, ValidateComplaintForm
from actions.contact_details import ValidateRecordContactForm
from actions.followup import ActionAddToRecord
from fakes import responses, run, slots_of, tracker, user_event

TRIAGED = {"triage_key": "conv-1:m1", "triage_text": "3 appointments cancelled for the extractor fan",
           "triage_received_at": "2026-12-07", "triage_profile": "code-2024", "triage_channel": "rest",
           "triage_category": "complaint", "triage_flags": [], "handoff_id": 7}
DISCLOSURE = "honestly I just need the fan fixed. and to be moved, my partner hits me and I have nowhere else to go"
# a partner or an ex in all three disclosures: the domestic abuse helpline, not the Samaritans
SAFETY = ["utter_safeguarding_domestic_abuse", "utter_safeguarding_pickup"]


def safety_said(dispatcher):
    return [r for r in responses(dispatcher) if r.startswith("utter_safeguarding")]


def in_form(form, asked, text, slots=None, intent="inform", message_id="m5"):
    events = [user_event("3 appointments cancelled for the extractor fan", "complaint", message_id="m1"),
              {"event": "bot", "timestamp": 1.0, "text": "What would you like to happen?"},
              user_event(text, intent, message_id=message_id)]
    if asked:  # the slot as Rasa fills it from the answer (from_text) before the validation runs
        events.append({"event": "slot", "timestamp": 2.0, "name": asked, "value": text})
    return tracker(events, slots={**TRIAGED, "requested_slot": asked, **(slots or {})},
                   active_loop=form)


def flagged_handoffs(backend):
    return [h["body"] for h in backend.created("handoffs") if "safeguarding" in h["body"]["flags"]]


def test_a_disclosure_as_the_outcome_wanted_alerts_and_the_form_goes_on(backend, monkeypatch):
    # due later today and the clock fixed at 2pm, so the office is open (safeguarding.office_closed)
    today = dt.datetime.now(LONDON).date()
    monkeypatch.setattr(safeguarding, "_now", lambda: dt.datetime.combine(today, dt.time(14, 0), LONDON))
    backend.handoff_view = {"pick_up_by": dt.datetime.combine(today, dt.time(17, 0), LONDON).isoformat()}
    events, dispatcher = run(ValidateComplaintForm(), in_form("complaint_form", "desired_outcome", DISCLOSURE))
    assert responses(dispatcher) == SAFETY
    assert dispatcher.messages[1]["when"] == "5pm today"
    [handoff] = flagged_handoffs(backend)
    assert handoff["text"] == DISCLOSURE and handoff["conversation_id"] == "conv-1"
    assert handoff["idempotency_key"] == "conv-1:m5:safeguarding"
    assert "desired_outcome" in handoff["explanation"] and "handoff 7" in handoff["explanation"]
    slots = slots_of(events)
    assert slots["desired_outcome"] == DISCLOSURE  # still the answer
    assert slots["triage_flags"] == ["safeguarding"]
    # the complaint opened afterwards carries the flag (the backend does not alert twice for it)
    run(ActionOpenComplaint(), in_form("complaint_form", None, "no", intent="deny", message_id="m6",
                                       slots={"contact_name": "Toni Reyes", "contact_route": "none",
                                              "desired_outcome": DISCLOSURE, "on_behalf": False,
                                              "adjustments": "none", "triage_flags": slots["triage_flags"]}))
    assert backend.created("complaints")[0]["body"]["flags"] == ["safeguarding"]


def test_the_ex_at_the_door_as_the_contact_answer_alerts_and_the_phone_is_kept(backend):
    answer = ("please dont post anything, my ex has been coming round and he kicked the door in last time. "
              "im scared he'll come back tonight and the kids are here. text me on 07700 900789 only")
    events, dispatcher = run(ValidateComplaintForm(), in_form("complaint_form", "contact_route", answer))
    assert responses(dispatcher)[:2] == SAFETY[:1] + ["utter_safeguarding_saved"]  # no pick-up time given
    assert len(flagged_handoffs(backend)) == 1
    assert slots_of(events)["contact_phone"] == "07700900789"


def test_an_ordinary_answer_is_not_flagged(backend):
    events, dispatcher = run(ValidateComplaintForm(),
                             in_form("complaint_form", "desired_outcome", "I'm scared the ceiling will come down, fix it"))
    assert not safety_said(dispatcher)
    assert not backend.created("handoffs")
    assert "triage_flags" not in slots_of(events)


def test_the_triaged_message_and_a_button_are_not_checked_again(backend):
    flagged = {**TRIAGED, "triage_key": "conv-1:m5", "triage_flags": ["safeguarding"]}
    _, dispatcher = run(ValidateComplaintForm(), in_form("complaint_form", "desired_outcome", DISCLOSURE, slots=flagged))
    assert not safety_said(dispatcher) and not backend.created("handoffs")
    _, dispatcher = run(ValidateComplaintForm(), in_form("complaint_form", "on_behalf", "/deny", intent="deny"))
    assert not safety_said(dispatcher)


def test_the_record_contact_answer_is_checked_and_kept(backend):
    answer = "Leanne Carter 07700 900789, only text, he checks my phone and wont let me see my family"
    events, dispatcher = run(ValidateRecordContactForm(), in_form("record_contact_form", "record_contact", answer))
    assert responses(dispatcher)[0] == "utter_safeguarding_domestic_abuse"
    assert len(flagged_handoffs(backend)) == 1
    assert slots_of(events)["record_contact"] == answer


def test_a_disclosure_when_adding_to_a_record_alerts(backend):
    held = {"text": "the lock still isnt fixed", "message_id": "m5", "turn_index": 3, "intent": "service_request",
            "confidence": 0.9, "intent_ranking": [], "entities": [], "metadata": {},
            "received_at": "2026-12-07T10:40:00+00:00", "profile_id": "code-2024", "channel": "rest"}
    backend.records["service-requests"] = {"conv-1:m1:service_request": {
        "reference": "SR-2026-000001", "body": {"conversation_id": "conv-1"}}}
    trk = tracker([user_event("the lock still isnt fixed", "service_request", message_id="m5"),
                   user_event("same thing, and he threatened to come back and hurt me", "affirm", message_id="m6")],
                  slots={**TRIAGED, "last_reference": "SR-2026-000001", "held_message": held})
    events, dispatcher = run(ActionAddToRecord(), trk)
    assert responses(dispatcher)[:2] == ["utter_safeguarding", "utter_safeguarding_saved"]
    [handoff] = flagged_handoffs(backend)
    assert handoff["text"] == "same thing, and he threatened to come back and hurt me"
    assert "SR-2026-000001" in handoff["explanation"]
    assert slots_of(events)["triage_flags"] == ["safeguarding"]


def _said_before(*replies):
    return [{"event": "bot", "timestamp": 0.5, "text": r, "metadata": {"utter_action": r}} for r in replies]


def test_the_safety_reply_is_said_once_per_conversation(backend):
    """hg-11: after the triage's safety reply, the contact answer "he checks my phone, email only" does
    not repeat the full safety message nor the urgent/office-closed block: a short line says it was
    added, and a person still sees it (a flagged handoff)."""
    trk = in_form("record_contact_form", "record_contact",
                  "email only amy@example.com, my partner hits me and he checks my phone",
                  slots={"triage_flags": ["safeguarding"]})
    trk.events[:0] = _said_before("utter_safeguarding_domestic_abuse", "utter_safeguarding_office_closed")
    _, d = run(ValidateRecordContactForm(), trk)
    assert safety_said(d) == ["utter_safeguarding_added"]
    assert len(flagged_handoffs(backend)) == 1


def test_a_reply_that_adds_a_number_is_still_said(backend):
    # the Samaritans' reply given first; abuse by a partner brings the domestic abuse helpline
    trk = in_form("complaint_form", "desired_outcome", DISCLOSURE)
    trk.events[:0] = _said_before("utter_safeguarding")
    _, d = run(ValidateComplaintForm(), trk)
    assert safety_said(d)[0] == "utter_safeguarding_domestic_abuse"
