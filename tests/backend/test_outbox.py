"""The outbox: letters written in the same transaction as their change, claimed once, retried with
backoff, failed after N attempts, never sent twice when a worker dies mid-send, and the default
file transport. The staff API, logs and the worker's entry points are in
test_outbox_api_and_worker.py, which imports the helpers here."""
import email
import threading
import time
from datetime import datetime, timedelta, timezone
from email import policy

import pytest
from sqlalchemy import func, select

from casework import audit, cases, db, letters, outbox, outbox_claims
from casework.models import AuditEvent, Case, Complaint, IdempotencyKey, OutboxMessage
from casework.outbox_worker import OutboxWorker, WorkerConfig
from casework.schemas import ComplaintCreate, RespondIn
from casework.transports import FileTransport, MaybeSent, NotSent

RECEIVED = "2026-11-24T10:15:00+00:00"


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
