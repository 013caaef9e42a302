"""Awaab's Law through the running stack: a damp-and-mould chat message gets a hazard record with
the right deadlines, the resident is told them, the staff hazard board shows it and the reports
count it; a newborn in the household makes the same mould an emergency. Receipt: 16:30 on
Christmas Eve 2026 (London = UTC in December).

test_mould_message_... runs the whole stack (backend + action server + Rasa with the trained
model). test_actions_over_http_... runs the backend and the action server only, calling the
action server's webhook the way Rasa does (the NLU intent given), so the actions, the real triage,
the recognition, the backend and the staff pages are checked over HTTP without a model."""
from __future__ import annotations

import re
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import pytest
import yaml

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
    assert "somewhere else suitable to stay" in replies and "make a complaint" in replies
    assert hz["reference"] in replies
    assert "contact you" in replies, replies         # then contact details, as every record asks
    replies = " ".join(stack.say(sender, "Sam Jones, sam.jones@example.org"))
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

    # A bare "yes" is asked who; a second answer naming no one keeps the yes (someone at greater
    # risk, not said who), which counts like a named vulnerability.
    yes = conv()
    stack.say(yes, "Mould is growing all over the bedroom ceiling", received_at=XMAS_EVE)
    replies = " ".join(stack.say(yes, "yes"))
    assert "Who is it" in replies, replies
    replies = " ".join(stack.say(yes, "I'd rather not say"))
    assert "someone living with you is at greater risk" in replies and "emergency" in replies, replies
    [hz3] = hazards(stack, yes)
    assert hz3["vulnerabilities"] == ["unspecified"] and hz3["household_known"] is True
    assert hz3["severity"] == "emergency"
    page = c.get(f"/staff/hazards/{hz3['reference']}").text
    assert "someone at greater risk" in page and "said yes but not who" in page


# ---------------------------------------------------------------- without Rasa

class Services(Stack):
    """The backend and the action server only (no model needed)."""

    def start(self) -> None:
        procs = {}
        env = self.base_env()
        subprocess.run([str(VENVS / "backend/bin/alembic"), "upgrade", "head"],
                       cwd=ROOT / "backend", env=env, check=True, capture_output=True)
        bot_env = {**env, "PYTHONPATH": "", "SANIC_HOST": "127.0.0.1"}
        from stack import Proc
        procs["backend"] = Proc("backend", [str(VENVS / "backend/bin/uvicorn"), "casework.api:app",
                                                  "--host", "127.0.0.1", "--port", str(self.backend_port),
                                                  "--log-level", "warning"],
                                      ROOT / "backend", env, self.workdir / "backend.log")
        procs["actions"] = Proc("actions", [str(VENVS / "bot/bin/rasa"), "run", "actions", "--actions",
                                                  "actions", "--port", str(self.actions_port)],
                                      ROOT / "bot", bot_env, self.workdir / "actions.log")
        self.procs = procs
        for proc in self.procs.values():
            proc.start()
        self.wait_healthy("backend", f"{self.backend_url}/health")
        self.wait_healthy("actions", f"http://127.0.0.1:{self.actions_port}/health")


def domain() -> dict:
    merged: dict = {}
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text()) or {}).items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
    return merged


class Conversation:
    """Plays Rasa's part: keeps the tracker, calls the action server, applies its slot events."""

    def __init__(self, services: Services, sender: str):
        self.url = f"http://127.0.0.1:{services.actions_port}/webhook"
        self.sender, self.events, self.slots, self.domain = sender, [], {}, domain()
        self.latest: dict = {}

    def user(self, text: str, intent: str, **metadata) -> None:
        mid = uuid.uuid4().hex
        self.latest = {"intent": {"name": intent, "confidence": 0.95}, "entities": [], "text": text,
                       "intent_ranking": [{"name": intent, "confidence": 0.95}], "message_id": mid,
                       "metadata": metadata}
        self.events.append({"event": "user", "timestamp": time.time(), "text": text,  # as Rasa stamps it
                            "parse_data": self.latest,
                            "input_channel": "rest_metadata", "message_id": mid, "metadata": metadata})

    def run(self, action: str) -> list[dict]:
        body = {"next_action": action, "sender_id": self.sender, "version": "3.6.2", "domain": self.domain,
                "tracker": {"sender_id": self.sender, "slots": dict(self.slots), "latest_message": self.latest,
                            "events": self.events, "paused": False, "followup_action": None,
                            "active_loop": {}, "latest_action_name": "action_listen",
                            "latest_input_channel": "rest_metadata"}}
        r = httpx.post(self.url, json=body, timeout=30)
        r.raise_for_status()
        out = r.json()
        for e in out.get("events", []):
            self.events.append(e)
            if e.get("event") == "slot":
                self.slots[e["name"]] = e["value"]
        return out.get("responses", [])

    def text(self, responses: list[dict]) -> str:
        """The replies as Rasa would render them from the domain's templates: the slots fill a
        template as Rasa fills it ({resident_home}), the response's own values first."""
        out = []
        for r in responses:
            template = self.domain["responses"][r["response"]][0]["text"]
            values = {k: d["initial_value"] for k, d in self.domain.get("slots", {}).items()
                      if isinstance(d, dict) and isinstance(d.get("initial_value"), str)}
            values.update({k: v for k, v in self.slots.items() if isinstance(v, str)})
            values.update({k: v for k, v in r.items() if isinstance(v, str)})
            out.append(template.format_map(values))
        return " ".join(out)


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    s = Services(workdir=tmp_path_factory.mktemp("hazards-services"), model=Path("/nonexistent"))
    with running(s):
        yield s


def test_actions_over_http_mould_then_newborn(services):
    conv_a = Conversation(services, conv())
    conv_a.user("There is black mould spreading across my bedroom wall and round the window, "
                "can someone come and look at it?", "service_request", received_at=XMAS_EVE)
    said = conv_a.text(conv_a.run("action_triage"))
    assert conv_a.slots["triage_route"] == "hazard_household", conv_a.slots
    assert "Awaab" in said
    [hz] = hazards(services, conv_a.sender)
    assert hz["severity"] == "significant" and hz["aware_at"] == XMAS_EVE
    assert next(d for d in hz["deadlines"] if d["id"] == "investigate")["due_on"] == "2027-01-12"

    conv_a.user("no, it's just me", "deny")
    conv_a.slots["hazard_household"] = "no, it's just me"   # the form's from_text mapping
    said = conv_a.text(conv_a.run("action_hazard_household"))
    assert "Tuesday 12 January 2027" in said and "somewhere else suitable to stay" in said, said
    assert conv_a.slots["triage_route"] == "service_request"
    said = conv_a.text(conv_a.run("action_record_service_request"))
    assert "SR-" in said, said
    [hz] = hazards(services, conv_a.sender)
    assert hz["household_known"] and hz["case_id"] is not None
    assert hz["handoff_id"] == services.handoffs(conv_a.sender)[0]["id"]

    conv_b = Conversation(services, conv())
    conv_b.user("I want to make a complaint, the mould on the bedroom ceiling has been reported three "
                "times and nobody has come", "complaint", received_at=XMAS_EVE)
    conv_b.run("action_triage")
    # "I want to make a complaint": asked for, so the form follows with no offer (complaint_request.py)
    assert conv_b.slots["hazard_next_route"] == "complaint_asked"
    assert services.handoffs(conv_b.sender)[0]["category"] == "complaint"
    conv_b.user("yes, my baby is three weeks old", "inform")
    conv_b.slots["hazard_household"] = "yes, my baby is three weeks old"
    said = conv_b.text(conv_b.run("action_hazard_household"))
    assert "emergency" in said and "4:30pm on Friday 25 December 2026" in said, said
    assert conv_b.slots["triage_route"] == "complaint_asked"
    [hz2] = hazards(services, conv_b.sender)
    assert hz2["severity"] == "emergency" and hz2["vulnerabilities"] == ["baby"]

    c = staff_client(services)
    board = c.get("/staff/hazards").text
    assert board.index(hz2["reference"]) < board.index(hz["reference"])  # nearest deadline first
    report = c.get("/staff/reports?from=2026-12-01&to=2026-12-31").text
    assert "1 emergency, 1 significant" in report
