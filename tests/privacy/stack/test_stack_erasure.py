"""Erasure through the real stack: backend + action server + Rasa with the trained model, once with
the local stores (SQL tracker store on SQLite from bot/endpoints.yml, SQLite case database) and once
with production's (PostgreSQL tracker store from bot/endpoints.production.yml, PostgreSQL case
database, Redis lock store; skipped with the reason when PostgreSQL or Redis is unreachable).

Two residents make complaints by chat (name, e-mail, postcode), then each reports a repair in a new
conversation, giving their e-mail, while the backend is down, so the bot's outbox holds their
requests until it is back; the letters are
written as .eml files. `python -m casework.privacy erase --email` (backend venv, as an operator runs
it) must leave no trace of the first resident in any table or column of the case database, the
tracker store or the bot's outbox, nor in any letter file, while the second resident is still
found everywhere and the report figures are unchanged. Then the first resident's subject access
comes back empty and the assistant still answers in the same conversation.
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import time
import uuid
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from stack import ROOT, VENVS, Stack, model_path, running
from test_production_topology import PG, ProductionStack, _admin, _pg_reachable

RECEIVED = "2026-11-24"
FIGURES = """
import sys
from datetime import date
from casework import db
from casework.reports import figures as F, queries
with db.session_factory()() as s:
    f = queries.figures_for(s, F.Period(date(2026, 4, 1), date(2027, 3, 31)), None, date(2026, 12, 20), homes=1000)
print(repr(f))
"""


class Letters:
    """Letters written as .eml files by the backend's in-process worker; NLU exports kept in the
    work folder (never the repository's bot/data)."""
    def base_env(self) -> dict:
        env = super().base_env()
        env.update({"OUTBOX_WORKER": "inprocess", "OUTBOX_POLL_SECONDS": "1", "MAIL_TRANSPORT": "file",
                    "LETTERS_DIR": str(self.workdir / "letters"), "RASA_URL": self.rasa_url,
                    "NLU_EXPORT_PATHS": str(self.workdir / "exports" / "reviewed.yml")})
        return env

    def hits(self, needles: list[str]) -> dict[str, list[str]]:
        return {"case database": sqlite_hits(self.workdir / "casework.db", needles),
                "tracker store": sqlite_hits(self.tracker_sqlite, needles),
                "bot outbox": sqlite_hits(self.outbox, needles),
                "letter files": file_hits(self.workdir / "letters", needles)}


class LettersStack(Letters, Stack):
    pass


class PgLettersStack(Letters, ProductionStack):
    """Production's stores: PostgreSQL for the case service and Rasa's tracker store (with
    bot/endpoints.production.yml and the Redis lock store), one Rasa process."""
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.extra_rasa = {}

    def base_env(self) -> dict:
        env = super().base_env()
        env["RASA_TRACKER_URL"] = f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.tracker_db}"
        return env

    def hits(self, needles: list[str]) -> dict[str, list[str]]:
        return {"case database": pg_hits(self.backend_db, needles),
                "tracker store": pg_hits(self.tracker_db, needles),
                "bot outbox": sqlite_hits(self.outbox, needles),
                "letter files": file_hits(self.workdir / "letters", needles)}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stack(request, tmp_path_factory):
    workdir = tmp_path_factory.mktemp(f"privacy-stack-{request.param}")
    if request.param == "sqlite":
        with running(LettersStack(workdir=workdir, model=model_path())) as s:
            yield s
        return
    reason = _pg_reachable()
    if reason:
        pytest.skip(reason)
    suffix = uuid.uuid4().hex[:10]
    tracker_db, backend_db = f"rasa_tracker_p{suffix}", f"casework_p{suffix}"
    _admin(f'CREATE DATABASE "{tracker_db}"')
    _admin(f'CREATE DATABASE "{backend_db}"')
    try:
        with running(PgLettersStack(workdir=workdir, model=model_path(), tracker_db=tracker_db,
                                    backend_db=backend_db, lock_prefix=f"priv{suffix}")) as s:
            yield s
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{tracker_db}" WITH (FORCE)')
        _admin(f'DROP DATABASE IF EXISTS "{backend_db}" WITH (FORCE)')


def backend_python(stack: Stack, *args: str, code: str | None = None) -> subprocess.CompletedProcess:
    cmd = [str(VENVS / "backend/bin/python")] + (["-c", code] if code else ["-m", "casework.privacy", *args])
    return subprocess.run(cmd, cwd=ROOT / "backend", env=stack.base_env(), capture_output=True, text=True,
                          timeout=120)


def complain(stack: Stack, sender: str, name: str, email: str, postcode: str, word: str) -> str:
    replies = stack.say(sender, "This is the fourth time I've reported the leak in my bathroom and nobody "
                                "has fixed it. I'm fed up with being ignored.", received_at=RECEIVED)
    assert any("formal complaint" in r for r in replies), replies
    stack.say(sender, "yes please")
    stack.say(sender, name)
    stack.say(sender, f"{email}, postcode {postcode}")
    stack.say(sender, f"I want the {word} leak fixed properly and an apology")
    stack.say(sender, "no")
    text = " ".join(stack.say(sender, "no"))
    assert "CMP-" in text, (text, stack.logs())
    return text[text.index("CMP-"):].split()[0].rstrip(".,")


def sqlite_hits(path: Path, needles: list[str]) -> list[str]:
    hits = []
    with sqlite3.connect(path) as db:
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            cur = db.execute(f'SELECT * FROM "{table}"')
            cols = [d[0] for d in cur.description]
            for row in cur:
                for col, v in zip(cols, row):
                    low = (v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)).lower()
                    hits += [f"{table}.{col}: {n!r}" for n in needles if n.lower() in low]
    return hits


def file_hits(folder: Path, needles: list[str]) -> list[str]:
    hits = []
    for p in sorted(folder.rglob("*")) if folder.exists() else []:
        if p.is_file():
            raw = p.read_bytes()
            texts = [raw.decode("utf-8", "replace")]
            msg = BytesParser(policy=policy.default).parsebytes(raw)
            texts += [str(v) for v in msg.values()]
            texts += [part.get_content() for part in msg.walk() if part.get_content_maintype() == "text"]
            low = "\n".join(texts).lower()
            hits += [f"{p.name}: {n!r}" for n in needles if n.lower() in low]
    return hits


def pg_hits(database: str, needles: list[str]) -> list[str]:
    import psycopg2
    hits = []
    conn = psycopg2.connect(dbname=database, **PG)
    try:
        cur = conn.cursor()
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        for (table,) in cur.fetchall():
            cur.execute(f'SELECT * FROM "{table}"')
            cols = [d[0] for d in cur.description]
            for row in cur.fetchall():
                for col, v in zip(cols, row):
                    low = (json.dumps(v, default=str) if isinstance(v, (dict, list)) else str(v)).lower()
                    hits += [f"{table}.{col}: {n!r}" for n in needles if n.lower() in low]
    finally:
        conn.close()
    return hits


def everywhere(stack, needles: list[str]) -> dict[str, list[str]]:
    return stack.hits(needles)


def wait_for(check, what: str, stack: Stack, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}\n{stack.logs()}")


def test_erasure_through_the_real_stack(stack):
    ada = dict(sender=f"web-{uuid.uuid4().hex[:10]}", name="Ada Quillfeather", email="ada.quill@example.org",
               postcode="TF1 1AA", word="zebraplant")
    bram = dict(sender=f"web-{uuid.uuid4().hex[:10]}", name="Bram Okonjo", email="bram.ok@example.net",
                postcode="SY2 6LG", word="marmalite")
    refs = {r["sender"]: complain(stack, **r) for r in (ada, bram)}
    # Each also reports a repair in a new conversation, giving their e-mail, while the backend is
    # down: the request waits in the bot's outbox (found later by the e-mail in it).
    stack.procs["backend"].stop()
    for r in (ada, bram):
        r["repair"] = f"web-{uuid.uuid4().hex[:10]}"
        stack.say(r["repair"], f"The light in my hallway doesn't work, can you send an electrician? "
                               f"My email is {r['email']}", received_at=RECEIVED)
        with sqlite3.connect(stack.outbox) as db:
            queued = db.execute("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE ?",
                                (f"{r['repair']}:%",)).fetchone()[0]
        assert queued >= 1, stack.logs()
    stack.procs["backend"].start()
    stack.wait_healthy("backend", f"{stack.backend_url}/health")

    def delivered() -> bool:
        with sqlite3.connect(stack.outbox) as db:
            return db.execute("SELECT COUNT(*) FROM outbox WHERE state != 'delivered'").fetchone()[0] == 0
    wait_for(delivered, "the bot's outbox to be delivered", stack)
    wait_for(lambda: len(list((stack.workdir / "letters").glob("*.eml"))) >= 2, "letters", stack)

    def needles(r):
        return [r["name"], r["name"].split()[-1], r["email"], r["postcode"], r["postcode"].replace(" ", ""),
                r["word"], r["sender"], r["repair"]]
    before = everywhere(stack, needles(ada))
    assert all(before.values()), before  # the search sees the resident in every store first
    figures = backend_python(stack, code=FIGURES)
    assert figures.returncode == 0, figures.stderr

    done = backend_python(stack, "erase", "--email", ada["email"], "--actor", "dpo:stack-test")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["references"] and refs[ada["sender"]] in out["references"]
    assert not any(n.lower() in done.stdout.lower() for n in needles(ada))

    assert everywhere(stack, needles(ada)) == {k: [] for k in before}
    assert all(everywhere(stack, needles(bram)).values())
    assert backend_python(stack, code=FIGURES).stdout == figures.stdout  # CH01, CH02... unchanged
    case = stack.api(f"/api/v1/cases/{refs[ada['sender']]}").json()
    assert case["acknowledge_by"] == "2026-12-01" and case["contact"]["email"] is None
    # nothing left to find; the assistant still answers in the erased conversation
    assert backend_python(stack, "find", "--email", ada["email"]).returncode == 1
    stack.say(ada["sender"], "hello")  # answered (HTTP 200) though its history was deleted
