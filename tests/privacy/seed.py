"""One resident seeded into every store, through the real API where there is one, plus a second
resident who must survive; and a search of every table, text column and file for their data."""
from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
import time
import uuid
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path

from sqlalchemy import MetaData, Table, create_engine, inspect, select

ROOT = Path(__file__).resolve().parents[2]
RECEIVED = "2026-11-24T10:15:00+00:00"  # a Tuesday (code-2024: acknowledge by 1 Dec)

# The Rasa 3.6 SQL tracker store's table (rasa/core/tracker_store.py, SQLTrackerStore.SQLEvent).
EVENTS_DDL = """CREATE TABLE IF NOT EXISTS events (
    id {pk},
    sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT,
    intent_name VARCHAR(255),
    action_name VARCHAR(255),
    data TEXT
)"""


def bot_outbox_module():
    """bot/actions/outbox.py itself (stdlib only), loaded without Rasa: it reads its path from
    actions.settings (stdlib only too; the actions package's __init__ imports nothing)."""
    if str(ROOT / "bot") not in sys.path:
        sys.path.append(str(ROOT / "bot"))
    spec = importlib.util.spec_from_file_location("bot_outbox", ROOT / "bot" / "actions" / "outbox.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bot_outbox"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@dataclass
class Resident:
    name: str
    email: str
    phone: str
    postcode: str
    words: tuple[str, ...]  # distinctive words of their messages
    conversation: str

    @property
    def message(self) -> str:
        return (f"I reported the damp and mould in my bedroom three times and nobody came. "
                f"The {self.words[0]} in the {self.words[1]} is black. This is {self.name}, "
                f"{self.postcode}, call {self.phone} or email {self.email}.")

    def needles(self) -> list[str]:
        pc = self.postcode
        return [self.name, self.name.split()[-1], self.email, self.phone, self.phone.replace(" ", ""),
                pc, pc.replace(" ", ""), *self.words, self.conversation]


def new_resident(name: str, email: str, phone: str, postcode: str, words: tuple[str, str]) -> Resident:
    return Resident(name, email, phone, postcode, words, f"web-{uuid.uuid4().hex[:12]}")


def tracker_rows(r: Resident, start: float) -> list[tuple]:
    """Rasa-shaped events for one conversation: session start, the resident's messages, bot replies."""
    out = []
    t = start

    def ev(type_name, data, intent=None, action=None):
        nonlocal t
        t += 1.5
        data = {"event": type_name, "timestamp": t, **data}
        out.append((r.conversation, type_name, t, intent, action, json.dumps(data)))

    ev("action", {"name": "action_session_start", "policy": None, "confidence": 1.0}, action="action_session_start")
    ev("session_started", {})
    for text in (r.message, f"My name is {r.name} and my postcode is {r.postcode}", f"It's {r.email}"):
        ev("user", {"text": text, "parse_data": {"intent": {"name": "complaint", "confidence": 0.9},
                                                 "entities": [], "text": text, "metadata": {}},
                    "input_channel": "rest_metadata", "message_id": uuid.uuid4().hex,
                    "metadata": {"received_at": RECEIVED}}, intent="complaint")
        ev("bot", {"text": "Thank you. I have recorded that as a formal complaint.", "data": {}, "metadata": {}})
    return out


def make_tracker(url: str) -> None:
    eng = create_engine(url)
    pk = "INTEGER PRIMARY KEY AUTOINCREMENT" if url.startswith("sqlite") else "SERIAL PRIMARY KEY"
    with eng.begin() as c:
        c.exec_driver_sql(EVENTS_DDL.format(pk=pk))
    eng.dispose()


def add_tracker(url: str, rows: list[tuple]) -> None:
    eng = create_engine(url)
    with eng.begin() as c:
        t = Table("events", MetaData(), autoload_with=c)
        c.execute(t.insert(), [dict(zip(("sender_id", "type_name", "timestamp", "intent_name", "action_name",
                                          "data"), row)) for row in rows])
    eng.dispose()


# ---------------------------------------------------------------- the everywhere search

def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return str(v)


def search_database(url: str, needles: list[str]) -> list[str]:
    """Every table, every column (as text): where does any needle occur?"""
    eng = create_engine(url)
    hits = []
    try:
        with eng.connect() as c:
            md = MetaData()
            for name in inspect(c).get_table_names():
                t = Table(name, md, autoload_with=c)
                for row in c.execute(select(t)).mappings():
                    for col, v in row.items():
                        low = _text(v).lower()
                        for n in needles:
                            if n.lower() in low:
                                hits.append(f"{name}.{col}: {n!r}")
    finally:
        eng.dispose()
    return hits


def search_files(folder: Path, needles: list[str]) -> list[str]:
    """Every file under the folder, raw and (for e-mail) decoded."""
    hits = []
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        raw = p.read_bytes()
        texts = [raw.decode("utf-8", "replace")]
        if ".eml" in p.name:
            msg = BytesParser(policy=policy.default).parsebytes(raw)
            texts += [str(v) for v in msg.values()]
            texts += [part.get_content() for part in msg.walk() if part.get_content_maintype() == "text"]
        low = "\n".join(texts).lower()
        hits += [f"{p.name}: {n!r}" for n in needles if n.lower() in low]
    return hits


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def raw_outbox_rows(path: Path) -> int:
    with sqlite3.connect(path) as c:
        return c.execute("SELECT count(*) FROM outbox").fetchone()[0]


def now() -> float:
    return time.time()
