"""The Rasa process's channel configuration: ONE settings object, read from the environment.

Every environment variable the channels (bot/channels/) read is a field here; nothing else in
bot/channels/ calls os.environ (tests/bot/test_channel_settings.py checks it). `get_settings()`
reads the environment afresh on each call, so tests that change the environment see the change.
An empty variable counts as unset (the default applies), as in the action server's settings.

The variables the action server reads too (BACKEND_URL, BACKEND_API_TOKEN,
LANDLORD_EMERGENCY_PHONE) are parsed by the action server's own functions
(`actions.settings.shared_values`; that module imports only the standard library), so both
processes accept and reject the same values.

A bad value raises `SettingsError` naming the variable. `check_at_start()` runs when Rasa loads
each channel from credentials.yml (`from_credentials`, before the server starts), so a bad value
stops Rasa at start with one line instead of failing in the middle of a conversation.

| variable | field | default |
|---|---|---|
| BACKEND_URL | backend_url | http://127.0.0.1:8000 (http or https; trailing / removed) |
| BACKEND_API_TOKEN | backend_api_token | "" |
| LANDLORD_EMERGENCY_PHONE | landlord_emergency_phone | 01632 960000 (spaces trimmed; placeholder, as the action server's) |
| BOT_INTAKE_PATH | intake_path | <repo>/var/bot-intake.sqlite3 |
| BOT_INTAKE_SWEEPER | intake_sweeper | on (0/false/no/off: no sweeper) |
| BOT_INTAKE_INTERVAL_S | intake_interval_s | 5 (seconds between sweeps, > 0) |
| BOT_INTAKE_GRACE_S | intake_grace_s | 120 (seconds a held row may wait before it is swept, > 0) |
| BOT_MAX_MESSAGE_CHARS | max_message_chars | 3000 (whole number > 0) |
| BOT_MAX_BODY_BYTES | max_body_bytes | 1000000 (whole number > 0) |
| BOT_TRUSTED_TOKEN | trusted_token | BACKEND_API_TOKEN |
| BOT_BUTTON_INTENTS | button_intents | affirm,deny (comma-separated) |
| SOCIAL_API_URL | social_api_url | "" (http or https when set; credentials.yml api_url wins) |
| SOCIAL_API_TOKEN | social_api_token | "" |
| SOCIAL_WEBHOOK_SECRET | social_webhook_secret | "" (the social webhook refuses every request) |
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from actions.settings import (DEFAULT_BACKEND_URL, DEV_EMERGENCY_PHONE, SettingsError, env_value, parse_seconds,
                              parse_switch, parse_url, shared_values)

__all__ = ["ChannelSettings", "SettingsError", "get_settings", "check_at_start"]

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_INTAKE_PATH = REPO_ROOT / "var" / "bot-intake.sqlite3"


@dataclass(frozen=True)
class ChannelSettings:
    backend_url: str = DEFAULT_BACKEND_URL
    backend_api_token: str = ""
    landlord_emergency_phone: str = DEV_EMERGENCY_PHONE
    intake_path: Path = DEFAULT_INTAKE_PATH
    intake_sweeper: bool = True
    intake_interval_s: float = 5.0
    intake_grace_s: float = 120.0
    max_message_chars: int = 3000
    max_body_bytes: int = 1_000_000
    trusted_token: str = ""
    button_intents: frozenset = frozenset({"affirm", "deny"})
    social_api_url: str = ""
    social_api_token: str = ""
    social_webhook_secret: str = ""

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "ChannelSettings":
        env = os.environ if environ is None else environ

        def get(name: str) -> Optional[str]:
            return env_value(env, name)

        shared = shared_values(env)
        buttons = get("BOT_BUTTON_INTENTS")
        return cls(
            **shared,
            intake_path=Path(get("BOT_INTAKE_PATH") or DEFAULT_INTAKE_PATH),
            intake_sweeper=parse_switch("BOT_INTAKE_SWEEPER", get("BOT_INTAKE_SWEEPER"),
                                        cls.intake_sweeper),
            intake_interval_s=parse_seconds("BOT_INTAKE_INTERVAL_S", get("BOT_INTAKE_INTERVAL_S"),
                                            cls.intake_interval_s),
            intake_grace_s=parse_seconds("BOT_INTAKE_GRACE_S", get("BOT_INTAKE_GRACE_S"),
                                         cls.intake_grace_s),
            max_message_chars=_count("BOT_MAX_MESSAGE_CHARS", get("BOT_MAX_MESSAGE_CHARS"),
                                     cls.max_message_chars),
            max_body_bytes=_count("BOT_MAX_BODY_BYTES", get("BOT_MAX_BODY_BYTES"),
                                  cls.max_body_bytes),
            trusted_token=get("BOT_TRUSTED_TOKEN") or shared["backend_api_token"],
            button_intents=(frozenset(i.strip() for i in buttons.split(",") if i.strip())
                            if buttons else cls.button_intents),
            social_api_url=parse_url("SOCIAL_API_URL", get("SOCIAL_API_URL"), ""),
            social_api_token=get("SOCIAL_API_TOKEN") or "",
            social_webhook_secret=get("SOCIAL_WEBHOOK_SECRET") or "",
        )


def _count(name: str, raw: Optional[str], default: int) -> int:
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if value <= 0:
        raise SettingsError(f"{name} must be a whole number greater than 0 (got {raw!r})")
    return value


def get_settings() -> ChannelSettings:
    """The settings as the environment holds them now (raises SettingsError on a bad value)."""
    return ChannelSettings.from_env()


def check_at_start() -> ChannelSettings:
    """Read the settings when Rasa loads a channel; a bad value stops the start with one line
    naming the variable (SystemExit: Rasa's start-up does not catch it, so no traceback)."""
    try:
        return get_settings()
    except SettingsError as exc:
        raise SystemExit(f"Rasa channel configuration error: {exc}") from None
