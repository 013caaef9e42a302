"""Issue 16 item 2: kill each process in turn; report tried / lost for each fault.

A message is lost when, once the stack is whole again, the backend holds no record of it
(a handoff: triaged normally, or held for staff). Results go to artefacts/faults-report.txt.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest

from faultstack import EMERGENCY_PHONE, KEPT, FaultStack, report
from stack import free_port, model_path, running

SPARKING = ("Water is coming through the light fitting in my kitchen ceiling and it's "
            "sparking")
MESSAGES = [SPARKING,
            "My boiler has broken down, can someone come and fix it?",
            "This is the fourth time I've reported the leak in my bathroom and nobody has "
            "fixed it. I'm fed up with being ignored.",
            "There's a strong smell of gas in my flat",
            "The window in my bedroom won't close properly"]


def conv(tag: str) -> str:
    return f"kill-{tag}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = FaultStack(workdir=tmp_path_factory.mktemp("kill"), model=model_path())
    with running(s):
        yield s


def test_backend_killed(stack):
    stack.kill("backend")
    senders = {}
    for n, text in enumerate(MESSAGES):
        sender = conv("backend")
        replies = " ".join(stack.say_as_resident(sender, text, message_id=f"b{n}"))
        assert replies, text
        assert "didn't follow" not in replies.lower(), replies
        senders[sender] = f"b{n}"
    stack.restart("backend")
    lost = stack.wait_recorded(senders, timeout=120)
    report("backend killed", len(senders), len(lost))
    assert lost == [], stack.logs()


def test_action_server_killed(stack):
    stack.kill("actions")
    senders = {}
    try:
        for n, text in enumerate(MESSAGES):
            sender = conv("actions")
            replies = " ".join(stack.say_as_resident(sender, text, message_id=f"a{n}"))
            assert KEPT in replies.lower(), replies
            assert "didn't follow" not in replies.lower(), replies
            if text in (SPARKING, MESSAGES[3]):
                assert EMERGENCY_PHONE in replies, replies
            senders[sender] = f"a{n}"
        lost = stack.wait_recorded(senders, timeout=60)
        report("action server killed", len(senders), len(lost))
        assert lost == [], stack.logs()
        held = stack.handoffs(next(iter(senders)))[0]
        assert "emergency" in held["flags"] and held["category"] == "unclear"
    finally:
        stack.restart("actions")


def test_rasa_killed_mid_conversation(stack):
    senders = {conv("rasa"): f"r{n}" for n in range(3)}
    for sender in senders:
        stack.say_as_resident(sender, "Hello")  # an earlier turn, kept by the tracker store
    texts = dict(zip(senders, (SPARKING, MESSAGES[1], MESSAGES[2])))

    def send(sender: str) -> None:
        try:
            stack.say_as_resident(sender, texts[sender], message_id=senders[sender])
        except httpx.HTTPError:
            pass  # the process died under it: that is the fault

    threads = [threading.Thread(target=send, args=(s,)) for s in senders]
    for thread in threads:
        thread.start()
    wanted = set(senders.values())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not wanted <= {r[1] for r in stack.intake_rows()}:
        time.sleep(0.005)
    in_flight = wanted & {r[1] for r in stack.intake_rows() if r[2] == "held"}
    stack.kill("rasa")  # mid-turn: the messages are on disk, their answers not yet sent
    for thread in threads:
        thread.join(timeout=60)
    stack.restart("rasa")
    lost = stack.wait_recorded(senders, timeout=90)
    report("Rasa killed mid-turn", len(senders), len(lost),
           f"{len(in_flight)} of them still in their turn when killed")
    assert in_flight and lost == [], stack.logs()
    # The conversations carry on in the same tracker (SQL tracker store).
    assert stack.say_as_resident(next(iter(senders)), "My boiler has broken down, can someone "
                                                      "fix it?")


def _pg_bin() -> str | None:
    for candidate in ("/usr/local/bin", *sorted(Path("/usr/lib/postgresql").glob("*/bin"))):
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return str(candidate)
    return None


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on a free port, so the test can kill the database."""

    def __init__(self, root: Path) -> None:
        self.bin, self.root, self.port = _pg_bin(), root, free_port()
        self.data = root / "pgdata"

    def _run(self, *args: str) -> None:
        cmd = [f"{self.bin}/{args[0]}", *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.root / "pg.log"), "-o",
                  f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1", "start")

    def kill(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


class PostgresFaultStack(FaultStack):
    def __init__(self, *args, pg: PrivatePostgres, **kw) -> None:
        super().__init__(*args, **kw)
        self.pg = pg

    def base_env(self) -> dict:
        return {**super().base_env(), "DATABASE_URL": self.pg.url}


def test_database_killed(tmp_path_factory):
    if _pg_bin() is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
    root = Path(f"/tmp/faults-pg-{uuid.uuid4().hex[:8]}")
    pg = PrivatePostgres(root)
    try:
        pg.init()
    except (subprocess.SubprocessError, OSError) as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"could not start a private PostgreSQL cluster: {exc}")
    s = PostgresFaultStack(workdir=tmp_path_factory.mktemp("db"), model=model_path(), pg=pg)
    try:
        with running(s):
            pg.kill()
            senders = {}
            for n, text in enumerate(MESSAGES):
                sender = conv("db")
                replies = " ".join(s.say_as_resident(sender, text, message_id=f"d{n}"))
                assert replies and "didn't follow" not in replies.lower(), replies
                senders[sender] = f"d{n}"
            pg.start()
            lost = s.wait_recorded(senders, timeout=120)
            report("database killed", len(senders), len(lost))
            assert lost == [], s.logs()
    finally:
        try:
            pg.kill()
        except subprocess.SubprocessError:
            pass
        shutil.rmtree(root, ignore_errors=True)
