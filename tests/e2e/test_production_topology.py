"""Production topology without Docker: two Rasa processes sharing one conversation.

PostgreSQL SQL tracker store (a fresh, uniquely named database, created BEFORE Rasa starts:
a missing database has been seen to fall back silently to the default one), the Redis lock
store (a unique key prefix), the backend on its own fresh PostgreSQL database (alembic), the
action server, and two `rasa run` processes started with bot/endpoints.production.yml itself.
One conversation goes alternately to process A and process B, turn by turn; every turn must be
answered and every event must land in the named tracker database.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import uuid

import pytest

from stack import ROOT, Stack, free_port, model_path, running

PG = dict(host="127.0.0.1", port=5432, user="postgres")
RECEIVED = "2026-11-24"


def _pg_reachable() -> str | None:
    try:
        import psycopg2
        psycopg2.connect(dbname="postgres", connect_timeout=3, **PG).close()
    except Exception as error:  # noqa: BLE001
        return f"PostgreSQL unreachable at 127.0.0.1:5432 as postgres: {error}"
    try:
        import redis
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=3).ping()
    except Exception as error:  # noqa: BLE001
        return f"Redis unreachable at 127.0.0.1:6379: {error}"
    return None


def _admin(sql: str) -> None:
    import psycopg2
    conn = psycopg2.connect(dbname="postgres", **PG)
    conn.autocommit = True
    try:
        conn.cursor().execute(sql)
    finally:
        conn.close()


def _query(db: str, sql: str, *args) -> list[tuple]:
    import psycopg2
    conn = psycopg2.connect(dbname=db, **PG)
    try:
        cur = conn.cursor()
        cur.execute(sql, args)
        return cur.fetchall()
    finally:
        conn.close()


class ProductionStack(Stack):
    """The e2e stack on PostgreSQL + Redis with a second Rasa process."""

    def __init__(self, *args, tracker_db: str, backend_db: str, lock_prefix: str, **kw):
        super().__init__(*args, **kw)
        self.tracker_db, self.backend_db, self.lock_prefix = tracker_db, backend_db, lock_prefix
        self.extra_rasa = {"rasa_b": free_port()}

    def base_env(self) -> dict:
        env = super().base_env()
        env.update({
            "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.backend_db}",
            # bot/endpoints.production.yml reads these
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.actions_port}/webhook",
            "DB_HOST": "127.0.0.1", "DB_USER": "postgres", "DB_PASSWORD": "",
            "RASA_TRACKER_DB": self.tracker_db, "REDIS_HOST": "127.0.0.1",
            "RASA_LOCK_KEY_PREFIX": self.lock_prefix,
        })
        return env

    def endpoints_yaml(self) -> str:
        return (ROOT / "bot" / "endpoints.production.yml").read_text()

    @property
    def rasa_b_url(self) -> str:
        return f"http://127.0.0.1:{self.extra_rasa['rasa_b']}"


@pytest.fixture(scope="module")
def prod(tmp_path_factory):
    reason = _pg_reachable()
    if reason:
        pytest.skip(reason)
    suffix = uuid.uuid4().hex[:10]
    tracker_db, backend_db = f"rasa_tracker_t{suffix}", f"casework_t{suffix}"
    _admin(f'CREATE DATABASE "{tracker_db}"')
    _admin(f'CREATE DATABASE "{backend_db}"')
    workdir = tmp_path_factory.mktemp("prod")
    monitor = None
    if shutil.which("redis-cli"):  # records the lock store's commands
        monitor = subprocess.Popen(["redis-cli", "-h", "127.0.0.1", "monitor"],
                                   stdout=(workdir / "redis-monitor.log").open("wb"),
                                   stderr=subprocess.DEVNULL)
    s = ProductionStack(workdir=workdir, model=model_path(), tracker_db=tracker_db,
                        backend_db=backend_db, lock_prefix=f"topo{suffix}")
    try:
        with running(s):
            yield s
    finally:
        if monitor:
            monitor.terminate()
            monitor.wait(timeout=10)
        _admin(f'DROP DATABASE IF EXISTS "{tracker_db}" WITH (FORCE)')
        _admin(f'DROP DATABASE IF EXISTS "{backend_db}" WITH (FORCE)')


def test_one_conversation_alternating_between_two_rasa_processes(prod):
    sender = f"topo-{uuid.uuid4().hex[:10]}"
    urls = [prod.rasa_url, prod.rasa_b_url]
    turns = [
        ("This is the fourth time I've reported the leak in my bathroom and nobody has "
         "fixed it. I'm fed up with being ignored.", "formal complaint"),
        ("yes please", "name"),
        ("Jo Bloggs", None),
        ("jo.bloggs@example.com, postcode SW1A 1AA", None),
        ("I want the leak fixed properly and an apology", None),
        ("no", None),
        ("no", "CMP-"),
    ]
    transcript = []
    for i, (text, expected) in enumerate(turns):
        url = urls[i % 2]
        replies = prod.say_at(url, sender, text, received_at=RECEIVED)
        transcript.append((url, text, replies))
        alive = {name: proc.popen.poll() is None for name, proc in prod.procs.items()}
        assert replies, f"turn {i} ({text!r}) on {url}: no answer\n{transcript}\n{alive}"
        if expected:
            assert any(expected.lower() in r.lower() for r in replies), \
                f"{transcript}\nprocesses alive: {alive}\n{prod.logs()}"
    final = " ".join(transcript[-1][2])
    reference = final[final.index("CMP-"):].split()[0].rstrip(".,")
    # the acknowledgement was e-mailed at once (today), so the resident is told it went, not a
    # date by which it will go; the response date counts from it (both checked against the case
    # record below and in test_stack.py)
    assert "acknowledged your complaint today" in final and "response by" in final, final
    assert "Tuesday 1 December 2026" not in final, final

    # Every event is in the named tracker database, in order, none lost.
    rows = _query(prod.tracker_db, "SELECT type_name, data FROM events WHERE sender_id = %s "
                                   "ORDER BY id", sender)
    users = [json.loads(d)["text"] for t, d in rows if t == "user"]
    assert users == [t for t, _ in turns]
    bots = [json.loads(d).get("text") for t, d in rows if t == "bot"]
    said = [r for _, _, replies in transcript for r in replies]
    assert [b for b in bots if b] == [r for r in said if r]
    default_has_table = _query("postgres", "SELECT to_regclass('public.events') IS NOT NULL")[0][0]
    if default_has_table:
        assert not _query("postgres", "SELECT 1 FROM events WHERE sender_id = %s", sender)

    # The case is in the backend's PostgreSQL database, once.
    case = prod.api(f"/api/v1/cases/{reference}").json()
    assert case["stage"] == 1 and case["acknowledge_by"] == "2026-12-01"
    from datetime import date
    due = date.fromisoformat(case["respond_by"])  # counted from the day the acknowledgement went
    assert due >= date(2026, 12, 15) and f"{due:%A} {due.day} {due:%B %Y}" in final, final
    ack = date.fromisoformat(case["acknowledged_on"])
    assert case["acknowledgement_channel"] == "email" and f"{ack:%A} {ack.day} {ack:%B %Y}" in final, final
    assert len(prod.handoffs(sender)) == 1
    assert _query(prod.backend_db, "SELECT to_regclass('public.alembic_version') IS NOT NULL")[0][0]

    # Both processes went through the Redis lock store under our prefix.
    log = prod.workdir / "redis-monitor.log"
    if log.exists():
        assert f"{prod.lock_prefix}:lock:{sender}" in log.read_text(errors="replace")
