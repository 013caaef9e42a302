"""Every record the chat opens names the handoff of the message it records (brief F1), so the staff
queue shows the record the handoff opened: a service request after a declined complaint offer, an
excluded matter, a compliment, as a complaint did; and a handoff a safeguarding disclosure in a form's
answer raised (linked_handoff_ids) is named by the record the conversation opens next. A handoff the
backend refuses for this conversation (404 handoff_not_in_conversation, nothing written) never costs
the record: it is sent again under the same key without the handoffs, live or from the outbox."""
import httpx

from actions import outbox as outbox_mod
from actions.backend_client import SERVICE_REQUESTS, ClientConfig, sync_sender
from actions.complaint_actions import ActionOpenComplaint, ValidateComplaintForm
from actions.outbox import Outbox
from actions.record_actions import ActionRecordCompliment, ActionRecordExcluded, ActionRecordServiceRequest
from fakes import TOKEN, responses, run, slots_of, tracker, user_event

TRIAGED = {"triage_key": "conv-1:m1", "triage_text": "Third time the tap is broken, sort it out",
           "triage_received_at": "2026-11-20", "triage_profile": "code-2024", "triage_channel": "rest",
           "triage_category": "complaint", "triage_flags": [], "triage_topic": "repair", "handoff_id": 7}
DISCLOSURE = "honestly I just need the fan fixed. and to be moved, my partner hits me and I have nowhere else to go"


def triaged(**slots):
    return tracker([user_event(TRIAGED["triage_text"], "complaint", message_id="m1")],
                   slots={**TRIAGED, **slots})


def test_a_declined_complaint_recorded_as_a_service_request_names_its_handoff(backend):
    events, dispatcher = run(ActionRecordServiceRequest(), triaged())
    [sr] = backend.created("service-requests")
    assert sr["body"]["handoff_id"] == 7 and sr["body"]["dissatisfaction_noted"] is True
    assert "linked_handoff_ids" not in sr["body"]
    assert "utter_service_request_recorded" in responses(dispatcher)


def test_excluded_matters_and_compliments_name_their_handoff(backend):
    run(ActionRecordExcluded(), triaged(triage_category="excluded", triage_reason="asb"))
    run(ActionRecordCompliment(), triaged(triage_category="compliment", triage_person="Dave"))
    assert backend.created("excluded-matters")[0]["body"]["handoff_id"] == 7
    assert backend.created("compliments")[0]["body"]["handoff_id"] == 7


def test_no_triaged_message_no_handoff_named(backend):
    run(ActionRecordServiceRequest(), triaged(triage_key=None, handoff_id=None))
    assert "handoff_id" not in backend.created("service-requests")[0]["body"]


def test_a_safeguarding_answer_in_the_form_is_linked_to_the_complaint_opened_next(backend):
    form = tracker([user_event(TRIAGED["triage_text"], "complaint", message_id="m1"),
                    user_event(DISCLOSURE, "inform", message_id="m5"),
                    {"event": "slot", "timestamp": 2.0, "name": "desired_outcome", "value": DISCLOSURE}],
                   slots={**TRIAGED, "requested_slot": "desired_outcome"}, active_loop="complaint_form")
    events, _ = run(ValidateComplaintForm(), form)
    [sg] = [h for h in backend.created("handoffs") if "safeguarding" in h["body"]["flags"]]
    slots = slots_of(events)
    assert slots["linked_handoff_ids"] == [sg["id"]]
    done = {"contact_name": "Toni Reyes", "contact_route": "none", "desired_outcome": DISCLOSURE,
            "on_behalf": False, "adjustments": "none", "triage_flags": slots["triage_flags"],
            "linked_handoff_ids": slots["linked_handoff_ids"]}
    events, _ = run(ActionOpenComplaint(), triaged(**done))
    [cmp_] = backend.created("complaints")
    assert (cmp_["body"]["handoff_id"], cmp_["body"]["linked_handoff_ids"]) == (7, [sg["id"]])
    assert slots_of(events)["linked_handoff_ids"] is None  # sent: the next record does not name it again
    assert backend.links == []


def test_a_refused_handoff_never_costs_the_record(backend):
    backend.foreign_handoffs = {7}
    _, dispatcher = run(ActionRecordServiceRequest(), triaged(linked_handoff_ids=[9]))
    [sr] = backend.created("service-requests")
    assert "handoff_id" not in sr["body"] and "linked_handoff_ids" not in sr["body"]
    assert sr["body"]["idempotency_key"] == "conv-1:m1:service_request"  # the same key, sent again
    assert dispatcher.messages[0]["reference"] == sr["reference"]
    assert not backend.created("held-messages") and backend.links == []


def test_a_refused_handoff_at_outbox_delivery_is_dropped_too(backend, outbox_path):
    backend.mode = "down"
    run(ActionRecordServiceRequest(), triaged())
    assert not backend.created("service-requests")
    backend.mode, backend.foreign_handoffs = "up", {7}
    config = ClientConfig(base_url="http://backend.test", token=TOKEN, timeout_s=1.0)
    counts = outbox_mod.deliver_due(Outbox(), sync_sender(config, httpx.MockTransport(backend.handler)),
                                    ignore_backoff=True)
    assert counts["delivered"] == 1 and not backend.created("held-messages")
    [sr] = backend.created("service-requests")
    assert "handoff_id" not in sr["body"]
    assert [p for _, p, _ in backend.requests].count(SERVICE_REQUESTS) == 3  # down, refused, sent again


def test_a_hazard_whose_handoff_is_refused_is_still_recorded_its_clock_running(backend):
    """The case service refuses a hazard naming another conversation's handoff (brief F7) as it does
    a record: the hazard is sent again under its key without it, never lost or handed to staff."""
    import asyncio
    from actions.backend_client import Created, get_client
    backend.foreign_handoffs = {7}
    body = {"idempotency_key": "conv-1:m1:hazard:damp_mould", "hazard_type": "damp_mould", "handoff_id": 7,
            "conversation_id": "conv-1", "received_at": "2026-11-20T10:00:00+00:00", "vulnerabilities": []}
    outcome = asyncio.run(get_client().create_hazard(body))
    assert isinstance(outcome, Created)
    [hz] = backend.created("hazards")
    assert "handoff_id" not in hz["body"] and hz["body"]["received_at"] == body["received_at"]
    assert hz["body"]["idempotency_key"] == body["idempotency_key"] and not backend.created("held-messages")
