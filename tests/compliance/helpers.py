"""Shared steps for the compliance tests: what a resident sends, what they get back."""
from __future__ import annotations

from datetime import date

ANN = {"name": "Ann Example", "email": "ann@example.org", "postcode": "TF1 1AA"}
OMBUDSMAN = ("0300 111 3000", "info@housing-ombudsman.org.uk", "PO Box 152, Liverpool L33 7WQ")
TUESDAY = "2026-11-24T10:15:00+00:00"  # Tuesday 24 November 2026, before closing
SUNDAY = "2026-12-06T11:00:00+00:00"  # Sunday 6 December 2026
# Staff sign-in password for the users the tests create. Kept here, not in conftest.py: tests must
# never `from conftest import ...` (pytest keeps only the conftest it loaded last under the bare name
# `conftest`, which in a run with another folder, e.g. tests/faults/backend, is that folder's).
PASSWORD = "correct horse battery staple"


def create(client, path: str, **body) -> dict:
    r = client.post(f"/api/v1/{path}", json=body)
    assert r.status_code in (200, 201), r.text
    return r.json()


def complaint(client, key="k1", received_at=TUESDAY, **extra) -> dict:
    body = {"idempotency_key": key, "received_at": received_at, "channel": "webchat",
            "conversation_id": f"conv-{key}",
            "text": "I reported the leak in my bathroom in October and you still have not fixed it.",
            "contact": ANN, "desired_outcome": "Fix the leak and redecorate", **extra}
    return create(client, "complaints", **body)


def letters(client, ref: str, kind: str | None = None) -> list[dict]:
    out = client.get(f"/api/v1/cases/{ref}/letters").json()
    return [x for x in out if kind is None or x["kind"] == kind]


def letter(client, ref: str, kind: str) -> str:
    found = letters(client, ref, kind)
    assert found, f"no {kind} letter for {ref}"
    return found[-1]["text"]


def triage(text: str, intent: str, on: date = date(2026, 12, 7)):
    from actions.triage import TriageProfile, triage as run

    return run(text, intent, 0.9, [], TriageProfile.default(), on)
