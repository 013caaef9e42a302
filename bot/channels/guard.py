"""The trust boundary every resident-facing channel applies before Rasa sees a message.

- Receipt time comes from this server's clock. Only a client holding the service token
  (the benchmark, tests) may set `received_at`, and only to a valid date or time.
- The landlord profile is never taken from a message: `LANDLORD_PROFILE` (deployment
  configuration) decides it, in the action server.
- Text: control characters stripped (newlines and tabs kept); a leading `/` is removed so a
  resident cannot type an intent (`/EXTERNAL_letter{...}`, `/restart`): Rasa would otherwise
  parse it as one on every channel. The only exceptions are the payloads of the domain's own
  buttons, exactly (`/affirm`, `/deny`: BOT_BUTTON_INTENTS), with no entities or confidence.
- Length: over `BOT_MAX_MESSAGE_CHARS` (default 3,000) the message never reaches the model;
  the channel keeps it in full for staff and asks the resident to shorten or split it.
- Sender ids: letters, digits and `_.:@-`, at most 128 characters; never a shared default.
- Metadata from a client: only short scalar values under plain keys; reserved keys
  (`received_at`, `profile`, `is_external`, ...) are dropped.

The limits and the service token come from the channels' one settings object
(`channels.settings`; `GuardSettings.from_env` builds them from it). Wording of the channel's own
replies is in `channels.wording`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any, Optional

from channels import settings as channel_settings

SENDER_ID = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")
MESSAGE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
_METADATA_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
RESERVED_METADATA = {"received_at", "profile", "is_external", "trusted", "message_id",
                     "intake", "client", "client_ip", "channel"}
_KEEP_CONTROL = {"\n", "\t"}
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class GuardSettings:
    max_chars: int = 3000
    max_body_bytes: int = 1_000_000
    service_token: str = ""
    button_intents: frozenset = frozenset({"affirm", "deny"})

    @classmethod
    def from_settings(cls, s: "channel_settings.ChannelSettings") -> "GuardSettings":
        return cls(max_chars=s.max_message_chars, max_body_bytes=s.max_body_bytes,
                   service_token=s.trusted_token, button_intents=s.button_intents)

    @classmethod
    def from_env(cls) -> "GuardSettings":
        """The guard's part of the channel settings as the environment holds them now."""
        return cls.from_settings(channel_settings.get_settings())


def clean_text(text: Any) -> str:
    """Control and format characters out (newline/tab kept), CRLF -> LF, ends stripped."""
    if not isinstance(text, str):
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = [c for c in text
            if c in _KEEP_CONTROL or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co")]
    return "".join(kept).strip()


def neutralise_intent(text: str, buttons: frozenset = frozenset()) -> str:
    """A resident's text never starts with `/` (Rasa's typed-intent syntax), except a plain
    button payload such as `/affirm` (the same as clicking the domain's own button)."""
    if not text.startswith("/") or text[1:] in buttons:
        return text
    return text.lstrip("/ \t\n").strip()


def valid_sender(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and SENDER_ID.match(value) else None


def message_id_or_new(value: Any) -> str:
    """The client's id when it is a plain one (a resent message keeps it), else a new one."""
    if isinstance(value, (str, int)) and not isinstance(value, bool) \
            and MESSAGE_ID.match(str(value)):
        return str(value)
    return uuid.uuid4().hex


def server_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def trusted(authorization: Optional[str], settings: GuardSettings) -> bool:
    """True only for `Authorization: Bearer <service token>` with a token configured."""
    if not settings.service_token or not authorization:
        return False
    return hmac.compare_digest(authorization.encode(),
                               f"Bearer {settings.service_token}".encode())


def trusted_received_at(value: Any) -> Optional[str]:
    """A benchmark's reproducible receipt time: YYYY-MM-DD or an ISO datetime, 2000-2100."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        parsed = (dt.date.fromisoformat(value) if _DATE_ONLY.match(value)
                  else dt.datetime.fromisoformat(value))
    except ValueError:
        return None
    return value if 2000 <= parsed.year <= 2100 else None


def client_metadata(value: Any) -> dict:
    """What a client may add: up to 10 short scalar values under plain keys."""
    if not isinstance(value, dict):
        return {}
    kept: dict = {}
    for key, item in value.items():
        if len(kept) >= 10:
            break
        if not isinstance(key, str) or not _METADATA_KEY.match(key) or key in RESERVED_METADATA:
            continue
        if isinstance(item, bool) or isinstance(item, (int, float)):
            kept[key] = item
        elif isinstance(item, str) and len(item) <= 200:
            kept[key] = clean_text(item)
    return kept


def client_key(address: Optional[str]) -> Optional[str]:
    """A hash of the client's address, for throttling look-ups (never the address itself)."""
    if not address:
        return None
    return "ip-" + hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()[:32]


def metadata_for(raw: Any, *, is_trusted: bool, channel: str,
                 client: Optional[str] = None) -> dict:
    """Client metadata (filtered) plus what the server sets: receipt time, channel, client."""
    metadata = client_metadata(raw)
    if client:
        metadata["client"] = client
    received = None
    if is_trusted and isinstance(raw, dict):
        received = trusted_received_at(raw.get("received_at"))
    metadata["received_at"] = received or server_now()
    metadata["channel"] = channel
    return metadata
