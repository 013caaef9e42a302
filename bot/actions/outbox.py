"""Durable local queue for backend writes that could not be delivered (nothing is lost).

One SQLite row per request, unique on (kind, idempotency_key), so queuing twice and
delivering twice are both safe: the backend returns the first record for a known key.
A background thread in the action server (see `start_background_deliverer`) and the CLI
`python -m actions.outbox deliver` retry due rows with exponential backoff.
"""
from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from actions.settings import check_at_start, get_settings

logger = logging.getLogger(__name__)

BASE_BACKOFF_S = 2.0
MAX_BACKOFF_S = 300.0
LEASE_S = 60.0

PENDING, DELIVERED, REJECTED = "pending", "delivered", "rejected"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    next_attempt_at REAL NOT NULL,
    delivered_at REAL,
    last_status INTEGER,
    last_error TEXT,
    reference TEXT,
    UNIQUE (kind, idempotency_key)
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at);
"""


def outbox_path() -> Path:
    return get_settings().outbox_path


@dataclass(frozen=True)
class OutboxRow:
    id: int
    kind: str
    path: str
    idempotency_key: str
    body: dict
    state: str
    attempts: int
    reference: Optional[str]
    last_status: Optional[int]


@dataclass(frozen=True)
class SendResult:
    """What one delivery attempt gave: delivered, retry later, or permanently refused."""
    outcome: str  # "delivered" | "retry" | "rejected"
    status: Optional[int] = None
    reference: Optional[str] = None
    error: Optional[str] = None
    code: Optional[str] = None  # a refusal's code (the backend's {"code": ...}), e.g. case_not_in_conversation


class Outbox:
    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = Path(path) if path else outbox_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.row_factory = sqlite3.Row
        return conn

    def enqueue(self, kind: str, path: str, idempotency_key: str, body: dict,
                state: str = PENDING, status: Optional[int] = None,
                error: Optional[str] = None) -> bool:
        """Store a request; False when one with the same kind and key is already stored."""
        now = time.time()
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO outbox (kind, path, idempotency_key, body, state, "
                "created_at, next_attempt_at, last_status, last_error) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (kind, path, idempotency_key, json.dumps(body), state, now, now, status, error),
            )
            return cur.rowcount == 1

    def rows(self, state: Optional[str] = None) -> list[OutboxRow]:
        sql = "SELECT * FROM outbox" + (" WHERE state = ?" if state else "") + " ORDER BY id"
        with self._connect() as conn:
            return [_row(r) for r in conn.execute(sql, (state,) if state else ())]

    def pending_count(self) -> int:
        with self._connect() as conn:
            return conn.execute("SELECT COUNT(*) FROM outbox WHERE state = ?",
                                (PENDING,)).fetchone()[0]

    def claim_due(self, now: Optional[float] = None, limit: int = 20,
                  ignore_backoff: bool = False) -> list[OutboxRow]:
        """Rows due now, each leased to this caller so two deliverers do not race."""
        now = time.time() if now is None else now
        cutoff = float("inf") if ignore_backoff else now
        claimed = []
        with self._connect() as conn:
            candidates = conn.execute(
                "SELECT * FROM outbox WHERE state = ? AND next_attempt_at <= ? "
                "ORDER BY id LIMIT ?", (PENDING, cutoff, limit)).fetchall()
            for r in candidates:
                cur = conn.execute(
                    "UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND state = ? "
                    "AND next_attempt_at = ?",
                    (now + LEASE_S, r["id"], PENDING, r["next_attempt_at"]))
                if cur.rowcount == 1:
                    claimed.append(_row(r))
        return claimed

    def record(self, row_id: int, result: SendResult, now: Optional[float] = None) -> None:
        now = time.time() if now is None else now
        with self._connect() as conn:
            if result.outcome == "delivered":
                conn.execute(
                    "UPDATE outbox SET state = ?, delivered_at = ?, attempts = attempts + 1, "
                    "last_status = ?, reference = ?, last_error = NULL WHERE id = ?",
                    (DELIVERED, now, result.status, result.reference, row_id))
            elif result.outcome == "rejected":
                conn.execute(
                    "UPDATE outbox SET state = ?, attempts = attempts + 1, last_status = ?, "
                    "last_error = ? WHERE id = ?",
                    (REJECTED, result.status, result.error, row_id))
            else:
                attempts = conn.execute("SELECT attempts FROM outbox WHERE id = ?",
                                        (row_id,)).fetchone()[0] + 1
                delay = min(BASE_BACKOFF_S * (2 ** (attempts - 1)), MAX_BACKOFF_S)
                conn.execute(
                    "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_status = ?, "
                    "last_error = ? WHERE id = ?",
                    (attempts, now + delay, result.status, result.error, row_id))


def _row(r: sqlite3.Row) -> OutboxRow:
    return OutboxRow(id=r["id"], kind=r["kind"], path=r["path"],
                     idempotency_key=r["idempotency_key"], body=json.loads(r["body"]),
                     state=r["state"], attempts=r["attempts"], reference=r["reference"],
                     last_status=r["last_status"])


Sender = Callable[[str, dict], SendResult]


def deliver_due(outbox: Outbox, send: Sender, now: Optional[float] = None,
                ignore_backoff: bool = False) -> dict:
    """One pass over due rows; returns counts by outcome (no personal data)."""
    counts = {"delivered": 0, "retry": 0, "rejected": 0}
    from actions.backend_answers import HELD, refused_body, sent_again
    for row in outbox.claim_due(now=now, ignore_backoff=ignore_backoff):
        body = row.body
        result = send(row.path, body)
        again = sent_again(row.path, body, result.code) if result.outcome == "rejected" else None
        if again is not None:  # as the live path does (BackendClient.create): same key, without it
            body, result = again, send(row.path, again)
        outbox.record(row.id, result)
        counts[result.outcome] += 1
        if result.outcome == "rejected" and row.kind != "held":
            # Refused on redelivery: hand it to the staff queue (nothing stays only here).
            held = refused_body(row.kind, body, result.status, result.error)
            outbox.enqueue("held", HELD, held["idempotency_key"], held)
        logger.info("outbox row %s (%s) -> %s status=%s ref=%s", row.id, row.kind,
                    result.outcome, result.status, result.reference)
    return counts


_deliverer: Optional[threading.Thread] = None
_deliverer_lock = threading.Lock()


def start_background_deliverer(interval_s: float = 5.0) -> Optional[threading.Thread]:
    """Start (once per process) a daemon thread that keeps delivering due rows."""
    global _deliverer
    with _deliverer_lock:
        if _deliverer is not None and _deliverer.is_alive():
            return _deliverer
        from actions.backend_client import ClientConfig, sync_sender

        def loop() -> None:
            outbox = Outbox()
            send = sync_sender(ClientConfig.from_env())
            while True:
                try:
                    deliver_due(outbox, send)
                except Exception:  # a bad pass must not kill the thread
                    logger.exception("outbox delivery pass failed")
                time.sleep(interval_s)

        _deliverer = threading.Thread(target=loop, name="outbox-deliverer", daemon=True)
        _deliverer.start()
        logger.info("outbox deliverer started (%s)", outbox_path())
        return _deliverer


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actions.outbox",
                                     description="Deliver or inspect the bot's outbox.")
    sub = parser.add_subparsers(dest="command", required=True)
    deliver = sub.add_parser("deliver", help="deliver due rows")
    deliver.add_argument("--until-empty", action="store_true",
                         help="keep retrying (with backoff) until nothing is pending")
    deliver.add_argument("--max-wait", type=float, default=600.0,
                         help="give up --until-empty after this many seconds")
    deliver.add_argument("--all", action="store_true",
                         help="ignore backoff: try every pending row now")
    sub.add_parser("status", help="count rows by state")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    check_at_start()  # a bad setting: one line naming the variable, before touching the queue

    outbox = Outbox()
    if args.command == "status":
        for state in (PENDING, DELIVERED, REJECTED):
            print(f"{state}={len(outbox.rows(state))}")
        return 0

    from actions.backend_client import ClientConfig, sync_sender
    send = sync_sender(ClientConfig.from_env())
    deadline = time.time() + args.max_wait
    while True:
        counts = deliver_due(outbox, send, ignore_backoff=args.all)
        pending = outbox.pending_count()
        print(f"delivered={counts['delivered']} retry={counts['retry']} "
              f"rejected={counts['rejected']} pending={pending}")
        if not args.until_empty or pending == 0:
            return 0 if pending == 0 else 2
        if time.time() > deadline:
            return 2
        time.sleep(1.0)


if __name__ == "__main__":
    raise SystemExit(main())
