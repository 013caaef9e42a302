"""Awaab's Law through the running stack (backend + action server + Rasa with the trained model):
a damp-and-mould chat message gets a hazard record with the right deadlines, the resident is told
them, the staff hazard board shows it and the reports count it; a newborn in the household makes
the same mould an emergency. Receipt: 16:30 on Christmas Eve 2026 (London = UTC in December)."""
from __future__ import annotations

import os
import re
import subprocess
import uuid

import httpx
import pytest

from stack import ROOT, VENVS, Stack, model_path, running

XMAS_EVE = "2026-12-24T16:30:00+00:00"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = Stack(workdir=tmp_path_factory.mktemp("hazards-stack"), model=model_path())
    with running(s):
        yield s


def conv() -> str:
    return f"e2e-hz-{uuid.uuid4().hex[:10]}"


def hazards(stack, sender):
    r = stack.api(f"/api/v1/hazards?conversation_id={sender}")
    r.raise_for_status()
    return r.json()


def staff_client(stack) -> httpx.Client:
    """A staff user in the stack's database, signed in to /staff/."""
    subprocess.run([str(VENVS / "backend/bin/python"), "-c",
                    "import sys; from casework import db; from casework.staff import auth\n"
                    "with db.session_factory()() as s: auth.create_user(s, 'hz@example.org', 'caseworker', "
                    "sys.argv[1], 'Hazard Staff')", PASSWORD],
                   cwd=ROOT / "backend", env=stack.base_env(), check=True, capture_output=True)
    c = httpx.Client(base_url=stack.backend_url, timeout=20)
    page = c.get("/staff/login")
    csrf = re.search(r'name="(?:login_)?csrf_token" value="([^"]+)"', page.text).group(1)
    r = c.post("/staff/login", data={"csrf_token": csrf, "email": "hz@example.org", "password": PASSWORD})
    assert r.status_code in (200, 303), r.text[:500]
    return c


def test_mould_message_hazard_deadlines_told_board_and_reports(stack):
    sender = conv()
    replies = " ".join(stack.say(sender, "There is black mould spreading across my bedroom wall and "
                                         "round the window, can someone come and look at it?",
                                 received_at=XMAS_EVE))
    assert "Awaab" in replies and "anyone living with you" in replies, replies
    [hz] = hazards(stack, sender)
    assert hz["hazard_type"] == "damp_mould" and hz["severity"] == "significant"
    assert hz["aware_at"] == XMAS_EVE
    investigate = next(d for d in hz["deadlines"] if d["id"] == "investigate")
    assert investigate["due_on"] == "2027-01-12"   # 10 working days over Christmas and New Year

    replies = " ".join(stack.say(sender, "no, it's just me"))
    assert "10 working days" in replies and "Tuesday 12 January 2027" in replies, replies
    assert "somewhere suitable to stay" in replies and "make a complaint" in replies
    assert hz["reference"] in replies
    assert "SR-" in replies, replies                 # the service request is recorded after
    [hz] = hazards(stack, sender)
    assert hz["household_known"] is True and hz["case_id"] is not None
    [handoff] = stack.handoffs(sender)
    assert hz["handoff_id"] == handoff["id"]

    # The newborn: the same mould is an emergency, 24 clock hours from 16:30 on Christmas Eve.
    baby = conv()
    stack.say(baby, "Mould is growing all over the bedroom ceiling", received_at=XMAS_EVE)
    replies = " ".join(stack.say(baby, "yes, my baby is three weeks old"))
    assert "emergency" in replies and "4:30pm on Friday 25 December 2026" in replies, replies
    [hz2] = hazards(stack, baby)
    assert hz2["severity"] == "emergency" and hz2["vulnerabilities"] == ["baby"]

    c = staff_client(stack)
    board = c.get("/staff/hazards").text
    assert hz["reference"] in board and hz2["reference"] in board
    assert board.index(hz2["reference"]) < board.index(hz["reference"])  # nearest deadline first
    report = c.get("/staff/reports?from=2026-12-01&to=2026-12-31").text
    assert "Hazards reported" in report and "1 emergency, 1 significant" in report, report[:2000]
    assert c.get(f"/staff/hazards/{hz['reference']}").status_code == 200
    letters = stack.api(f"/api/v1/outbox").json()
    assert any(m["kind"] == "hazard_acknowledgement" for m in letters)
