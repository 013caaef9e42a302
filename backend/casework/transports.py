"""How a claimed letter leaves the building: a .eml file (the embedded default), SMTP, or back
into the resident's Rasa conversation.

Every transport raises one of two errors, and the difference decides whether a letter may be
sent again:
  NotSent        it certainly did not go out (connection refused, a 4xx/5xx reply before or
                 after DATA, the connection dropped before the end of the message): retry later.
  MaybeSent      it may have gone out (the connection dropped after the whole message was handed
                 over, or a timeout waiting for the server's verdict): never resent automatically.
Error texts hold no personal data (no addresses, no server banners): they are logged and stored.
"""
from __future__ import annotations

import os
import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, parseaddr
from pathlib import Path
from urllib.parse import quote

import httpx

from .db import REPO_ROOT
from .outbox import mail_from
from .outbox_claims import Claimed
from .settings import get_settings


class NotSent(Exception):
    """Certainly not delivered: safe to try again."""


class MaybeSent(Exception):
    """Perhaps delivered: must not be resent without a person checking."""


_ADDRESS = re.compile(r"^[^\s<>@,;:\"\\]+@[^\s<>@,;:\"\\]+$")


def valid_address(addr: str | None) -> bool:
    return bool(addr) and len(addr) <= 320 and _ADDRESS.match(addr) is not None


def build_email(c: Claimed, sender: str) -> EmailMessage:
    """The letter as an email. Raises NotSent if it cannot be built (e.g. an unusable address)."""
    if not valid_address(c.recipient):
        raise NotSent("the email address on the case is not usable")
    try:
        return _build_email(c, sender)
    except (ValueError, TypeError) as exc:
        raise NotSent(f"could not build the email ({type(exc).__name__})") from None


def _build_email(c: Claimed, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = c.recipient or ""
    msg["Subject"] = c.subject
    msg["Date"] = format_datetime(c.created_at)
    msg["Message-ID"] = c.message_id  # stable per letter: a resend can be recognised as the same
    msg["X-Case-Reference"] = c.reference
    msg["X-Letter-Id"] = c.letter_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(c.body_text, cte=None if c.body_text.isascii() else "quoted-printable")
    if c.body_html:
        msg.add_alternative(c.body_html, subtype="html",
                            cte=None if c.body_html.isascii() else "quoted-printable")
    return msg


# ---------------------------------------------------------------- file

def default_letters_dir() -> Path:
    return get_settings().letters_path


class FileTransport:
    """Writes <LETTERS_DIR>/<letter id>.eml. Idempotent: a second write replaces the same file."""
    name = "file"
    idempotent = True

    def __init__(self, directory: Path | None = None, sender: str | None = None):
        self.directory = Path(directory or default_letters_dir())
        self.sender = sender or mail_from()

    def send(self, c: Claimed) -> str:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            final = self.directory / f"{c.letter_id}.eml"
            tmp = self.directory / f".{c.letter_id}.eml.tmp"
            tmp.write_bytes(build_email(c, self.sender).as_bytes(policy=SMTP_POLICY))
            os.replace(tmp, final)
        except OSError as exc:
            raise NotSent(f"could not write the letter file ({type(exc).__name__})") from None
        return final.name


# ---------------------------------------------------------------- SMTP

@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: str = "starttls"  # starttls | ssl | none
    user: str | None = None
    password: str | None = None
    sender: str = ""
    timeout: float = 30.0
    ca_file: str | None = None

    @classmethod
    def from_env(cls) -> "SmtpSettings":
        s = get_settings()
        tls = s.smtp_tls_mode
        default_port = {"starttls": 587, "ssl": 465, "none": 25}[tls]
        return cls(host=s.smtp_host or "127.0.0.1", port=s.smtp_port or default_port, tls=tls,
                   user=s.smtp_user or None, password=s.smtp_password or None,
                   sender=mail_from(), timeout=s.smtp_timeout, ca_file=s.smtp_ca_file or None)


def _dot_stuff(data: bytes) -> bytes:
    data = re.sub(rb"(?:\r\n|\n|\r(?!\n))", b"\r\n", data)
    data = re.sub(rb"(?m)^\.", b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


class SmtpTransport:
    """SMTP with STARTTLS, implicit TLS or none. The DATA phase is driven by hand so that we know
    whether the end-of-message marker was sent: before it, any failure means NOT delivered; after
    it, only the server's reply tells us, and a lost reply means MAYBE delivered."""
    name = "smtp"
    idempotent = False

    def __init__(self, settings: SmtpSettings):
        self.s = settings

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.s.ca_file)

    def _connect(self) -> smtplib.SMTP:
        if self.s.tls == "ssl":
            conn: smtplib.SMTP = smtplib.SMTP_SSL(self.s.host, self.s.port, timeout=self.s.timeout,
                                                  context=self._context())
        else:
            conn = smtplib.SMTP(self.s.host, self.s.port, timeout=self.s.timeout)
        try:
            conn.ehlo_or_helo_if_needed()
            if self.s.tls == "starttls":
                conn.starttls(context=self._context())
                conn.ehlo()
            if self.s.user:
                conn.login(self.s.user, self.s.password or "")
        except BaseException:
            conn.close()
            raise
        return conn

    def send(self, c: Claimed) -> str:
        msg = build_email(c, self.s.sender)
        envelope_from = parseaddr(self.s.sender)[1]
        conn = None
        handed_over = False
        try:
            conn = self._connect()
            code, _ = conn.mail(envelope_from)
            if code != 250:
                raise NotSent(f"SMTP {code} refused the sender")
            code, _ = conn.rcpt(c.recipient)
            if code not in (250, 251):
                raise NotSent(f"SMTP {code} refused the recipient")
            code, _ = conn.docmd("DATA")
            if code != 354:
                raise NotSent(f"SMTP {code} refused DATA")
            conn.send(_dot_stuff(msg.as_bytes(policy=SMTP_POLICY)))
            handed_over = True  # from the next byte on, the server may accept the message
            conn.send(b".\r\n")
            code, reply = conn.getreply()
            if code != 250:
                raise NotSent(f"SMTP {code} refused the message")
            receipt = f"SMTP {code} {reply.decode('ascii', 'replace')[:200]}"
        except (NotSent, MaybeSent):
            raise
        except smtplib.SMTPAuthenticationError as exc:
            raise NotSent(f"SMTP {exc.smtp_code} authentication failed") from None
        except smtplib.SMTPResponseException as exc:  # e.g. a non-220 greeting, STARTTLS refused
            raise NotSent(f"SMTP {exc.smtp_code} before the message was sent") from None
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:  # disconnects, timeouts, TLS
            if handed_over:
                raise MaybeSent(f"connection lost after the message was sent ({type(exc).__name__})") from None
            raise NotSent(f"connection failed before the message was sent ({type(exc).__name__})") from None
        finally:
            if conn is not None:
                try:
                    conn.quit()
                except Exception:  # the message is settled either way; closing is best effort
                    try:
                        conn.close()
                    except Exception:
                        pass
        return receipt


# ---------------------------------------------------------------- Rasa conversation

@dataclass(frozen=True)
class RasaSettings:
    url: str = "http://127.0.0.1:5005"
    token: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_env(cls) -> "RasaSettings":
        s = get_settings()
        return cls(url=s.rasa_url.rstrip("/"), token=s.rasa_token or s.backend_api_token or None,
                   timeout=s.rasa_timeout)


class RasaTransport:
    """POST {RASA_URL}/conversations/{id}/trigger_intent?output_channel=latest with the intent
    EXTERNAL_letter and the entities letter_id and letter_text. Not idempotent on Rasa's side, so
    the bot should drop a letter_id it has already shown."""
    name = "rasa"
    idempotent = False
    INTENT = "EXTERNAL_letter"

    def __init__(self, settings: RasaSettings, client: httpx.Client | None = None):
        self.s = settings
        self.client = client

    def send(self, c: Claimed) -> str:
        if not c.recipient:
            raise NotSent("no conversation id")
        url = f"{self.s.url}/conversations/{quote(c.recipient, safe='')}/trigger_intent"
        params = {"output_channel": "latest"}
        if self.s.token:
            params["token"] = self.s.token
        body = {"name": self.INTENT, "entities": {"letter_id": c.letter_id, "letter_text": c.body_text}}
        client = self.client or httpx.Client(timeout=self.s.timeout)
        try:
            r = client.post(url, params=params, json=body)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError,
                httpx.WriteTimeout, httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise NotSent(f"Rasa not reached ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:  # read timeout / dropped after the request went out
            raise MaybeSent(f"no answer from Rasa after the request was sent ({type(exc).__name__})") from None
        finally:
            if self.client is None:
                client.close()
        if 200 <= r.status_code < 300:
            return f"Rasa HTTP {r.status_code}"
        if r.status_code >= 500:  # Rasa may have run the intent before failing
            raise MaybeSent(f"Rasa HTTP {r.status_code}")
        raise NotSent(f"Rasa HTTP {r.status_code}")
