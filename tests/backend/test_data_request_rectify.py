"""A change of address given in the chat (a rectification request): the request carries the new
address as the resident wrote it, the chat's words never change the record by themselves, and when
the DPO completes the request on /staff/privacy, having checked the address with the resident, it
goes on the resident's contact (and the linked case's), audited by field name. SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.models import AuditEvent, Contact, Handoff
from casework.privacy.rectify import proposed_address
from casework.privacy.requests import DataRequest
from test_staff import API, factory, sign_in

MOVED = "I've moved, my new address is 14 Elm Road, Leeds LS6 2AB, please update your records"


@pytest.mark.parametrize("text,expected", [
    (MOVED, {"address": "14 Elm Road, Leeds", "postcode": "LS6 2AB"}),
    ("Hi, I have moved to 3 Oak Close, Bramley. Can you change it on your system",
     {"address": "3 Oak Close, Bramley", "postcode": ""}),
    ("new address: Flat 2, 8 Mill Lane ls61aa thanks", {"address": "Flat 2, 8 Mill Lane", "postcode": "LS6 1AA"}),
    ("my new address is below", None),                       # no number, no postcode: not an address
    ("please update my address, I moved last week", None),   # none given
    ("my date of birth is wrong on your records", None),
])
def test_the_new_address_as_the_resident_gave_it(text, expected):
    assert proposed_address(text) == expected


def _handoff(client, key: str, contact: dict | None = None, **extra) -> int:
    body = {"idempotency_key": key, "conversation_id": f"conv-{key}", "message_id": "m1", "text": MOVED,
            "received_at": "2026-12-07T10:00:00+00:00", "channel": "webchat", "category": "unclear",
            "confidence": 0.9, "intent": "service_request", "explanation": "data-rights request",
            "data_request": ["rectification"], **extra}
    if contact is not None:
        body["contact"] = contact
    r = client.post("/api/v1/handoffs", headers=API, json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _request_id(app, hid: int) -> int:
    with factory(app)() as s:
        return s.scalar(select(DataRequest.id).where(DataRequest.handoff_id == hid))


def _contact(app, hid: int) -> Contact:
    with factory(app)() as s:
        c = s.get(Handoff, hid).contact
        s.expunge(c)
        return c


OLD = {"name": "Ann Example", "email": "ann@example.org", "address": "2 Old Street, Leeds", "postcode": "LS1 1AA",
       "preferred_channel": "post"}


def test_the_dpo_checks_the_address_then_it_goes_on_the_record_audited(app, client, clock):
    clock.set("2026-12-07T10:00:00+00:00")
    hid = _handoff(client, "r-1", OLD)
    assert _contact(app, hid).address == "2 Old Street, Leeds"  # the chat's words changed nothing
    rid = _request_id(app, hid)
    c, csrf = sign_in(app, "dpo@example.org", "dpo", "Dee Pio")
    try:
        page = c.get("/staff/privacy").text
        part = page.split('id="req-h"', 1)[1].split("</section>", 1)[0]
        assert 'value="14 Elm Road, Leeds"' in part and 'value="LS6 2AB"' in part  # carried, to check
        url = f"/staff/privacy/requests/{rid}/complete"
        # the resident said on the phone it is 14A, not 14: the DPO corrects it and confirms
        r = c.post(url, data={"csrf_token": csrf, "update_address": "yes", "address": "14A Elm Road, Leeds",
                              "postcode": "ls6 2ab"}, follow_redirects=False)
        assert r.status_code == 303, r.text
        assert "Address corrected" in c.get(r.headers["location"]).text
        again = c.post(url, data={"csrf_token": csrf, "update_address": "yes", "address": "1 X Road"})
        assert again.status_code == 409  # already completed
    finally:
        c.__exit__(None, None, None)
    contact = _contact(app, hid)
    assert (contact.address, contact.postcode, contact.postcode_key) == ("14A Elm Road, Leeds", "LS6 2AB", "LS62AB")
    assert contact.email == "ann@example.org" and contact.name == "Ann Example"  # nothing else touched
    with factory(app)() as s:
        row = s.get(DataRequest, rid)
        assert row.closed_at is not None and row.closed_by
        events = {e.action: e for e in s.scalars(select(AuditEvent).where(AuditEvent.entity_ref == f"data_request:{rid}"))}
    assert set(events) == {"rectify_address", "complete_data_request"}
    assert set(events["rectify_address"].fields) == {"address", "postcode"}
    blob = repr([(e.before, e.after) for e in events.values()])
    assert "Elm" not in blob and "Old Street" not in blob and "LS6" not in blob  # names, never values


def test_completing_without_the_check_changes_nothing_and_non_dpo_staff_cannot(app, client, clock):
    clock.set("2026-12-07T10:00:00+00:00")
    hid = _handoff(client, "r-2", OLD)
    rid = _request_id(app, hid)
    url = f"/staff/privacy/requests/{rid}/complete"
    cw, cw_csrf = sign_in(app)  # a caseworker
    try:
        assert cw.post(url, data={"csrf_token": cw_csrf, "update_address": "yes", "address": "14 Elm Road"}).status_code == 403
    finally:
        cw.__exit__(None, None, None)
    c, csrf = sign_in(app, "dpo@example.org", "dpo", "Dee Pio")
    try:
        assert c.post(url, data={"update_address": "yes", "address": "14 Elm Road"}).status_code == 403  # no CSRF
        bad = c.post(url, data={"csrf_token": csrf, "update_address": "yes", "address": "", "postcode": "LS6 2AB"})
        assert bad.status_code == 422  # a postcode alone is not an address
        assert c.post(url, data={"csrf_token": csrf, "address": "14 Elm Road, Leeds"},
                      follow_redirects=False).status_code == 303  # not ticked: answered, record unchanged
        assert f"/staff/privacy/requests/{rid}/complete" not in c.get("/staff/privacy").text
    finally:
        c.__exit__(None, None, None)
    assert _contact(app, hid).address == "2 Old Street, Leeds"
    with factory(app)() as s:
        assert s.get(DataRequest, rid).closed_at is not None


def test_no_contact_to_correct_is_a_clear_refusal(app, client, clock):
    clock.set("2026-12-07T10:00:00+00:00")
    rid = _request_id(app, _handoff(client, "r-3"))
    c, csrf = sign_in(app, "dpo@example.org", "dpo", "Dee Pio")
    try:
        r = c.post(f"/staff/privacy/requests/{rid}/complete",
                   data={"csrf_token": csrf, "update_address": "yes", "address": "14 Elm Road, Leeds LS6 2AB"})
        assert r.status_code == 409 and "no contact record" in r.text
        assert c.post("/staff/privacy/requests/999999/complete", data={"csrf_token": csrf}).status_code == 404
    finally:
        c.__exit__(None, None, None)
    with factory(app)() as s:
        assert s.get(DataRequest, rid).closed_at is None  # still open


def test_the_case_the_message_led_to_gets_the_new_address_too(app, client, clock):
    clock.set("2026-12-07T10:00:00+00:00")
    hid = _handoff(client, "r-4", OLD)
    r = client.post("/api/v1/complaints", headers=API, json={
        "idempotency_key": "c-r-4", "conversation_id": "conv-r-4", "received_at": "2026-12-07T10:00:00+00:00",
        "text": "The repair to my boiler was never finished.", "contact": OLD})
    assert r.status_code == 201, r.text
    ref = r.json()["reference"]
    assert client.post(f"/api/v1/handoffs/{hid}/link", headers=API, json={"reference": ref}).status_code in (200, 409)
    rid = _request_id(app, hid)
    c, csrf = sign_in(app, "dpo@example.org", "dpo", "Dee Pio")
    try:
        assert c.post(f"/staff/privacy/requests/{rid}/complete", follow_redirects=False, data={
            "csrf_token": csrf, "update_address": "yes", "address": "14 Elm Road, Leeds", "postcode": "LS6 2AB"}
        ).status_code == 303
    finally:
        c.__exit__(None, None, None)
    from casework.models import Case
    with factory(app)() as s:
        assert s.get(Handoff, hid).case_reference == ref
        case = s.scalar(select(Case).where(Case.reference == ref))
        assert case.contact.address == "14 Elm Road, Leeds" and case.contact.postcode == "LS6 2AB"
        assert s.get(Handoff, hid).contact.address == "14 Elm Road, Leeds"
