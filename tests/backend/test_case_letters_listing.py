"""GET /api/v1/cases/{ref}/letters lists every letter to the resident on the case: the record's own
letters AND the Awaab's Law hazard letters of the hazards linked to it (they were missing), never
the staff notifications (duty alerts, referrals), never another case's letters; and it is the same
list as the staff case page's Letters. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from casework.models import OutboxMessage
from test_staff import API
from test_staff_case_hazards import mould_service_request
from test_staff_workspace import jo, sign_in  # noqa: F401  (fixture)


def _iso(hours_ago: float) -> str:
    return (datetime.now(timezone.utc) - timedelta(hours=hours_ago)).isoformat()


def _hazard_and_case(client, k: str, email: str, emergency: bool = False) -> tuple[str, str]:
    """A damp and mould report from chat `k`, then that chat's service request: (hazard, case)."""
    r = client.post("/api/v1/hazards", json={
        "idempotency_key": f"hz-{k}", "hazard_type": "damp_mould", "conversation_id": f"conv-{k}",
        "received_at": _iso(3), "household_known": True})
    assert r.status_code == 201, r.text
    hazard = r.json()["reference"]
    r = client.post("/api/v1/service-requests", json={
        "idempotency_key": f"sr-{k}", "text": "Mould on the bedroom wall", "conversation_id": f"conv-{k}",
        "topic": "damp_mould", "received_at": _iso(3), "contact": {"email": email},
        "flags": ["emergency"] if emergency else []})
    assert r.status_code == 201, r.text
    return hazard, r.json()["reference"]


def _send_summary(client, hazard: str) -> None:
    r = client.post(f"/api/v1/hazards/{hazard}/steps", json={
        "step": "investigation_concluded", "at": _iso(2), "findings": "Condensation from a blocked fan",
        "safety_work": "Clear the fan and treat the wall"})
    assert r.status_code == 200, r.text
    r = client.post(f"/api/v1/hazards/{hazard}/steps", json={"step": "summary_sent", "at": _iso(1)})
    assert r.status_code == 200, r.text


def test_a_case_lists_its_hazard_letters_beside_its_own(client):
    hazard, ref = _hazard_and_case(client, "ann", "ann@example.org")
    _send_summary(client, hazard)
    r = client.get(f"/api/v1/cases/{ref}/letters")
    assert r.status_code == 200
    out = r.json()
    assert [x["kind"] for x in out] == ["service_request", "hazard_acknowledgement", "hazard_summary"]
    assert all(x["reference"] == ref and x["recipient"] == "ann@example.org" for x in out)
    assert hazard in out[1]["text"] and "Condensation from a blocked fan" in out[2]["text"]


def test_another_residents_hazard_letters_are_not_listed(client, session):
    hz_ann, ann = _hazard_and_case(client, "ann2", "ann@example.org")
    hz_bob, bob = _hazard_and_case(client, "bob2", "bob@example.org")
    _send_summary(client, hz_bob)
    # a hazard from a third chat with no case yet: no letter, so none on anybody's case
    r = client.post("/api/v1/hazards", json={"idempotency_key": "hz-cy", "hazard_type": "damp_mould",
                                              "conversation_id": "conv-cy", "received_at": _iso(3)})
    assert r.status_code == 201, r.text
    ann_letters = client.get(f"/api/v1/cases/{ann}/letters").json()
    bob_letters = client.get(f"/api/v1/cases/{bob}/letters").json()
    assert [x["kind"] for x in ann_letters] == ["service_request", "hazard_acknowledgement"]
    assert [x["kind"] for x in bob_letters] == ["service_request", "hazard_acknowledgement", "hazard_summary"]
    assert {x["recipient"] for x in ann_letters} == {"ann@example.org"}
    assert {x["recipient"] for x in bob_letters} == {"bob@example.org"}
    assert hz_ann in ann_letters[1]["text"] and hz_bob not in " ".join(x["text"] for x in ann_letters)
    # every hazard letter in the outbox is listed on exactly one case: its own
    hazard_rows = session.scalars(select(OutboxMessage).where(OutboxMessage.kind.like("hazard_%")))
    listed = [x["letter_id"] for x in ann_letters + bob_letters if x["kind"].startswith("hazard_")]
    assert sorted(m.letter_id for m in hazard_rows) == sorted(listed)


def test_staff_alerts_on_the_case_are_not_listed_as_letters(client, session):
    _, ref = _hazard_and_case(client, "dan", "dan@example.org", emergency=True)
    alerts = session.scalars(select(OutboxMessage).where(OutboxMessage.reference == ref,
                                                         OutboxMessage.kind == "alert"))
    assert len(alerts) == 1  # the duty inbox was alerted under the case (so this test can fail)
    kinds = [x["kind"] for x in client.get(f"/api/v1/cases/{ref}/letters").json()]
    assert kinds == ["service_request", "hazard_acknowledgement"]


def test_an_unknown_notification_kind_is_refused_rather_than_listed_as_a_letter(app):
    from casework import db as dbmod
    from casework import outbox

    with dbmod.session_factory(app.state.database_url)() as s, pytest.raises(ValueError):
        outbox.queue_notification(s, case_id=None, reference="X", kind="memo", to="duty@example.org",
                                  subject="s", text="t")


def _letters_section(html: str) -> str:
    start = html.index('id="letters"')
    return html[start:html.index("</section>", start)]


def test_the_staff_case_page_shows_the_same_letters_as_the_api(jo):
    c, _ = jo
    ref, hazard = mould_service_request(c, conv="conv-same")
    api = c.get(f"/api/v1/cases/{ref}/letters", headers=API).json()
    assert [x["kind"] for x in api] == ["service_request", "hazard_acknowledgement"]
    section = _letters_section(c.get(f"/staff/cases/{ref}").text)
    assert len(re.findall(r"<details>", section)) == len(api)
    assert "Hazard acknowledgement" in section and "Service request" in section
    for x in api:
        assert x["subject"].replace("'", "&#39;") in section
