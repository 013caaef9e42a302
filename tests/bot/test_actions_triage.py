"""action_triage: handoff recorded at once, slots and route set, safety first."""
import datetime as dt

import pytest

from actions.outbox import Outbox
from actions.handoff_actions import ActionRequestHuman
from actions.triage_action import ActionTriage, route_for
from fakes import decision, responses, run, slots_of, tracker, user_event


def test_records_handoff_at_once_with_metadata_and_key(backend, decide, monkeypatch):
    monkeypatch.setenv("LANDLORD_PROFILE", "pa-housing-2022")  # configuration, not metadata
    decide["d"] = decision("complaint", topic="repair")
    ev = user_event("Nobody came to fix my boiler again", "complaint", message_id="m1",
                    metadata={"received_at": "2026-11-20", "profile": "impact-2018"})
    events, dispatcher = run(ActionTriage(), tracker([ev]))

    [handoff] = backend.created("handoffs")
    body = handoff["body"]
    assert body["idempotency_key"] == "conv-1:m1"
    assert body["received_at"] == "2026-11-20"
    assert body["profile"] == "pa-housing-2022"
    assert body["category"] == "complaint" and body["channel"] == "rest"
    assert body["text"] == "Nobody came to fix my boiler again"
    slots = slots_of(events)
    assert slots["triage_route"] == "complaint"
    assert slots["handoff_id"] == handoff["id"]
    assert slots["triage_received_at"] == "2026-11-20"
    assert slots["triage_key"] == "conv-1:m1"
    assert dispatcher.messages == []


def test_same_message_twice_records_one_handoff(backend, decide):
    decide["d"] = decision("service_request")
    ev = user_event("my tap drips", "service_request", message_id="same")
    run(ActionTriage(), tracker([ev]))
    run(ActionTriage(), tracker([ev]))
    assert len(backend.created("handoffs")) == 1


def test_received_at_falls_back_to_message_timestamp(backend, decide):
    decide["d"] = decision("service_request")
    stamp = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone.utc).timestamp()
    run(ActionTriage(), tracker([user_event("tap drips", "service_request", timestamp=stamp)]))
    body = backend.created("handoffs")[0]["body"]
    assert body["received_at"].startswith("2026-03-02T10:00:00")


@pytest.mark.parametrize("category,flags,route", [
    ("service_request", ("emergency",), "emergency"),
    ("service_request", (), "service_request"),
    ("compliment", (), "compliment"),
    ("excluded", (), "excluded"),
])
def test_routes(backend, decide, category, flags, route):
    decide["d"] = decision(category, flags=flags)
    events, _ = run(ActionTriage(), tracker([user_event("x y z", "service_request")]))
    assert slots_of(events)["triage_route"] == route


def test_safeguarding_reply_comes_first_and_flag_is_recorded(backend, decide):
    decide["d"] = decision("complaint", flags=("safeguarding", "third_party"))
    _, dispatcher = run(ActionTriage(), tracker([user_event("he hits me", "complaint")]))
    assert responses(dispatcher)[0] == "utter_safeguarding"
    # safeguarding must reach the record; third_party survives too (issue 17)
    assert backend.created("handoffs")[0]["body"]["flags"] == ["safeguarding", "third_party"]


def test_safeguarding_tells_the_resident_the_backends_pick_up_time(backend, decide):
    """Not "today" as a promise: the time the staff queue is held to, from the backend."""
    decide["d"] = decision("complaint", flags=("safeguarding",))
    # 5pm on a Monday that is never today (a date in the past), so the words do not depend on the clock
    backend.handoff_view = {"pick_up_by": "2025-12-08T17:00:00+00:00"}
    _, dispatcher = run(ActionTriage(), tracker([user_event("he hits me", "complaint")]))
    said = [m for m in dispatcher.messages if m.get("response") == "utter_safeguarding_pickup"]
    assert responses(dispatcher)[0] == "utter_safeguarding"
    assert said and said[0]["when"] == "5pm on Monday 8 December 2025"


def test_safeguarding_with_the_backend_down_promises_no_time(backend, decide):
    decide["d"] = decision("complaint", flags=("safeguarding",))
    backend.mode = "down"
    _, dispatcher = run(ActionTriage(), tracker([user_event("he hits me", "complaint")]))
    assert responses(dispatcher)[:2] == ["utter_safeguarding", "utter_safeguarding_saved"]


def test_a_threat_to_life_from_an_ex_gives_the_domestic_abuse_line_and_no_complaint_offer(backend, decide):
    """999 and the National Domestic Abuse Helpline (not the Samaritans); the flagged handoff goes to
    a person, who needs a way to reach them (record_contact_form next), not the complaint offer."""
    decide["d"] = decision("complaint", flags=("safeguarding",))
    text = "my ex said he'll kill me if I report it"
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "complaint")]))
    said = responses(dispatcher)
    assert said[0] == "utter_safeguarding_domestic_abuse" and "utter_safeguarding" not in said
    assert said[-1] == "utter_handoff_ask_contact_why"
    slots = slots_of(events)
    assert slots["triage_route"] == "staff"
    [handoff] = backend.created("handoffs")
    assert handoff["body"]["flags"] == ["safeguarding"] and slots["staff_handoff"]["text"] == text


def test_domestic_abuse_without_a_threat_to_life_still_offers_the_complaint(backend, decide):
    decide["d"] = decision("complaint", flags=("safeguarding",))
    events, dispatcher = run(ActionTriage(), tracker([user_event(
        "you never fixed the lock my partner smashed, he checks my phone and takes my money", "complaint")]))
    assert responses(dispatcher)[0] == "utter_safeguarding_domestic_abuse"
    assert slots_of(events)["triage_route"] == "complaint"


def test_a_risk_to_their_own_life_keeps_the_samaritans(backend, decide):
    decide["d"] = decision("complaint", flags=("safeguarding",))
    _, dispatcher = run(ActionTriage(), tracker([user_event(
        "some days I feel like ending it all, the damp is getting to me", "complaint")]))
    assert responses(dispatcher)[0] == "utter_safeguarding_self_harm"  # Samaritans, 999 and NHS 111
    decide["d"] = decision("complaint", flags=("safeguarding",))
    _, dispatcher = run(ActionTriage(), tracker([user_event(
        "my ex beats me and some days I want to end it all", "complaint", message_id="m2")]))
    assert responses(dispatcher)[0] == "utter_safeguarding_domestic_abuse_self_harm"


def test_the_safety_replies_give_the_right_numbers():
    from fakes import load_domain
    said = {name: load_domain()["responses"][name][0]["text"] for name in (
        "utter_safeguarding", "utter_safeguarding_domestic_abuse", "utter_safeguarding_domestic_abuse_self_harm")}
    assert all("999" in text for text in said.values())
    assert "0808 2000 247" in said["utter_safeguarding_domestic_abuse"] and "116 123" not in said["utter_safeguarding_domestic_abuse"]
    assert "0808 2000 247" in said["utter_safeguarding_domestic_abuse_self_harm"]
    assert "116 123" in said["utter_safeguarding_domestic_abuse_self_harm"] and "116 123" in said["utter_safeguarding"]


def test_pickup_when_says_today_only_when_it_is_today():
    import datetime as dt

    from actions.triage_action import pickup_when

    monday_noon = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.timezone.utc)
    assert pickup_when("2026-12-07T17:00:00+00:00", monday_noon) == "5pm today"
    assert pickup_when("2026-06-08T16:30:00+00:00", monday_noon) == "5:30pm on Monday 8 June 2026"  # BST
    assert pickup_when("not a date", monday_noon) is None


def test_unclear_asks_once_then_hands_to_staff(backend, decide):
    decide["d"] = decision("unclear", flags=("low_confidence",))
    first, _ = run(ActionTriage(), tracker([user_event("hmm", "nlu_fallback", 0.2)]))
    assert slots_of(first)["triage_route"] == "unclear"
    assert slots_of(first)["clarify_asked"] is True
    second, _ = run(ActionTriage(), tracker([user_event("well", "nlu_fallback", 0.2)],
                                            slots={"clarify_asked": True}))
    assert slots_of(second)["triage_route"] == "staff"
    assert [h["body"]["category"] for h in backend.created("handoffs")] == ["unclear"] * 2


def test_backend_down_queues_the_handoff_and_the_conversation_goes_on(backend, decide,
                                                                        outbox_path):
    decide["d"] = decision("complaint")
    backend.mode = "down"
    events, _ = run(ActionTriage(), tracker([user_event("still broken", "complaint",
                                                        message_id="m9")]))
    assert slots_of(events)["triage_route"] == "complaint"
    assert slots_of(events)["handoff_id"] is None
    [row] = Outbox(outbox_path).rows("pending")
    assert row.kind == "handoff" and row.idempotency_key == "conv-1:m9"


def test_triage_crash_falls_back_to_intent_mapping(backend, monkeypatch):
    import actions.triage as triage_pkg
    def boom(*a, **k):
        raise RuntimeError("bug")
    monkeypatch.setattr(triage_pkg, "triage", boom)
    events, _ = run(ActionTriage(), tracker([user_event("gas smell", "report_emergency")]))
    body = backend.created("handoffs")[0]["body"]
    assert body["category"] == "service_request"
    assert set(body["flags"]) == {"emergency", "low_confidence"}
    assert slots_of(events)["triage_route"] == "emergency"


def test_real_triage_is_called_with_profile_and_receipt_date(backend):
    ev = user_event("Thank you to Sarah in the repairs team, brilliant job", "compliment",
                    0.97, metadata={"received_at": "2026-11-24"})
    events, _ = run(ActionTriage(), tracker([ev]))
    assert slots_of(events)["triage_category"] == "compliment"
    assert backend.created("handoffs")[0]["body"]["category"] == "compliment"


def test_route_for():
    assert route_for("unclear", (), clarify_asked=False) == "unclear"
    assert route_for("unclear", (), clarify_asked=True) == "staff"
    assert route_for("complaint", ("emergency",), clarify_asked=True) == "complaint"


def test_ask_human_records_a_handoff_for_staff_and_asks_how_to_reach_them(backend):
    # the rest (contact details, the honest reply): tests/bot/test_actions_handoff.py
    events, dispatcher = run(ActionRequestHuman(), tracker([user_event("can I speak to a person",
                                                                       "ask_human")]))
    assert backend.created("handoffs")[0]["body"]["category"] == "unclear"
    assert responses(dispatcher) == ["utter_handoff_ask_contact_why"]
    assert slots_of(events)["staff_handoff"]["text"] == "can I speak to a person"


REF = [{"entity": "reference", "value": "CMP-2026-000001"}]


@pytest.mark.parametrize("intent,text,route", [
    ("nlu_fallback", "What's the status of CMP-2026-000001? My postcode is SW1A 1AA", "case_status"),
    ("inform", "can I check on CMP-2026-000001 please", "case_status"),
    ("nlu_fallback", "please escalate CMP-2026-000001 to stage 2", "escalation"),
])
def test_a_message_about_an_existing_case_goes_to_status_or_escalation(
        backend, intent, text, route):
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, intent, entities=REF)]))
    assert slots_of(events)["triage_route"] == route
    if route == "case_status":  # a status question is not recorded: it opens nothing new
        assert backend.created("handoffs") == [] and dispatcher.messages == []
    else:  # an escalation request is recorded for staff at once, as a complaint (Code 6.12)
        [handoff] = backend.created("handoffs")
        assert (handoff["body"]["category"], handoff["body"]["text"]) == ("complaint", text)
        assert slots_of(events)["escalation_handoff_id"] == handoff["id"]
        # the reference is in the message: never "even if you don't have the case reference"
        assert responses(dispatcher) == ["utter_escalation_request_recorded_with_reference"]


def test_a_new_complaint_that_quotes_a_reference_is_still_triaged(backend, decide):
    decide["d"] = decision("complaint")
    ev = user_event("CMP-2026-000001 was closed but the leak is back and nobody came",
                    "complaint", entities=REF)
    events, _ = run(ActionTriage(), tracker([ev]))
    # the leak is recorded as a hazard (damp) with no household question: the complaint route at once
    assert slots_of(events)["triage_route"] == "complaint"
    assert len(backend.created("handoffs")) == 1


@pytest.mark.parametrize("text", [
    "I'm not happy with the answer to my boiler complaint, I want it to go to stage 2",
    "Please escalate my complaint, the reply didn't answer anything",
    "can I have my complaint escalated to the next stage",
])
def test_a_complaint_asking_for_the_next_stage_goes_to_the_escalation_form(backend, decide, text):
    """Without a reference the NLU may read it as a complaint: it is still an escalation request
    (Code 6.12), so the resident is asked for the case reference, not offered a new complaint."""
    decide["d"] = decision("complaint")
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "complaint")]))
    [handoff] = backend.created("handoffs")
    body = handoff["body"]
    assert (body["category"], body["intent"]) == ("complaint", "escalate_case")
    assert "Code 6.12" in body["explanation"] and "test decision" in body["explanation"]
    slots = slots_of(events)
    assert slots["triage_route"] == "escalation" and slots["escalation_handoff_id"] == handoff["id"]
    assert responses(dispatcher) == ["utter_escalation_request_recorded"]


@pytest.mark.parametrize("text, category", [
    ("If this isn't fixed by Friday I'll escalate it to my MP", "complaint"),
    ("The fence is down for the second time this year, nobody has been", "complaint"),
    ("I want stage 2 of the kitchen programme to include our block", "service_request"),
])
def test_near_misses_stay_on_their_route(backend, decide, text, category):
    decide["d"] = decision(category)
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, category)]))
    assert slots_of(events)["triage_route"] == category
    assert backend.created("handoffs")[0]["body"]["intent"] == category
    assert "utter_escalation_request_recorded" not in responses(dispatcher)


@pytest.mark.parametrize("text", [
    "my stage 2 complaint was handled badly, the review never looked at the evidence",
    "unhappy with how the stage two review went",
])
def test_a_complaint_about_the_last_stage_is_told_the_ombudsman_is_next_not_escalated(backend, decide, text):
    """Code: two stages; after stage 2 the Housing Ombudsman is next. Not recorded as an escalation
    request, no case reference asked for; the complaints team sees it, and the resident is told."""
    decide["d"] = decision("complaint")
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "complaint")]))
    [handoff] = backend.created("handoffs")
    body = handoff["body"]
    assert body["category"] == "complaint" and body["intent"] != "escalate_case"
    assert "not an escalation request" in body["explanation"]
    slots = slots_of(events)
    assert slots["triage_route"] == "final_stage" and "escalation_handoff_id" not in slots
    assert responses(dispatcher) == ["utter_final_stage_recorded", "utter_final_stage_ombudsman"]
    assert dispatcher.messages[1]["stage_name"] == "Stage 2"


def test_unhappy_with_stage_1_is_an_escalation_request(backend, decide):
    decide["d"] = decision("complaint")
    text = "I'm not happy with the stage 1 response, it ignored the broken fence at the back"
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "complaint")]))
    assert slots_of(events)["triage_route"] == "escalation"
    assert backend.created("handoffs")[0]["body"]["intent"] == "escalate_case"
    assert responses(dispatcher) == ["utter_escalation_request_recorded"]


def test_a_reference_with_a_complaint_about_the_last_stage_checks_its_status_not_escalates(backend):
    text = "CMP-2026-000001 the stage 2 review was a whitewash, it never looked at my photos"
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "nlu_fallback", entities=REF)]))
    assert slots_of(events)["triage_route"] == "case_status"  # its next step names the Ombudsman
    assert backend.created("handoffs") == []
    assert "utter_escalation_request_recorded" not in responses(dispatcher)


WELSH_COMPLAINT = ("Bore da. Dw i eisiau gwneud cwyn. Mae'r to yn gollwng ers mis a does neb wedi dod "
                   "i'w drwsio. Diolch")


def test_a_message_in_welsh_goes_to_staff_not_to_the_models_guess(backend, decide):
    """The English model read a Welsh complaint as a compliment: a person decides instead, and the
    resident is told in Welsh and English that a member of staff will reply."""
    decide["d"] = decision("compliment", person="Diolch", team="repairs")
    events, dispatcher = run(ActionTriage(), tracker([user_event(WELSH_COMPLAINT, "compliment", 0.53)]))
    slots = slots_of(events)
    assert slots["triage_route"] == "staff" and slots["triage_category"] == "unclear"
    assert slots["triage_person"] is None and slots["staff_handoff"]["text"] == WELSH_COMPLAINT
    [handoff] = backend.created("handoffs")
    body = handoff["body"]
    assert body["category"] == "unclear" and "low_confidence" in body["flags"]
    assert body["explanation"].startswith("Written in Welsh") and "test decision" in body["explanation"]
    assert responses(dispatcher) == ["utter_handoff_welsh_ask_contact"]


def test_a_message_in_welsh_keeps_its_flags_and_skips_the_clarifying_question(backend, decide):
    decide["d"] = decision("unclear", flags=("safeguarding",))
    events, dispatcher = run(ActionTriage(), tracker([user_event(WELSH_COMPLAINT, "nlu_fallback", 0.2)]))
    assert slots_of(events)["triage_route"] == "staff" and slots_of(events)["clarify_asked"] is False
    assert backend.created("handoffs")[0]["body"]["flags"] == ["safeguarding", "low_confidence"]
    assert responses(dispatcher)[0] == "utter_safeguarding"


@pytest.mark.parametrize("text, category", [("Bore da, the kitchen tap drips all night", "service_request"),
                                            ("Diolch to the team, the fitters were brilliant", "compliment")])
def test_an_english_message_with_a_welsh_greeting_keeps_the_models_route(backend, decide, text, category):
    decide["d"] = decision(category)
    events, _ = run(ActionTriage(), tracker([user_event(text, category)]))
    assert slots_of(events)["triage_route"] == category
    assert backend.created("handoffs")[0]["body"]["category"] == category


def test_a_welsh_mould_report_with_a_baby_still_records_its_hazard(backend, decide):
    decide["d"] = decision("service_request")
    text = "Mae llwydni du ar wal ystafell wely'r babi ac mae hi'n peswch. Does neb wedi ateb fy ngalwadau."
    events, dispatcher = run(ActionTriage(), tracker([user_event(text, "service_request", message_id="m1")]))
    [handoff] = backend.created("handoffs")
    [hz] = backend.created("hazards")
    assert hz["body"]["hazard_type"] == "damp_mould" and hz["body"]["vulnerabilities"] == ["baby"]
    assert hz["body"]["handoff_id"] == handoff["id"]
    assert slots_of(events)["triage_route"] == "staff"
    assert responses(dispatcher)[-1] == "utter_handoff_welsh_ask_contact"


def test_a_yes_to_the_complaint_offer_that_nlu_filed_elsewhere_starts_the_form(backend, decide):
    """"yes a complaint but anonymous" read as a complaint or inform: the yes, not a new report
    (never re-triaged and offered again); the complaint form reads the wish for anonymity."""
    decide["d"] = decision("complaint")
    offer = [user_event("Third missed repair appointment", "complaint", message_id="m1"),
             {"event": "action", "timestamp": 1.0, "name": "utter_offer_complaint"},
             {"event": "action", "timestamp": 1.1, "name": "action_listen"}]
    for text, intent in (("yes a complaint but anonymous", "complaint"), ("yes, anonymously", "inform")):
        events, dispatcher = run(ActionTriage(), tracker(offer + [user_event(text, intent, message_id="m2")]))
        assert events == [{"event": "followup", "timestamp": None, "name": "complaint_form"}]
        assert dispatcher.messages == [] and not backend.created("handoffs") and decide["seen"] == []
    # a yes with a new matter after it is triaged
    run(ActionTriage(), tracker(offer + [user_event("yes and now the boiler has gone as well", "complaint",
                                                    message_id="m3")]))
    assert decide["seen"] == ["yes and now the boiler has gone as well"]


def test_an_emergency_in_a_complaint_gets_the_emergency_line_before_the_offer(backend, decide, monkeypatch):
    """hE-08: flagged emergency but triaged a complaint (the offer comes next, not the emergency route's
    line): the emergency line with its number is said now; a complaint without one says nothing of it."""
    monkeypatch.setenv("LANDLORD_EMERGENCY_PHONE", "0800 123 999")
    decide["d"] = decision("complaint", flags=("emergency",))
    events, dispatcher = run(ActionTriage(), tracker([user_event("sewage everywhere, third time", "complaint")]))
    assert slots_of(events)["triage_route"] == "complaint"
    assert "utter_emergency_line" in responses(dispatcher)
    decide["d"] = decision("complaint")
    _, dispatcher = run(ActionTriage(), tracker([user_event("the officer was rude to me", "complaint")]))
    assert not any(r.startswith("utter_emergency_line") for r in responses(dispatcher))

