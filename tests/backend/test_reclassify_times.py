"""A record staff open from a handoff (reclassify, or accept a complaint: staff/services/handoffs.py)
carries the resident's later messages kept with the handoff (handoff_messages) and the transcript of
the conversation's record, each with its time as stored and, where the time sent could not be true,
the reason (`at_dropped`): a time the server put in stays "(when it reached us: ...)" on the staff
case page, a time ahead of the clock that was honoured stays honoured. The handoff's own dropped
receipt time carries over too (cases.received_at_dropped). The new record's audit says which
messages came and which had their time replaced (`carry_messages`: positions and reason codes only,
never the words). SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from casework.models import AuditEvent, Case, TranscriptMessage
from test_receipt_times import NOW, _aware, later, new_handoff
from test_staff import API, sign_in
from test_staff_case import text_of

HANDOFF_RECEIVED = "2026-12-04T10:00:00+00:00"
AHEAD = "2026-12-20T10:00:00+00:00"  # ahead of the clock: honoured on a later message
STOOD_IN = "Mon 7 Dec 2026 10:00 (when it reached us: the time sent with it was impossible)"


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(timezone.utc)


def _rows(session, ref: str) -> list[tuple[str, str, datetime | None, str | None]]:
    case = session.scalar(select(Case).where(Case.reference == ref))
    rows = session.scalars(select(TranscriptMessage).where(TranscriptMessage.case_id == case.id)
                           .order_by(TranscriptMessage.position))
    return [(m.sender, m.text, _aware(m.at), m.at_dropped) for m in rows]


def _reclassify(c, csrf, hid: int, category: str) -> str:
    r = c.post(f"/staff/handoffs/{hid}/reclassify", follow_redirects=False, data={
        "csrf_token": csrf, "category": category, "note": "Reviewed", "topic": "repair"})
    assert r.status_code == 303, r.text
    return c.get(f"/api/v1/handoffs/{hid}", headers=API).json()["case_reference"]


def _later_messages(c, hid: int, conv: str) -> None:
    path = f"/api/v1/handoffs/{hid}/messages"
    assert later(c, path, "1970-01-01T00:00:00+00:00", conv=conv, mid="m2")["received_at_dropped"] == "too_early"
    assert later(c, path, AHEAD, conv=conv, mid="m3", text="Now the ceiling is dripping")[
        "received_at_dropped"] is None


def _transcript_of(page: str) -> str:
    words = text_of(page)
    return words[words.index("Transcript"):]


def test_reclassifying_a_handoff_carries_its_later_messages_with_their_notes(app, session, clock):
    clock.set(NOW)
    c, csrf = sign_in(app)
    try:
        h = new_handoff(c, key="r1", received_at=HANDOFF_RECEIVED, category="service_request")
        _later_messages(c, h["id"], "conv-r1")
        ref = _reclassify(c, csrf, h["id"], "complaint")
        page = c.get(f"/staff/cases/{ref}")
    finally:
        c.__exit__(None, None, None)
    assert ref.startswith("CMP-")
    assert _rows(session, ref) == [
        ("resident", "The leak is worse now", _utc(NOW), "too_early"),
        ("resident", "Now the ceiling is dripping", _utc(AHEAD), None)]
    assert page.status_code == 200
    transcript = _transcript_of(page.text)
    assert f"Resident {STOOD_IN} The leak is worse now" in transcript
    assert "Resident Sun 20 Dec 2026 10:00 Now the ceiling is dripping" in transcript
    assert "1970" not in transcript
    ev = session.scalar(select(AuditEvent).where(AuditEvent.action == "carry_messages"))
    assert (ev.entity_ref, ev.actor) == (ref, "staff:jo@example.org")
    assert ev.after == {"reference": ref, "handoff": h["id"], "rows": 2, "positions": [0],
                        "received_at_dropped": ["too_early"]}
    assert "leak" not in str(ev.after) and "ceiling" not in str(ev.after)


def test_messages_on_the_handoffs_record_keep_their_notes_and_times(app, session, clock):
    """The later messages went to the record the bot opened; reclassifying copies its transcript."""
    clock.set(NOW)
    c, csrf = sign_in(app)
    try:
        h = new_handoff(c, key="r2", received_at=HANDOFF_RECEIVED, category="service_request")
        sr = c.post("/api/v1/service-requests", headers=API, json={
            "idempotency_key": "sr-r2", "conversation_id": "conv-r2", "received_at": HANDOFF_RECEIVED,
            "text": "The boiler has gone out and it is freezing", "topic": "repair"}).json()
        c.post(f"/api/v1/handoffs/{h['id']}/link", headers=API, json={"reference": sr["reference"]})
        path = f"/api/v1/cases/{sr['reference']}/messages"
        assert later(c, path, "2026-12-01T10:00:00+00:00", conv="conv-r2")["received_at_dropped"] == "before_record"
        assert later(c, path, AHEAD, conv="conv-r2", mid="m6")["received_at_dropped"] is None
        ref = _reclassify(c, csrf, h["id"], "complaint")
        page = c.get(f"/staff/cases/{ref}").text
    finally:
        c.__exit__(None, None, None)
    assert _rows(session, ref) == [("resident", "The leak is worse now", _utc(NOW), "before_record"),
                                   ("resident", "The leak is worse now", _utc(AHEAD), None)]
    assert ("Resident Mon 7 Dec 2026 10:00 (when it reached us: the time sent with it was before the record "
            "it was added to) The leak is worse now") in _transcript_of(page)


def test_the_handoffs_own_dropped_time_and_a_second_reclassification(app, session, clock):
    """The handoff's received_at was impossible: the record says so too. Reclassified again, the
    later messages already on the record it supersedes are not added twice."""
    clock.set(NOW)
    c, csrf = sign_in(app)
    try:
        h = new_handoff(c, key="r3", received_at="3000-01-01T00:00:00+00:00", category="excluded",
                        reason="asb")
        assert h["received_at_dropped"] == "future"
        _later_messages(c, h["id"], "conv-r3")
        first = _reclassify(c, csrf, h["id"], "service_request")
        second = _reclassify(c, csrf, h["id"], "complaint")
        view = c.get(f"/api/v1/cases/{second}", headers=API).json()
        page = text_of(c.get(f"/staff/cases/{second}").text)
    finally:
        c.__exit__(None, None, None)
    assert first.startswith("SR-") and second.startswith("CMP-")
    assert view["received_at_dropped"] == "future" and _utc(view["received_at"]) == _utc(NOW)
    assert f"Received {STOOD_IN}" in page
    assert _rows(session, second) == _rows(session, first) == [
        ("resident", "The leak is worse now", _utc(NOW), "too_early"),
        ("resident", "Now the ceiling is dripping", _utc(AHEAD), None)]
    refs = [e.entity_ref for e in session.scalars(select(AuditEvent).where(AuditEvent.action == "carry_messages")
                                                  .order_by(AuditEvent.id))]
    assert refs == [first, second]


def test_accepting_a_complaint_handoff_carries_them_too(app, session, clock):
    clock.set(NOW)
    c, csrf = sign_in(app)
    try:
        h = new_handoff(c, key="r4", received_at=HANDOFF_RECEIVED, category="complaint")
        _later_messages(c, h["id"], "conv-r4")
        r = c.post(f"/staff/handoffs/{h['id']}/accept", follow_redirects=False, data={"csrf_token": csrf})
        assert r.status_code == 303, r.text
        ref = c.get(f"/api/v1/handoffs/{h['id']}", headers=API).json()["case_reference"]
    finally:
        c.__exit__(None, None, None)
    assert [(m[2], m[3]) for m in _rows(session, ref)] == [(_utc(NOW), "too_early"), (_utc(AHEAD), None)]


def test_a_senders_transcript_still_cannot_mark_a_recorded_time_as_dropped(client, session, clock):
    """The stored-rows context is the staff service's only: the API still clears a note sent with a time."""
    clock.set(NOW)
    r = client.post("/api/v1/service-requests", headers=API, json={
        "idempotency_key": "k", "text": "The lift is broken", "received_at": NOW, "received_at_dropped": "future",
        "transcript": [{"sender": "resident", "text": "words", "at": AHEAD, "at_dropped": "too_early"}]})
    assert r.status_code == 201, r.text
    assert r.json()["received_at_dropped"] is None
    # the API's transcript rule holds: more than 5 minutes ahead of the clock is dropped as "future"
    assert _rows(session, r.json()["reference"]) == [("resident", "words", None, "future")]
