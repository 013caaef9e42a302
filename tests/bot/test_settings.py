"""The action server's one settings object (bot/actions/settings.py): names, defaults, bad values
stopping the start, and every module reading its configuration from there at call time."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from actions import backend_client, context, outbox, profiles, record_actions, record_fields
from actions.settings import (DEFAULT_OUTBOX_PATH, DEFAULT_PROFILES_DIR, DEV_EMERGENCY_PHONE, DEV_REPLY_PHONE,
                              BotSettings, SettingsError, get_settings)

BOT_DIR = Path(__file__).resolve().parents[2] / "bot"
VARIABLES = ("BACKEND_URL", "BACKEND_API_TOKEN", "BACKEND_TIMEOUT_S", "BOT_OUTBOX_DELIVERER",
             "BOT_OUTBOX_INTERVAL_S", "BOT_OUTBOX_PATH", "PROFILES_DIR", "LANDLORD_PROFILE",
             "LANDLORD_EMERGENCY_PHONE", "LANDLORD_REPLY_PHONE")


def test_defaults_are_the_ones_the_modules_had():
    s = BotSettings.from_env({})
    assert s.backend_url == "http://127.0.0.1:8000"
    assert s.backend_api_token == ""
    assert s.backend_timeout_s == 5.0
    assert s.outbox_deliverer is True
    assert s.outbox_interval_s == 5.0
    assert s.outbox_path == DEFAULT_OUTBOX_PATH == BOT_DIR.parent / "var" / "bot-outbox.sqlite3"
    assert s.profiles_dir == DEFAULT_PROFILES_DIR == BOT_DIR.parent / "backend" / "profiles"
    assert s.landlord_profile == "code-2024"
    # never missing (hg-06): development placeholders from Ofcom's drama range
    assert (s.landlord_emergency_phone, s.landlord_reply_phone) == (DEV_EMERGENCY_PHONE, DEV_REPLY_PHONE)
    assert DEV_EMERGENCY_PHONE == "01632 960000" and DEV_REPLY_PHONE == "01632 960001"
    assert BotSettings.from_env({name: "" for name in VARIABLES}) == s  # empty = unset
    assert BotSettings.from_env({"LANDLORD_EMERGENCY_PHONE": "  ", "LANDLORD_REPLY_PHONE": "\n"}) == s  # blank too


def test_every_variable_is_read_under_its_name(tmp_path):
    s = BotSettings.from_env({
        "BACKEND_URL": "https://cases.example.org/", "BACKEND_API_TOKEN": "tok",
        "BACKEND_TIMEOUT_S": "2.5", "BOT_OUTBOX_DELIVERER": "0", "BOT_OUTBOX_INTERVAL_S": "0.5",
        "BOT_OUTBOX_PATH": str(tmp_path / "o.sqlite3"), "PROFILES_DIR": str(tmp_path),
        "LANDLORD_PROFILE": "pa-housing-2022", "LANDLORD_EMERGENCY_PHONE": " 0800 555 0199 ",
        "LANDLORD_REPLY_PHONE": "0300 123 4567\n"})
    assert s == BotSettings(backend_url="https://cases.example.org", backend_api_token="tok",
                            backend_timeout_s=2.5, outbox_deliverer=False, outbox_interval_s=0.5,
                            outbox_path=tmp_path / "o.sqlite3", profiles_dir=tmp_path,
                            landlord_profile="pa-housing-2022",
                            landlord_emergency_phone="0800 555 0199",
                            landlord_reply_phone="0300 123 4567")


@pytest.mark.parametrize("value, on", [("1", True), ("0", False), ("false", False), ("OFF", False),
                                       ("yes", True)])
def test_deliverer_switch(value, on):
    assert BotSettings.from_env({"BOT_OUTBOX_DELIVERER": value}).outbox_deliverer is on


@pytest.mark.parametrize("name, value", [
    ("BACKEND_TIMEOUT_S", "five"), ("BACKEND_TIMEOUT_S", "0"), ("BACKEND_TIMEOUT_S", "-1"),
    ("BACKEND_TIMEOUT_S", "nan"), ("BOT_OUTBOX_INTERVAL_S", "0"), ("BOT_OUTBOX_INTERVAL_S", "-5"),
    ("BOT_OUTBOX_INTERVAL_S", "inf"), ("BOT_OUTBOX_INTERVAL_S", "5s"), ("BOT_OUTBOX_DELIVERER", "maybe"),
    ("BACKEND_URL", "127.0.0.1:8000"), ("BACKEND_URL", "ftp://backend"),
])
def test_a_bad_value_is_a_clear_error_naming_the_variable(name, value):
    with pytest.raises(SettingsError) as err:
        BotSettings.from_env({name: value})
    assert name in str(err.value) and repr(value) in str(err.value)


def test_modules_read_the_settings_at_call_time(monkeypatch, tmp_path):
    monkeypatch.setenv("BACKEND_URL", "http://backend.test:9000/")
    monkeypatch.setenv("BACKEND_API_TOKEN", "svc")
    monkeypatch.setenv("BACKEND_TIMEOUT_S", "1.5")
    monkeypatch.setenv("BOT_OUTBOX_PATH", str(tmp_path / "queue.sqlite3"))
    monkeypatch.setenv("PROFILES_DIR", str(tmp_path / "profiles"))
    monkeypatch.setenv("LANDLORD_PROFILE", "wrekin-2020-housing")
    monkeypatch.setenv("LANDLORD_EMERGENCY_PHONE", "0800 000 111")
    monkeypatch.setenv("LANDLORD_REPLY_PHONE", "0300 000 222")
    assert backend_client.ClientConfig.from_env() == backend_client.ClientConfig(
        "http://backend.test:9000", "svc", 1.5)
    assert outbox.outbox_path() == tmp_path / "queue.sqlite3"
    assert outbox.Outbox().path == tmp_path / "queue.sqlite3"
    assert profiles.profiles_dir() == tmp_path / "profiles"
    assert context.default_profile_id() == "wrekin-2020-housing"
    assert record_actions.emergency_phone() == "0800 000 111"
    assert record_fields.reply_phone() == "0300 000 222"
    monkeypatch.delenv("LANDLORD_REPLY_PHONE")
    monkeypatch.delenv("LANDLORD_PROFILE")
    assert record_fields.reply_phone() == DEV_REPLY_PHONE and context.default_profile_id() == "code-2024"
    assert get_settings().landlord_emergency_phone == "0800 000 111"


def test_nothing_else_in_actions_reads_the_environment():
    readers = []
    for path in (BOT_DIR / "actions").rglob("*.py"):
        if path.name == "settings.py" and path.parent.name == "actions":
            continue
        if re.search(r"os\.environ|os\.getenv|\bgetenv\(|from os import", path.read_text(encoding="utf-8")):
            readers.append(str(path.relative_to(BOT_DIR)))
    assert readers == []


def _start(env_extra: dict) -> subprocess.CompletedProcess:
    """Import the package the way the action server does at start-up (actions.background)."""
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update({"BOT_OUTBOX_DELIVERER": "0", **env_extra})
    return subprocess.run([sys.executable, "-c", "import actions.background"], cwd=BOT_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_bad_value_stops_the_action_server_at_start():
    bad = _start({"BOT_OUTBOX_INTERVAL_S": "0"})
    assert bad.returncode != 0
    assert "action server configuration error: BOT_OUTBOX_INTERVAL_S must be a number of seconds " \
           "greater than 0 (got '0')" in bad.stderr
    assert "Traceback" not in bad.stderr  # one clear line, not a crash
    bad = _start({"BACKEND_TIMEOUT_S": "ten"})
    assert bad.returncode != 0 and "BACKEND_TIMEOUT_S" in bad.stderr
    good = _start({"BACKEND_TIMEOUT_S": "10", "BOT_OUTBOX_INTERVAL_S": "2"})
    assert good.returncode == 0, good.stderr


def test_the_outbox_command_stops_on_a_bad_setting(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update({"BACKEND_TIMEOUT_S": "soon", "BOT_OUTBOX_PATH": str(tmp_path / "o.sqlite3")})
    run = subprocess.run([sys.executable, "-m", "actions.outbox", "status"], cwd=BOT_DIR, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "action server configuration error: BACKEND_TIMEOUT_S" in run.stderr
    assert not (tmp_path / "o.sqlite3").exists()
    env["BACKEND_TIMEOUT_S"] = "3"
    run = subprocess.run([sys.executable, "-m", "actions.outbox", "status"], cwd=BOT_DIR, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "pending=0" in run.stdout, run.stderr


def test_the_start_warns_when_residents_would_get_a_placeholder_number(monkeypatch, caplog):
    """hg-06: a development install gives the placeholder numbers, and says so at start."""
    from actions.settings import check_at_start
    for name in ("LANDLORD_EMERGENCY_PHONE", "LANDLORD_REPLY_PHONE"):
        monkeypatch.delenv(name, raising=False)
    with caplog.at_level("WARNING", logger="actions.settings"):
        check_at_start()
    assert "LANDLORD_EMERGENCY_PHONE is not set" in caplog.text and "LANDLORD_REPLY_PHONE is not set" in caplog.text
    caplog.clear()
    monkeypatch.setenv("LANDLORD_EMERGENCY_PHONE", "0800 555 0199")
    monkeypatch.setenv("LANDLORD_REPLY_PHONE", "0300 123 4567")
    with caplog.at_level("WARNING", logger="actions.settings"):
        assert check_at_start().landlord_emergency_phone == "0800 555 0199"
    assert "not set" not in caplog.text
