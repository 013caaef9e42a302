"""A stack for fault tests: fast intake sweeps, kill/restart of one process, a report file."""
from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import httpx

from stack import ROOT, TOKEN, Stack

REPORT = ROOT / "artefacts" / "faults-report.txt"
KEPT = "we have your message"
EMERGENCY_PHONE = "0800 555 0199"


class FaultStack(Stack):
    """Rasa on the SQL tracker store of bot/endpoints.yml (a SQLite file per stack, see
    Stack.tracker_sqlite), so a killed Rasa keeps its conversations."""

    def base_env(self) -> dict:
        env = super().base_env()
        env.update({"BOT_INTAKE_INTERVAL_S": "1", "BOT_INTAKE_GRACE_S": "8",
                    "BOT_MAX_MESSAGE_CHARS": "3000", "LANDLORD_PROFILE": "code-2024"})
        return env

    def kill(self, name: str) -> None:
        proc = self.procs[name]
        os.killpg(proc.popen.pid, signal.SIGKILL)
        proc.popen.wait()

    def restart(self, name: str) -> None:
        self.procs[name].start()
        url = {"backend": f"{self.backend_url}/health",
               "actions": f"http://127.0.0.1:{self.actions_port}/health",
               "rasa": f"{self.rasa_url}/webhooks/rest_metadata/"}[name]
        self.wait_healthy(name, url, timeout=300)

    def post(self, body, headers=None, raw: bytes | None = None) -> httpx.Response:
        url = f"{self.rasa_url}/webhooks/rest_metadata/webhook"
        if raw is not None:
            return httpx.post(url, content=raw, headers=headers or {}, timeout=60)
        return httpx.post(url, json=body, headers=headers or {}, timeout=60)

    def say_as_resident(self, sender: str, text: str, message_id: str | None = None,
                        **metadata) -> list[str]:
        """No token: what any resident's client can do."""
        body = {"sender": sender, "message": text, "metadata": metadata}
        if message_id:
            body["message_id"] = message_id
        response = self.post(body)
        response.raise_for_status()
        return [m.get("text", "") for m in response.json()]

    def intake_rows(self) -> list[tuple]:
        path = self.workdir / "bot-intake.sqlite3"
        if not path.exists():
            return []
        with sqlite3.connect(path) as conn:
            return conn.execute("SELECT sender, message_id, state, reason FROM intake").fetchall()

    def recorded(self, sender: str, message_id: str | None = None) -> list[dict]:
        try:
            handoffs = self.handoffs(sender)
        except httpx.HTTPError:
            return []
        return [h for h in handoffs if message_id is None or h["message_id"] == message_id]

    def wait_recorded(self, senders: dict[str, str | None], timeout: float = 90) -> list[str]:
        """The senders still without their record after `timeout` seconds (the lost ones)."""
        deadline = time.monotonic() + timeout
        missing = list(senders)
        while missing and time.monotonic() < deadline:
            missing = [s for s in missing if not self.recorded(s, senders[s])]
            if missing:
                time.sleep(1)
        return missing


def report(fault: str, tried: int, lost: int, note: str = "") -> None:
    line = f"fault={fault} tried={tried} lost={lost}" + (f" ({note})" if note else "")
    print(line)
    REPORT.parent.mkdir(exist_ok=True)
    with REPORT.open("a") as handle:
        handle.write(time.strftime("%Y-%m-%dT%H:%M:%SZ ", time.gmtime()) + line + "\n")


def rss_mb(pid: int) -> float:
    total = 0.0
    for child in [pid] + _children(pid):
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def _children(pid: int) -> list[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    out = [int(k) for k in kids]
    for k in list(out):
        out += _children(k)
    return out


__all__ = ["FaultStack", "report", "rss_mb", "KEPT", "EMERGENCY_PHONE", "TOKEN"]
