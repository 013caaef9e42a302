"""A transcript message with an impossible time (the sender's clock was wrong) no longer makes the
whole record a 422 held for staff: the record is stored, every message keeps its words, only the
bad time is dropped and the stored message says why (at_dropped); the staff case page shows the
message with "time not recorded". A malformed transcript (wrong types, oversize) is still a 422
and writes nothing. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from casework.models import Case, IdempotencyKey, TranscriptMessage
from test_staff import API, csrf_of, handoff, login, make_user
from test_staff_case import text_of
from test_staff_workspace import jo, sign_in  # noqa: F401  (fixture)

NOW = "2026-12-07T10:00:00+00:00"
RECEIVED = "2026-12-07T09:55:00+00:00"
KINDS = {
    "complaints": {"text": "You have ignored my leak for months", "desired_outcome": "Fix it"},
    "service-requests": {"text": "The lift is broken", "topic": "repair"},
    "compliments": {"text": "Sam the caretaker was brilliant", "person": "Sam"},
    "excluded-matters": {"text": "My neighbour plays loud music", "reason": "asb"},
}


def _body(key: str, transcript, kind: str = "service-requests") -> dict:
    return {"idempotency_key": key, "received_at": RECEIVED, "conversation_id": f"conv-{key}",
            "contact": {"name": "Ann Example", "email": "ann@example.org"}, **KINDS[kind],
            "transcript": transcript}


def _stored(session, ref: str) -> list[tuple[str, str, datetime | None, str | None]]:
    case = session.scalar(select(Case).where(Case.reference == ref))
    rows = session.scalars(select(TranscriptMessage).where(TranscriptMessage.case_id == case.id)
                           .order_by(TranscriptMessage.position))
    return [(m.sender, m.text, m.at.astimezone(timezone.utc) if m.at else None, m.at_dropped) for m in rows]


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(timezone.utc)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_record_kind_is_stored_with_a_1970_time_dropped(client, session, clock, kind):
    clock.set(NOW)
    r = client.post(f"/api/v1/{kind}", json=_body(f"k-{kind}", [
        {"sender": "resident", "text": "first words", "at": "2026-12-07T09:54:00+00:00"},
        {"sender": "bot", "text": "a reply stamped by a broken clock", "at": "1970-01-01T00:00:00+00:00"},
        {"sender": "resident", "text": "last words", "at": "2026-12-07T09:55:00+00:00"}], kind))
    assert r.status_code == 201, r.text
    assert _stored(session, r.json()["reference"]) == [
        ("resident", "first words", _utc("2026-12-07T09:54:00+00:00"), None),
        ("bot", "a reply stamped by a broken clock", None, "too_early"),
        ("resident", "last words", _utc("2026-12-07T09:55:00+00:00"), None)]


@pytest.mark.parametrize("at, why", [
    ("1999-12-31T23:59:00+00:00", "too_early"),
    ("0001-01-01T00:00:00+05:00", "too_early"),
    ("2026-12-07T10:06:00+00:00", "future"),       # 6 minutes ahead of the service's clock
    ("2026-12-08", "future"),
    ("3000-01-01T00:00:00+00:00", "future"),
    ("9999-12-31T23:59:59-14:00", "future"),
    ("yesterday teatime", "unreadable"),
    ("2026-13-45T25:00:00", "unreadable"),
    ("", "unreadable"),
    ("07/12/2026 09:00", "unreadable"),
])
def test_an_impossible_time_is_dropped_and_why_is_noted(client, session, clock, at, why):
    clock.set(NOW)
    r = client.post("/api/v1/service-requests", json=_body("k", [{"sender": "resident", "text": "words", "at": at}]))
    assert r.status_code == 201, r.text
    assert _stored(session, r.json()["reference"]) == [("resident", "words", None, why)]


@pytest.mark.parametrize("at", ["2026-12-07T10:04:00+00:00", "2026-12-07T11:03:00+01:00", "2000-01-01T00:00:00+00:00"])
def test_a_possible_time_is_kept_including_a_small_clock_skew(client, session, clock, at):
    clock.set(NOW)
    r = client.post("/api/v1/service-requests", json=_body("k", [{"sender": "resident", "text": "words", "at": at}]))
    assert r.status_code == 201, r.text
    assert _stored(session, r.json()["reference"]) == [("resident", "words", _utc(at), None)]


@pytest.mark.parametrize("at, note", [(RECEIVED, "future"), (None, "future"), (None, "before_record"),
                                      (None, "because"), (None, 42)])
def test_a_sender_cannot_mark_a_time_as_dropped(client, session, clock, at, note):
    """at_dropped is the case service's note: one a sender puts in is ignored, with or without a
    time (a message sent with no time is stored with no note, not as if the server's time stood
    in); only a stored row copied by the staff service keeps its note (test_reclassify_times.py)."""
    clock.set(NOW)
    r = client.post("/api/v1/service-requests", json=_body("k", [
        {"sender": "resident", "text": "words", "at": at, "at_dropped": note}]))
    assert r.status_code == 201, r.text
    assert _stored(session, r.json()["reference"]) == [("resident", "words", at and _utc(at), None)]


def test_the_log_names_the_reference_and_the_reason_never_the_words(client, session, clock, caplog):
    clock.set(NOW)
    with caplog.at_level(logging.WARNING, logger="casework.cases"):
        r = client.post("/api/v1/service-requests", json=_body("k", [
            {"sender": "resident", "text": "my private words", "at": "1970-01-01T00:00:00Z"}]))
    ref = r.json()["reference"]
    said = "\n".join(rec.getMessage() for rec in caplog.records if rec.name == "casework.cases")
    assert f"{ref}: 1 transcript time(s) not recorded (too_early)" in said
    assert "private" not in caplog.text


@pytest.mark.parametrize("transcript, loc_end", [
    ([{"sender": "resident", "text": "words", "at": 1_700_000_000}], None),
    ([{"sender": "resident", "text": "words", "at": True}], None),
    ([{"sender": "resident", "text": "words", "at": {"when": "now"}}], None),
    ([{"sender": "resident", "text": "words", "at": "2026-12-07T09:00:00+00:00" + " " * 60}], None),
    ([{"sender": "resident", "text": 42, "at": RECEIVED}], "text"),
    ([{"sender": "alien", "text": "words"}], "sender"),
    ([{"sender": "resident", "text": "x" * 10_001}], "text"),
    (["just a string"], None),
    ("not a list", None),
    ([{"sender": "resident", "text": "w"}] * 1001, None),
])
def test_a_malformed_transcript_is_still_a_422_and_writes_nothing(client, session, clock, transcript, loc_end):
    clock.set(NOW)
    r = client.post("/api/v1/service-requests", json=_body("k", transcript))
    assert r.status_code == 422, r.text
    locs = [e["loc"] for e in r.json()["detail"]]
    assert all(loc[:2] == ["body", "transcript"] for loc in locs), locs
    if loc_end is not None:
        assert any(loc[-1] == loc_end for loc in locs), locs
    assert session.scalar(select(func.count()).select_from(Case)) == 0
    assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0


def test_the_staff_case_page_shows_a_message_whose_time_was_not_recorded(jo):
    c, _ = jo
    r = c.post("/api/v1/service-requests", headers=API, json=_body("page", [
        {"sender": "resident", "text": "Water through the ceiling", "at": "2026-12-01T09:00:00+00:00"},
        {"sender": "bot", "text": "Is anyone at risk?", "at": "1970-01-01T00:00:00+00:00"},
        {"sender": "resident", "text": "No, just the kitchen"}]))
    assert r.status_code == 201, r.text
    page = c.get(f"/staff/cases/{r.json()['reference']}")
    assert page.status_code == 200
    words = text_of(page.text)
    start = words.index("Transcript")
    transcript = words[start:words.index("No, just the kitchen", start) + len("No, just the kitchen")]
    assert "Water through the ceiling" in transcript and "Tue 1 Dec 2026" in transcript
    assert "Bot time not recorded: the time sent with it was impossible Is anyone at risk?" in transcript
    # a message sent without a time is shown as before, with no note
    assert transcript.endswith("Resident No, just the kitchen")
    assert "1970" not in words


def test_a_record_staff_open_from_the_handoff_keeps_the_note(app, session):
    """Reclassifying copies the transcript of the conversation's record onto the new record
    (staff/services/handoffs.py): the dropped time stays dropped, with its reason."""
    make_user(app)
    with TestClient(app) as c:
        assert login(c).status_code == 303
        csrf = csrf_of(c.get("/staff/queue").text)
        hid = handoff(c, key="h-t")
        exc = c.post("/api/v1/excluded-matters", headers=API, json={
            **_body("exc-t", [{"sender": "resident", "text": "You ignored my ASB reports", "at": "1970-01-01"},
                              {"sender": "bot", "text": "Sorry", "at": "2026-11-24T10:16:00+00:00"}],
                    "excluded-matters"), "conversation_id": "conv-h-t"}).json()
        c.post(f"/api/v1/handoffs/{hid}/link", headers=API, json={"reference": exc["reference"]})
        r = c.post(f"/staff/handoffs/{hid}/reclassify", follow_redirects=False, data={
            "csrf_token": csrf, "category": "complaint", "note": "About our handling of ASB"})
        assert r.status_code == 303, r.text
        ref = r.headers["location"].split("/staff/cases/")[1].split("?")[0]
    assert _stored(session, ref) == [
        ("resident", "You ignored my ASB reports", None, "too_early"),
        ("bot", "Sorry", _utc("2026-11-24T10:16:00+00:00"), None)]
