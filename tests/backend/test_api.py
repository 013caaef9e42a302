"""The HTTP API on SQLite and PostgreSQL (each test runs on both via the db_url fixture)."""
from sqlalchemy import func, select

from casework.models import AuditEvent, Case, Contact, IdempotencyKey, TranscriptMessage

RECEIVED = "2026-11-24T10:15:00+00:00"


def complaint(client, key="k-1", **extra):
    body = {"idempotency_key": key, "received_at": RECEIVED, "channel": "webchat",
            "conversation_id": "conv-1", "text": "The boiler repair was never finished.",
            "contact": {"name": "Ann Example", "email": "Ann@Example.org", "postcode": "TF1 1AA"},
            "desired_outcome": "Fix it", **extra}
    return client.post("/api/v1/complaints", json=body)


# the letter waits for staff to post it: no automatic acknowledgement (post needs a postal address:
# asked for post with none, an e-mail is written to instead, letters.letter_channel)
BY_POST = {"name": "Ann Example", "email": "Ann@Example.org", "postcode": "TF1 1AA",
           "address": "1 Example Road, Telford", "preferred_channel": "post"}


def test_health(client):
    assert client.get("/health").json() == {"status": "ok", "database": "ok"}


def test_create_complaint_with_dates(client, clock):
    clock.set(RECEIVED)  # created as it arrives: the acknowledgement goes at once
    r = complaint(client)
    assert r.status_code == 201
    b = r.json()
    assert {k: b[k] for k in ("reference", "kind", "status", "stage", "stage_name", "handler",
                              "effective_received_on", "acknowledge_by", "respond_by", "extended",
                              "extension_reason", "escalate_within_days", "profile", "created")} == {
        "reference": "CMP-2026-000001", "kind": "complaint", "status": "open", "stage": 1,
        "stage_name": "Stage 1", "handler": "Complaints team", "effective_received_on": "2026-11-24",
        "acknowledge_by": "2026-12-01", "respond_by": "2026-12-08", "extended": False,
        "extension_reason": None, "escalate_within_days": None, "profile": "code-2024", "created": True}
    assert b["acknowledged_on"] == "2026-11-24"  # the automatic acknowledgement, recorded
    assert complaint(client, key="k-2").json()["reference"] == "CMP-2026-000002"


def test_idempotency_same_key_same_record_one_row(client, session):
    first = complaint(client, key="same").json()
    again = complaint(client, key="same", text="different text")
    assert again.status_code == 200
    assert again.json()["reference"] == first["reference"] == "CMP-2026-000001"
    assert again.json()["created"] is False and again.json()["text"] == first["text"]
    assert session.scalar(select(func.count()).select_from(Case)) == 1
    assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 1
    # the same key for another kind is a different record
    sr = client.post("/api/v1/service-requests", json={"idempotency_key": "same", "text": "Tap drips",
                                                       "received_at": RECEIVED, "topic": "repair"})
    assert sr.status_code == 201 and sr.json()["reference"] == "SR-2026-000001"


def test_date_only_receipt_is_nine_am_london_and_other_profile(client):
    r = complaint(client, received_at="2026-12-24", profile="pa-housing-2022")
    b = r.json()
    assert (b["effective_received_on"], b["acknowledge_by"], b["respond_by"]) == ("2026-12-24", "2027-01-05", "2027-01-12")


def test_references_per_kind_per_year(client):
    complaint(client, key="a", received_at="2025-12-31T10:00:00+00:00")
    assert complaint(client, key="b").json()["reference"] == "CMP-2026-000001"
    assert complaint(client, key="c", received_at="2025-06-01").json()["reference"] == "CMP-2025-000002"


def test_service_request_compliment_excluded(client):
    sr = client.post("/api/v1/service-requests", json={
        "idempotency_key": "sr", "text": "Gas smell in kitchen", "received_at": RECEIVED,
        "topic": "repair", "emergency": True, "dissatisfaction_noted": False}).json()
    assert (sr["reference"], sr["kind"], sr["status"], sr["topic"], sr["flags"]) == (
        "SR-2026-000001", "service_request", "open", "repair", ["emergency"])
    cpl = client.post("/api/v1/compliments", json={
        "idempotency_key": "c", "text": "Dave fixed it fast", "person": "Dave", "team": "Repairs team"}).json()
    assert cpl["reference"].startswith("CPL-") and cpl["reference"].endswith("-000001")
    # Dave is not in the routing directory: his team (named) gets it to pass on, with its manager
    assert cpl["routed_to"] == ["Repairs team", "Repairs manager"]
    assert [(r["to_name"], r["delivery_status"]) for r in cpl["referrals"]] == [
        ("Repairs team", "pending"), ("Repairs manager (line manager of Repairs team)", "pending")]
    cpl2 = client.post("/api/v1/compliments", json={"idempotency_key": "c2", "text": "Thanks all"}).json()
    assert cpl2["routed_to"] == ["Customer Experience team", "Customer Experience manager"]
    exc = client.post("/api/v1/excluded-matters", json={
        "idempotency_key": "e", "text": "My neighbour plays loud music", "reason": "asb",
        "received_at": RECEIVED, "profile": "pa-housing-2022"}).json()
    assert exc["reference"] == "EXC-2026-000001" and exc["status"] == "closed"
    assert exc["redirect_to"] == "ASB team (Neighbour Dispute or Antisocial Behaviour Policy)"
    assert "0300 111 3000" in exc["ombudsman_review"] and "PO Box 152, Liverpool L33 7WQ" in exc["ombudsman_review"]
    assert exc["explanation"].startswith("A new report of anti-social behaviour")


def test_get_case_any_kind_and_unknown(client):
    complaint(client)
    assert client.get("/api/v1/cases/cmp-2026-000001").json()["reference"] == "CMP-2026-000001"
    r = client.get("/api/v1/cases/CMP-2026-000099")
    assert r.status_code == 404 and r.json() == {"detail": "No case with reference 'CMP-2026-000099'."}
    assert client.get("/api/v1/cases/not-a-ref%00").status_code == 404


def test_full_complaint_lifecycle(client):
    ref = complaint(client, contact=BY_POST).json()["reference"]
    r = client.post(f"/api/v1/complaints/{ref}/acknowledge", json={"acknowledged_on": "2026-11-25"})
    assert r.status_code == 200 and r.json()["respond_by"] == "2026-12-09"
    r = client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 5, "reason": "Surveyor visit"})
    assert r.json()["respond_by"] == "2026-12-16" and r.json()["extended"] is True
    r = client.post(f"/api/v1/complaints/{ref}/respond", json={
        "decision": "partly_upheld", "reasons": "Late repair", "remedy": "£75",
        "outstanding_actions": "Replace valve", "responded_on": "2026-12-10"})
    assert r.json()["status"] == "responded" and r.json()["decision"] == "partly_upheld"
    r = client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": "2026-12-14T10:00:00+00:00"})
    b = r.json()
    assert (b["stage"], b["status"], b["acknowledge_by"], b["respond_by"], b["extended"]) == (
        2, "open", "2026-12-21", "2027-01-21", False)
    assert b["stage_history"][0]["decision"] == "partly_upheld"
    r = client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": "2027-01-04T10:00:00+00:00"})
    assert r.status_code == 409 and r.json()["code"] == "past_last_stage"
    r = client.post(f"/api/v1/complaints/{ref}/close", json={"outcome": "Resolved", "reason": "done"})
    assert r.json()["status"] == "closed"
    r = client.post(f"/api/v1/complaints/{ref}/acknowledge")
    assert r.status_code == 409 and r.json() == {"detail": "The complaint is closed.", "code": "case_closed"}


def test_refusals_are_409_with_codes(client):
    ref = complaint(client, profile="wrekin-2020-housing").json()["reference"]
    r = client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 3, "reason": ""})
    assert r.status_code == 409 and r.json()["code"] == "extension_reason_required"
    r = client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 3, "reason": "x"})
    assert r.json()["code"] == "extension_limit"
    client.post(f"/api/v1/complaints/{ref}/respond", json={"decision": "not_upheld", "reasons": "r",
                                                           "responded_on": "2026-12-01"})
    r = client.post(f"/api/v1/complaints/{ref}/escalate", json={"requested_at": "2026-12-16T09:00:00+00:00"})
    assert r.status_code == 409 and r.json()["code"] == "escalation_window_closed"
    ref2 = complaint(client, key="k-2").json()["reference"]
    client.post(f"/api/v1/complaints/{ref2}/extend", json={"days": 3, "reason": "x"})
    r = client.post(f"/api/v1/complaints/{ref2}/extend", json={"days": 3, "reason": "x"})
    assert r.json()["code"] == "already_extended"
    sr = client.post("/api/v1/service-requests", json={"idempotency_key": "s", "text": "t"}).json()["reference"]
    r = client.post(f"/api/v1/complaints/{sr}/escalate", json={})
    assert r.status_code == 409 and r.json()["code"] == "not_a_complaint"
    r = client.post("/api/v1/complaints/CMP-2026-000404/extend", json={"days": 1, "reason": "x"})
    assert r.status_code == 404


def test_refused_transition_changes_nothing(client, session):
    ref = complaint(client).json()["reference"]
    before = client.get(f"/api/v1/cases/{ref}").json()
    n = session.scalar(select(func.count()).select_from(AuditEvent))
    client.post(f"/api/v1/complaints/{ref}/extend", json={"days": 99, "reason": "x"})
    assert client.get(f"/api/v1/cases/{ref}").json() == before
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == n


def test_profiles_endpoints(client):
    ps = client.get("/api/v1/profiles").json()
    assert {"id": "code-2024", "name": "Housing Ombudsman Complaint Handling Code 2024", "default": True} in ps
    assert len(ps) == 7
    p = client.get("/api/v1/profiles/wrekin-2020-care").json()
    assert p["stages"][1]["day_unit"] == "calendar" and p["time_limit_months"] == 6
    assert client.get("/api/v1/profiles/code-2024/conflicts").json() == []
    c = client.get("/api/v1/profiles/impact-2018/conflicts").json()
    assert {"field": "time_limit_months", "profile_value": 6, "code_value": 12,
            "message": "A 6-month time limit is shorter than the Code's 12 months (2.3)."} in c
    r = client.get("/api/v1/profiles/nope")
    assert r.status_code == 404 and "unknown profile 'nope'" in r.json()["detail"]


def test_auth(anon_client):
    r = anon_client.get("/api/v1/profiles")
    assert r.status_code == 401 and r.json() == {"detail": "Missing bearer token."}
    r = anon_client.get("/api/v1/profiles", headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401 and r.json() == {"detail": "Missing or wrong bearer token."}
    assert anon_client.get("/health").status_code == 200
    r = anon_client.post("/api/v1/resident/case-status", json={"reference": "CMP-2026-000001", "postcode": "X"})
    assert r.status_code == 404


def test_contacts_representative_anonymous_and_transcript(client, session):
    r = complaint(client, representative={"name": "Bea", "relationship": "daughter", "consent": True},
                  transcript=[{"sender": "resident", "text": "hi", "at": RECEIVED},
                              {"sender": "bot", "text": "Hello"}],
                  flags=["third_party", "safeguarding"])
    b = r.json()
    assert b["representative"] == {"name": "Bea", "relationship": "daughter", "consent": True,
                                   "consent_method": None, "email": None, "phone": None, "postcode": None,
                                   "address": None, "preferred_channel": None, "letters_to_representative": False}
    assert b["flags"] == ["third_party", "safeguarding"]
    assert [m.text for m in session.scalars(select(TranscriptMessage).order_by(TranscriptMessage.position))] == ["hi", "Hello"]
    anon = client.post("/api/v1/complaints", json={"idempotency_key": "anon", "text": "Bins not emptied"}).json()
    assert anon["contact"]["anonymous"] is True and anon["contact"]["name"] is None
    assert session.scalar(select(func.count()).select_from(Contact).where(Contact.anonymous.is_(True))) == 1


def test_handoffs(client):
    body = {"idempotency_key": "h1", "conversation_id": "conv-9", "message_id": "m1",
            "text": "My neighbour is noisy", "received_at": RECEIVED, "channel": "rest",
            "category": "excluded", "reason": "asb", "confidence": 0.93, "intent": "report_asb",
            "entities": [{"entity": "DATE", "value": "last March"}], "flags": [],
            "explanation": "New ASB report"}
    r = client.post("/api/v1/handoffs", json=body)
    assert r.status_code == 201
    h = r.json()
    assert (h["id"], h["status"], h["category"], h["reason"], h["created"]) == (1, "new", "excluded", "asb", True)
    again = client.post("/api/v1/handoffs", json=body)
    assert again.status_code == 200 and again.json()["id"] == 1 and again.json()["created"] is False
    client.post("/api/v1/handoffs", json={**body, "idempotency_key": "h2", "message_id": "m2"})
    client.post("/api/v1/handoffs", json={**body, "idempotency_key": "h3", "conversation_id": "other"})
    listed = client.get("/api/v1/handoffs", params={"conversation_id": "conv-9"}).json()
    assert [x["message_id"] for x in listed] == ["m1", "m2"]
    # a handoff of another conversation is refused like an unknown one (404, its code; nothing written)
    foreign = complaint(client, key="from-conv-1", handoff_id=2)
    assert (foreign.status_code, foreign.json()["code"]) == (404, "handoff_not_in_conversation")
    assert client.get("/api/v1/handoffs/2").json()["case_reference"] is None
    ref = complaint(client, handoff_id=2, conversation_id="conv-9").json()["reference"]
    assert client.get("/api/v1/handoffs/2").json()["case_reference"] == ref
    r = client.post("/api/v1/handoffs/1/link", json={"reference": ref})
    assert r.json()["status"] == "linked" and r.json()["case_reference"] == ref
    assert client.get("/api/v1/handoffs/999").status_code == 404
    assert client.post("/api/v1/handoffs/1/link", json={"reference": "CMP-2026-000999"}).status_code == 404
    unknown = complaint(client, key="zz", handoff_id=999)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "handoff_not_in_conversation")
    assert client.get("/api/v1/handoffs/99999999999").status_code == 422


class TestResidentView:
    KEYS = {"reference", "kind", "stage", "stage_name", "status", "acknowledge_by", "acknowledged_on",
            "respond_by", "next_step", "letter_held_for", "letter_address_wanted", "hazards"}
    NO_MATCH = {"detail": "No case matches that reference and postcode or email."}

    def test_postcode_or_email_gives_only_the_safe_fields(self, client, anon_client, clock):
        clock.set(RECEIVED)
        ref = complaint(client).json()["reference"]
        for factor in ({"postcode": "tf11aa"}, {"postcode": " TF1  1AA "}, {"email": "ann@example.ORG"}):
            r = anon_client.post("/api/v1/resident/case-status", json={"reference": ref.lower(), **factor})
            assert r.status_code == 200
            assert set(r.json()) == self.KEYS
            assert r.json() == {"reference": ref, "kind": "complaint", "stage": 1, "stage_name": "Stage 1",
                                "status": "open", "acknowledge_by": "2026-12-01",
                                "acknowledged_on": "2026-11-24", "respond_by": "2026-12-08",
                                "next_step": "We will respond by Tuesday 8 December 2026.", "letter_held_for": [],
                                "letter_address_wanted": None, "hazards": []}

    def test_wrong_factor_unknown_ref_and_missing_factor_look_the_same(self, client, anon_client):
        ref = complaint(client).json()["reference"]
        anon = client.post("/api/v1/complaints", json={"idempotency_key": "anon", "text": "x"}).json()["reference"]
        for body in ({"reference": ref, "postcode": "TF1 1AB"}, {"reference": ref, "email": "ann@example.com"},
                     {"reference": ref}, {"reference": "CMP-2026-000999", "postcode": "TF1 1AA"},
                     {"reference": anon, "postcode": ""}, {"reference": "garbage", "email": "ann@example.org"}):
            r = anon_client.post("/api/v1/resident/case-status", json=body)
            assert (r.status_code, r.json()) == (404, self.NO_MATCH)

    def test_resident_escalation(self, client, anon_client, clock):
        clock.set(RECEIVED)
        ref = complaint(client, profile="impact-2018").json()["reference"]
        client.post(f"/api/v1/complaints/{ref}/respond", json={"decision": "not_upheld", "reasons": "r",
                                                               "responded_on": "2026-12-01"})
        status = anon_client.post("/api/v1/resident/case-status", json={"reference": ref, "postcode": "TF1 1AA"}).json()
        assert status["next_step"] == "If you are unhappy with our response you can ask us to take it to Stage Two by Thursday 31 December 2026."
        # requested_at is honoured only from the bot (service token); issue 16
        r = client.post("/api/v1/resident/escalate", json={"reference": ref, "postcode": "TF1 1AA",
                                                           "requested_at": "2026-12-14T10:00:00+00:00"})
        assert r.status_code == 200 and set(r.json()) == self.KEYS
        assert (r.json()["stage"], r.json()["acknowledge_by"], r.json()["respond_by"]) == (2, "2026-12-17", "2027-01-14")  # 20 WD from the escalation letter (14 Dec)
        r = anon_client.post("/api/v1/resident/escalate", json={"reference": ref, "postcode": "TF1 1AA"})
        assert r.status_code == 409 and r.json()["code"] == "past_last_stage"
        r = anon_client.post("/api/v1/resident/escalate", json={"reference": ref, "postcode": "XX1 1XX"})
        assert (r.status_code, r.json()) == (404, self.NO_MATCH)
        trail = client.get(f"/api/v1/cases/{ref}").json()
        assert trail["stage"] == 2


def test_audit_trail_records_every_change(client, session):
    ref = complaint(client, contact=BY_POST).json()["reference"]
    client.post(f"/api/v1/complaints/{ref}/acknowledge", json={"acknowledged_on": "2026-11-25"},
                headers={"X-Actor": "staff:jo"})
    client.post(f"/api/v1/complaints/{ref}/close", json={"outcome": "Resolved"})
    events = list(session.scalars(select(AuditEvent).where(AuditEvent.entity_ref == ref).order_by(AuditEvent.id)))
    assert [(e.action, e.actor) for e in events] == [("create", "service"), ("acknowledge", "staff:jo"),
                                                     ("close", "service")]
    assert events[0].before is None and events[0].after["reference"] == ref
    assert events[1].before["acknowledged_on"] is None and events[1].after["acknowledged_on"] == "2026-11-25"
    assert events[1].before["respond_by"] == "2026-12-15" and events[1].after["respond_by"] == "2026-12-09"
    assert events[2].after["status"] == "closed"
    assert all(e.at is not None for e in events)
