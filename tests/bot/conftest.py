"""Bot tests run with the bot venv; `actions` and `channels` import from bot/ like in Rasa."""
import os
import sys
from pathlib import Path

BOT_DIR = Path(__file__).resolve().parents[2] / "bot"
if str(BOT_DIR) not in sys.path:
    sys.path.insert(0, str(BOT_DIR))

# Never start the outbox's background thread inside unit tests.
os.environ["BOT_OUTBOX_DELIVERER"] = "0"

import pytest  # noqa: E402


@pytest.fixture
def outbox_path(tmp_path, monkeypatch):
    path = tmp_path / "outbox.sqlite3"
    monkeypatch.setenv("BOT_OUTBOX_PATH", str(path))
    return path


@pytest.fixture
def backend(outbox_path, monkeypatch):
    """A FakeBackend wired into actions.backend_client.get_client()."""
    from actions import backend_client, profiles
    from fakes import TOKEN, FakeBackend

    fake = FakeBackend()
    config = backend_client.ClientConfig(base_url="http://backend.test", token=TOKEN,
                                         timeout_s=1.0)
    monkeypatch.setattr(backend_client, "_factory",
                        lambda: backend_client.BackendClient(config,
                                                             transport=fake.transport()))
    profiles.clear_cache()
    return fake


@pytest.fixture
def decide(monkeypatch):
    """Fix the triage decision: set box["d"] (fakes.decision); box["seen"] keeps the texts it was asked to triage."""
    from actions import triage_action

    box = {"seen": []}

    def fake(ctx, profile):
        box["seen"].append(ctx.text)
        return box["d"]
    monkeypatch.setattr(triage_action, "run_triage", fake)
    return box
