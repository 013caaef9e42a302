"""Delivery against real servers on loopback: aiosmtpd (plain, STARTTLS with login, implicit TLS),
and the transports' settings from the environment. A raw SMTP server that drops the connection
mid-way is in test_delivery_dropped_connection.py, a stand-in for Rasa's HTTP API in
test_delivery_rasa.py; both import the helpers here. The factory fixture and rows() are
test_outbox.py's."""
import email
import shutil
import socket
import subprocess
from datetime import datetime, timedelta, timezone
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from casework import cases, outbox, outbox_claims
from casework.outbox_worker import OutboxWorker, WorkerConfig, email_transport_from_env
from casework.schemas import ComplaintCreate
from casework.transports import FileTransport, RasaSettings, SmtpSettings, SmtpTransport
from test_outbox import RECEIVED, factory, rows  # noqa: F401  (factory: fixture)

SENDER = "Riverside Homes <complaints@riverside.example>"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



def open_complaint(factory, key="k-1", **contact):
    with factory() as s:
        view, _ = cases.create_case(s, "complaint", ComplaintCreate(
            idempotency_key=key, received_at=RECEIVED, text="The boiler repair was never finished.",
            conversation_id="conv-1", desired_outcome="Fix it",
            contact={"name": "Ann Example", "email": "ann@example.org", **contact}), "test")
    return view["reference"]


def smtp_worker(factory, port, max_attempts=6, **settings):
    t = SmtpTransport(SmtpSettings(host="127.0.0.1", port=port, tls=settings.pop("tls", "none"),
                                   sender=SENDER, timeout=settings.pop("timeout", 5), **settings))
    return OutboxWorker(factory, WorkerConfig(max_attempts=max_attempts, backoff=timedelta(seconds=30)),
                        {"email": t, "chat": FileTransport()})


def later(minutes=10):
    return datetime.now(timezone.utc) + timedelta(minutes=minutes)


# ---------------------------------------------------------------- aiosmtpd

class Handler:
    """Accepts messages; `rcpt_replies`/`data_replies` script refusals for the first attempts."""

    def __init__(self, rcpt_replies=(), data_replies=()):
        self.rcpt_replies, self.data_replies = list(rcpt_replies), list(data_replies)
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_replies:
            return self.data_replies.pop(0)
        self.envelopes.append(envelope)
        return "250 2.0.0 Message accepted for delivery"

    def messages(self):
        return [email.message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]


@pytest.fixture
def smtpd():
    controllers = []

    def start(handler, **kwargs):
        c = Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)
        c.start()
        controllers.append(c)
        return c.port

    yield start
    for c in controllers:
        c.stop()


def test_smtp_delivery_headers_and_body(factory, smtpd, clock):
    clock.set(RECEIVED)  # acknowledged as it arrives: respond by 8 Dec
    h = Handler()
    port = smtpd(h)
    ref = open_complaint(factory)
    assert smtp_worker(factory, port).run_once()["sent"] == 1
    (env,) = h.envelopes
    assert env.mail_from == "complaints@riverside.example" and env.rcpt_tos == ["ann@example.org"]
    (msg,) = h.messages()
    m = rows(factory)[0]
    assert msg["Message-ID"] == m.message_id and msg["X-Letter-Id"] == m.letter_id
    assert msg["To"] == "ann@example.org" and msg["From"] == SENDER and ref in msg["Subject"]
    assert msg["X-Case-Reference"] == ref and msg["Auto-Submitted"] == "auto-generated"
    text = msg.get_body(("plain",)).get_content()
    assert ref in text and "Tuesday 8 December 2026" in text and "Fix it" in text
    assert "0300 111 3000" in text
    assert (m.status, m.transport, m.attempts) == ("sent", "smtp", 1) and m.receipt.startswith("SMTP 250")


def test_dot_stuffing_and_non_ascii_survive(factory, smtpd):
    h = Handler()
    port = smtpd(h)
    with factory() as s:
        view, _ = cases.create_case(s, "complaint", ComplaintCreate(
            idempotency_key="d", text="x", summary=".\n.hidden line\nWe owe £50 – café", contact={"email": "a@b.example"}), "t")
    smtp_worker(factory, port).run_once()
    text = h.messages()[0].get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert ".\n.hidden line\nWe owe £50 – café" in text


@pytest.mark.parametrize("script", [
    {"data_replies": ["451 4.3.0 Try again later"]},
    {"rcpt_replies": ["550 5.1.1 Mailbox unavailable"]},
    {"data_replies": ["554 5.7.1 Rejected", "451 4.3.0 Busy"]},
], ids=["451-at-data", "550-at-rcpt", "554-then-451"])
def test_refusals_are_retried_later_and_delivered_once(factory, smtpd, script):
    handler = Handler(**script)
    port = smtpd(handler)
    open_complaint(factory)
    w = smtp_worker(factory, port)
    assert w.run_once()["retry"] == 1
    m = rows(factory)[0]
    assert m.status == "pending" and m.last_error[:6] in ("SMTP 4", "SMTP 5")
    assert "ann@example.org" not in m.last_error
    assert w.run_once()["sent"] == 0  # not due yet: backoff
    t = later()
    while rows(factory)[0].status == "pending":
        w.run_once(t)
        t += timedelta(hours=1)
    assert rows(factory)[0].status == "sent"
    assert len(handler.envelopes) == 1


def test_a_server_that_always_refuses_ends_failed(factory, smtpd):
    h = Handler(rcpt_replies=["550 5.1.1 No such user"] * 10)
    port = smtpd(h)
    open_complaint(factory)
    w = smtp_worker(factory, port, max_attempts=3)
    t = datetime.now(timezone.utc)
    for _ in range(5):
        w.run_once(t)
        t += timedelta(days=1)
    m = rows(factory)[0]
    assert (m.status, m.attempts, m.last_error) == ("failed", 3, "SMTP 550 refused the recipient")
    assert h.envelopes == []


def test_nothing_listening_is_retried(factory):
    open_complaint(factory)
    w = smtp_worker(factory, free_port())
    assert w.run_once()["retry"] == 1
    m = rows(factory)[0]
    assert m.status == "pending" and "connection failed before the message was sent" in m.last_error


def test_crash_after_the_server_accepted_gives_unknown_and_staff_resend_keeps_the_message_id(factory, smtpd, monkeypatch):
    """Rule: a letter left in `sending` is never resent by the worker. Staff may ask for a resend;
    it carries the same Message-ID so the receiving side can drop the copy."""
    h = Handler()
    port = smtpd(h)
    open_complaint(factory)
    monkeypatch.setattr(outbox_claims, "mark_sent", lambda *a, **k: (_ for _ in ()).throw(SystemExit("killed")))
    with pytest.raises(SystemExit):
        smtp_worker(factory, port).run_once()
    monkeypatch.undo()
    w = smtp_worker(factory, port)
    w.run_once(later())
    w.run_once(later(60))
    m = rows(factory)[0]
    assert m.status == "unknown" and len(h.envelopes) == 1
    with factory() as s:
        outbox.staff_retry(s, m.letter_id, "staff:jo")
    assert w.run_once(later(61))["sent"] == 1
    ids = [msg["Message-ID"] for msg in h.messages()]
    assert ids == [m.message_id, m.message_id]


# ---------------------------------------------------------------- TLS and login

@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem"), "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
    return d / "cert.pem", d / "key.pem"


def _server_ctx(certificate):
    import ssl

    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(certificate[0]), str(certificate[1]))
    return ctx


def test_starttls_with_login(factory, smtpd, certificate):
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"mailer" and auth_data.password == b"s3cret"
        logins.append((mechanism, auth_data.login, ok))
        return AuthResult(success=ok)

    h = Handler()
    port = smtpd(h, tls_context=_server_ctx(certificate), require_starttls=True, authenticator=authenticator,
                 auth_required=True)
    open_complaint(factory)
    w = smtp_worker(factory, port, tls="starttls", ca_file=str(certificate[0]), user="mailer", password="s3cret")
    assert w.run_once()["sent"] == 1 and len(h.envelopes) == 1
    assert logins and logins[-1][1:] == (b"mailer", True)
    open_complaint(factory, key="k-2")
    bad = smtp_worker(factory, port, tls="starttls", ca_file=str(certificate[0]), user="mailer", password="nope",
                       timeout=1)
    assert bad.run_once()["retry"] == 1
    # aiosmtpd hangs up after a refused AUTH; a relay answering 535 gives "SMTP 535 authentication failed"
    assert rows(factory)[1].status == "pending" and len(h.envelopes) == 1
    assert "before the message was sent" in rows(factory)[1].last_error


def test_implicit_tls_and_an_untrusted_certificate(factory, smtpd, certificate):
    h = Handler()
    port = smtpd(h, ssl_context=_server_ctx(certificate))
    open_complaint(factory)
    untrusted = smtp_worker(factory, port, tls="ssl")  # system CAs only: the self-signed cert fails
    assert untrusted.run_once()["retry"] == 1 and h.envelopes == []
    assert "before the message was sent" in rows(factory)[0].last_error
    assert smtp_worker(factory, port, tls="ssl", ca_file=str(certificate[0])).run_once(later())["sent"] == 1
    assert len(h.envelopes) == 1

# ---------------------------------------------------------------- configuration

def test_settings_from_the_environment(monkeypatch, tmp_path):
    for k in ("SMTP_PORT", "SMTP_TLS", "SMTP_USER", "SMTP_PASSWORD", "MAIL_TRANSPORT", "RASA_TOKEN"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("SMTP_HOST", "mail.example")
    monkeypatch.setenv("MAIL_FROM", SENDER)
    s = SmtpSettings.from_env()
    assert (s.host, s.port, s.tls, s.user, s.sender) == ("mail.example", 587, "starttls", None, SENDER)
    monkeypatch.setenv("SMTP_TLS", "ssl")
    assert SmtpSettings.from_env().port == 465
    monkeypatch.setenv("SMTP_TLS", "none")
    monkeypatch.setenv("SMTP_PORT", "2525")
    monkeypatch.setenv("SMTP_USER", "u")
    monkeypatch.setenv("SMTP_PASSWORD", "p")
    s = SmtpSettings.from_env()
    assert (s.port, s.tls, s.user, s.password) == (2525, "none", "u", "p")
    assert isinstance(email_transport_from_env(), SmtpTransport)
    monkeypatch.setenv("SMTP_TLS", "tls1.0")
    with pytest.raises(ValueError, match="SMTP_TLS"):
        SmtpSettings.from_env()
    monkeypatch.delenv("SMTP_HOST")
    monkeypatch.setenv("LETTERS_DIR", str(tmp_path))
    t = email_transport_from_env()
    assert isinstance(t, FileTransport) and t.directory == tmp_path
    monkeypatch.setenv("BACKEND_API_TOKEN", "api-token")
    monkeypatch.setenv("RASA_URL", "http://rasa:5005/")
    r = RasaSettings.from_env()
    assert (r.url, r.token) == ("http://rasa:5005", "api-token")
