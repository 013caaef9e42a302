"""The case service's configuration: ONE settings object, read from the environment.

Every environment variable the backend (API, letters, outbox worker, reports) reads is a field
here; nothing else in casework/ calls os.environ (tests/backend/test_api_layout.py checks it).
`get_settings()` reads the environment afresh on each
call: it is cheap, and tests that change the environment see the change.

Names are the environment variable names (case-insensitive), e.g. BACKEND_API_TOKEN.
"""
from __future__ import annotations

import os
from email.headerregistry import Address
from email.utils import parseaddr
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
# The landlord a development or test install writes as: a placeholder, never a real landlord. A
# deployment sets LANDLORD_NAME and LANDLORD_REPLY_EMAIL (docker-compose.yml refuses to start without
# them). The development address is on a reserved domain (RFC 2606 .example): never deliverable,
# never mistaken for a real one, and never "localhost" in a letter a resident could read.
DEV_LANDLORD_NAME = "Example Homes"
DEV_MAIL_ADDRESS = "complaints@example-homes.example"
# The numbers letters give residents (LANDLORD_EMERGENCY_PHONE, LANDLORD_REPLY_PHONE) are never
# missing (hg-06: hazard letters with no emergency number): unset or blank, a development install
# gives placeholders from the range Ofcom keeps for drama (01632 960000-960999: never a real line).
# A deployment sets both (docker-compose.yml refuses to start without them). The action server has
# the same defaults (bot/actions/settings.py), so the chat and the letters agree.
DEV_EMERGENCY_PHONE = "01632 960000"
DEV_REPLY_PHONE = "01632 960001"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore",
                                      env_ignore_empty=True)

    # -- service and auth
    database_url: str | None = None  # default: SQLite file var/casework.db in the repo
    backend_api_token: str | None = None
    casework_dev_insecure: bool = False
    outbox_worker: str = ""  # "inprocess" (or 1/true) runs the delivery worker inside the API
    log_level: str = "INFO"

    # -- the landlord, as letters and notifications name it
    landlord_name: str = DEV_LANDLORD_NAME  # in every letter's sign-off, the sender's name, reports
    landlord_reply_email: str = ""  # where residents reply (`reply_email`); default: MAIL_FROM's address
    landlord_reply_phone: str = DEV_REPLY_PHONE  # "How to reply" in letters
    landlord_emergency_phone: str = DEV_EMERGENCY_PHONE  # the hazard letters' emergency repairs line
    routing_file: Path | None = None  # default: backend/routing.yaml

    # -- letters
    letter_templates_dir: str | None = None
    letters_dir: Path | None = None  # file transport: default <repo>/var/letters
    # From: and envelope sender; with no display name the landlord's is added (`sender`)
    mail_from: str = DEV_MAIL_ADDRESS
    mail_transport: Literal["file", "smtp"] | None = None  # default: smtp when SMTP_HOST is set

    # -- SMTP
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_tls: str = "starttls"  # starttls | ssl | none (checked when SMTP is used: smtp_tls_mode)
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_timeout: float = 30.0
    smtp_ca_file: str | None = None

    # -- chat letters through Rasa
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str | None = None
    rasa_timeout: float = 30.0

    # -- personal data (casework.privacy): where the other stores are
    rasa_tracker_url: str | None = None  # Rasa's SQL tracker store as a SQLAlchemy URL (production)
    rasa_tracker_sqlite: Path | None = None  # else the local file: default var/rasa-tracker.sqlite3
    bot_outbox_path: Path | None = None  # the bot's durable queue: default var/bot-outbox.sqlite3
    nlu_export_paths: str | None = None  # legacy NLU export files (retired route), separated by os.pathsep
    training_corrections_path: Path | None = None  # staff corrections as training rows: var/training/staff_corrections.tsv
    retention_schedule: Path | None = None  # default backend/retention.yaml

    # -- case references: random six digits; "sequential" only for tests that need predictable ones
    casework_references: Literal["random", "sequential"] = "random"

    # -- resident look-ups (casework.guarding.lookups): misses allowed before a throttle or lock
    lookup_max_failures: int = Field(5, ge=1)  # per conversation
    lookup_client_max_failures: int = Field(20, ge=1)  # per client address
    lookup_case_max_failures: int = Field(5, ge=1)  # per case, then the case is locked
    lookup_window_minutes: float = Field(60, gt=0)
    lookup_case_lock_minutes: float = Field(60, gt=0)

    # -- outbox worker
    outbox_max_attempts: int = Field(6, ge=1)
    outbox_backoff_seconds: int = Field(60, ge=0)
    outbox_backoff_cap_seconds: int = Field(6 * 3600, ge=0)
    outbox_lease_seconds: int = Field(300, ge=1)
    outbox_poll_seconds: float = Field(5.0, gt=0)

    # -- staff workspace (casework.staff): sign-in (docs/staff-workspace.md)
    staff_session_hours: int = Field(8, ge=1)  # absolute session lifetime
    staff_idle_minutes: int = Field(30, ge=1)  # a session unused this long is over
    staff_cookie_secure: bool = False  # behind HTTPS: Secure cookie named __Host-...
    staff_lockout_failures: int = Field(5, ge=1)  # failed sign-ins for one e-mail before a lock
    staff_lockout_minutes: int = Field(15, ge=1)  # the window and the lock time
    staff_ip_failures: int = Field(30, ge=1)  # failed sign-ins from one address before 429
    # -- staff workspace: the queue
    staff_low_confidence: float = Field(0.6, ge=0, le=1)  # below this the triage is "low confidence"
    staff_review_days: int = Field(2, ge=1)  # working days to review a handoff before it is overdue
    # Same-day pick-up of safeguarding/emergency handoffs. Unset (the default): due by the end of
    # the working day they arrived (the profile's closing time; after it, or on a weekend or bank
    # holiday, the end of the next working day). Set: due this many hours after arrival, around the
    # clock (for a landlord whose duty inbox is staffed out of hours). docs/staff-workspace.md.
    staff_pickup_hours: float | None = Field(None, gt=0, le=72)

    @field_validator("landlord_reply_phone", "landlord_emergency_phone", mode="before")
    @classmethod
    def _phone(cls, v: object, info) -> object:
        """Spaces trimmed; blank: the development placeholder (never a letter with no number)."""
        text = str(v or "").strip()
        return text or (DEV_REPLY_PHONE if info.field_name == "landlord_reply_phone" else DEV_EMERGENCY_PHONE)

    @field_validator("mail_transport", mode="before")
    @classmethod
    def _transport(cls, v: object) -> object:
        if v is None:
            return None
        t = str(v).strip().lower()
        if t not in ("file", "smtp"):
            raise ValueError(f"MAIL_TRANSPORT must be file or smtp, not {t!r}")
        return t

    # -- derived values
    @property
    def token_problem(self) -> str | None:
        if self.backend_api_token or self.casework_dev_insecure:
            return None
        return ("BACKEND_API_TOKEN is not set. Set it to the bearer token clients must send "
                "(scripts/run.sh generates one), or set CASEWORK_DEV_INSECURE=1 to run without auth "
                "on a development machine.")

    @property
    def smtp_tls_mode(self) -> str:
        tls = (self.smtp_tls or "starttls").strip().lower()
        if tls not in ("starttls", "ssl", "none"):
            raise ValueError(f"SMTP_TLS must be starttls, ssl or none, not {tls!r}")
        return tls

    @property
    def sender(self) -> str:
        """The letters' From: MAIL_FROM as given when it names the sender, else its address under
        the landlord's name ("Example Homes complaints team <complaints@example-homes.example>")."""
        name, addr = parseaddr(self.mail_from)
        addr = addr if "@" in addr else DEV_MAIL_ADDRESS
        landlord = " ".join(self.landlord_name.split())
        name = name.strip() or (f"{landlord} complaints team" if landlord else "Complaints team")
        return str(Address(display_name=name, addr_spec=addr))

    @property
    def reply_email(self) -> str:
        """The address letters give residents to reply to ("How to reply"): LANDLORD_REPLY_EMAIL,
        else the address letters are sent from (MAIL_FROM, by default the development placeholder)."""
        return self.landlord_reply_email.strip() or parseaddr(self.sender)[1]

    @property
    def worker_in_process(self) -> bool:
        return self.outbox_worker.strip().lower() in ("inprocess", "1", "true")

    @property
    def email_transport(self) -> str:
        return self.mail_transport or ("smtp" if self.smtp_host else "file")

    @property
    def letters_path(self) -> Path:
        return Path(self.letters_dir or REPO_ROOT / "var" / "letters")

    @property
    def routing_path(self) -> Path:
        return Path(self.routing_file or REPO_ROOT / "backend" / "routing.yaml")

    def homes_for(self, profile_id: str | None) -> int | None:
        """Homes owned (CH01's denominator): LANDLORD_HOMES_<PROFILE> then LANDLORD_HOMES; None when
        not configured or not a positive whole number. (Per-profile names are open-ended, so they are
        looked up by name rather than declared as fields.)"""
        names = ([homes_env_name(profile_id)] if profile_id else []) + ["LANDLORD_HOMES"]
        for name in names:
            raw = (os.environ.get(name) or "").strip().replace(",", "").replace("_", "")
            if raw:
                return int(raw) if raw.isdigit() and int(raw) > 0 else None
        return None


def homes_env_name(profile_id: str | None) -> str:
    return f"LANDLORD_HOMES_{profile_id.upper().replace('-', '_')}" if profile_id else "LANDLORD_HOMES"


def get_settings() -> Settings:
    return Settings()
