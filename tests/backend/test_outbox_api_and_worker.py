"""The outbox seen from outside the worker loop: the staff API over letters (listing, retry, mark
sent), logs that hold letter ids and references only, the worker's entry points (in-process thread,
API start-up, command line) and migration 0002. Helpers from test_outbox.py."""
import logging
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect

from casework import audit, db
from casework.db import normalise_url
from casework.outbox_worker import OutboxWorker, WorkerConfig, start_in_process
from casework.transports import FileTransport, MaybeSent, NotSent
from test_outbox import RECEIVED, Recorder, open_complaint, worker
from alembic_steps import alembic_config

REPO = Path(__file__).resolve().parents[2]  # not from conftest: tests/backend/browser has its own
BACKEND = REPO / "backend"
TOKEN = "test-token-123"  # tests/backend/conftest.py's token
PERSONAL = ("Ann Example", "ann@example.org", "TF1 1AA", "The boiler repair was never finished")


# ---------------------------------------------------------------- staff API

def _ref(client, key="k-1", **contact):
    r = client.post("/api/v1/complaints", json={"idempotency_key": key, "text": "x", "received_at": RECEIVED,
                                                "contact": {"name": "Ann Example", "email": "ann@example.org",
                                                            **contact}})
    return r.json()["reference"]


def test_staff_see_letters_and_failed_ones(client, app, tmp_path):
    factory = db.session_factory(app.state.database_url)
    ref = _ref(client)
    ref2 = _ref(client, key="k-2")
    listed = client.get(f"/api/v1/cases/{ref}/letters").json()
    assert [(x["kind"], x["status"], x["attempts"]) for x in listed] == [("acknowledgement", "pending", 0)]
    assert listed[0]["next_attempt_at"] is not None and listed[0]["text"].startswith("Dear Ann Example,")
    t = Recorder(script=[None, NotSent("SMTP 550 refused the recipient")])  # first sent, second refused
    worker(factory, t, max_attempts=1).run_once()
    failed = client.get("/api/v1/outbox", params={"status": "failed"}).json()
    assert [(x["reference"], x["status"], x["last_error"]) for x in failed] == [
        (ref2, "failed", "SMTP 550 refused the recipient")]
    assert "text" not in failed[0]
    assert [x["status"] for x in client.get(f"/api/v1/cases/{ref}/letters").json()] == ["sent"]
    assert len(client.get("/api/v1/outbox").json()) == 2
    assert client.get("/api/v1/outbox", params={"status": "bogus"}).status_code == 422
    assert client.get("/api/v1/cases/CMP-2026-000999/letters").status_code == 404

    lid = failed[0]["letter_id"]
    r = client.post(f"/api/v1/outbox/{lid}/retry", headers={"X-Actor": "staff:jo"})
    assert r.status_code == 200 and r.json()["status"] == "pending" and r.json()["attempts"] == 0
    assert client.post(f"/api/v1/outbox/{lid}/retry").json()["code"] == "letter_state"  # 409: pending now
    worker(factory, t).run_once()
    assert client.get(f"/api/v1/cases/{ref2}/letters").json()[0]["status"] == "sent"
    assert t.sent.count(lid) == 1
    r = client.post(f"/api/v1/outbox/{lid}/mark-sent")
    assert r.status_code == 409
    assert client.post("/api/v1/outbox/LTR-" + "0" * 32 + "/retry").status_code == 404
    assert client.post("/api/v1/outbox/nonsense/retry").status_code == 422
    with factory() as s:
        trail = [(e.action, e.actor) for e in audit.trail(s, lid)]
    assert trail == [("letter_retry", "staff:jo")]
    factory.kw["bind"].dispose()


def test_staff_mark_a_manual_or_unknown_letter_sent(client, app):
    factory = db.session_factory(app.state.database_url)
    ref = _ref(client, preferred_channel="post", address="1 Example Road, Telford")
    x = client.get(f"/api/v1/cases/{ref}/letters").json()[0]
    assert (x["channel"], x["status"]) == ("post", "manual")
    assert client.get("/api/v1/outbox", params={"status": "manual"}).json()[0]["letter_id"] == x["letter_id"]
    r = client.post(f"/api/v1/outbox/{x['letter_id']}/mark-sent", headers={"X-Actor": "staff:al"})
    assert r.status_code == 200 and (r.json()["status"], r.json()["transport"]) == ("sent", "staff")
    ref2 = _ref(client, key="k-2")
    worker(factory, Recorder(script=[MaybeSent("lost")])).run_once()
    unknown = client.get("/api/v1/outbox", params={"status": "unknown"}).json()
    assert [u["reference"] for u in unknown] == [ref2]
    assert client.post(f"/api/v1/outbox/{unknown[0]['letter_id']}/mark-sent").json()["status"] == "sent"
    factory.kw["bind"].dispose()


# ---------------------------------------------------------------- logs, worker entry points, migration

def test_logs_hold_letter_ids_and_references_only(client, app, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    factory = db.session_factory(app.state.database_url)
    ref = _ref(client, postcode="TF1 1AA")
    client.post(f"/api/v1/complaints/{ref}/respond", json={"decision": "upheld", "reasons": "The boiler repair was never finished"})
    worker(factory, Recorder(script=[NotSent("SMTP 451"), MaybeSent("lost")])).run_once()
    OutboxWorker(factory, WorkerConfig(), {"email": FileTransport(tmp_path), "chat": Recorder()}).run_once(
        datetime.now(timezone.utc) + timedelta(hours=1))
    logged = caplog.text
    assert ref in logged and "LTR-" in logged
    for secret in PERSONAL:
        assert secret not in logged
    factory.kw["bind"].dispose()


def test_in_process_worker_delivers(client, app, tmp_path, monkeypatch):
    factory = db.session_factory(app.state.database_url)
    ref = _ref(client)
    handle = start_in_process(factory, WorkerConfig(poll_interval=0.05), {"email": FileTransport(tmp_path),
                                                                          "chat": Recorder()})
    try:
        deadline = time.time() + 20
        while time.time() < deadline and client.get(f"/api/v1/cases/{ref}/letters").json()[0]["status"] != "sent":
            time.sleep(0.05)
    finally:
        handle.stop()
    assert not handle.thread.is_alive()
    assert client.get(f"/api/v1/cases/{ref}/letters").json()[0]["status"] == "sent"
    factory.kw["bind"].dispose()


def test_api_starts_the_worker_when_asked(db_url, tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from casework.api import create_app

    monkeypatch.setenv("BACKEND_API_TOKEN", TOKEN)
    monkeypatch.setenv("OUTBOX_WORKER", "inprocess")
    monkeypatch.setenv("OUTBOX_POLL_SECONDS", "0.05")
    monkeypatch.setenv("LETTERS_DIR", str(tmp_path))
    monkeypatch.delenv("SMTP_HOST", raising=False)
    monkeypatch.delenv("MAIL_TRANSPORT", raising=False)
    with TestClient(create_app(db_url), headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        ref = _ref(c)
        deadline = time.time() + 20
        while time.time() < deadline and c.get(f"/api/v1/cases/{ref}/letters").json()[0]["status"] != "sent":
            time.sleep(0.05)
        assert c.get(f"/api/v1/cases/{ref}/letters").json()[0]["status"] == "sent"
    assert len(list(tmp_path.glob("LTR-*.eml"))) == 1


def test_command_line_worker_once(db_url, tmp_path):
    f = db.session_factory(db_url)
    ref = open_complaint(f)
    f.kw["bind"].dispose()
    env = {**os.environ, "PYTHONPATH": str(BACKEND), "LETTERS_DIR": str(tmp_path), "MAIL_TRANSPORT": "file"}
    r = subprocess.run([sys.executable, "-m", "casework.outbox_worker", "--once", "--database-url", db_url],
                       env=env, capture_output=True, text=True, timeout=60, cwd=REPO)
    assert r.returncode == 0, r.stderr
    assert "sent 1" in r.stderr and ref in r.stderr and "Ann Example" not in r.stderr
    assert len(list(tmp_path.glob("LTR-*.eml"))) == 1


def test_migration_0002_down_and_up(db_url):
    cfg = alembic_config(db_url)
    engine = create_engine(normalise_url(db_url))

    def state():
        insp = inspect(engine)
        return "outbox" in insp.get_table_names(), "language" in {c["name"] for c in insp.get_columns("contacts")}

    assert state() == (True, True)
    command.downgrade(cfg, "0001")
    assert state() == (False, False)
    command.upgrade(cfg, "head")
    assert state() == (True, True)
    engine.dispose()
