"""The outbox: letters written in the same transaction as their change, claimed once, retried with
backoff, failed after N attempts, and never sent twice when a worker dies mid-send."""
import email
import logging
import os
import subprocess
import sys
from pathlib import Path
import threading
import time
from datetime import datetime, timedelta, timezone
from email import policy

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, func, inspect, select

from casework import audit, cases, db, letters, outbox, outbox_claims
from casework.db import normalise_url
from casework.models import AuditEvent, Case, Complaint, IdempotencyKey, OutboxMessage
from casework.outbox_worker import OutboxWorker, WorkerConfig, start_in_process
from casework.schemas import ComplaintCreate, RespondIn
from casework.transports import FileTransport, MaybeSent, NotSent

REPO = Path(__file__).resolve().parents[2]  # not from conftest: tests/backend/browser has its own
BACKEND = REPO / "backend"
TOKEN = "test-token-123"  # tests/backend/conftest.py's token

RECEIVED = "2026-11-24T10:15:00+00:00"
PERSONAL = ("Ann Example", "ann@example.org", "TF1 1AA", "The boiler repair was never finished")


def body(key="k-1", **extra):
    return ComplaintCreate(idempotency_key=key, received_at=RECEIVED, text="The boiler repair was never finished.",
                           summary="Boiler repair not finished", desired_outcome="Fix it",
                           contact={"name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA"},
                           **extra)


def count(factory, model):
    with factory() as s:
        return s.scalar(select(func.count()).select_from(model))


def rows(factory):
    with factory() as s:
        return list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.fixture
def factory(db_url):
    f = db.session_factory(db_url)
    yield f
    f.kw["bind"].dispose()


class Recorder:
    """A transport that records what it was asked to send; fails by a script of exceptions."""
    name = "test"

    def __init__(self, script=(), idempotent=False):
        self.sent, self.calls, self.script, self.idempotent = [], 0, list(script), idempotent
        self.lock = threading.Lock()

    def send(self, c):
        with self.lock:
            self.calls += 1
            if self.script:
                exc = self.script.pop(0)
                if exc is not None:
                    raise exc
            self.sent.append(c.letter_id)
        return "ok"


def worker(factory, transport, **cfg):
    config = WorkerConfig(backoff=timedelta(seconds=10), lease=timedelta(minutes=5), **cfg)
    return OutboxWorker(factory, config, {"email": transport, "chat": transport})


def open_complaint(factory, key="k-1"):
    with factory() as s:
        view, _ = cases.create_case(s, "complaint", body(key), "test")
    return view["reference"]


# ---------------------------------------------------------------- same transaction

def test_failure_after_the_letter_is_queued_leaves_neither(factory, monkeypatch):
    queued = []
    real_queue = outbox.queue

    def spy(session, case, kind):
        queued.append(real_queue(session, case, kind).letter_id)
        return queued[-1]

    def boom(*a, **k):
        raise RuntimeError("database went away")

    monkeypatch.setattr(outbox, "queue", spy)
    monkeypatch.setattr(audit, "record", boom)  # runs after the letter is queued, before commit
    with factory() as s, pytest.raises(RuntimeError):
        cases.create_case(s, "complaint", body(), "test")
    assert len(queued) == 1  # the letter really was in the transaction
    assert count(factory, OutboxMessage) == 0 and count(factory, Case) == 0 and count(factory, IdempotencyKey) == 0


def test_a_letter_that_cannot_be_composed_blocks_the_change(factory, monkeypatch):
    ref = open_complaint(factory)

    def broken(case, kind, templates_dir=None):
        raise letters.LetterTemplateMissing("no template")

    monkeypatch.setattr(letters, "render", broken)
    with factory() as s, pytest.raises(letters.LetterTemplateMissing):
        cases.respond(s, ref, RespondIn(decision="upheld", reasons="r"), "test")
    with factory() as s, pytest.raises(letters.LetterTemplateMissing):
        cases.create_case(s, "complaint", body("k-2"), "test")
    with factory() as s:
        c = s.scalar(select(Complaint).where(Complaint.reference == ref))
        assert (c.status, c.decision) == ("open", None)
        assert s.scalar(select(func.count()).select_from(Case)) == 1
    assert [m.kind for m in rows(factory)] == ["acknowledgement"]
    n_audit = count(factory, AuditEvent)
    assert n_audit == 1  # only the create


def test_failure_after_a_transition_letter_is_queued_rolls_back_both(factory, monkeypatch):
    ref = open_complaint(factory)
    monkeypatch.setattr(audit, "record", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")))
    with factory() as s, pytest.raises(RuntimeError):
        cases.extend(s, ref, 5, "reason", "test")
    with factory() as s:
        assert s.scalar(select(Complaint.extensions_used).where(Complaint.reference == ref)) == 0
    assert [m.kind for m in rows(factory)] == ["acknowledgement"]


def test_idempotent_repeat_queues_no_second_letter(factory):
    open_complaint(factory)
    open_complaint(factory)
    assert count(factory, OutboxMessage) == 1


# ---------------------------------------------------------------- delivery, retries, failure

def test_delivery_records_sent(factory):
    ref = open_complaint(factory)
    t = Recorder()
    assert worker(factory, t).run_once()["sent"] == 1
    m = rows(factory)[0]
    assert (m.status, m.attempts, m.transport, m.receipt, m.lease_until) == ("sent", 1, "test", "ok", None)
    assert m.sent_at is not None and t.sent == [m.letter_id] and m.reference == ref
    assert worker(factory, t).run_once()["sent"] == 0 and t.calls == 1


def test_retries_with_exponential_backoff_then_failed(factory):
    open_complaint(factory)
    t = Recorder(script=[NotSent("SMTP 451")] * 10)
    w = worker(factory, t, max_attempts=4)
    now = datetime.now(timezone.utc) + timedelta(seconds=1)
    delays = []
    for attempt in range(1, 5):
        assert w.run_once(now)["sent"] == 0
        m = rows(factory)[0]
        assert m.attempts == attempt and m.last_error == "SMTP 451"
        if attempt < 4:
            nxt = m.next_attempt_at.replace(tzinfo=timezone.utc)
            delays.append((nxt - now).total_seconds())
            assert m.status == "pending"
            assert w.run_once(nxt - timedelta(seconds=1))["sent"] == 0 and t.calls == attempt  # not yet due
            now = nxt
    assert delays == [10, 20, 40]
    assert rows(factory)[0].status == "failed"
    assert w.run_once(now + timedelta(days=30)) == {"sent": 0, "retry": 0, "failed": 0, "unknown": 0, "recovered": 0}
    assert t.calls == 4


def test_backoff_is_capped(factory):
    open_complaint(factory)
    t = Recorder(script=[NotSent("x")] * 5)
    w = OutboxWorker(factory, WorkerConfig(backoff=timedelta(seconds=100), backoff_cap=timedelta(seconds=150)),
                     {"email": t, "chat": t})
    now = datetime.now(timezone.utc) + timedelta(seconds=1)
    w.run_once(now)
    w.run_once(now + timedelta(seconds=100))
    m = rows(factory)[0]
    assert m.next_attempt_at.replace(tzinfo=timezone.utc) - (now + timedelta(seconds=100)) == timedelta(seconds=150)


def test_maybe_sent_is_never_retried(factory):
    open_complaint(factory)
    t = Recorder(script=[MaybeSent("connection lost after the message was sent")])
    w = worker(factory, t)
    assert w.run_once()["unknown"] == 1
    assert w.run_once(datetime.now(timezone.utc) + timedelta(days=1))["sent"] == 0
    assert t.calls == 1 and rows(factory)[0].status == "unknown"


def test_unexpected_transport_error_is_unknown_not_resent(factory):
    open_complaint(factory)
    t = Recorder(script=[KeyError("bug")])
    assert worker(factory, t).run_once()["unknown"] == 1
    assert rows(factory)[0].last_error == "unexpected error (KeyError)"


def test_worker_dies_after_sending_before_recording_it(factory, monkeypatch):
    """The crash window that matters: the resident has the letter, the row still says sending.
    On restart the expired lease makes it `unknown` (staff check), never a second send."""
    open_complaint(factory)
    t = Recorder()

    def killed(*a, **k):
        raise SystemExit("worker killed")

    monkeypatch.setattr(outbox_claims, "mark_sent", killed)
    with pytest.raises(SystemExit):
        worker(factory, t).run_once()
    monkeypatch.undo()
    assert rows(factory)[0].status == "sending" and len(t.sent) == 1
    w2 = worker(factory, t)
    assert w2.run_once()["recovered"] == 0  # lease still held: nobody touches it
    later = datetime.now(timezone.utc) + timedelta(minutes=6)
    assert w2.run_once(later) == {"sent": 0, "retry": 0, "failed": 0, "unknown": 0, "recovered": 1}
    m = rows(factory)[0]
    assert m.status == "unknown" and "may or may not" in m.last_error
    assert w2.run_once(later + timedelta(days=1))["sent"] == 0
    assert len(t.sent) == 1


def test_idempotent_transport_is_resent_after_a_crash(factory, tmp_path):
    open_complaint(factory)
    ft = FileTransport(tmp_path / "out")
    claimed = outbox_claims.claim_next(factory, "dead-worker", datetime.now(timezone.utc), timedelta(minutes=5))
    ft.send(claimed)  # wrote the file, then "died"
    w = OutboxWorker(factory, WorkerConfig(), {"email": ft, "chat": Recorder()})
    counts = w.run_once(datetime.now(timezone.utc) + timedelta(minutes=6))
    assert counts["recovered"] == 1 and counts["sent"] == 1
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"{claimed.letter_id}.eml"]  # same file, once
    m = rows(factory)[0]
    assert (m.status, m.attempts) == ("sent", 2)


def test_a_late_success_after_the_lease_expired_is_recorded(factory):
    open_complaint(factory)
    now = datetime.now(timezone.utc)
    c = outbox_claims.claim_next(factory, "slow", now, timedelta(seconds=1))
    assert outbox_claims.recover_expired(factory, now + timedelta(seconds=5), ()) == 1
    assert rows(factory)[0].status == "unknown"
    assert outbox_claims.mark_sent(factory, c, now, "smtp", "250 ok")
    assert rows(factory)[0].status == "sent"


def test_parallel_workers_send_each_letter_exactly_once(factory):
    for i in range(12):
        open_complaint(factory, key=f"k-{i}")
    t = Recorder()
    barrier = threading.Barrier(4)
    errors = []

    def run(i):
        barrier.wait()
        try:
            OutboxWorker(factory, WorkerConfig(owner=f"w{i}"), {"email": t, "chat": t}).run_once()
        except Exception as exc:  # pragma: no cover
            errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert errors == []
    assert sorted(t.sent) == sorted(m.letter_id for m in rows(factory))
    assert len(set(t.sent)) == len(t.sent) == 12
    assert all(m.status == "sent" and m.attempts == 1 for m in rows(factory))


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite serialises writers instead
def test_postgresql_claim_skips_a_locked_row_instead_of_waiting(factory):
    open_complaint(factory, "k-1")
    open_complaint(factory, "k-2")
    first, second = [m.id for m in rows(factory)]
    with factory() as holder:
        holder.scalars(select(OutboxMessage).where(OutboxMessage.id == first).with_for_update()).one()
        t0 = time.monotonic()
        c = outbox_claims.claim_next(factory, "b", datetime.now(timezone.utc), timedelta(minutes=5))
        assert c.id == second and time.monotonic() - t0 < 5
        holder.rollback()


def test_claims_are_exclusive(factory):
    open_complaint(factory)
    now = datetime.now(timezone.utc)
    first = outbox_claims.claim_next(factory, "a", now, timedelta(minutes=5))
    assert first is not None and first.attempts == 1 and first.lease_owner.startswith("a/")
    assert outbox_claims.claim_next(factory, "b", now, timedelta(minutes=5)) is None


# ---------------------------------------------------------------- file transport (the default)

def test_file_transport_writes_an_eml_and_records_delivery(factory, tmp_path, monkeypatch, clock):
    clock.set(RECEIVED)  # acknowledged as it arrives: respond by 8 Dec
    monkeypatch.setenv("LETTERS_DIR", str(tmp_path / "letters"))
    monkeypatch.delenv("SMTP_HOST", raising=False)
    monkeypatch.delenv("MAIL_TRANSPORT", raising=False)
    monkeypatch.setenv("MAIL_FROM", "Riverside Homes <complaints@riverside.example>")
    ref = open_complaint(factory)
    assert OutboxWorker(factory, WorkerConfig()).run_once()["sent"] == 1
    m = rows(factory)[0]
    path = tmp_path / "letters" / f"{m.letter_id}.eml"
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert msg["Message-ID"] == m.message_id == f"<{m.letter_id.lower()}@riverside.example>"
    assert msg["To"] == "ann@example.org" and msg["X-Case-Reference"] == ref
    assert msg["From"] == "Riverside Homes <complaints@riverside.example>"
    text = msg.get_body(("plain",)).get_content()
    assert ref in text and "Tuesday 8 December 2026" in text
    assert "Tuesday 8 December 2026" in msg.get_body(("html",)).get_content()
    assert (m.status, m.transport, m.receipt) == ("sent", "file", path.name)


def test_an_unusable_email_address_is_not_sent_and_ends_failed(factory, tmp_path):
    with factory() as s:
        cases.create_case(s, "complaint", ComplaintCreate(
            idempotency_key="bad", text="x", contact={"email": "ann@example.org\r\nBcc: x@evil.example"}), "t")
    w = OutboxWorker(factory, WorkerConfig(max_attempts=1), {"email": FileTransport(tmp_path / "out"), "chat": Recorder()})
    assert w.run_once()["failed"] == 1
    assert rows(factory)[0].last_error == "the email address on the case is not usable"
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


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
    cfg = Config(str(BACKEND / "alembic.ini"))
    cfg.set_main_option("script_location", str(BACKEND / "migrations"))
    cfg.attributes["database_url"] = db_url
    cfg.attributes["configure_logger"] = False
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
