"""Rasa's own SQL tracker store, configured from bot/endpoints.yml (SQLite) and from
bot/endpoints.production.yml (PostgreSQL), writes two residents' conversations; the privacy CLI
(backend venv, as an operator runs it) finds one by e-mail and by name + postcode, hands over the
other's transcript, and erases the first: Rasa then has no tracker for that sender, no row of the
`events` table mentions them, and the other conversation is untouched. Needs no trained model."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from stack import ROOT, VENVS
from test_production_topology import _admin, _pg_reachable

RESIDENTS = [
    {"sender": f"web-{uuid.uuid4().hex[:10]}", "name": "Ada Quillfeather", "email": "ada.quill@example.org",
     "postcode": "TF1 1AA", "word": "zebraplant"},
    {"sender": f"web-{uuid.uuid4().hex[:10]}", "name": "Bram Okonjo", "email": "bram.ok@example.net",
     "postcode": "SY2 6LG", "word": "marmalite"},
]


def conversation(r: dict) -> DialogueStateTracker:
    said = [f"The {r['word']} under my sink has leaked for weeks and nobody came. I'm fed up.",
            r["name"], f"{r['email']}, postcode {r['postcode']}"]
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for text in said:
        events += [UserUttered(text, intent={"name": "complaint", "confidence": 0.93},
                               metadata={"received_at": "2026-11-24"}),
                   BotUttered("Thank you, I have noted that."), ActionExecuted("action_listen")]
    return DialogueStateTracker.from_events(r["sender"], events)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        path = tmp_path / "rasa-tracker.sqlite3"
        monkeypatch.setenv("RASA_TRACKER_SQLITE", str(path))
        cfg = read_endpoint_config(str(ROOT / "bot" / "endpoints.yml"), "tracker_store")
        yield TrackerStore.create(cfg, Domain.empty()), f"sqlite:///{path}"
        return
    reason = _pg_reachable()
    if reason:
        pytest.skip(reason)
    name = f"rasa_tracker_r{uuid.uuid4().hex[:10]}"
    _admin(f'CREATE DATABASE "{name}"')
    for k, v in {"ACTION_ENDPOINT_URL": "http://127.0.0.1:9/webhook", "DB_HOST": "127.0.0.1", "DB_USER": "postgres",
                 "DB_PASSWORD": "", "RASA_TRACKER_DB": name, "REDIS_HOST": "127.0.0.1",
                 "RASA_LOCK_KEY_PREFIX": "privacytest"}.items():
        monkeypatch.setenv(k, v)
    cfg = read_endpoint_config(str(ROOT / "bot" / "endpoints.production.yml"), "tracker_store")
    s = TrackerStore.create(cfg, Domain.empty())
    try:
        yield s, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        s.engine.dispose()
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def privacy(tmp_path: Path, tracker_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RASA_", "DATABASE_", "BOT_"))}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'casework.db'}", "RASA_TRACKER_URL": tracker_url,
                "BOT_OUTBOX_PATH": str(tmp_path / "bot-outbox.sqlite3"), "LETTERS_DIR": str(tmp_path / "letters"),
                "NLU_EXPORT_PATHS": str(tmp_path / "reviewed.yml"), "PYTHONPATH": str(ROOT / "backend")})
    py = str(VENVS / "backend/bin/python")
    if not (tmp_path / "casework.db").exists():
        subprocess.run([str(VENVS / "backend/bin/alembic"), "upgrade", "head"], cwd=ROOT / "backend", env=env,
                       check=True, capture_output=True)
    return subprocess.run([py, "-m", "casework.privacy", *args], cwd=ROOT / "backend", env=env,
                          capture_output=True, text=True, timeout=120)


def rows_mentioning(store, needles: list[str]) -> list[str]:
    from sqlalchemy import text
    with store.engine.connect() as c:
        rows = c.execute(text("SELECT sender_id, data FROM events")).fetchall()
    return [f"{s}: {n}" for s, d in rows for n in needles if n.lower() in f"{s} {d}".lower()]


def test_erase_from_rasas_own_tracker_store(store, tmp_path):
    store, url = store
    ada, bram = RESIDENTS
    for r in RESIDENTS:
        asyncio.run(store.save(conversation(r)))
    needles = [ada["name"], ada["email"], ada["postcode"], ada["word"], ada["sender"]]
    assert rows_mentioning(store, needles)

    found = privacy(tmp_path, url, "find", "--name", ada["name"], "--postcode", ada["postcode"])
    assert found.returncode == 0 and json.loads(found.stdout)["conversations"] == 1, found.stderr
    sar = privacy(tmp_path, url, "access", "--email", bram["email"], "--out", str(tmp_path / "sar"))
    assert sar.returncode == 0, sar.stderr
    convo = json.loads((tmp_path / "sar" / "subject-access.json").read_text())["conversations"][bram["sender"]]
    assert [m["from"] for m in convo] == ["resident", "assistant"] * 3 and bram["name"] in convo[2]["text"]

    from sqlalchemy import text
    with store.engine.connect() as c:
        ada_rows = c.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": ada["sender"]}).scalar()
    done = privacy(tmp_path, url, "erase", "--email", ada["email"], "--actor", "dpo:test")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["changed"]["tracker:events"] == ada_rows >= 9
    assert rows_mentioning(store, needles) == []
    gone = asyncio.run(store.retrieve(ada["sender"]))
    assert gone is None or not [e for e in gone.events if isinstance(e, UserUttered)]
    kept = asyncio.run(store.retrieve(bram["sender"]))
    assert [e.text for e in kept.events if isinstance(e, UserUttered)][1] == bram["name"]
