"""A complaint, service request, compliment, excluded matter or hazard whose received_at cannot be
true (unreadable, before 2000, after 2100) is no longer a 422 for the whole body: the record is kept,
the time the create reached the case service stands in, and why is stored (cases.received_at_dropped,
hazards.received_at_dropped) and returned, as for handoffs (test_receipt_times.py). A time ahead of
the clock is honoured (the authenticated bench path). Wrong types and values over 64 characters stay
a 422 and write nothing. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from casework.hazards.models import Hazard
from casework.models import AuditEvent, Case, IdempotencyKey
from test_staff import API, sign_in
from test_staff_case import text_of

NOW = "2026-12-07T10:00:00+00:00"  # Monday 7 Dec 2026
WORDS = "The lift has been broken for three weeks"
KINDS = {
    "complaints": {},
    "service-requests": {"topic": "repair"},
    "compliments": {"person": "Sam"},
    "excluded-matters": {"reason": "asb"},
    "hazards": {"hazard_type": "damp_mould"},
}
IMPOSSIBLE = [("1900-01-01T00:00:00+00:00", "too_early"), ("not a date", "unreadable"),
              ("3000-06-01", "future")]


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(timezone.utc)


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt


def create(client, path: str, key="k1", expect=201, **extra):
    body = {"idempotency_key": key, **KINDS[path], **extra}
    if path != "hazards":
        body["text"] = WORDS
    r = client.post(f"/api/v1/{path}", headers=API, json=body)
    assert r.status_code == expect, r.text
    return r.json()


def stored(session, path: str, reference: str) -> tuple[datetime, str | None]:
    if path == "hazards":
        h = session.scalar(select(Hazard).where(Hazard.reference == reference))
        return _aware(h.aware_at), h.received_at_dropped
    c = session.scalar(select(Case).where(Case.reference == reference))
    assert c.text == WORDS
    return _aware(c.received_at), c.received_at_dropped


def received(out: dict) -> str:
    return out["aware_at"] if "aware_at" in out else out["received_at"]


@pytest.mark.parametrize("path", list(KINDS))
@pytest.mark.parametrize("sent, why", IMPOSSIBLE)
def test_a_create_with_an_impossible_time_is_kept_with_the_servers_time(client, session, clock, path, sent, why):
    clock.set(NOW)
    out = create(client, path, received_at=sent)
    assert out["received_at_dropped"] == why
    assert _utc(received(out)) == _utc(NOW)
    if path != "hazards":
        assert out["effective_received_on"] == "2026-12-07"  # the server's day counts
    assert stored(session, path, out["reference"]) == (_utc(NOW), why)
    ev = session.scalar(select(AuditEvent).where(AuditEvent.action == "create"))
    assert ev.after["received_at_dropped"] == why


@pytest.mark.parametrize("path", list(KINDS))
@pytest.mark.parametrize("sent", ["2026-12-01T10:15:00+00:00",   # the past
                                  "2026-12-24T16:30:00+00:00"])  # ahead of the clock: honoured
def test_a_create_with_a_time_that_can_be_true_keeps_it(client, session, clock, path, sent):
    clock.set(NOW)
    out = create(client, path, received_at=sent, received_at_dropped="future")  # a sender cannot set it
    assert out["received_at_dropped"] is None and _utc(received(out)) == _utc(sent)
    assert stored(session, path, out["reference"]) == (_utc(sent), None)


@pytest.mark.parametrize("path", list(KINDS))
@pytest.mark.parametrize("sent", [1_700_000_000, True, ["2026-12-07"], "2026-12-07T09:00:00Z" + " " * 60])
def test_a_create_whose_time_is_not_a_time_string_is_still_a_422(client, session, clock, path, sent):
    clock.set(NOW)
    r = create(client, path, received_at=sent, expect=422)
    assert [e["loc"] for e in r["detail"]] == [["body", "received_at"]]
    assert session.scalar(select(func.count()).select_from(Case)) == 0
    assert session.scalar(select(func.count()).select_from(Hazard)) == 0
    assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0


def test_a_hazard_from_a_handoff_takes_the_handoffs_time_and_no_reason(client, clock):
    clock.set(NOW)
    h = client.post("/api/v1/handoffs", headers=API, json={
        "idempotency_key": "h", "text": "Mould in the bedroom", "category": "service_request",
        "received_at": "2026-12-04T10:00:00+00:00"}).json()
    out = create(client, "hazards", handoff_id=h["id"], received_at="1900-01-01")
    assert out["received_at_dropped"] is None and _utc(out["aware_at"]) == _utc("2026-12-04T10:00:00+00:00")


def test_the_log_names_the_reference_and_the_reason_never_the_words(client, clock, caplog):
    clock.set(NOW)
    with caplog.at_level(logging.WARNING):
        ref = create(client, "complaints", received_at="1970-01-01")["reference"]
        hz = create(client, "hazards", key="k2", received_at="soon")["reference"]
    assert f"{ref}: the receipt time sent was not used (too_early)" in caplog.text
    assert f"{hz}: the receipt time sent was not used (unreadable)" in caplog.text
    assert "lift" not in caplog.text


def test_staff_pages_say_the_time_is_when_it_reached_us(app, client, clock):
    clock.set(NOW)
    ref = create(client, "service-requests", received_at="1900-01-01")["reference"]
    good = create(client, "service-requests", key="k2", received_at="2026-12-01T10:15:00+00:00")["reference"]
    hz = create(client, "hazards", key="k3", received_at="not a date")["reference"]
    c, _csrf = sign_in(app)
    page, other, hazard = (text_of(c.get(u).text) for u in
                           (f"/staff/cases/{ref}", f"/staff/cases/{good}", f"/staff/hazards/{hz}"))
    c.__exit__(None, None, None)
    assert "Received Mon 7 Dec 2026 10:00 (when it reached us: the time sent with it was impossible)" in page
    assert "when it reached us" not in other
    assert "Landlord aware Mon 7 Dec 2026 10:00 (when it reached us: the time sent with it was impossible)" in hazard
