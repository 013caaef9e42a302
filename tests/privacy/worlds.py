"""The seeded world shared by the personal-data tests: two residents in every store."""
from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from casework import db as dbmod
from casework.outbox_worker import OutboxWorker, WorkerConfig
from casework.reports import figures as F, queries
from casework.staff.nlu import example_text
from casework.transports import FileTransport

import seed
from privacy_backend import PG_ADMIN_URL

PERIOD = F.Period(date(2026, 4, 1), date(2027, 3, 31))
ON = date(2026, 12, 20)


@pytest.fixture
def tracker_url(db_url, tmp_path):
    if db_url.startswith("sqlite"):
        url = seed.sqlite_url(tmp_path / "rasa-tracker.sqlite3")
        seed.make_tracker(url)
        yield url
        return
    name = f"rasa_tracker_t{uuid.uuid4().hex[:10]}"
    admin = create_engine(dbmod.normalise_url(PG_ADMIN_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(dbmod.normalise_url(PG_ADMIN_URL)).set(database=name).render_as_string(hide_password=False)
    seed.make_tracker(url)
    yield url
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def world(app, client, db_url, tracker_url, tmp_path, monkeypatch):
    letters, exports = tmp_path / "letters", tmp_path / "exports"
    exports.mkdir()
    env = {"DATABASE_URL": db_url, "RASA_TRACKER_URL": tracker_url, "LETTERS_DIR": str(letters),
           "BOT_OUTBOX_PATH": str(tmp_path / "bot-outbox.sqlite3"),
           "NLU_EXPORT_PATHS": str(exports / "reviewed.yml")}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    ada = seed.new_resident("Ada Quillfeather", "ada.quill@example.org", "07700 900123", "TF1 1AA",
                            ("zebraplant", "scullery"))
    bram = seed.new_resident("Bram Okonjo", "bram.ok@example.net", "07700 900456", "SY2 6LG",
                             ("marmalite", "boxroom"))
    outbox = seed.bot_outbox_module().Outbox(tmp_path / "bot-outbox.sqlite3")
    examples = []
    for i, r in enumerate((ada, bram)):
        h = client.post("/api/v1/handoffs", json={
            "idempotency_key": f"{r.conversation}:m1", "conversation_id": r.conversation, "message_id": "m1",
            "text": r.message, "received_at": seed.RECEIVED, "category": "complaint", "confidence": 0.91,
            "intent": "complaint", "entities": [{"entity": "PERSON", "value": r.name}],
            "explanation": f"Dissatisfaction from {r.name}"}).json()
        contact = {"name": r.name, "email": r.email, "phone": r.phone, "postcode": r.postcode,
                   "preferred_channel": "email", "format_needs": ["large_print"]}
        cmp_ = client.post("/api/v1/complaints", json={
            "idempotency_key": f"{r.conversation}:c", "conversation_id": r.conversation, "text": r.message,
            "received_at": seed.RECEIVED, "handoff_id": h["id"], "contact": contact,
            "representative": {"name": f"{r.name.split()[0]} Advocate", "relationship": "advocate", "consent": True},
            "summary": f"{r.name} reports {r.words[0]} in the {r.words[1]}",
            "desired_outcome": f"Fix the {r.words[1]}", "adjustments": "Large print for " + r.name,
            "transcript": [{"sender": "resident", "text": r.message},
                           {"sender": "bot", "text": f"Thank you {r.name.split()[0]}."}]}).json()
        ref = cmp_["reference"]
        if cmp_.get("acknowledged_on") is None:  # an e-mailed acknowledgement is recorded when it goes
            assert client.post(f"/api/v1/complaints/{ref}/acknowledge",
                               json={"acknowledged_on": "2026-11-25"}).status_code == 200
        assert client.post(f"/api/v1/complaints/{ref}/respond", json={
            "decision": "upheld", "responded_on": "2026-12-02",
            "reasons": f"We agree with {r.name}: the {r.words[0]} was not treated.",
            "remedy": f"£50 to {r.name}"}).status_code == 200
        client.post("/api/v1/service-requests", json={
            "idempotency_key": f"{r.conversation}:s", "conversation_id": r.conversation, "topic": "repair",
            "text": f"Please fix the {r.words[1]} window ({r.phone})", "received_at": seed.RECEIVED,
            "contact": {"name": r.name, "phone": r.phone, "email": r.email}})
        body = {"idempotency_key": f"{r.conversation}:m1", "conversation_id": r.conversation, "text": r.message,
                "contact": contact}
        outbox.enqueue("handoff", "/api/v1/handoffs", f"{r.conversation}:m1", body)
        outbox.enqueue("complaint", "/api/v1/complaints", f"{r.conversation}:m3", body)
        seed.add_tracker(tracker_url, seed.tracker_rows(r, 1_795_000_000.0 + i))
        examples.append(r.message)
    # an NLU file left by the retired export (nothing writes one now; access and erasure still search it)
    (exports / "reviewed.yml").write_text('version: "3.1"\nnlu:\n- intent: complaint_dissatisfaction\n  examples: |\n'
                                          + "".join(f"    - {example_text(m)}\n" for m in examples), encoding="utf-8")
    factory = dbmod.session_factory(db_url)
    sent = OutboxWorker(factory, WorkerConfig(owner="test"), {"email": FileTransport(letters, "letters@example.com")}).run_once()
    assert sent["sent"] >= 4
    return {"ada": ada, "bram": bram, "tmp": tmp_path, "tracker": tracker_url, "factory": factory,
            "letters": letters, "exports": exports, "db": db_url}


def figures(factory):
    with factory() as s:
        return [queries.figures_for(s, PERIOD, p, ON, homes=1200) for p in (None, "code-2024")]


def stores(w):
    """(store, hits) for one resident in every store."""
    def find(needles):
        return {"case database": seed.search_database(w["db"], needles),
                "tracker store": seed.search_database(w["tracker"], needles),
                "bot outbox": seed.search_database(seed.sqlite_url(w["tmp"] / "bot-outbox.sqlite3"), needles),
                "letter files": seed.search_files(w["letters"], needles),
                "NLU exports": seed.search_files(w["exports"], needles)}
    return find
