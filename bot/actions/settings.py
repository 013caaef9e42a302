"""The action server's configuration: ONE settings object, read from the environment.

Every environment variable the action server reads is a field here; nothing else in
bot/actions/ calls os.environ (tests/bot/test_settings.py checks it). `get_settings()` reads the
environment afresh on each call: it is cheap, and tests that change the environment see the
change. An empty variable counts as unset (the default applies), as in the backend's settings.

A bad value (a timeout that is not a number, an interval <= 0, an on/off switch that is
neither) raises `SettingsError` naming the variable. `check_at_start()` runs when the action
server imports the actions package (actions/background.py), so a bad value stops the server at
start with that message instead of failing an action in the middle of a conversation.

| variable | field | default |
|---|---|---|
| BACKEND_URL | backend_url | http://127.0.0.1:8000 (http or https; trailing / removed) |
| BACKEND_API_TOKEN | backend_api_token | "" (no Authorization header) |
| BACKEND_TIMEOUT_S | backend_timeout_s | 5 (seconds per backend call, > 0) |
| BOT_OUTBOX_DELIVERER | outbox_deliverer | on (0/false/no/off: no background deliverer) |
| BOT_OUTBOX_INTERVAL_S | outbox_interval_s | 5 (seconds between delivery passes, > 0) |
| BOT_OUTBOX_PATH | outbox_path | <repo>/var/bot-outbox.sqlite3 |
| PROFILES_DIR | profiles_dir | <repo>/backend/profiles (used when the backend cannot be reached) |
| LANDLORD_PROFILE | landlord_profile | code-2024 |
| LANDLORD_EMERGENCY_PHONE | landlord_emergency_phone | 01632 960000 (spaces trimmed; placeholder) |
| LANDLORD_REPLY_PHONE | landlord_reply_phone | 01632 960001 (spaces trimmed; placeholder) |

The two numbers a resident is told to ring are never missing (hg-06: "the number is on your tenancy
agreement" to a resident with a gas leak): unset, empty or blank, a development install gives the
placeholders above, from the range Ofcom keeps for drama (01632 960000-960999: never a real line,
never mistaken for one). A deployment sets both: docker-compose.yml refuses to start without them.
The backend has the same defaults (casework/settings.py), so the chat and the letters agree.

The landlord's office hours are the profile's, not the environment's: `OfficeHours.from_profile`
(opening_time, closing_time, timezone; 09:00 to 17:00 London when the profile does not say) is the one
object the chat asks whether the office is open now and when it opens next (safeguarding.tell_pickup).
Working days are the profile's calendar (its nation's bank holidays), which the case service holds:
the pick-up deadline it sets for an urgent handoff is the closing time of the working day the message
counts as received on (casework/pickup_deadline.py), so that day is passed in as `working_day`.
"""
from __future__ import annotations

import datetime as dt
import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BACKEND_URL = "http://127.0.0.1:8000"
DEFAULT_PROFILE = "code-2024"
DEFAULT_OUTBOX_PATH = REPO_ROOT / "var" / "bot-outbox.sqlite3"
DEFAULT_PROFILES_DIR = REPO_ROOT / "backend" / "profiles"
# development placeholders (Ofcom's drama range): a deployment sets its own (docker-compose.yml)
DEV_EMERGENCY_PHONE = "01632 960000"
DEV_REPLY_PHONE = "01632 960001"

_ON = {"1", "true", "yes", "on"}
_OFF = {"0", "false", "no", "off"}


class SettingsError(ValueError):
    """A configuration value the action server cannot use; the message names the variable."""


@dataclass(frozen=True)
class BotSettings:
    backend_url: str = DEFAULT_BACKEND_URL
    backend_api_token: str = ""
    backend_timeout_s: float = 5.0
    outbox_deliverer: bool = True
    outbox_interval_s: float = 5.0
    outbox_path: Path = DEFAULT_OUTBOX_PATH
    profiles_dir: Path = DEFAULT_PROFILES_DIR
    landlord_profile: str = DEFAULT_PROFILE
    landlord_emergency_phone: str = DEV_EMERGENCY_PHONE
    landlord_reply_phone: str = DEV_REPLY_PHONE

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "BotSettings":
        env = os.environ if environ is None else environ

        def get(name: str) -> Optional[str]:
            return env_value(env, name)

        return cls(
            **shared_values(env),
            backend_timeout_s=parse_seconds("BACKEND_TIMEOUT_S", get("BACKEND_TIMEOUT_S"),
                                            cls.backend_timeout_s),
            outbox_deliverer=parse_switch("BOT_OUTBOX_DELIVERER", get("BOT_OUTBOX_DELIVERER"),
                                          cls.outbox_deliverer),
            outbox_interval_s=parse_seconds("BOT_OUTBOX_INTERVAL_S", get("BOT_OUTBOX_INTERVAL_S"),
                                            cls.outbox_interval_s),
            outbox_path=Path(get("BOT_OUTBOX_PATH") or DEFAULT_OUTBOX_PATH),
            profiles_dir=Path(get("PROFILES_DIR") or DEFAULT_PROFILES_DIR),
            landlord_profile=get("LANDLORD_PROFILE") or DEFAULT_PROFILE,
            landlord_reply_phone=parse_phone(get("LANDLORD_REPLY_PHONE"), DEV_REPLY_PHONE),
        )


# The parsers below are shared with the Rasa process's channel settings (bot/channels/settings.py),
# so a variable both processes read is parsed the same way (this module imports only the stdlib).
def env_value(env: Mapping[str, str], name: str) -> Optional[str]:
    """The variable's value, or None when it is unset or empty (empty counts as unset)."""
    value = env.get(name)
    return value if value else None


def shared_values(env: Mapping[str, str]) -> dict:
    """The variables the action server shares with the Rasa process's channels, parsed once here."""
    return {
        "backend_url": parse_url("BACKEND_URL", env_value(env, "BACKEND_URL"), DEFAULT_BACKEND_URL),
        "backend_api_token": env_value(env, "BACKEND_API_TOKEN") or "",
        "landlord_emergency_phone": parse_phone(env_value(env, "LANDLORD_EMERGENCY_PHONE"), DEV_EMERGENCY_PHONE),
    }


def parse_phone(raw: Optional[str], default: str) -> str:
    """A number residents are told to ring, spaces trimmed; unset or blank: the placeholder."""
    return (raw or "").strip() or default


def parse_url(name: str, raw: Optional[str], default: str) -> str:
    if raw is None:
        return default
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"{name} must be an http:// or https:// address (got {raw!r})")
    return raw.strip().rstrip("/")


def parse_seconds(name: str, raw: Optional[str], default: float) -> float:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds greater than 0 (got {raw!r})") from None
    if not math.isfinite(value) or value <= 0:
        raise SettingsError(f"{name} must be a number of seconds greater than 0 (got {raw!r})")
    return value


def parse_switch(name: str, raw: Optional[str], default: bool) -> bool:
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _ON:
        return True
    if value in _OFF:
        return False
    raise SettingsError(f"{name} must be 1 or 0 (also true/false, yes/no, on/off; got {raw!r})")


def _clock(value: object, default: dt.time) -> dt.time:
    try:
        hour, minute = (int(x) for x in str(value).split(":"))
        return dt.time(hour, minute)
    except (TypeError, ValueError):
        return default


@dataclass(frozen=True)
class OfficeHours:
    """When the landlord's office is open: `opening` to `closing` (local time, `timezone`) on a working
    day. `working_day`, where a method takes it, is the first working day on or after today by the
    profile's calendar (bank holidays included: the case service's pick-up deadline says it, see
    working_day_of); None when not known, and then Monday to Friday is all that is known."""
    opening: dt.time = dt.time(9, 0)
    closing: dt.time = dt.time(17, 0)
    timezone: str = "Europe/London"

    @classmethod
    def from_profile(cls, profile: Optional[Mapping]) -> "OfficeHours":
        profile = profile or {}
        return cls(opening=_clock(profile.get("opening_time"), cls.opening),
                   closing=_clock(profile.get("closing_time"), cls.closing),
                   timezone=profile.get("timezone") or cls.timezone)

    def local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.timezone.utc)
        return moment.astimezone(ZoneInfo(self.timezone))

    def working_day_of(self, pick_up_by: Optional[dt.datetime]) -> Optional[dt.date]:
        """The working day a pick-up deadline names: the day, when it falls at the closing time (the
        working-day rule); None for a deadline some hours after arrival (STAFF_PICKUP_HOURS)."""
        if pick_up_by is None:
            return None
        local = self.local(pick_up_by)
        return local.date() if local.time().replace(second=0, microsecond=0) == self.closing else None

    def _working_today(self, today: dt.date, working_day: Optional[dt.date]) -> bool:
        return working_day == today if working_day is not None else today.weekday() < 5

    def is_open(self, now: dt.datetime, working_day: Optional[dt.date] = None) -> bool:
        local = self.local(now)
        return (self._working_today(local.date(), working_day)
                and self.opening <= local.time().replace(tzinfo=None) < self.closing)

    def next_opening(self, now: dt.datetime, working_day: Optional[dt.date] = None) -> dt.datetime:
        """When the office opens next (now, if it is open): today's opening before it, else the
        opening on the next working day (working_day when later than today; else the next weekday)."""
        local = self.local(now)
        today, tz = local.date(), ZoneInfo(self.timezone)
        if self.is_open(now, working_day):
            return local
        if self._working_today(today, working_day) and local.time().replace(tzinfo=None) < self.opening:
            day = today
        elif working_day is not None and working_day > today:
            day = working_day
        else:
            day = today + dt.timedelta(days=1)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
        return dt.datetime.combine(day, self.opening, tzinfo=tz)


def get_settings() -> BotSettings:
    """The settings as the environment holds them now (raises SettingsError on a bad value)."""
    return BotSettings.from_env()


def check_at_start() -> BotSettings:
    """Read the settings once when the action server starts; a bad value stops the start with a
    message naming the variable (SystemExit, which rasa_sdk's package loading does not swallow)."""
    try:
        settings = get_settings()
    except SettingsError as exc:
        raise SystemExit(f"action server configuration error: {exc}") from None
    for name, value, placeholder in (("LANDLORD_EMERGENCY_PHONE", settings.landlord_emergency_phone, DEV_EMERGENCY_PHONE),
                                     ("LANDLORD_REPLY_PHONE", settings.landlord_reply_phone, DEV_REPLY_PHONE)):
        if value == placeholder:  # a development install: said once, loudly, at start
            logging.getLogger(__name__).warning(
                "%s is not set: residents are given the development placeholder %s (not a real line)", name, value)
    return settings

