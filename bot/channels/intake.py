"""Durable intake: every resident message is on disk before Rasa sees it; none is lost.

`process_turn` (called by every channel):
  1. cleans the text and writes it, in full, to the intake queue (SQLite, WAL, fsync);
  2. a message over the length cap never reaches the model: it is marked due for staff and
     the resident is asked to shorten or split it;
  3. otherwise Rasa handles it; if Rasa raises, or any call to the action server fails in this
     turn (server down, action crashed), the row is marked due and the resident is told the
     truth (we have it, staff will read it) with the emergency line when the text looks urgent
     (the triage's own `has_emergency`);
  4. a turn that went through releases (deletes) its row.
The sweeper (one asyncio task per Rasa process) delivers due rows, and rows held longer than a
grace period (the Rasa process died mid-turn and was restarted), to the case service's
`POST /api/v1/held-messages`, which puts them in the staff handoff queue. Delivered rows are
deleted: the intake keeps no personal data longer than needed.
"""
from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator, Optional

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import OutputChannel, UserMessage

from channels import wording
from channels.guard import GuardSettings, clean_text, neutralise_intent
from channels.settings import get_settings

logger = logging.getLogger(__name__)

HELD_PATH = "/api/v1/held-messages"
LEASE_S = 60.0
MAX_BACKOFF_S = 300.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS intake (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sender TEXT NOT NULL,
    message_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    text TEXT NOT NULL,
    received_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'held',
    reason TEXT,
    urgent INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    next_attempt_at REAL NOT NULL,
    UNIQUE (sender, message_id)
);
CREATE INDEX IF NOT EXISTS intake_due ON intake (state, next_attempt_at);
"""


def intake_path() -> Path:
    return get_settings().intake_path


def looks_urgent(text: str) -> bool:
    """The triage's emergency cue (one lexicon, bot/actions/triage/flags.py)."""
    try:
        from actions.triage.flags import has_emergency
        return has_emergency(text[:20_000])
    except Exception:  # noqa: BLE001 - an unreadable text is treated as possibly urgent
        logger.exception("intake: emergency check failed")
        return True


@dataclass(frozen=True)
class IntakeRow:
    id: int
    sender: str
    message_id: str
    channel: str
    text: str
    received_at: str
    state: str
    reason: Optional[str]
    urgent: bool
    attempts: int


class Intake:
    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = Path(path) if path else intake_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as conn:
            conn.executescript(_SCHEMA)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One connection per thread, kept open (opening one per call cost ~40 ms under load)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")  # a held message survives a power cut
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        yield conn

    def hold(self, sender: str, message_id: str, channel: str, text: str,
             received_at: str, urgent: bool) -> int:
        now = time.time()
        with self._connect() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO intake (sender, message_id, channel, text, received_at, "
                "urgent, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (sender, message_id, channel, text, received_at, int(urgent), now, now))
            return conn.execute("SELECT id FROM intake WHERE sender = ? AND message_id = ?",
                                (sender, message_id)).fetchone()[0]

    def release(self, row_id: int) -> None:
        """The turn went through: Rasa's tracker store and the records hold it now."""
        with self._connect() as conn:
            conn.execute("DELETE FROM intake WHERE id = ? AND state = 'held'", (row_id,))

    def mark_due(self, row_id: int, reason: str) -> None:
        with self._connect() as conn:
            conn.execute("UPDATE intake SET state = 'due', reason = ?, next_attempt_at = ? "
                         "WHERE id = ?", (reason, time.time(), row_id))

    def claim(self, grace_s: float, now: Optional[float] = None,
              limit: int = 20) -> list[IntakeRow]:
        """Due rows, and rows held past the grace period (their turn never finished)."""
        now = time.time() if now is None else now
        claimed = []
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM intake WHERE (state = 'due' AND next_attempt_at <= ?) "
                "OR (state = 'held' AND created_at <= ?) ORDER BY id LIMIT ?",
                (now, now - grace_s, limit)).fetchall()
            for r in rows:
                cur = conn.execute(
                    "UPDATE intake SET state = 'due', reason = COALESCE(reason, 'not_answered'),"
                    " next_attempt_at = ? WHERE id = ? AND next_attempt_at = ? AND state = ?",
                    (now + LEASE_S, r["id"], r["next_attempt_at"], r["state"]))
                if cur.rowcount == 1:
                    claimed.append(_row(r, reason=r["reason"] or "not_answered"))
        return claimed

    def delivered(self, row_id: int) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM intake WHERE id = ?", (row_id,))

    def retry_later(self, row_id: int, now: Optional[float] = None) -> None:
        now = time.time() if now is None else now
        with self._connect() as conn:
            attempts = conn.execute("SELECT attempts FROM intake WHERE id = ?",
                                    (row_id,)).fetchone()[0] + 1
            delay = min(2.0 * (2 ** (attempts - 1)), MAX_BACKOFF_S)
            conn.execute("UPDATE intake SET attempts = ?, next_attempt_at = ? WHERE id = ?",
                         (attempts, now + delay, row_id))

    def rows(self) -> list[IntakeRow]:
        with self._connect() as conn:
            return [_row(r) for r in conn.execute("SELECT * FROM intake ORDER BY id")]


def _row(r: sqlite3.Row, reason: Optional[str] = None) -> IntakeRow:
    return IntakeRow(id=r["id"], sender=r["sender"], message_id=r["message_id"],
                     channel=r["channel"], text=r["text"], received_at=r["received_at"],
                     state=r["state"], reason=reason or r["reason"], urgent=bool(r["urgent"]),
                     attempts=r["attempts"])


def held_body(row: IntakeRow) -> dict:
    return {"idempotency_key": f"intake:{row.sender}:{row.message_id}",
            "conversation_id": row.sender, "message_id": row.message_id,
            "channel": row.channel, "received_at": row.received_at, "text": row.text,
            "reason": row.reason or "not_answered",
            "flags": ["emergency"] if row.urgent else []}


# --- failed action calls in the current turn ---------------------------------------------
_turn_failures: contextvars.ContextVar[Optional[list]] = contextvars.ContextVar(
    "intake_turn_failures", default=None)
_original_remote_run = RemoteAction.run


async def _remote_run_watched(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
    try:
        return await _original_remote_run(self, *args, **kwargs)
    except ActionExecutionRejection:
        raise  # a form re-asking a slot: a normal turn
    except Exception:
        failures = _turn_failures.get()
        if failures is not None:
            failures.append(self.name())
        raise  # Rasa logs it and carries on without the action's events


if getattr(RemoteAction.run, "__name__", "") != "_remote_run_watched":
    RemoteAction.run = _remote_run_watched  # type: ignore[method-assign]


# --- one turn --------------------------------------------------------------------------
@dataclass
class TurnOutcome:
    ran: bool  # Rasa handled the message and every action call succeeded
    replies: list[str] = field(default_factory=list)  # the channel's own replies
    replace: bool = False  # drop the bot's replies (they were written without the actions)
    message_id: str = ""


_intake: Optional[Intake] = None


def get_intake() -> Intake:
    global _intake
    if _intake is None or _intake.path != intake_path():
        _intake = Intake()
    return _intake


async def process_turn(on_new_message: Callable[[UserMessage], Awaitable[Any]],
                       output: OutputChannel, *, sender_id: str, text: Any, message_id: str,
                       metadata: dict, channel: str, settings: GuardSettings) -> TurnOutcome:
    full = clean_text(text)
    intake = get_intake()
    urgent = looks_urgent(full)
    received_at = str(metadata.get("received_at"))
    row_id = await asyncio.to_thread(intake.hold, sender_id, message_id, channel, full,
                                     received_at, urgent)
    extra = [wording.emergency_line()] if urgent else []
    if len(full) > settings.max_chars:
        await asyncio.to_thread(intake.mark_due, row_id, "too_long")
        logger.warning("intake: message over %s characters kept for staff (sender %s)",
                       settings.max_chars, sender_id)
        reply = wording.TOO_LONG.format(length=len(full), limit=settings.max_chars)
        return TurnOutcome(ran=False, replies=[reply] + extra, replace=True,
                           message_id=message_id)
    for_model = neutralise_intent(full, settings.button_intents)
    if not for_model:
        await asyncio.to_thread(intake.release, row_id)
        return TurnOutcome(ran=False, replies=[wording.EMPTY], replace=True,
                           message_id=message_id)

    failures: list = []
    token = _turn_failures.set(failures)
    try:
        await on_new_message(UserMessage(for_model, output, sender_id, input_channel=channel,
                                         message_id=message_id, metadata=metadata))
    except (Exception, asyncio.CancelledError) as exc:  # noqa: BLE001 - kept, then answered
        failures.append(f"rasa:{type(exc).__name__}")
    finally:
        _turn_failures.reset(token)
    if failures:
        await asyncio.to_thread(intake.mark_due, row_id, "bot_failed")
        logger.error("intake: turn failed (%s), message kept for staff (sender %s)",
                     ",".join(failures[:3]), sender_id)
        return TurnOutcome(ran=False, replies=[wording.KEPT] + extra, replace=True,
                           message_id=message_id)
    await asyncio.to_thread(intake.release, row_id)
    return TurnOutcome(ran=True, message_id=message_id)


# --- sweeper ---------------------------------------------------------------------------
Sender = Callable[[str, dict], Awaitable[str]]  # -> "delivered" | "retry" | "rejected"


async def sweep_once(intake: Intake, send: Sender, grace_s: float) -> dict:
    counts = {"delivered": 0, "retry": 0, "rejected": 0}
    rows = await asyncio.to_thread(intake.claim, grace_s)
    for row in rows:
        outcome = await send(HELD_PATH, held_body(row))
        counts[outcome] += 1
        if outcome == "delivered":
            await asyncio.to_thread(intake.delivered, row.id)
        else:  # a refusal is retried too: the text stays on disk until staff have it
            await asyncio.to_thread(intake.retry_later, row.id)
        logger.info("intake row %s (%s) -> %s", row.id, row.reason, outcome)
    return counts


def http_sender() -> Sender:
    import httpx

    settings = get_settings()
    base, token = settings.backend_url, settings.backend_api_token

    async def send(path: str, body: dict) -> str:
        try:
            async with httpx.AsyncClient(base_url=base, timeout=10,
                                         headers={"Authorization": f"Bearer {token}"}) as c:
                response = await c.post(path, content=json.dumps(body),
                                        headers={"Content-Type": "application/json"})
        except httpx.HTTPError:
            return "retry"
        if response.status_code < 300:
            return "delivered"
        return "rejected" if response.status_code in (400, 413, 422) else "retry"
    return send


_sweeper_started = False


def start_sweeper(app: Any) -> None:
    """Once per Rasa process (every channel's blueprint asks; the first one starts it)."""
    global _sweeper_started
    settings = get_settings()
    if _sweeper_started or not settings.intake_sweeper:
        return
    _sweeper_started = True
    interval, grace = settings.intake_interval_s, settings.intake_grace_s

    async def loop() -> None:
        send = http_sender()
        while True:
            try:
                await sweep_once(get_intake(), send, grace)
            except Exception:  # noqa: BLE001 - a bad pass must not stop the sweeper
                logger.exception("intake sweep failed")
            await asyncio.sleep(interval)

    app.add_task(loop())
    logger.info("intake sweeper started (%s)", intake_path())
