"""A handoff, or a later message about a case or a handoff, whose received_at cannot be true (the
sender's clock was wrong) is no longer a 422 for the whole body: the words are kept, the time it
reached the case service stands in, and why is recorded (handoffs.received_at_dropped,
transcript_messages.at_dropped, handoff_messages.at_dropped; the same check as a transcript's
`at`, schemas.impossible_time). A receipt time ahead of the clock is honoured (the authenticated
path by which bench/triage.py and the stack tests set it). Wrong types and oversize values are
still a 422 and write nothing. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from casework.models import AuditEvent, Case, Handoff, HandoffMessage, IdempotencyKey, TranscriptMessage
from test_staff import API, sign_in
from test_staff_case import text_of

NOW = "2026-12-07T10:00:00+00:00"
CASE_RECEIVED = "2026-12-01T10:15:00+00:00"


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(timezone.utc)


def _aware(dt: datetime | None) -> datetime | None:
    return dt.replace(tzinfo=timezone.utc) if dt is not None and dt.tzinfo is None else dt


def _handoff(session, hid: int) -> Handoff:
    return session.scalar(select(Handoff).where(Handoff.id == hid))


def new_handoff(client, key="h-1", expect=201, **extra) -> dict:
    body = {"idempotency_key": key, "conversation_id": f"conv-{key}", "message_id": "m1",
            "text": "The boiler has gone out and it is freezing", "category": "service_request",
            "channel": "webchat", **extra}
    r = client.post("/api/v1/handoffs", json=body, headers=API)
    assert r.status_code == expect, r.text
    return r.json()


def service_request(client, conv="conv-1", received_at=CASE_RECEIVED) -> str:
    r = client.post("/api/v1/service-requests", headers=API, json={
        "idempotency_key": f"sr-{conv}", "conversation_id": conv, "received_at": received_at,
        "text": "Water is leaking under the kitchen sink", "topic": "repair"})
    assert r.status_code == 201, r.text
    return r.json()["reference"]


def later(client, path: str, received_at, conv="conv-1", mid="m5", expect=201,
          text="The leak is worse now") -> dict:
    body = {"conversation_id": conv, "message_id": mid, "text": text}
    if received_at != "absent":
        body["received_at"] = received_at
    r = client.post(path, headers=API, json=body)
    assert r.status_code == expect, r.text
    return r.json()


def stored_case_message(session, ref: str) -> tuple[str, datetime | None, str | None]:
    case = session.scalar(select(Case).where(Case.reference == ref))
    m = session.scalar(select(TranscriptMessage).where(TranscriptMessage.case_id == case.id)
                       .order_by(TranscriptMessage.position.desc()))
    return m.text, _aware(m.at), m.at_dropped


# ---------------------------------------------------------------- handoffs

@pytest.mark.parametrize("sent, why", [
    ("3000-01-01T00:00:00+00:00", "future"),
    ("9999-12-31T23:59:00+00:00", "future"),
    ("1970-01-01T00:00:00+00:00", "too_early"),
    ("1999-12-31", "too_early"),
    ("yesterday", "unreadable"),
    ("2026-13-45T25:00:00", "unreadable"),
    ("", "unreadable"),
])
def test_a_handoff_with_an_impossible_time_is_kept_with_the_servers_time(client, session, clock, sent, why):
    clock.set(NOW)
    h = new_handoff(client, received_at=sent)
    assert h["received_at_dropped"] == why
    assert _utc(h["received_at"]) == _utc(NOW)
    row = _handoff(session, h["id"])
    assert (row.text, _aware(row.received_at), row.received_at_dropped) == (
        "The boiler has gone out and it is freezing", _utc(NOW), why)
    assert client.get(f"/api/v1/handoffs/{h['id']}", headers=API).json()["received_at_dropped"] == why


@pytest.mark.parametrize("sent", [
    "2026-11-24T10:15:00+00:00",   # the past: bench/triage.py's usual receipt date
    "2026-12-07",                  # today, a date alone (09:00 London)
    "2026-12-24T16:30:00+00:00",   # ahead of the clock: the stack tests' Christmas Eve, set with the service token
    "2000-01-01T00:00:00+00:00",
])
def test_a_receipt_time_that_can_be_true_is_honoured(client, session, clock, sent):
    clock.set(NOW)
    h = new_handoff(client, received_at=sent)
    expected = datetime.fromisoformat(sent) if len(sent) > 10 else datetime(2026, 12, 7, 9, tzinfo=timezone.utc)
    assert _utc(h["received_at"]) == expected.astimezone(timezone.utc)
    assert h["received_at_dropped"] is None
    assert _handoff(session, h["id"]).received_at_dropped is None


def test_a_sender_cannot_mark_its_own_time_as_dropped(client, session, clock):
    clock.set(NOW)
    h = new_handoff(client, received_at="2026-12-07T09:59:00+00:00", received_at_dropped="future")
    assert h["received_at_dropped"] is None and _utc(h["received_at"]) == _utc("2026-12-07T09:59:00+00:00")
    h2 = new_handoff(client, key="h-2", received_at_dropped="too_early")
    assert h2["received_at_dropped"] is None and _utc(h2["received_at"]) == _utc(NOW)


@pytest.mark.parametrize("sent", [1_700_000_000, True, {"when": "now"}, ["2026-12-07"],
                                  "2026-12-07T09:00:00+00:00" + " " * 60])
def test_a_handoff_whose_time_is_not_a_time_string_is_still_a_422(client, session, clock, sent):
    clock.set(NOW)
    r = client.post("/api/v1/handoffs", headers=API, json={
        "idempotency_key": "bad", "text": "words", "category": "complaint", "received_at": sent})
    assert r.status_code == 422, r.text
    assert [e["loc"] for e in r.json()["detail"]] == [["body", "received_at"]]
    assert "words" not in r.text and "2026-12-07" not in r.text  # the input is not echoed
    assert session.scalar(select(func.count()).select_from(Handoff)) == 0
    assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0


def test_the_log_names_the_handoff_and_the_reason_never_the_words(client, clock, caplog):
    clock.set(NOW)
    with caplog.at_level(logging.WARNING, logger="casework.cases"):
        h = new_handoff(client, received_at="1970-01-01T00:00:00Z", text="my private words")
    assert f"handoff:{h['id']}: the receipt time sent was not used (too_early)" in caplog.text
    assert "private" not in caplog.text


def test_a_flagged_handoff_counts_its_pick_up_deadline_from_the_servers_time(client, clock):
    clock.set(NOW)  # Monday 7 Dec 2026, 10:00: due by the end of that working day
    h = new_handoff(client, received_at="1970-01-01T00:00:00Z", flags=["safeguarding"])
    assert h["pick_up_by"] is not None and h["pick_up_by"].startswith("2026-12-07")


# ---------------------------------------------------------------- a later message about a case

@pytest.mark.parametrize("sent, why", [
    ("3000-01-01T00:00:00+00:00", "future"),
    ("1970-01-01T00:00:00+00:00", "too_early"),
    ("yesterday-ish", "unreadable"),
    ("2026-11-30T23:59:00+00:00", "before_record"),  # the day before the case was received
    ("2026-11-30", "before_record"),
])
def test_a_later_message_with_an_impossible_time_is_added_with_the_servers_time(client, session, clock, sent, why):
    clock.set(NOW)
    ref = service_request(client)
    out = later(client, f"/api/v1/cases/{ref}/messages", sent)
    assert out["added"] is True and out["received_at_dropped"] == why
    assert stored_case_message(session, ref) == ("The leak is worse now", _utc(NOW), why)
    ev = session.scalar(select(AuditEvent).where(AuditEvent.action == "add_message"))
    assert ev.after["received_at_dropped"] == why and "leak" not in str(ev.after)


@pytest.mark.parametrize("sent, kept", [
    ("2026-12-03T14:00:00+00:00", "2026-12-03T14:00:00+00:00"),
    ("2026-12-01T08:00:00+00:00", "2026-12-01T08:00:00+00:00"),  # the case's day, earlier than its hour
    ("2026-12-01", "2026-12-01T09:00:00+00:00"),                  # a date alone: 09:00 London
    ("2026-12-20T12:00:00+00:00", "2026-12-20T12:00:00+00:00"),  # ahead of the clock: honoured
    ("absent", NOW),
])
def test_a_later_message_with_a_good_time_keeps_it(client, session, clock, sent, kept):
    clock.set(NOW)
    ref = service_request(client)
    assert later(client, f"/api/v1/cases/{ref}/messages", sent)["received_at_dropped"] is None
    assert stored_case_message(session, ref) == ("The leak is worse now", _utc(kept), None)


@pytest.mark.parametrize("sent", [20261207, False, "2026-12-07T09:00:00Z" + "0" * 60])
def test_a_later_message_whose_time_is_not_a_time_string_is_still_a_422(client, session, clock, sent):
    clock.set(NOW)
    ref = service_request(client)
    r = later(client, f"/api/v1/cases/{ref}/messages", sent, expect=422)
    assert [e["loc"] for e in r["detail"]] == [["body", "received_at"]]
    assert session.scalar(select(func.count()).select_from(TranscriptMessage)) == 0
    # nothing claimed: the same message with a good time is still added
    assert later(client, f"/api/v1/cases/{ref}/messages", NOW)["added"] is True


def test_the_staff_case_page_says_the_time_is_when_it_reached_us(app, client, clock):
    clock.set(NOW)
    ref = service_request(client)
    later(client, f"/api/v1/cases/{ref}/messages", "2026-11-02T10:00:00+00:00")
    c, _csrf = sign_in(app)
    words = text_of(c.get(f"/staff/cases/{ref}").text)
    c.__exit__(None, None, None)
    assert ("Mon 7 Dec 2026 10:00 (when it reached us: the time sent with it was before the record it was "
            "added to) The leak is worse now") in words
    assert "2 Nov 2026" not in words


# ---------------------------------------------------------------- a later message about a handoff

def test_a_later_message_about_a_handoff_keeps_its_words_and_says_why_on_the_staff_page(app, client, session, clock):
    clock.set(NOW)
    h = new_handoff(client, key="hm", received_at="2026-12-04T10:00:00+00:00")
    path = f"/api/v1/handoffs/{h['id']}/messages"
    assert later(client, path, "2026-12-03T10:00:00+00:00", conv="conv-hm")["received_at_dropped"] == "before_record"
    assert later(client, path, "not a time", conv="conv-hm", mid="m6")["received_at_dropped"] == "unreadable"
    assert later(client, path, "2026-12-05T10:00:00+00:00", conv="conv-hm", mid="m7")["received_at_dropped"] is None
    assert later(client, path, 3.5, conv="conv-hm", mid="m8", expect=422)
    rows = [(_aware(m.at), m.at_dropped) for m in session.scalars(
        select(HandoffMessage).where(HandoffMessage.handoff_id == h["id"]).order_by(HandoffMessage.position))]
    assert rows == [(_utc(NOW), "before_record"), (_utc(NOW), "unreadable"),
                    (_utc("2026-12-05T10:00:00+00:00"), None)]
    dropped = new_handoff(client, key="hd", received_at="1970-01-01")
    c, _csrf = sign_in(app)
    page = text_of(c.get(f"/staff/handoffs/{h['id']}").text)
    other = text_of(c.get(f"/staff/handoffs/{dropped['id']}").text)
    c.__exit__(None, None, None)
    assert "(when it reached us: the time sent with it was before the record it was added to)" in page
    assert "(when it reached us: the time sent with it was impossible) The leak is worse now" in page
    assert "received Mon 7 Dec 2026 10:00 (when it reached us: the time sent with it was impossible) by" in other
