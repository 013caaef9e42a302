"""The stores outside the case database: Rasa's tracker store, the bot's outbox, letter files,
NLU exports and the staff corrections kept as training rows. Each has find (who is in it), read (subject access) and erase/expire functions.

Rasa has no API to delete a conversation: its SQL tracker store keeps one row per event in the
`events` table (sender_id, type_name, timestamp, intent_name, action_name, data as JSON text), so
erasure deletes the sender's rows. The table is reached with SQLAlchemy Core (no Rasa import), on
SQLite locally and PostgreSQL in production.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import Engine, MetaData, Table, delete, func, inspect, select
from sqlalchemy.exc import OperationalError

from .. import db

class StoreUnavailable(RuntimeError):
    """A store could not be reached: nothing is reported as erased or absent from it."""


# ---------------------------------------------------------------- Rasa tracker store


class Tracker:
    def __init__(self, url: str | None):
        self.url = url
        self._engine: Engine | None = None
        self._table: Table | None = None

    def _events(self) -> Table | None:
        if self.url is None:
            return None
        if self._engine is None:
            url = db.normalise_url(self.url)
            if url.startswith("sqlite"):
                path = url.split("///", 1)[-1]
                if not Path(path).exists():
                    return None
            self._engine = db.make_engine(url)
        if self._table is None:
            try:
                if not inspect(self._engine).has_table("events"):
                    return None
                self._table = Table("events", MetaData(), autoload_with=self._engine)
            except OperationalError as exc:
                raise StoreUnavailable(f"Rasa's tracker store is unreachable ({type(exc.orig).__name__}); "
                                       "check RASA_TRACKER_URL and run again.") from None
        return self._table

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    def senders_mentioning(self, needle: str) -> set[str]:
        t = self._events()
        if t is None or not needle:
            return set()
        with self._engine.connect() as c:
            rows = c.execute(select(t.c.sender_id).where(func.lower(t.c.data).contains(needle.lower()))
                             .distinct())
            return {r[0] for r in rows}

    def existing(self, senders: Iterable[str]) -> set[str]:
        t, senders = self._events(), list(senders)
        if t is None or not senders:
            return set()
        with self._engine.connect() as c:
            return {r[0] for r in c.execute(select(t.c.sender_id).where(t.c.sender_id.in_(senders)).distinct())}

    def transcript(self, sender: str) -> list[dict[str, Any]]:
        """The conversation as the resident saw it: their messages and the bot's replies."""
        t = self._events()
        if t is None:
            return []
        out = []
        with self._engine.connect() as c:
            for type_name, ts, data in c.execute(select(t.c.type_name, t.c.timestamp, t.c.data)
                                                 .where(t.c.sender_id == sender).order_by(t.c.id)):
                if type_name not in ("user", "bot"):
                    continue
                try:
                    ev = json.loads(data or "{}")
                except ValueError:
                    ev = {}
                out.append({"at": ts, "from": "resident" if type_name == "user" else "assistant",
                            "text": ev.get("text")})
        return out

    def delete_senders(self, senders: Iterable[str], dry_run: bool = False) -> int:
        t, senders = self._events(), list(senders)
        if t is None or not senders:
            return 0
        with self._engine.begin() as c:
            n = c.execute(select(func.count()).select_from(t).where(t.c.sender_id.in_(senders))).scalar()
            if not dry_run:
                c.execute(delete(t).where(t.c.sender_id.in_(senders)))
        return int(n or 0)

    def last_activity(self) -> dict[str, float]:
        """Each conversation's latest event time (Unix seconds)."""
        t = self._events()
        if t is None:
            return {}
        with self._engine.connect() as c:
            return {s: float(ts or 0) for s, ts in c.execute(
                select(t.c.sender_id, func.max(t.c.timestamp)).group_by(t.c.sender_id))}


# ---------------------------------------------------------------- the bot's outbox (SQLite)


class BotOutbox:
    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection | None:
        if not self.path.exists():
            return None
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        conn.row_factory = sqlite3.Row
        ok = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='outbox'").fetchone()
        if not ok:
            conn.close()
            return None
        return conn

    def rows_for(self, conversations: set[str], needles: Iterable[str] = ()) -> list[dict[str, Any]]:
        conn = self._connect()
        if conn is None:
            return []
        needles = [n.lower() for n in needles if n]
        out = []
        with closing(conn):
            for r in conn.execute("SELECT * FROM outbox ORDER BY id"):
                try:
                    body = json.loads(r["body"])
                except ValueError:
                    body = {}
                conv = body.get("conversation_id") if isinstance(body, dict) else None
                key_conv = r["idempotency_key"].rsplit(":", 1)[0]
                text = r["body"].lower()
                if conv in conversations or key_conv in conversations or any(n in text for n in needles):
                    out.append({"id": r["id"], "kind": r["kind"], "state": r["state"],
                                "created_at": r["created_at"], "conversation_id": conv or key_conv,
                                "reference": r["reference"], "body": body})
        return out

    def delete_ids(self, ids: Iterable[int], dry_run: bool = False) -> int:
        ids = list(ids)
        conn = self._connect()
        if conn is None or not ids:
            return 0
        with closing(conn):
            if dry_run:
                return len(ids)
            marks = ",".join("?" * len(ids))
            return conn.execute(f"DELETE FROM outbox WHERE id IN ({marks})", ids).rowcount

    def expired(self, before_ts: float) -> list[int]:
        """Delivered or rejected rows created before the time: the case service has them."""
        conn = self._connect()
        if conn is None:
            return []
        with closing(conn):
            return [r[0] for r in conn.execute(
                "SELECT id FROM outbox WHERE state IN ('delivered', 'rejected') AND created_at < ?", (before_ts,))]


# ---------------------------------------------------------------- letter files


class LetterFiles:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def files(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(p for p in self.directory.iterdir() if p.is_file() and ".eml" in p.name)

    def for_subject(self, letter_ids: set[str], needles: Iterable[str] = ()) -> list[Path]:
        needles = [n.lower() for n in needles if n]
        out = []
        for p in self.files():
            lid = p.name.lstrip(".").split(".eml")[0]
            if lid in letter_ids:
                out.append(p)
                continue
            if needles:
                text = p.read_bytes().decode("utf-8", "replace").lower()
                if any(n in text for n in needles):
                    out.append(p)
        return out

    @staticmethod
    def delete(paths: Iterable[Path], dry_run: bool = False) -> int:
        n = 0
        for p in paths:
            if p.exists():
                n += 1
                if not dry_run:
                    p.unlink()
        return n


# ---------------------------------------------------------------- NLU exports


class NluExports:
    def __init__(self, paths: Iterable[Path]):
        self.paths = [Path(p) for p in paths]

    @staticmethod
    def _key(text: str) -> str:
        from ..staff.nlu import example_text, normalise
        return normalise(example_text(text))

    def lines_for(self, texts: Iterable[str]) -> dict[Path, list[str]]:
        keys = {self._key(t) for t in texts if t and t.strip()}
        found: dict[Path, list[str]] = {}
        for p in self.paths:
            if not keys or not p.is_file():
                continue
            for line in p.read_text(encoding="utf-8").splitlines():
                s = line.strip()
                if s.startswith("- ") and self._key(s[2:]) in keys:
                    found.setdefault(p, []).append(line)
        return found

    def remove(self, texts: Iterable[str], dry_run: bool = False) -> int:
        found = self.lines_for(texts)
        n = 0
        for p, lines in found.items():
            n += len(lines)
            if dry_run:
                continue
            drop = set(lines)
            kept = [ln for ln in p.read_text(encoding="utf-8").splitlines() if ln not in drop]
            p.write_text("\n".join(kept) + "\n", encoding="utf-8")
        return n


# ---------------------------------------------------------------- training rows (make corrections)


class TrainingRows:
    """var/training/staff_corrections.tsv (casework.staff.training): redacted texts, each with the
    fingerprint of the resident's original message in its `source` column, which is how a
    resident's rows are found (the redacted text no longer matches the message)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _lines(self) -> list[str]:
        if not self.path.is_file():
            return []
        return self.path.read_text(encoding="utf-8").splitlines()

    def rows_for(self, texts: Iterable[str]) -> list[str]:
        from .redact import fingerprint

        keys = {fingerprint(t) for t in texts if t and t.strip()}
        lines = self._lines()
        if not keys or not lines:
            return []
        header = lines[0].split("\t")
        if "source" not in header:
            return []
        col = header.index("source")
        return [ln for ln in lines[1:] if len(ln.split("\t")) > col and ln.split("\t")[col] in keys]

    def remove(self, texts: Iterable[str], dry_run: bool = False) -> int:
        found = set(self.rows_for(texts))
        if found and not dry_run:
            kept = [ln for ln in self._lines() if ln not in found]
            tmp = self.path.with_name(f".{self.path.name}.tmp")
            tmp.write_text("\n".join(kept) + "\n", encoding="utf-8")
            tmp.replace(self.path)
        return len(found)
