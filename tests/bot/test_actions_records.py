"""Service requests, emergencies, compliments, excluded matters."""
import pytest

from actions.outbox import Outbox
from actions.record_actions import (ActionEmergencyLine, ActionRecordCompliment,
                                    ActionRecordExcluded, ActionRecordServiceRequest, sr_topic)
from fakes import load_domain, responses, run, tracker, user_event

TRIAGED = {"triage_key": "conv-1:m1", "triage_text": "The kitchen tap is dripping",
           "triage_received_at": "2026-11-20", "triage_profile": "code-2024",
           "triage_channel": "rest", "triage_category": "service_request",
           "triage_flags": [], "triage_topic": "repair"}


def triaged(**slots):
    return tracker([user_event(TRIAGED["triage_text"], "service_request")],
                   slots={**TRIAGED, **slots})


def test_service_request_recorded_with_reference_and_next_steps(backend):
    _, dispatcher = run(ActionRecordServiceRequest(), triaged(record_contact="Jo Bloggs jo@example.com"))
    [sr] = backend.created("service-requests")
    body = sr["body"]
    assert body["idempotency_key"] == "conv-1:m1:service_request"
    assert body["received_at"] == "2026-11-20" and body["topic"] == "repair"
    assert body["emergency"] is False and body["dissatisfaction_noted"] is False
    assert responses(dispatcher) == ["utter_service_request_recorded",
                                     "utter_service_request_next"]
    assert dispatcher.messages[0]["reference"] == sr["reference"]


def test_declined_complaint_is_a_service_request_with_dissatisfaction_noted(backend):
    _, dispatcher = run(ActionRecordServiceRequest(), triaged(triage_category="complaint"))
    assert backend.created("service-requests")[0]["body"]["dissatisfaction_noted"] is True
    assert "utter_complaint_still_possible" in responses(dispatcher)


def test_emergency_service_request_carries_flag(backend):
    _, dispatcher = run(ActionRecordServiceRequest(),
                        triaged(triage_flags=["emergency", "third_party"],
                                record_contact="Jo Bloggs 07700 900123"))
    body = backend.created("service-requests")[0]["body"]
    # third_party survives from chat to the record (issue 17)
    assert body["emergency"] is True and body["flags"] == ["emergency", "third_party"]
    assert "utter_service_request_next_emergency" in responses(dispatcher)


def test_emergency_line_uses_configured_number(monkeypatch):
    monkeypatch.setenv("LANDLORD_EMERGENCY_PHONE", "0800 123 4567")
    _, dispatcher = run(ActionEmergencyLine(), triaged())
    assert dispatcher.messages[0]["response"] == "utter_emergency_line"
    assert dispatcher.messages[0]["emergency_phone"] == "0800 123 4567"
    # none configured (development): the placeholder, never "the number is on your tenancy agreement" (hg-06)
    monkeypatch.delenv("LANDLORD_EMERGENCY_PHONE")
    _, dispatcher = run(ActionEmergencyLine(), triaged())
    assert responses(dispatcher) == ["utter_emergency_line", "utter_hazard_danger"]
    assert dispatcher.messages[0]["emergency_phone"] == "01632 960000"


GIVEN = {"record_contact": "Jo Bloggs jo@example.com"}
DECLINED = {"record_contact": "declined"}


def test_backend_down_service_request_is_queued_and_resident_told(backend, outbox_path):
    backend.mode = "timeout"
    _, dispatcher = run(ActionRecordServiceRequest(), triaged(**GIVEN))
    assert responses(dispatcher) == ["utter_received_queued"]  # the reference by the details given
    [row] = Outbox(outbox_path).rows("pending")
    assert row.kind == "service_request" and row.body["topic"] == "repair"


@pytest.mark.parametrize("slots, said", [(DECLINED, "utter_received_queued_declined"),
                                         ({}, "utter_received_queued_none")])
def test_queued_without_contact_never_promises_the_reference(backend, outbox_path, monkeypatch,
                                                             slots, said):
    """Declined, or not asked: no 'we'll send you the reference'; staff can read it but cannot
    reply, and the landlord's number (LANDLORD_REPLY_PHONE) when it is set."""
    backend.mode = "timeout"
    monkeypatch.setenv("LANDLORD_REPLY_PHONE", "0300 123 4567")
    _, dispatcher = run(ActionRecordServiceRequest(), triaged(**slots))
    assert responses(dispatcher) == [said, "utter_get_in_touch"]
    assert dispatcher.messages[1]["phone"] == "0300 123 4567"
    monkeypatch.delenv("LANDLORD_REPLY_PHONE")  # none configured: the placeholder (hg-16), never "look it up"
    _, dispatcher = run(ActionRecordServiceRequest(), triaged(**slots))
    assert responses(dispatcher) == [said, "utter_get_in_touch"]
    assert dispatcher.messages[1]["phone"] == "01632 960001"


def test_unlogged_wording_is_true_for_each_state():
    responses_ = load_domain()["responses"]
    text = {k: v[0]["text"] for k, v in responses_.items()}
    for base in ("utter_received_queued", "utter_record_failed"):
        assert "details you gave" in text[base]
        for state in ("declined", "none"):
            said = text[f"{base}_{state}"]
            assert "can't reply" in said and "details you gave" not in said
            assert "contact you" not in said and "in this chat)" not in said
    assert "reference" in text["utter_received_queued"] and "or in this chat" not in text["utter_received_queued"]
    assert "{phone}" in text["utter_get_in_touch"]


def test_compliment_goes_to_person_and_manager(backend):
    _, dispatcher = run(ActionRecordCompliment(),
                        triaged(triage_category="compliment", triage_person="Sarah",
                                triage_team="repairs team"))
    body = backend.created("compliments")[0]["body"]
    assert body["person"] == "Sarah" and body["team"] == "repairs team"
    assert responses(dispatcher) == ["utter_compliment_thanks", "utter_compliment_routed"]
    assert dispatcher.messages[0]["recipient"] == "Sarah"
    assert dispatcher.messages[1]["routed_to"] == "Sarah and the Customer Experience team"


@pytest.mark.parametrize("routed, said", [
    (["Repairs team", "Repairs manager"], "the Repairs team and the Repairs manager"),  # hg-16
    (["Priya Shah", "Priya Shah's line manager"], "Priya Shah and Priya Shah's line manager"),
    (["the Caretaking team"], "the Caretaking team"),
    (["HR"], "HR"),
])
def test_compliment_routed_to_a_team_says_the(backend, routed, said):
    backend.compliment_routed = routed
    _, dispatcher = run(ActionRecordCompliment(), triaged(triage_category="compliment", triage_team="repairs"))
    assert dispatcher.messages[1]["routed_to"] == said


# an excluded matter's words that report no repair now (a repair reported now: test_excluded_repair.py)
EXCLUDED_TEXT = "I want to complain about what happened, it is all in my letter"


@pytest.mark.parametrize("reason", ["asb", "legal", "employment", "time_limit"])
def test_excluded_matter_says_why_where_and_ombudsman(backend, reason):
    domain = load_domain()
    _, dispatcher = run(ActionRecordExcluded(),
                        triaged(triage_category="excluded", triage_reason=reason, triage_text=EXCLUDED_TEXT,
                                record_contact="Jo Bloggs jo@example.com"),
                        domain)
    assert backend.created("service-requests") == []
    body = backend.created("excluded-matters")[0]["body"]
    assert body["reason"] == reason
    assert body["explanation"] == domain["responses"][f"utter_excluded_{reason}"][0]["text"]
    # legal: the explanation says the court or tribunal decides it; we send it nowhere
    redirect = [] if reason == "legal" else [
        "utter_excluded_redirect_time_limit" if reason == "time_limit" else "utter_excluded_redirect"]
    redirect += ["utter_employment_grievance"] if reason == "employment" else []
    review = "utter_ombudsman_review_employment" if reason == "employment" else "utter_ombudsman_review"
    assert responses(dispatcher) == [f"utter_excluded_{reason}", *redirect, review, "utter_excluded_recorded"]
    ombudsman = domain["responses"][review][0]["text"]
    for detail in ("0300 111 3000", "info@housing-ombudsman.org.uk", "PO Box 152",
                   "Liverpool L33 7WQ"):
        assert detail in ombudsman


def test_an_employment_matter_points_to_the_grievance_procedure_and_the_ombudsman_only_for_residents(backend):
    """hg-07: a member of staff's grievance was told, unconditionally, that the Housing Ombudsman can
    review the decision; the Ombudsman's review is for residents."""
    domain = load_domain()
    _, dispatcher = run(ActionRecordExcluded(),
                        triaged(triage_category="excluded", triage_reason="employment",
                                triage_text="I work for you as a housing officer and my manager passed me over",
                                record_contact="Sam Ellis sam.ellis@example.org"), domain)
    said = [domain["responses"][r][0]["text"] for r in responses(dispatcher) if r in domain["responses"]]
    text = " ".join(said)
    assert "grievance procedure" in text and "HR" in text and "Acas" in text and "0300 123 1100" in text
    review = [t for t in said if "Housing Ombudsman" in t]
    assert review and all(t.startswith("If you are also one of our residents") for t in review)
    assert "utter_ombudsman_review" not in responses(dispatcher)


def test_excluded_matter_without_contact_says_to_quote_the_reference_after_it(backend):
    """hF-17: "Quote your reference if you get in touch" came with the declined contact details,
    before any reference; it comes with the reference now."""
    domain = load_domain()
    _, dispatcher = run(ActionRecordExcluded(), triaged(triage_category="excluded", triage_reason="asb",
                                                        triage_text=EXCLUDED_TEXT, **DECLINED), domain)
    [ex] = backend.created("excluded-matters")
    assert responses(dispatcher)[-1] == "utter_excluded_recorded_no_contact"
    assert dispatcher.messages[-1]["reference"] == ex["reference"]
    text = domain["responses"]["utter_excluded_recorded_no_contact"][0]["text"]
    assert text.index("{reference}") < text.index("quote your reference")
    declined = domain["responses"]["utter_contact_declined_noted"][0]["text"]
    assert "reference" not in declined.lower()  # said before any reference exists


@pytest.mark.parametrize("reason, profile_says, said", [
    ("time_limit", "Complaints team (discretion beyond the time limit is considered, Code 2.3)",
     "The Complaints team"),
    ("asb", "ASB team (anti-social behaviour process)", "the ASB team"),
    ("employment", "HR (employment and recruitment matters)", "HR"),
    ("already_investigated", "the complaints team (new evidence can reopen the matter)", "The complaints team"),
])
def test_excluded_redirect_in_plain_words_for_the_resident(backend, reason, profile_says, said):
    backend.excluded_redirect = profile_says  # the profile's wording, kept on the record for staff
    _, dispatcher = run(ActionRecordExcluded(), triaged(triage_category="excluded", triage_reason=reason,
                                                        triage_text=EXCLUDED_TEXT, **GIVEN))
    sent = [m for m in dispatcher.messages if m.get("response", "").startswith("utter_excluded_redirect")]
    assert [m["redirect_to"] for m in sent] == [said]


def test_a_time_limit_exclusion_says_who_looks_at_it_and_why(backend):
    """hg-16: "It will go to the Complaints team instead." read as if the complaints team were somewhere
    else; the resident is told who looks at it and what they decide, once."""
    domain = load_domain()
    backend.excluded_redirect = "Complaints team (discretion beyond the time limit is considered, Code 2.3)"
    _, dispatcher = run(ActionRecordExcluded(), triaged(triage_category="excluded", triage_reason="time_limit",
                                                        triage_text=EXCLUDED_TEXT, **GIVEN), domain)
    said = [domain["responses"][m["response"]][0]["text"].format(**{k: v for k, v in m.items() if k != "response"})
            for m in dispatcher.messages if m.get("response") in domain["responses"]]
    text = " ".join(said)
    assert "The Complaints team will look at it and decide whether to consider it as a complaint" in text
    assert "instead" not in text and text.count("good reason") == 1


def test_excluded_matter_when_backend_down_still_explains(backend):
    backend.mode = "down"
    _, dispatcher = run(ActionRecordExcluded(), triaged(triage_category="excluded", triage_reason="legal",
                                                        triage_text=EXCLUDED_TEXT, **GIVEN))
    assert responses(dispatcher)[-2:] == ["utter_ombudsman_review", "utter_received_queued"]
    assert "utter_excluded_redirect" not in responses(dispatcher)  # a court is not where we send it
    _, dispatcher = run(ActionRecordExcluded(), triaged(triage_category="excluded", triage_reason="asb",
                                                        triage_text=EXCLUDED_TEXT, **GIVEN))
    assert dispatcher.messages[1]["redirect_to"] == "the ASB team"
    _, dispatcher = run(ActionRecordExcluded(), triaged(triage_category="excluded", triage_reason="legal",
                                                        triage_text=EXCLUDED_TEXT, **DECLINED))
    assert responses(dispatcher)[-2:] == ["utter_received_queued_declined", "utter_get_in_touch"]


@pytest.mark.parametrize("slots, said", [(GIVEN, ["utter_record_failed"]),
                                         (DECLINED, ["utter_record_failed_declined", "utter_get_in_touch"]),
                                         ({}, ["utter_record_failed_none", "utter_get_in_touch"])])
def test_rejected_record_is_kept_and_staff_will_pick_it_up(backend, outbox_path, monkeypatch, slots, said):
    monkeypatch.setenv("LANDLORD_REPLY_PHONE", "0300 123 4567")
    _, dispatcher = run(ActionRecordServiceRequest(), triaged(triage_text="", **slots))
    assert responses(dispatcher) == said  # "staff will contact you" only with details given
    assert len(Outbox(outbox_path).rows("rejected")) == 1


def test_sr_topic_mapping():
    assert sr_topic("damp_mould") == "damp_mould"  # a topic of its own on both sides (taxonomy)
    assert sr_topic("heating") == "repair"
    assert sr_topic("rent") == "rent"
    assert sr_topic(None) == "enquiry"
    assert sr_topic("staff_conduct") == "other"


def test_people_list():
    from actions.record_actions import people_list
    assert people_list(["Sarah", "her manager", "repairs team"]) == (
        "Sarah, her manager and repairs team")
    assert people_list(["Sarah"]) == "Sarah"


@pytest.mark.parametrize("slots", [{"record_contact": "declined"}, {}], ids=["declined", "never_given"])
def test_recorded_service_request_without_contact_never_promises_contact(backend, monkeypatch, slots):
    """Recorded (a reference), but no details: the reply says the team cannot contact the resident
    and how to get in touch (LANDLORD_REPLY_PHONE), never "the team will contact you"."""
    monkeypatch.setenv("LANDLORD_REPLY_PHONE", "0300 123 4567")
    _, dispatcher = run(ActionRecordServiceRequest(), triaged(**slots))
    assert responses(dispatcher) == ["utter_service_request_recorded",
                                     "utter_service_request_next_no_contact", "utter_get_in_touch"]
    assert dispatcher.messages[0]["reference"] and dispatcher.messages[2]["phone"] == "0300 123 4567"
    body = backend.created("service-requests")[0]["body"]
    assert body.get("contact", {}).get("email") is None


def line_given_earlier(**slots):
    """As triaged(), with the emergency line already said in this conversation (Rasa's bot event)."""
    trk = triaged(**slots)
    said = {"event": "bot", "text": "This sounds like an emergency...",
            "metadata": {"utter_action": "utter_emergency_line"}}
    return tracker([said, *trk.events], slots=trk.slots)


def test_recorded_emergency_without_contact_points_to_the_emergency_line(backend):
    _, dispatcher = run(ActionRecordServiceRequest(),
                        line_given_earlier(triage_flags=["emergency"], **DECLINED))
    assert responses(dispatcher) == ["utter_service_request_recorded",
                                     "utter_service_request_next_emergency_no_contact"]


@pytest.mark.parametrize("slots", [DECLINED, {"record_contact": "Jo Bloggs jo@example.com"}],
                         ids=["declined", "given"])
def test_an_emergency_never_told_the_line_is_given_it_with_the_number(backend, monkeypatch, slots):
    """hE-08: a complaint offer declined, the emergency recorded as a service request: its reply says
    "phone the emergency line", so the line with its number comes first, as nothing gave it before."""
    monkeypatch.setenv("LANDLORD_EMERGENCY_PHONE", "0800 123 999")
    _, dispatcher = run(ActionRecordServiceRequest(), triaged(triage_flags=["emergency"], **slots))
    said = responses(dispatcher)
    assert said[:3] == ["utter_service_request_recorded", "utter_emergency_line", "utter_hazard_danger"]
    assert said[3].startswith("utter_service_request_next_emergency")
    assert dispatcher.messages[1]["emergency_phone"] == "0800 123 999"


def test_service_request_contact_given_earlier_in_the_conversation_counts(backend):
    known = {"name": "Jo Bloggs", "email": "jo@example.com", "anonymous": False}
    _, dispatcher = run(ActionRecordServiceRequest(), triaged(contact_given=known))
    assert responses(dispatcher)[-1] == "utter_service_request_next"


def test_no_contact_wording_is_true():
    text = {k: v[0]["text"] for k, v in load_domain()["responses"].items()}
    for name in ("utter_service_request_next_no_contact", "utter_service_request_next_emergency_no_contact"):
        said = text[name]
        assert "can't contact you" in said and "will contact you" not in said and "reference" in said
    assert "contact you about what happens next" in text["utter_service_request_next"]


def hazard_chat():
    """Mould reported, the household question, the answer (only the transcript holds the answer's
    words: the hazard record keeps categories), then the contact details that open the request."""
    return [user_event("There is black mould all over the bedroom wall", "service_request", timestamp=1.0),
            {"event": "bot", "timestamp": 2.0, "text": "Does anyone living with you have a baby or young "
                                                       "children, or a health condition?"},
            user_event("yes my son is 4 months old and he has a cough that won't go away", "inform",
                       timestamp=3.0),
            {"event": "bot", "timestamp": 4.0, "text": "How can we contact you?"},
            user_event("Jo Bloggs jo@example.com", "inform", timestamp=5.0)]


def test_a_service_request_from_a_hazard_chat_carries_the_whole_transcript(backend):
    trk = tracker(hazard_chat(), slots={**TRIAGED, "triage_text": "There is black mould all over the bedroom wall",
                                        "triage_topic": "damp_mould", "record_contact": "Jo Bloggs jo@example.com",
                                        "hazard_types": ["damp_mould"], "hazard_reference": "HZ-2026-123456"})
    run(ActionRecordServiceRequest(), trk)
    body = backend.created("service-requests")[0]["body"]
    assert body["transcript"] == [
        {"sender": "resident", "text": "There is black mould all over the bedroom wall",
         "at": "1970-01-01T00:00:01+00:00"},
        {"sender": "bot", "text": "Does anyone living with you have a baby or young children, or a health condition?",
         "at": "1970-01-01T00:00:02+00:00"},
        {"sender": "resident", "text": "yes my son is 4 months old and he has a cough that won't go away",
         "at": "1970-01-01T00:00:03+00:00"},
        {"sender": "bot", "text": "How can we contact you?", "at": "1970-01-01T00:00:04+00:00"},
        {"sender": "resident", "text": "Jo Bloggs jo@example.com", "at": "1970-01-01T00:00:05+00:00"}]
    assert body["text"] == "There is black mould all over the bedroom wall"  # the triaged message stays the text


def test_compliments_and_excluded_matters_carry_the_transcript_too(backend):
    run(ActionRecordCompliment(), triaged(triage_category="compliment", triage_person="Priya"))
    run(ActionRecordExcluded(), triaged(triage_category="excluded", triage_reason="asb"))
    for kind in ("compliments", "excluded-matters"):
        [rec] = backend.created(kind)
        assert [(t["sender"], t["text"]) for t in rec["body"]["transcript"]] == [
            ("resident", TRIAGED["triage_text"])], kind
