"""The Rasa process's channel settings (bot/channels/settings.py): names, defaults, the variables
shared with the action server parsed the same way, a bad value stopping Rasa when it loads the
channels, and every channel module reading its configuration from there at call time."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from actions.settings import BotSettings
from channels import guard, intake, wording
from channels.rest_metadata import RestMetadataInput
from channels.settings import DEFAULT_INTAKE_PATH, ChannelSettings, SettingsError, get_settings
from channels.social_mentions import SocialMentionsInput
from channels.socketio_session import SocketIOSessionInput

BOT_DIR = Path(__file__).resolve().parents[2] / "bot"
VARIABLES = ("BACKEND_URL", "BACKEND_API_TOKEN", "LANDLORD_EMERGENCY_PHONE", "BOT_INTAKE_PATH",
             "BOT_INTAKE_SWEEPER", "BOT_INTAKE_INTERVAL_S", "BOT_INTAKE_GRACE_S",
             "BOT_MAX_MESSAGE_CHARS", "BOT_MAX_BODY_BYTES", "BOT_TRUSTED_TOKEN",
             "BOT_BUTTON_INTENTS", "SOCIAL_API_URL", "SOCIAL_API_TOKEN", "SOCIAL_WEBHOOK_SECRET")


@pytest.fixture
def clean_env(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_are_the_ones_the_modules_had():
    s = ChannelSettings.from_env({})
    assert s.backend_url == "http://127.0.0.1:8000" and s.backend_api_token == ""
    assert s.landlord_emergency_phone == "01632 960000"  # the development placeholder (hg-06), as the actions'
    assert s.intake_path == DEFAULT_INTAKE_PATH == BOT_DIR.parent / "var" / "bot-intake.sqlite3"
    assert s.intake_sweeper is True
    assert (s.intake_interval_s, s.intake_grace_s) == (5.0, 120.0)
    assert (s.max_message_chars, s.max_body_bytes) == (3000, 1_000_000)
    assert s.trusted_token == "" and s.button_intents == frozenset({"affirm", "deny"})
    assert (s.social_api_url, s.social_api_token, s.social_webhook_secret) == ("", "", "")
    assert guard.GuardSettings.from_settings(s) == guard.GuardSettings()
    assert ChannelSettings.from_env({name: "" for name in VARIABLES}) == s  # empty = unset


def test_every_variable_is_read_under_its_name(tmp_path):
    s = ChannelSettings.from_env({
        "BACKEND_URL": "https://cases.example.org/", "BACKEND_API_TOKEN": "svc",
        "LANDLORD_EMERGENCY_PHONE": " 0800 555 0199 ", "BOT_INTAKE_PATH": str(tmp_path / "i.db"),
        "BOT_INTAKE_SWEEPER": "0", "BOT_INTAKE_INTERVAL_S": "1", "BOT_INTAKE_GRACE_S": "8",
        "BOT_MAX_MESSAGE_CHARS": "500", "BOT_MAX_BODY_BYTES": "2048", "BOT_TRUSTED_TOKEN": "bench",
        "BOT_BUTTON_INTENTS": "affirm, deny,choose ,", "SOCIAL_API_URL": "http://social.test/api",
        "SOCIAL_API_TOKEN": "stok", "SOCIAL_WEBHOOK_SECRET": "shh"})
    assert s == ChannelSettings(
        backend_url="https://cases.example.org", backend_api_token="svc",
        landlord_emergency_phone="0800 555 0199", intake_path=tmp_path / "i.db",
        intake_sweeper=False, intake_interval_s=1.0, intake_grace_s=8.0, max_message_chars=500,
        max_body_bytes=2048, trusted_token="bench",
        button_intents=frozenset({"affirm", "deny", "choose"}),
        social_api_url="http://social.test/api", social_api_token="stok",
        social_webhook_secret="shh")


def test_the_trusted_token_falls_back_to_the_service_token():
    assert ChannelSettings.from_env({"BACKEND_API_TOKEN": "svc"}).trusted_token == "svc"
    assert ChannelSettings.from_env({"BACKEND_API_TOKEN": "svc",
                                     "BOT_TRUSTED_TOKEN": "bench"}).trusted_token == "bench"


@pytest.mark.parametrize("env", [
    {}, {"BACKEND_URL": "http://backend:8000/", "BACKEND_API_TOKEN": "t",
         "LANDLORD_EMERGENCY_PHONE": "\t0800 1\n"},
    {"BACKEND_URL": " https://b.example ", "BACKEND_API_TOKEN": "", "LANDLORD_EMERGENCY_PHONE": ""},
])
def test_shared_variables_are_parsed_as_the_action_server_parses_them(env):
    channel, action = ChannelSettings.from_env(env), BotSettings.from_env(env)
    for field in ("backend_url", "backend_api_token", "landlord_emergency_phone"):
        assert getattr(channel, field) == getattr(action, field)


def test_a_backend_url_both_processes_reject_gives_the_same_message():
    with pytest.raises(SettingsError) as channel:
        ChannelSettings.from_env({"BACKEND_URL": "backend:8000"})
    with pytest.raises(SettingsError) as action:
        BotSettings.from_env({"BACKEND_URL": "backend:8000"})
    assert str(channel.value) == str(action.value)


@pytest.mark.parametrize("name, value", [
    ("BACKEND_URL", "127.0.0.1:8000"), ("SOCIAL_API_URL", "social.example/api"),
    ("BOT_INTAKE_SWEEPER", "maybe"), ("BOT_INTAKE_INTERVAL_S", "0"),
    ("BOT_INTAKE_INTERVAL_S", "5s"), ("BOT_INTAKE_GRACE_S", "-1"), ("BOT_INTAKE_GRACE_S", "nan"),
    ("BOT_MAX_MESSAGE_CHARS", "3k"), ("BOT_MAX_MESSAGE_CHARS", "0"),
    ("BOT_MAX_MESSAGE_CHARS", "2.5"), ("BOT_MAX_BODY_BYTES", "-10"),
])
def test_a_bad_value_is_a_clear_error_naming_the_variable(name, value):
    with pytest.raises(SettingsError) as err:
        ChannelSettings.from_env({name: value})
    assert name in str(err.value) and repr(value) in str(err.value)


@pytest.mark.parametrize("load", [
    lambda: RestMetadataInput.from_credentials(None),
    lambda: SocialMentionsInput.from_credentials({}),
    lambda: SocketIOSessionInput.from_credentials({"session_persistence": True}),
])
def test_every_channel_checks_the_settings_when_it_loads(clean_env, load):
    clean_env.setenv("BOT_MAX_MESSAGE_CHARS", "lots")
    with pytest.raises(SystemExit) as stop:
        load()
    assert str(stop.value) == ("Rasa channel configuration error: BOT_MAX_MESSAGE_CHARS must be "
                               "a whole number greater than 0 (got 'lots')")
    clean_env.setenv("BOT_MAX_MESSAGE_CHARS", "400")
    assert load() is not None


def test_modules_read_the_settings_at_call_time(clean_env, tmp_path):
    clean_env.setenv("BOT_INTAKE_PATH", str(tmp_path / "intake.sqlite3"))
    clean_env.setenv("LANDLORD_EMERGENCY_PHONE", " 0800 000 111 ")
    clean_env.setenv("BOT_MAX_MESSAGE_CHARS", "400")
    clean_env.setenv("BACKEND_API_TOKEN", "svc")
    clean_env.setenv("SOCIAL_API_URL", "http://social.test/")
    clean_env.setenv("SOCIAL_API_TOKEN", "stok")
    clean_env.setenv("SOCIAL_WEBHOOK_SECRET", "shh")
    assert intake.intake_path() == tmp_path / "intake.sqlite3"
    assert intake.get_intake().path == tmp_path / "intake.sqlite3"
    assert "0800 000 111." in wording.emergency_line()
    assert guard.GuardSettings.from_env() == guard.GuardSettings(max_chars=400,
                                                                 service_token="svc")
    rest = RestMetadataInput.from_credentials(None)
    assert rest.settings.max_chars == 400 and rest.settings.service_token == "svc"
    social = SocialMentionsInput.from_credentials({})
    assert (social.api.base_url, social.api.token, social.webhook_secret) == (
        "http://social.test", "stok", "shh")
    assert SocialMentionsInput.from_credentials({"api_url": "http://x.test"}).api.base_url == \
        "http://x.test"  # credentials.yml's api_url wins
    clean_env.delenv("LANDLORD_EMERGENCY_PHONE")
    # unset: the placeholder, never "the number is on your tenancy agreement" (hg-06)
    assert "01632 960000." in wording.emergency_line() and wording.emergency_line() != wording.EMERGENCY_NO_NUMBER
    assert get_settings().max_message_chars == 400


class _App:
    def __init__(self):
        self.tasks = []

    def add_task(self, coro):
        self.tasks.append(coro)
        coro.close()


def test_the_sweeper_switch_and_timings_come_from_the_settings(clean_env):
    clean_env.setattr(intake, "_sweeper_started", False)
    clean_env.setenv("BOT_INTAKE_SWEEPER", "off")
    app = _App()
    intake.start_sweeper(app)
    assert app.tasks == [] and intake._sweeper_started is False
    clean_env.setenv("BOT_INTAKE_SWEEPER", "1")
    intake.start_sweeper(app)
    assert len(app.tasks) == 1 and intake._sweeper_started is True


def test_nothing_else_in_channels_reads_the_environment():
    readers = []
    for path in (BOT_DIR / "channels").rglob("*.py"):
        if path.name == "settings.py" and path.parent.name == "channels":
            continue
        if re.search(r"os\.environ|os\.getenv|\bgetenv\(|from os import",
                     path.read_text(encoding="utf-8")):
            readers.append(str(path.relative_to(BOT_DIR)))
    assert readers == []


def _load_channels(env_extra: dict) -> subprocess.CompletedProcess:
    """Load credentials.yml's channels the way `rasa run` does before its server starts."""
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update(env_extra)
    code = ("from rasa.core.run import create_http_input_channels; "
            "print(len(create_http_input_channels(None, 'credentials.yml')))")
    return subprocess.run([sys.executable, "-c", code], cwd=BOT_DIR, env=env,
                          capture_output=True, text=True, timeout=180)


def test_a_bad_value_stops_rasa_when_it_loads_the_channels():
    bad = _load_channels({"BOT_INTAKE_GRACE_S": "two minutes"})
    assert bad.returncode != 0
    assert bad.stderr.strip().splitlines()[-1] == (
        "Rasa channel configuration error: BOT_INTAKE_GRACE_S must be a number of seconds "
        "greater than 0 (got 'two minutes')")
    assert "Traceback" not in bad.stderr  # one clear line, not a crash
    good = _load_channels({"BOT_INTAKE_GRACE_S": "60", "SOCIAL_API_URL": "https://social.test"})
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip().splitlines()[-1] == "3"  # rest_metadata, social, socketio


def _table_names(text: str) -> list:
    return re.findall(r"^\| ([A-Z][A-Z0-9_]+) \|", text, re.M)


def test_readme_lists_every_bot_variable_once_with_the_process_that_reads_it():
    import actions.settings
    import channels.settings
    assert sorted(_table_names(channels.settings.__doc__)) == sorted(VARIABLES)
    readme = (BOT_DIR.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration (environment)\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            first, read_by = line.split(" | ")[:2]
            for name in re.findall(r"`([A-Z][A-Z0-9_<>]+)(?:=[^`]*)?`", first):
                assert name not in rows, f"{name} is listed twice"
                rows[name] = read_by
    for name in VARIABLES:
        assert "Rasa" in rows.get(name, ""), name
    for name in _table_names(actions.settings.__doc__):
        assert "action server" in rows.get(name, ""), name
