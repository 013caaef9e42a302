"""A data-rights request made in the chat (access, erasure, correction, objection) comes with its
message's handoff (`data_request`): the case service records it for the DPO with a due date one
month from the day it reached us by the server's clock (UK GDPR article 12(3); ICO: the same date
next month, or that month's last day, then the next working day), never from a time the chat sent.
The DPO sees the open ones, soonest due first, on /staff/privacy. SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date

import pytest

from casework.privacy.requests import one_month_after
from test_staff import API, sign_in


def body(key="d-1", **extra):
    return {"idempotency_key": key, "conversation_id": f"conv-{key}", "message_id": "m1",
            "text": "I want a copy of all the data you hold about me, subject access request",
            # a receipt time in the past: the due date is not counted from it
            "received_at": "2026-01-05T10:00:00+00:00",
            "channel": "webchat", "category": "unclear", "confidence": 0.9, "intent": "service_request",
            "explanation": "data-rights request", **extra}


@pytest.mark.parametrize("received,due", [
    (date(2026, 12, 7), date(2027, 1, 7)),    # Monday -> Thursday 7 January
    (date(2027, 1, 31), date(2027, 2, 28)),   # no 31 February: the last day of February (a Sunday) ...
    (date(2026, 10, 31), date(2026, 11, 30)),  # ... no 31 November: Monday 30 November
    (date(2026, 11, 25), date(2026, 12, 29)),  # 25 December a bank holiday, then the 26th, 27th, 28th
    (date(2026, 9, 13), date(2026, 10, 13)),
])
def test_one_month_after(received, due):
    if due == date(2027, 2, 28):
        due = date(2027, 3, 1)  # 28 February 2027 is a Sunday: the next working day
    assert one_month_after(received, "england") == due


def test_a_data_request_is_recorded_due_one_month_from_server_time(client, clock):
    clock.set("2026-12-07T18:40:00+00:00")
    h = client.post("/api/v1/handoffs", headers=API, json=body(data_request=["access", "erasure"])).json()
    assert h["category"] == "unclear"
    dr = h["data_request"]
    assert dr["kinds"] == ["access", "erasure"]
    assert dr["received_on"] == "2026-12-07" and dr["due_on"] == "2027-01-07"
    assert dr["due_text"] == "Thursday 7 January 2027"
    again = client.post("/api/v1/handoffs", headers=API, json=body(data_request=["access"])).json()
    assert again["created"] is False and again["data_request"]["id"] == dr["id"]  # not a second request


def test_a_handoff_without_one_has_none_and_bad_kinds_are_refused(client):
    assert client.post("/api/v1/handoffs", headers=API, json=body()).json()["data_request"] is None
    r = client.post("/api/v1/handoffs", headers=API, json=body(key="d-2", data_request=["everything"]))
    assert r.status_code == 422


def test_a_complaint_handoff_keeps_its_category_with_the_request(client, clock):
    clock.set("2026-12-07T10:00:00+00:00")
    h = client.post("/api/v1/handoffs", headers=API,
                    json=body(key="d-3", category="complaint", data_request=["access"])).json()
    assert h["category"] == "complaint" and h["data_request"]["due_on"] == "2027-01-07"


def test_the_dpo_sees_open_requests_soonest_first(app, client, clock):
    clock.set("2026-12-07T10:00:00+00:00")
    later = client.post("/api/v1/handoffs", headers=API, json=body(key="d-4", data_request=["rectification"])).json()
    clock.set("2026-11-02T10:00:00+00:00")
    sooner = client.post("/api/v1/handoffs", headers=API, json=body(key="d-5", data_request=["objection"])).json()
    c, _csrf = sign_in(app, "dpo@example.org", "dpo", "Dee Pio")
    try:
        page = c.get("/staff/privacy").text
    finally:
        c.__exit__(None, None, None)
    part = page.split('id="req-h"', 1)[1].split("</section>", 1)[0]
    assert "Wednesday 2 December 2026" in part and "Thursday 7 January 2027" in part
    assert part.index(f"Handoff {sooner['id']}") < part.index(f"Handoff {later['id']}")
    assert "objection" in part and "rectification" in part
