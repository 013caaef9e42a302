"""A stage response never says "There is nothing more we need to do." while a hazard (Awaab's Law)
on the same case is still open: it names what is open and says that work goes on under its own
timescales (letters.open_hazards). SQLite only: wording does not depend on the database."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.hazards.models import Hazard
from casework.models import OutboxMessage

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
RECEIVED = "2026-11-24T10:15:00+00:00"


@pytest.fixture(autouse=True)
def _now(clock):
    clock.set(RECEIVED)


def _complaint_with_hazard(client, hazard_type="damp_mould") -> tuple[str, str]:
    """A hazard reported in a chat, then the complaint from the same chat (the hazard is linked)."""
    r = client.post("/api/v1/hazards", json={"idempotency_key": "hz-1", "hazard_type": hazard_type,
                                             "conversation_id": "conv-1", "received_at": RECEIVED,
                                             "household_known": True})
    assert r.status_code == 201, r.text
    hz = r.json()["reference"]
    r = client.post("/api/v1/complaints", json={
        "idempotency_key": "c-1", "received_at": RECEIVED, "conversation_id": "conv-1",
        "text": "The mould came back after the repair and nobody answers.",
        "contact": {"name": "Ann Example", "email": "ann@example.org"}})
    assert r.status_code == 201, r.text
    return r.json()["reference"], hz


def _respond(client, ref, **extra) -> dict:
    r = client.post(f"/api/v1/complaints/{ref}/respond", json={
        "decision": "upheld", "reasons": "The repair was not done properly", "responded_on": "2026-12-01",
        **extra})
    assert r.status_code == 200, r.text
    (letter,) = [x for x in client.get(f"/api/v1/cases/{ref}/letters").json() if x["kind"] == "stage_response"]
    return letter


def test_an_open_hazard_is_named_and_the_letter_never_says_nothing_more_to_do(client, session):
    ref, hz = _complaint_with_hazard(client)
    assert session.scalar(select(Hazard).where(Hazard.reference == hz)).case_id is not None
    text = _respond(client, ref)["text"]
    html = session.scalar(select(OutboxMessage.body_html).where(OutboxMessage.reference == ref,
                                                               OutboxMessage.kind == "stage_response"))
    for part in (text, html):
        assert "nothing more we need to do" not in part
        assert f"Our work on the damp and mould you told us about is not finished yet (hazard reference {hz})." in part
        assert "That work goes on under its own timescales. This response does not end it." in part


def test_outstanding_actions_and_an_open_hazard_are_both_said(client):
    ref, hz = _complaint_with_hazard(client, "excess_cold")
    text = _respond(client, ref, outstanding_actions="Replace the boiler valve")["text"]
    assert "Replace the boiler valve.\nWe will keep you up to date until this is done.\n" in text
    assert f"excess cold (no heating) you told us about is not finished yet (hazard reference {hz})" in text
    assert "nothing more we need to do" not in text


def test_a_closed_hazard_no_longer_holds_the_case_open(client, app):
    from casework import db as dbmod

    ref, hz = _complaint_with_hazard(client)
    with dbmod.session_factory(app.state.database_url)() as s:  # closed: every step done
        s.scalar(select(Hazard).where(Hazard.reference == hz)).status = "closed"
        s.commit()
    text = _respond(client, ref)["text"]
    assert "There is nothing more we need to do." in text and hz not in text
