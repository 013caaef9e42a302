"""A handoff carries how staff can reach the resident (migration 0009): contact details given in the
chat, the mark that the resident chose to give none, or nothing (nobody asked). The chat records the
message at once and asks afterwards, so the same handoff sent again under its key with a contact
gets it (never replacing one). The staff handoff page says which of the three it is; opening a case
from the handoff carries the contact over. SQLite and PostgreSQL (the app fixture)."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, select

from casework.models import AuditEvent, Contact, Handoff
from test_staff import API, RECEIVED, count, sign_in
from alembic_steps import alembic_config

ANN = {"name": "Ann Example", "email": "ann@example.org", "phone": "07700 900123",
       "preferred_channel": "email"}
DECLINED = {"anonymous": True, "declined": True}


def body(key="h-1", **extra):
    return {"idempotency_key": key, "conversation_id": f"conv-{key}", "message_id": "m2",
            "text": "It's about the thing from before, can someone ring me", "received_at": RECEIVED,
            "channel": "webchat", "category": "unclear", "confidence": 0.31, "intent": "nlu_fallback",
            "explanation": "Could not place it after one clarifying question", **extra}


def send(c, expect=201, **extra):
    r = c.post("/api/v1/handoffs", headers=API, json=body(**extra))
    assert r.status_code == expect, r.text
    return r.json()


@pytest.fixture
def jo(app):
    c, csrf = sign_in(app)
    yield c, csrf
    c.__exit__(None, None, None)


def reach(html: str) -> str:
    """The page's 'How to reach the resident' part, as text."""
    import re
    part = html.split('<h3 id="reach-h">', 1)[1].split("</section>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", part).split())


def test_a_handoff_created_with_contact_details_keeps_them(client, session):
    h = send(client, contact=ANN)
    assert h["created"] is True
    assert {k: h["contact"][k] for k in ("anonymous", "name", "email", "phone", "preferred_channel",
                                         "declined_contact")} == {
        "anonymous": False, "name": "Ann Example", "email": "ann@example.org", "phone": "07700 900123",
        "preferred_channel": "email", "declined_contact": False}
    assert client.get(f"/api/v1/handoffs/{h['id']}").json()["contact"]["email"] == "ann@example.org"
    row = session.scalar(select(Contact).join(Handoff, Handoff.contact_id == Contact.id).where(Handoff.id == h["id"]))
    assert (row.role, row.email_key, row.anonymous) == ("resident", "ann@example.org", False)
    # without a contact nothing is invented: nobody asked
    assert send(client, key="h-2")["contact"] is None


def test_the_contact_asked_for_afterwards_is_added_to_the_same_handoff_once(client, session):
    first = send(client)
    assert first["contact"] is None
    again = send(client, expect=200, contact=ANN)  # the same key: the same handoff, now with a contact
    assert (again["id"], again["created"], again["contact"]["email"]) == (first["id"], False, "ann@example.org")
    # a later replay cannot replace what the resident gave (nor add a second contact row)
    third = send(client, expect=200, contact={"name": "Mallory", "email": "mallory@example.net"})
    assert third["contact"]["email"] == "ann@example.org"
    assert send(client, expect=200)["contact"]["email"] == "ann@example.org"  # a plain replay changes nothing
    assert count_contacts(session) == 1 and session.scalar(select(Handoff.text)) == body()["text"]
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity_ref == f"handoff:{first['id']}")
                             .order_by(AuditEvent.id))
    added = [e for e in events if e.action == "add_contact"]
    assert len(added) == 1 and added[0].fields == ["contact"] and added[0].actor == "service"
    assert "ann@example.org" not in str(added[0].before) + str(added[0].after)  # named, never copied


def count_contacts(session) -> int:
    return len(session.scalars(select(Contact.id)))


def test_declining_is_recorded_as_such(client, session):
    h = send(client)
    h = send(client, expect=200, contact=DECLINED)
    assert (h["contact"]["anonymous"], h["contact"]["declined_contact"], h["contact"]["email"]) == (True, True, None)
    row = session.scalar(select(Contact))
    assert (row.anonymous, row.declined_contact, row.name) == (True, True, None)


@pytest.mark.parametrize("contact", [
    {"email": "a" * 330 + "@example.org"},
    {"phone": "0" * 60},
    {"name": "Ann\x00"},
    {"preferred_channel": "pigeon"},
    {"format_needs": ["smoke_signals"]},
    "ann@example.org",
])
def test_bad_contact_details_are_refused_with_422_and_nothing_is_stored(client, session, contact):
    assert client.post("/api/v1/handoffs", headers=API, json=body(contact=contact)).status_code == 422
    send(client)
    r = client.post("/api/v1/handoffs", headers=API, json=body(contact=contact))  # nor added on a replay
    assert r.status_code == 422
    assert count_contacts(session) == 0 and client.get("/api/v1/handoffs").json()[0]["contact"] is None


def test_migration_0009_down_and_up(app, client, db_url):
    from alembic import command

    from casework.db import normalise_url
    from test_staff import BACKEND

    send(client, key="only-handoff", contact=ANN)
    client.post("/api/v1/service-requests", headers=API, json={
        "idempotency_key": "sr", "text": "Bin store light broken", "topic": "estate", "contact": ANN})
    app.state.sessionmaker.kw["bind"].dispose()
    cfg = alembic_config(db_url)
    engine = create_engine(normalise_url(db_url))
    column = lambda: "contact_id" in {c["name"] for c in inspect(engine).get_columns("handoffs")}  # noqa: E731

    def emails() -> int:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM contacts WHERE email IS NOT NULL").scalar()
    assert column() and emails() == 2
    command.downgrade(cfg, "0008")
    # the handoff's contact row would be out of reach of access and erasure: gone; the case's stays
    assert not column() and emails() == 1
    command.upgrade(cfg, "head")
    assert column()
    engine.dispose()


# ---------------------------------------------------------------- the staff handoff page

def test_the_handoff_page_says_how_to_reach_the_resident(app, jo):
    c, _ = jo
    given = send(c, key="given", contact=ANN)["id"]
    send(c, key="declined")
    declined = send(c, key="declined", expect=200, contact=DECLINED)["id"]
    none = send(c, key="none")["id"]
    page = c.get(f"/staff/handoffs/{given}").text
    text = reach(page)
    assert "Ann Example" in text and "ann@example.org" in text and "07700 900123" in text
    assert "Reply by E-mail (the resident was told staff will reply this way)" in text
    assert "Ann Example – " in page  # the lede: who it is from
    assert reach(c.get(f"/staff/handoffs/{declined}").text).startswith(
        "How to reach the resident No contact details: the resident chose not to give any.")
    assert reach(c.get(f"/staff/handoffs/{none}").text).startswith(
        "How to reach the resident No contact details: none asked for with this message.")
    queue = c.get("/staff/queue").text
    assert "Ann Example – " in queue and "Anonymous resident – " in queue
    # staff find it by the details the resident gave (e-mail, phone, name), not only by its words
    for q in ("ANN@example.org", "900123", "ann exam"):
        found = c.get("/staff/search", params={"q": q}).text
        assert f'href="/staff/handoffs/{given}"' in found, q
        assert f'href="/staff/handoffs/{none}"' not in found, q


def test_a_name_on_another_handoff_of_the_conversation_names_the_first_message_too(app, jo):
    c, _ = jo
    first = send(c, key="first", conversation_id="conv-x")["id"]
    send(c, key="second", conversation_id="conv-x", contact=ANN)
    assert "Ann Example – " in c.get(f"/staff/handoffs/{first}").text
    assert "none asked for with this message" in reach(c.get(f"/staff/handoffs/{first}").text)


def test_a_case_opened_from_the_handoff_carries_its_contact(app, jo):
    c, csrf = jo
    hid = send(c, contact={**ANN, "format_needs": ["large_print"]})["id"]
    r = c.post(f"/staff/handoffs/{hid}/reclassify", follow_redirects=False, data={
        "csrf_token": csrf, "category": "service_request", "topic": "repair", "note": "A repair, on the phone"})
    assert r.status_code == 303
    ref = c.get(f"/api/v1/handoffs/{hid}", headers=API).json()["case_reference"]
    case = c.get(f"/api/v1/cases/{ref}", headers=API).json()
    assert (case["kind"], case["contact"]["name"], case["contact"]["email"], case["contact"]["phone"],
            case["contact"]["format_needs"]) == (
        "service_request", "Ann Example", "ann@example.org", "07700 900123", ["large_print"])
    # a copy for the case (an erasure by e-mail finds both: tests/privacy), the handoff keeps its own
    assert count(app, Contact, Contact.email_key == "ann@example.org") == 2
    assert c.get(f"/api/v1/handoffs/{hid}", headers=API).json()["contact"]["email"] == "ann@example.org"


def test_a_declined_handoff_opens_a_case_that_says_so(app, jo):
    c, csrf = jo
    send(c)
    hid = send(c, expect=200, contact=DECLINED)["id"]
    c.post(f"/staff/handoffs/{hid}/reclassify", data={
        "csrf_token": csrf, "category": "complaint", "note": "It is about our service"})
    ref = c.get(f"/api/v1/handoffs/{hid}", headers=API).json()["case_reference"]
    contact = c.get(f"/api/v1/cases/{ref}", headers=API).json()["contact"]
    assert (contact["anonymous"], contact["declined_contact"]) == (True, True)
    assert count(app, Contact) == 2
