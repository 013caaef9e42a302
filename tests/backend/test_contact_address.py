"""A postal address on the contact (migration 0012): kept as given, shown to staff, and too long
is a clear 422, never a 500. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

from test_staff import API, RECEIVED
from test_staff_case import text_of
from test_staff_workspace import jo, sign_in  # noqa: F401  (fixture)

BY_POST = {"name": "Ann Example", "postcode": "M1 1AE", "address": "Flat 3, 12 High Street",
           "preferred_channel": "post"}


def test_a_complaint_by_post_keeps_the_address_and_staff_see_it(jo):
    c, _ = jo
    r = c.post("/api/v1/complaints", headers=API, json={
        "idempotency_key": "addr-1", "text": "Nobody came to fix the roof.", "received_at": RECEIVED,
        "contact": BY_POST})
    assert r.status_code == 201, r.text
    ref = r.json()["reference"]
    assert r.json()["contact"]["address"] == "Flat 3, 12 High Street"
    words = text_of(c.get(f"/staff/cases/{ref}").text)
    assert "Postal address Flat 3, 12 High Street" in words


def test_an_address_too_long_is_refused_clearly(jo):
    c, _ = jo
    r = c.post("/api/v1/complaints", headers=API, json={
        "idempotency_key": "addr-2", "text": "Nobody came.", "received_at": RECEIVED,
        "contact": {**BY_POST, "address": "1 " + "x" * 400}})
    assert r.status_code == 422 and "address" in r.text
