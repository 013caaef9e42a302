"""Letters carry the landlord's name, from ONE setting (settings.landlord_name, env LANDLORD_NAME,
a placeholder by default in development): in every letter's sign-off and in the sender's name
(settings.sender: MAIL_FROM's address under the landlord's name when MAIL_FROM names nobody)."""
from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from casework.models import OutboxMessage
from casework.outbox_worker import OutboxWorker, WorkerConfig
from casework.settings import DEV_EMERGENCY_PHONE, DEV_LANDLORD_NAME, DEV_MAIL_ADDRESS, DEV_REPLY_PHONE, get_settings

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # wording, not storage
ROOT = Path(__file__).resolve().parents[2]
RECEIVED = "2026-11-24T10:15:00+00:00"


@pytest.fixture(autouse=True)
def _file_letters(monkeypatch, tmp_path, clock):
    clock.set(RECEIVED)
    for name in ("LANDLORD_NAME", "MAIL_FROM", "LANDLORD_REPLY_EMAIL", "SMTP_HOST", "MAIL_TRANSPORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LETTERS_DIR", str(tmp_path / "letters"))


def _complaint(client) -> str:
    r = client.post("/api/v1/complaints", json={
        "idempotency_key": "k-1", "received_at": RECEIVED, "text": "The boiler repair was never finished.",
        "contact": {"name": "Ann Example", "email": "ann@example.org"}})
    assert r.status_code == 201, r.text
    return r.json()["reference"]


def _sent(app, tmp_path, ref: str) -> email.message.EmailMessage:
    from casework import db as dbmod

    factory = dbmod.session_factory(app.state.database_url)
    assert OutboxWorker(factory, WorkerConfig()).run_once()["sent"] == 1
    with factory() as s:
        letter_id = s.scalar(select(OutboxMessage.letter_id).where(OutboxMessage.reference == ref))
    return email.message_from_bytes((tmp_path / "letters" / f"{letter_id}.eml").read_bytes(),
                                    policy=policy.default)


@sqlite_only
def test_development_default_names_a_placeholder_landlord_in_the_sign_off_and_the_sender(client, app, tmp_path):
    assert get_settings().landlord_name == DEV_LANDLORD_NAME == "Example Homes"
    msg = _sent(app, tmp_path, _complaint(client))
    assert msg["From"] == "Example Homes complaints team <complaints@example-homes.example>"
    assert msg.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip().endswith("Yours sincerely,\n\nComplaints team, Example Homes")
    assert "Complaints team, Example Homes</p>" in msg.get_body(("html",)).get_content()


@sqlite_only
def test_the_configured_landlord_signs_and_sends_and_a_named_mail_from_is_kept(client, app, tmp_path, monkeypatch):
    monkeypatch.setenv("LANDLORD_NAME", "Riverside Homes")
    monkeypatch.setenv("MAIL_FROM", "complaints@riverside.example")  # an address only, as in .env.example
    ref = _complaint(client)
    msg = _sent(app, tmp_path, ref)
    assert msg["From"] == "Riverside Homes complaints team <complaints@riverside.example>"
    text = msg.get_body(("plain",)).get_content()
    # the reply number: the development placeholder when LANDLORD_REPLY_PHONE is unset (hg-06)
    assert "Email complaints@riverside.example or phone 01632 960001, quoting" in text
    assert "Complaints team, Riverside Homes" in text
    assert "Example Homes" not in text
    monkeypatch.setenv("MAIL_FROM", "Riverside Complaints <complaints@riverside.example>")
    assert get_settings().sender == "Riverside Complaints <complaints@riverside.example>"


def test_a_deployment_must_name_its_landlord():
    """docker-compose.yml never falls back to the development placeholder: LANDLORD_NAME is required."""
    backend = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["backend"]
    assert backend["environment"]["LANDLORD_NAME"].startswith("${LANDLORD_NAME:?")
    readme = (ROOT / "README.md").read_text()
    assert f'default "{DEV_LANDLORD_NAME}"' in readme


@sqlite_only
def test_how_to_reply_gives_the_configured_reply_address_and_never_localhost(client, app, tmp_path, monkeypatch):
    """The development default is a placeholder on a reserved domain; LANDLORD_REPLY_EMAIL wins over
    MAIL_FROM's address in "How to reply" (plain text and HTML), while From: stays MAIL_FROM."""
    assert DEV_MAIL_ADDRESS.endswith(".example") and "localhost" not in get_settings().reply_email
    monkeypatch.setenv("MAIL_FROM", "noreply@riverside.example")
    monkeypatch.setenv("LANDLORD_REPLY_EMAIL", "complaints@riverside.example")
    msg = _sent(app, tmp_path, _complaint(client))
    assert msg["From"].endswith("<noreply@riverside.example>")
    text, html = msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()
    assert "Email complaints@riverside.example or phone 01632 960001, quoting" in text
    assert "complaints@riverside.example" in html
    assert "noreply@riverside.example" not in text and "localhost" not in text + html


def test_a_deployment_must_give_its_reply_address():
    """docker-compose.yml never lets letters fall back to the development reply address."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["services"]["backend"]["environment"]["LANDLORD_REPLY_EMAIL"].startswith("${LANDLORD_REPLY_EMAIL:?")
    assert "LANDLORD_REPLY_EMAIL=" in (ROOT / ".env.example").read_text()


def test_a_deployment_must_give_the_numbers_residents_ring():
    """hg-06: the emergency line and the reply number are never missing. docker-compose.yml refuses to
    start without them in every service that gives them (backend letters, the action server's
    replies, the channels' emergency answer); a development install gives placeholders from Ofcom's
    drama range, documented in README.md and .env.example, so nothing ever says "look it up"."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for service, names in (("backend", ("LANDLORD_EMERGENCY_PHONE", "LANDLORD_REPLY_PHONE")),
                           ("actions", ("LANDLORD_EMERGENCY_PHONE", "LANDLORD_REPLY_PHONE")),
                           ("rasa", ("LANDLORD_EMERGENCY_PHONE",))):
        for name in names:
            assert services[service]["environment"][name].startswith(f"${{{name}:?"), (service, name)
    example, readme = (ROOT / ".env.example").read_text(), (ROOT / "README.md").read_text()
    for name, placeholder in (("LANDLORD_EMERGENCY_PHONE", DEV_EMERGENCY_PHONE), ("LANDLORD_REPLY_PHONE", DEV_REPLY_PHONE)):
        assert f"{name}={placeholder}" in example and placeholder in readme
        assert placeholder.startswith("01632 960")  # Ofcom's drama range: never a real line


def test_unset_or_blank_numbers_are_the_placeholders(monkeypatch):
    monkeypatch.delenv("LANDLORD_EMERGENCY_PHONE", raising=False)
    monkeypatch.setenv("LANDLORD_REPLY_PHONE", "  ")
    s = get_settings()
    assert (s.landlord_emergency_phone, s.landlord_reply_phone) == (DEV_EMERGENCY_PHONE, DEV_REPLY_PHONE)
    monkeypatch.setenv("LANDLORD_EMERGENCY_PHONE", " 0800 555 0199 ")
    assert get_settings().landlord_emergency_phone == "0800 555 0199"
