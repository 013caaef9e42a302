"""Delivery worker for the letters outbox.

    python -m casework.outbox_worker            # loop until stopped (SIGTERM / Ctrl-C)
    python -m casework.outbox_worker --once     # deliver everything due now, then exit

or in-process: `start_in_process(factory)` (the API does this when OUTBOX_WORKER=inprocess).

Email goes by MAIL_TRANSPORT: `file` (default when SMTP_HOST is unset: an .eml file per letter in
LETTERS_DIR, default <repo>/var/letters) or `smtp` (SMTP_HOST, SMTP_PORT, SMTP_TLS=starttls|ssl|none,
SMTP_USER, SMTP_PASSWORD, MAIL_FROM). Chat letters go to Rasa (RASA_URL, RASA_TOKEN).
Retries: OUTBOX_MAX_ATTEMPTS (6), backoff OUTBOX_BACKOFF_SECONDS (60) doubling per attempt up to
OUTBOX_BACKOFF_CAP_SECONDS (21600), lease OUTBOX_LEASE_SECONDS (300; must exceed the transports'
timeouts), poll OUTBOX_POLL_SECONDS (5).

Logs carry letter ids and case references only, never names, addresses or letter text.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from . import db, outbox_claims
from .settings import get_settings
from .transports import (
    FileTransport, MaybeSent, NotSent, RasaSettings, RasaTransport, SmtpSettings, SmtpTransport,
)

log = logging.getLogger("casework.outbox")


class Transport(Protocol):
    name: str
    idempotent: bool

    def send(self, c: outbox_claims.Claimed) -> str: ...


@dataclass
class WorkerConfig:
    max_attempts: int = 6
    backoff: timedelta = timedelta(seconds=60)
    backoff_cap: timedelta = timedelta(hours=6)
    lease: timedelta = timedelta(minutes=5)
    poll_interval: float = 5.0
    batch: int = 100  # letters per run_once at most, so a loop stays responsive to stop
    owner: str = field(default_factory=lambda: f"{socket.gethostname()[:40]}:{os.getpid()}")

    @classmethod
    def from_env(cls) -> "WorkerConfig":
        s = get_settings()
        return cls(max_attempts=s.outbox_max_attempts,
                   backoff=timedelta(seconds=s.outbox_backoff_seconds),
                   backoff_cap=timedelta(seconds=s.outbox_backoff_cap_seconds),
                   lease=timedelta(seconds=s.outbox_lease_seconds),
                   poll_interval=s.outbox_poll_seconds)


def email_transport_from_env() -> Transport:
    kind = get_settings().email_transport
    if kind == "smtp":
        return SmtpTransport(SmtpSettings.from_env())
    if kind == "file":
        return FileTransport()
    raise ValueError(f"MAIL_TRANSPORT must be file or smtp, not {kind!r}")


class OutboxWorker:
    def __init__(self, factory: sessionmaker[Session], config: WorkerConfig | None = None,
                 transports: dict[str, Transport] | None = None):
        self.factory = factory
        self.config = config or WorkerConfig.from_env()
        self.transports: dict[str, Transport] = transports or {
            "email": email_transport_from_env(), "chat": RasaTransport(RasaSettings.from_env())}

    def run_once(self, now: datetime | None = None) -> dict[str, int]:
        """Recover expired leases, then deliver every letter due (at most `batch`). `now` fixes the
        clock (tests); without it each claim reads the clock afresh, so a lease taken late in a long
        batch still runs from the moment it was taken."""
        clock = (lambda: now) if now is not None else (lambda: datetime.now(timezone.utc))
        counts = {"sent": 0, "retry": 0, "failed": 0, "unknown": 0, "recovered": 0}
        idempotent = tuple(ch for ch, t in self.transports.items() if t.idempotent)
        counts["recovered"] = outbox_claims.recover_expired(self.factory, clock(), idempotent)
        channels = tuple(self.transports)
        for _ in range(self.config.batch):
            at = clock()
            c = outbox_claims.claim_next(self.factory, self.config.owner, at, self.config.lease, channels)
            if c is None:
                break
            counts[self.deliver(c, now)] += 1
        return counts

    def deliver(self, c: outbox_claims.Claimed, now: datetime | None = None) -> str:
        transport = self.transports[c.channel]
        try:
            receipt = transport.send(c)
        except NotSent as exc:
            status = outbox_claims.mark_retry(self.factory, c, now or datetime.now(timezone.utc), str(exc),
                                       self.config.max_attempts, self.config.backoff,
                                       self.config.backoff_cap, transport.name)
            log.warning("letter %s for %s not sent (attempt %d): %s -> %s", c.letter_id, c.reference,
                        c.attempts, exc, status)
            return "failed" if status == "failed" else "retry"
        except MaybeSent as exc:
            outbox_claims.mark_unknown(self.factory, c, str(exc), transport.name)
            log.error("letter %s for %s may or may not have been sent: %s -> unknown (staff to check)",
                      c.letter_id, c.reference, exc)
            return "unknown"
        except Exception as exc:  # a bug: we cannot tell how far the send got, so never resend blindly
            outbox_claims.mark_unknown(self.factory, c, f"unexpected error ({type(exc).__name__})", transport.name)
            log.error("letter %s for %s: unexpected %s while sending -> unknown", c.letter_id,
                      c.reference, type(exc).__name__)
            return "unknown"
        # datetime.now, not `now`: sent_at is when it really went
        if not outbox_claims.mark_sent(self.factory, c, datetime.now(timezone.utc), transport.name, receipt):
            log.warning("letter %s for %s was sent but its row had changed meanwhile", c.letter_id, c.reference)
        log.info("letter %s for %s sent via %s", c.letter_id, c.reference, transport.name)
        return "sent"

    def run_forever(self, stop: threading.Event) -> None:
        log.info("outbox worker %s started", self.config.owner)
        while not stop.is_set():
            try:
                counts = self.run_once()
            except Exception as exc:  # database unreachable etc.: keep going, say what kind
                log.error("outbox worker cycle failed: %s", type(exc).__name__)
                counts = {}
            if counts.get("sent", 0) + counts.get("retry", 0) + counts.get("unknown", 0) + \
                    counts.get("failed", 0) < self.config.batch:
                stop.wait(self.config.poll_interval)
        log.info("outbox worker %s stopped", self.config.owner)


@dataclass
class InProcessWorker:
    worker: OutboxWorker
    thread: threading.Thread
    stop_event: threading.Event

    def stop(self, timeout: float = 30.0) -> None:
        self.stop_event.set()
        self.thread.join(timeout)


def start_in_process(factory: sessionmaker[Session], config: WorkerConfig | None = None,
                     transports: dict[str, Transport] | None = None) -> InProcessWorker:
    worker = OutboxWorker(factory, config, transports)
    stop = threading.Event()
    t = threading.Thread(target=worker.run_forever, args=(stop,), name="outbox-worker", daemon=True)
    t.start()
    return InProcessWorker(worker, t, stop)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m casework.outbox_worker",
                                 description="Deliver queued letters (email by file or SMTP, chat by Rasa).")
    ap.add_argument("--once", action="store_true", help="deliver what is due now, then exit")
    ap.add_argument("--database-url", default=None, help="default: DATABASE_URL or var/casework.db")
    args = ap.parse_args(argv)
    logging.basicConfig(level=get_settings().log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    factory = db.session_factory(args.database_url or db.database_url())
    worker = OutboxWorker(factory)
    if args.once:
        counts: dict[str, Any] = worker.run_once()
        log.info("outbox: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
        return 0
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    worker.run_forever(stop)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
