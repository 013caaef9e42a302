"""Start the real stack (backend, action server, Rasa) on free loopback ports for tests."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import httpx

ROOT = Path(__file__).resolve().parents[2]
VENVS = ROOT / ".venvs"
TOKEN = "e2e-test-token"


@contextlib.contextmanager
def running(stack):
    """Start a stack for a fixture; on a failed start print its logs; always stop it."""
    try:
        stack.start()
        yield stack
    except Exception:
        print(stack.logs())
        raise
    finally:
        stack.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def model_path() -> Path:
    """The trained model (BOT_MODEL, else scripts/bot-model.sh, which trains if needed)."""
    if os.environ.get("BOT_MODEL"):
        return Path(os.environ["BOT_MODEL"])
    done = subprocess.run([str(ROOT / "scripts" / "bot-model.sh")], capture_output=True,
                          text=True, check=True)
    return Path(done.stdout.strip().splitlines()[-1])


@dataclass
class Proc:
    name: str
    args: list[str]
    cwd: Path
    env: dict
    log: Path
    popen: Optional[subprocess.Popen] = None

    def start(self) -> None:
        handle = self.log.open("ab")
        self.popen = subprocess.Popen(self.args, cwd=self.cwd, env=self.env, stdout=handle,
                                      stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self) -> None:
        self.terminate()
        self.wait_stopped()

    def terminate(self) -> None:
        if self.popen and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)

    def wait_stopped(self, timeout: float = 15) -> None:
        """After terminate(): wait for the exit, then kill what is still running."""
        if self.popen is None:
            return
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()

    def tail(self, n: int = 40) -> str:
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return f"--- {self.name} ({self.log}) ---\n" + "\n".join(lines[-n:])


@dataclass
class Stack:
    workdir: Path
    model: Path
    backend_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    rasa_port: int = field(default_factory=free_port)
    procs: dict[str, Proc] = field(default_factory=dict)
    extra_rasa: dict[str, int] = field(default_factory=dict)

    @property
    def backend_url(self) -> str:
        return f"http://127.0.0.1:{self.backend_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def outbox(self) -> Path:
        return self.workdir / "bot-outbox.sqlite3"

    def base_env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BACKEND_", "BOT_"))}
        env.update({"BACKEND_API_TOKEN": TOKEN, "BACKEND_URL": self.backend_url,
                    "DATABASE_URL": f"sqlite:///{self.workdir / 'casework.db'}",
                    "BOT_OUTBOX_PATH": str(self.outbox), "BOT_OUTBOX_INTERVAL_S": "1",
                    # bot/endpoints.yml: Rasa's SQL tracker store on SQLite
                    "RASA_TRACKER_SQLITE": str(self.tracker_sqlite),
                    "BOT_INTAKE_PATH": str(self.workdir / "bot-intake.sqlite3"),
                    "LANDLORD_EMERGENCY_PHONE": "0800 555 0199",
                    "PYTHONPATH": str(ROOT / "backend")})
        return env

    def start(self) -> None:
        env = self.base_env()
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(self.endpoints_yaml())
        bot_env = {**env, "PYTHONPATH": "", "SANIC_HOST": "127.0.0.1"}
        self.procs = {
            "backend": Proc("backend", [str(VENVS / "backend/bin/uvicorn"), "casework.api:app",
                                        "--host", "127.0.0.1", "--port",
                                        str(self.backend_port), "--log-level", "warning"],
                            ROOT / "backend", env, self.workdir / "backend.log"),
            "actions": Proc("actions", [str(VENVS / "bot/bin/rasa"), "run", "actions",
                                        "--actions", "actions", "--port",
                                        str(self.actions_port)],
                            ROOT / "bot", bot_env, self.workdir / "actions.log"),
            "rasa": self.rasa_proc("rasa", self.rasa_port, endpoints, bot_env),
        }
        # Extra Rasa processes (name -> port), e.g. a second one sharing the stores.
        for name, port in self.extra_rasa.items():
            self.procs[name] = self.rasa_proc(name, port, endpoints, bot_env)
        # All Rasa processes load the model in parallel, and meanwhile the backend's database is
        # migrated; the backend starts once it is.
        for name, proc in self.procs.items():
            if name != "backend":
                proc.start()
        subprocess.run([str(VENVS / "backend/bin/alembic"), "upgrade", "head"],
                       cwd=ROOT / "backend", env=env, check=True, capture_output=True)
        self.procs["backend"].start()
        self.wait_healthy("backend", f"{self.backend_url}/health")
        self.wait_healthy("actions", f"http://127.0.0.1:{self.actions_port}/health")
        for name, port in {"rasa": self.rasa_port, **self.extra_rasa}.items():
            self.wait_healthy(name, f"http://127.0.0.1:{port}/webhooks/rest_metadata/",
                              timeout=300)

    @property
    def tracker_sqlite(self) -> Path:
        return self.workdir / "rasa-tracker.sqlite3"

    def endpoints_yaml(self) -> str:
        """The endpoints file Rasa runs with: bot/endpoints.yml (SQL tracker store on SQLite) with
        this stack's action server port (subclasses use other files)."""
        text = (ROOT / "bot" / "endpoints.yml").read_text()
        return text.replace("http://127.0.0.1:5055/webhook", f"http://127.0.0.1:{self.actions_port}/webhook")

    def rasa_proc(self, name: str, port: int, endpoints: Path, env: dict) -> Proc:
        return Proc(name, [str(VENVS / "bot/bin/rasa"), "run", "--enable-api",
                           "--auth-token", TOKEN, "-i", "127.0.0.1", "--port", str(port),
                           "--model", str(self.model), "--endpoints", str(endpoints),
                           "--credentials", "credentials.yml"],
                    ROOT / "bot", env, self.workdir / f"{name}.log")

    def wait_healthy(self, name: str, url: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.procs[name].popen
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"{name} exited early\n{self.procs[name].tail()}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{name} not healthy after {timeout} s\n{self.procs[name].tail()}")

    def stop(self) -> None:
        """Stop every process at once (each takes seconds to shut down; one after the other they
        added up): the signal goes to Rasa first, as it calls the others."""
        procs = list(reversed(list(self.procs.values())))
        for proc in procs:
            proc.terminate()
        deadline = time.monotonic() + 15
        for proc in procs:
            proc.wait_stopped(max(0.1, deadline - time.monotonic()))

    def logs(self) -> str:
        return "\n".join(p.tail() for p in self.procs.values())

    # --- clients ---
    def say(self, sender: str, text: str, **metadata) -> list[str]:
        return self.say_at(self.rasa_url, sender, text, **metadata)

    def say_at(self, rasa_url: str, sender: str, text: str, **metadata) -> list[str]:
        body = {"sender": sender, "message": text, "metadata": metadata}
        # The service token: the channel honours metadata.received_at only from it (issue 16).
        response = httpx.post(f"{rasa_url}/webhooks/rest_metadata/webhook", json=body,
                              timeout=60, headers={"Authorization": f"Bearer {TOKEN}"})
        response.raise_for_status()
        return [m.get("text", "") for m in response.json()]

    def api(self, path: str) -> httpx.Response:
        return httpx.get(f"{self.backend_url}{path}", timeout=10,
                         headers={"Authorization": f"Bearer {TOKEN}"})

    def handoffs(self, conversation_id: str) -> list[dict]:
        response = self.api(f"/api/v1/handoffs?conversation_id={conversation_id}")
        response.raise_for_status()
        return response.json()
