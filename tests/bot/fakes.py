"""Test doubles for the actions: an in-memory backend behind httpx.MockTransport, trackers."""
from __future__ import annotations

import asyncio
import itertools
import re
import time
import uuid
from pathlib import Path
from typing import Any, Optional

import httpx
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

BOT_DIR = Path(__file__).resolve().parents[2] / "bot"
TOKEN = "test-token"
PREFIX = {"complaints": "CMP", "service-requests": "SR", "compliments": "CPL",
          "excluded-matters": "EXC"}


def load_domain() -> dict:
    """bot/domain/*.yml merged as Rasa merges a domain directory (lists joined, maps updated)."""
    merged: dict = {}
    for path in sorted((BOT_DIR / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in part.items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            else:
                merged[key] = value
    return merged


def contact_view(contact: Any) -> dict:
    """The case's resident contact as the backend keeps it (casework.contacts.resident_contact):
    nothing given keeps no details; anonymous keeps no name, but the details given to be reached."""
    if not isinstance(contact, dict):
        return {"anonymous": True, "name": None, "email": None, "phone": None, "postcode": None,
                "address": None}
    if contact.get("anonymous"):
        return {"anonymous": True, "name": None, **{k: contact.get(k) for k in (
            "email", "phone", "postcode", "address", "preferred_channel", "safe_contact",
            "ruled_out")}}
    return {"anonymous": False, **{k: contact.get(k) for k in ("name", "email", "phone", "postcode",
                                                                "address", "preferred_channel",
                                                                "safe_contact", "ruled_out")}}


def letter_channel(c: dict) -> str:
    """casework.letters.letter_channel: "post" (asked for post with a postal address), else "email",
    else "post" (a postal address), else "none" (no e-mail and no postal address: held for one); a
    route ruled out (ruled_out) never."""
    ruled_out = set(c.get("ruled_out") or [])
    address = "post" not in ruled_out and bool(re.search(r"[^\W_]", c.get("address") or ""))
    if c.get("preferred_channel") == "post" and address:
        return "post"
    if (c.get("email") or "").strip() and "email" not in ruled_out:
        return "email"
    return "post" if address else "none"


def representative_channel(rep: Any) -> Optional[str]:
    """casework.letters.representative_channel: with the resident's consent, letter_channel, but
    None when they gave no details at all (a "none" with no phone: the letters are the resident's);
    None when the letters are not theirs."""
    if not isinstance(rep, dict) or not rep.get("consent"):
        return None
    channel = letter_channel(rep)
    return None if channel == "none" and not (rep.get("phone") or "").strip() else channel


def representative_view(rep: Any) -> Optional[dict]:
    """The case's representative as the backend answers it (casework.case_views)."""
    if not isinstance(rep, dict):
        return None
    return {**{k: rep.get(k) for k in ("name", "relationship", "consent", "email", "phone", "postcode",
                                       "address", "preferred_channel")},
            "letters_to_representative": representative_channel(rep) is not None}


def held_for_address(body: dict) -> list[str]:
    """["no_address"] when the backend holds the record's letter for an address (casework.outbox.route
    gives channel "none": no e-mail and no postal address for the one the letters are for, whether or
    not there is a phone to ring), else []. The letters are a consenting representative's when they
    gave details (letters.addressee)."""
    rep = body.get("representative") or {}
    channel = representative_channel(rep)
    if channel is not None:
        return ["no_address"] if channel == "none" else []
    c = contact_view(body.get("contact"))
    if c.get("preferred_channel") == "chat" and body.get("conversation_id"):
        return []
    return ["no_address"] if letter_channel(c) == "none" else []


def address_wanted(body: dict) -> Optional[dict]:
    """case_views.address_wanted for a record the backend holds letters of for an address: whose
    (a consenting representative's when the letters are theirs) and whether there is a phone to ring."""
    if not held_for_address(body):
        return None
    rep = body.get("representative") or {}
    mine = representative_channel(rep) is None
    who = contact_view(body.get("contact")) if mine else rep
    return {"whose": "resident" if mine else "representative",
            "staff_will_ring": bool((who.get("phone") or "").strip())}


class FakeBackend:
    """Just enough of docs/api-contract.md, with switchable failure modes."""

    def __init__(self) -> None:
        self.mode = "up"  # up | down | timeout | 500
        self.records: dict[str, dict[str, dict]] = {}  # kind -> idempotency key -> record
        self.requests: list[tuple[str, str, Optional[dict]]] = []
        self.cases: dict[str, dict] = {}
        self.verified: set[tuple[str, str]] = set()  # (reference, conversation) a resident look-up matched
        self.links: list[tuple[int, str]] = []
        self.case_messages: dict[str, dict] = {}  # reference -> (conversation, message id) -> body
        self._ids = itertools.count(1)
        # fields a new complaint's view gets beyond the defaults (e.g. an acknowledgement recorded
        # at creation: acknowledged_on, acknowledgement_channel and the respond_by counted from it)
        self.complaint_view: dict[str, Any] = {}
        self.handoff_view: dict[str, Any] = {}  # extra fields the backend returns on a handoff
        self.excluded_redirect = "ASB team"  # an excluded matter's redirect_to (the profile's, for staff)
        self.compliment_routed: Optional[list[str]] = None  # a compliment's routed_to, when a test sets it
        # handoff ids a record's create may not name (casework.cases: unknown, or another conversation's)
        self.foreign_handoffs: set[int] = set()
        self.reassess_overdue = False  # a raised hazard's deadline had passed (hazards.reassess: overdue)

    def created(self, kind: str) -> list[dict]:
        return list(self.records.get(kind, {}).values())

    def handler(self, request: httpx.Request) -> httpx.Response:
        import json
        body = json.loads(request.content) if request.content else None
        self.requests.append((request.method, request.url.path, body))
        if self.mode == "down":
            raise httpx.ConnectError("connection refused", request=request)
        if self.mode == "timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        if self.mode == "500":
            return httpx.Response(500, json={"detail": "boom"})
        path = request.url.path
        if path.startswith("/api/v1/resident/"):
            return self._resident(path, body)
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return httpx.Response(401, json={"detail": "bad token"})
        if path.startswith("/api/v1/hazards"):
            return self._hazard(path, body)
        if path.startswith("/api/v1/profiles/"):
            return httpx.Response(404, json={"detail": "unknown profile"})
        if path.endswith("/link"):
            self.links.append((int(path.split("/")[-2]), body["reference"]) if not body.get("keep_open")
                              else (int(path.split("/")[-2]), body["reference"], "kept open"))
            return httpx.Response(200, json={"ok": True})
        if path.startswith("/api/v1/handoffs/") and path.endswith("/messages"):
            handoff = next((h for h in self.records.get("handoffs", {}).values()
                            if str(h["id"]) == path.split("/")[-2]), None)
            if handoff is None or handoff["body"].get("conversation_id") != body.get("conversation_id"):
                return httpx.Response(404, json={"detail": "No handoff with that id came from this conversation."})
            added = self.case_messages.setdefault(f"handoff:{handoff['id']}", {})
            fresh = (body["conversation_id"], body["message_id"]) not in added
            added[(body["conversation_id"], body["message_id"])] = body
            return httpx.Response(201 if fresh else 200, json={"id": handoff["id"], "added": fresh})
        if path.startswith("/api/v1/cases/") and path.endswith("/messages"):
            return self._case_message(path.split("/")[-2], body)
        kind = path.rsplit("/", 1)[-1]
        if not body.get("text"):
            return httpx.Response(422, json={"detail": "text is required"})
        named = [body.get("handoff_id"), *(body.get("linked_handoff_ids") or [])]
        if kind in PREFIX and self.foreign_handoffs.intersection(named):
            return httpx.Response(404, json={"detail": "No handoff with that id in this conversation.",
                                             "code": "handoff_not_in_conversation"})
        existing = self.records.setdefault(kind, {}).get(body["idempotency_key"])
        if existing:
            if kind == "handoffs" and body.get("contact") and not existing.get("contact"):
                existing["contact"] = body["contact"]  # asked after the message was recorded
            return httpx.Response(200, json={**existing, "created": False})
        record = self._new(kind, body)
        self.records[kind][body["idempotency_key"]] = record
        return httpx.Response(201, json={**record, "created": True})

    def _new(self, kind: str, body: dict) -> dict:
        n = next(self._ids)
        if kind == "handoffs":
            return {"id": n, "status": "new", "category": body["category"],
                    "reason": body.get("reason"), "contact": body.get("contact"), "body": body,
                    **self.handoff_view}
        if kind == "held-messages":  # a refused record handed to the staff queue
            return {"id": n, "body": body}
        reference = f"{PREFIX[kind]}-2026-{n:06d}"
        record = {"reference": reference, "kind": kind, "status": "open", "body": body,
                  "contact": contact_view(body.get("contact")), "letter_held_for": held_for_address(body),
                  "representative": representative_view(body.get("representative"))}
        if kind == "complaints":
            record.update({"stage": 1, "stage_name": "Stage 1", "acknowledge_by": "2026-12-01",
                           "respond_by": "2026-12-15", "acknowledged_on": None,
                           "group_residents": list(body.get("group_residents") or []),
                           **self.complaint_view})
        if kind == "compliments":
            record["routed_to"] = list(self.compliment_routed) if self.compliment_routed is not None else [
                body.get("person") or body.get("team") or "Staff", "Customer Experience team"]
        if kind == "excluded-matters":
            record["redirect_to"] = self.excluded_redirect
        return record

    def opened_here(self, reference: str, conversation_id: Optional[str]) -> bool:
        """casework.case_messages.opened_here: a case this conversation opened, or matched in a look-up."""
        opened = any(r.get("reference") == reference and r["body"].get("conversation_id") == conversation_id
                     for kind in self.records.values() for r in kind.values() if isinstance(r, dict)
                     and isinstance(r.get("body"), dict))
        return bool(conversation_id) and (opened or (reference, conversation_id) in self.verified)

    def hazard_letters(self, reference: Optional[str]) -> dict:
        """hazards.service.letters_of for a hazard joining `reference`: what its letters are held for
        (a case looked up in a status check: the letter_held_for / letter_address_wanted the test gave
        it; a record made here: from its contact); both None with no case."""
        if reference is None:
            return {"letter_held_for": None, "letter_address_wanted": None}
        if reference in self.cases:
            case = self.cases[reference]
            return {"letter_held_for": case.get("letter_held_for", []),
                    "letter_address_wanted": case.get("letter_address_wanted")}
        body = next((r["body"] for kind in self.records.values() for r in kind.values()
                     if isinstance(r, dict) and r.get("reference") == reference), None)
        return ({"letter_held_for": [], "letter_address_wanted": None} if body is None  # matched in a look-up
                else {"letter_held_for": held_for_address(body), "letter_address_wanted": address_wanted(body)})

    def _case_message(self, reference: str, body: dict) -> httpx.Response:
        """POST /cases/{reference}/messages: only a case this conversation opened; once per message id."""
        if not self.opened_here(reference, body.get("conversation_id")):
            return httpx.Response(404, json={"detail": f"No case with reference {reference!r} was opened "
                                                       "in this conversation."})
        added = self.case_messages.setdefault(reference, {})
        key = (body["conversation_id"], body["message_id"])
        if key in added:
            return httpx.Response(200, json={"reference": reference, "added": False})
        added[key] = body
        return httpx.Response(201, json={"reference": reference, "added": True, "position": len(added)})

    # Hazards (Awaab's Law): a stand-in for the backend's rules with fixed dates (a report at
    # 16:30 on Christmas Eve 2026); the real rules are tested in tests/backend/test_hazard*.py.
    HAZARD_VULNERABLE = {"baby", "young_children", "pregnancy", "older_person", "respiratory",
                         "weakened_immunity", "unspecified"}
    HAZARD_PERSON_CENTRED = {"damp_mould", "excess_cold", "excess_heat"}

    HAZARD_SIGNIFICANT_IN_FORCE = {"damp_mould"}  # phase 1: other types have a clock only as emergencies

    def _hazard_deadlines(self, h: dict) -> None:
        h["in_force"] = h["severity"] == "emergency" or h["hazard_type"] in self.HAZARD_SIGNIFICANT_IN_FORCE
        if not h["in_force"]:
            h["deadlines"] = []
        elif h["severity"] == "emergency":
            h["deadlines"] = [{"id": "make_safe", "unit": "hours", "due_at": "2026-12-25T16:30:00+00:00",
                               "due_on": "2026-12-25"}]
        else:
            h["deadlines"] = [{"id": "investigate", "unit": "working_days",
                               "due_at": "2027-01-13T00:00:00+00:00", "due_on": "2027-01-12"},
                              {"id": "written_summary", "unit": "working_days", "due_at": None,
                               "due_on": None}]
        h["ask_household"] = (not h["household_known"] and h["severity"] != "emergency"
                              and h["hazard_type"] in self.HAZARD_PERSON_CENTRED)

    def _hazard(self, path: str, body: dict) -> httpx.Response:
        store = self.records.setdefault("hazards", {})
        if path.endswith("/reassess"):
            return self._hazard_reassess(store, body)
        if path.endswith("/household"):
            h = store.get(body["hazard_key"])
            if h is None:
                return httpx.Response(404, json={"detail": "No hazard was created with that key."})
            h["vulnerabilities"] = sorted(set(h["vulnerabilities"]) | set(body["vulnerabilities"]))
            h["household_known"] = bool(h["household_known"] or body.get("known", True)
                                        or body["vulnerabilities"])
            if set(h["vulnerabilities"]) & self.HAZARD_VULNERABLE and h["hazard_type"] in self.HAZARD_PERSON_CENTRED:
                h["severity"] = "emergency"
            self._hazard_deadlines(h)
            self.records.setdefault("hazard_household", {})[body["idempotency_key"]] = dict(body)
            return httpx.Response(200, json=h)
        if body["idempotency_key"] in store:
            return httpx.Response(200, json={**store[body["idempotency_key"]], "created": False})
        if body.get("handoff_id") in self.foreign_handoffs:
            return httpx.Response(404, json={"detail": "No handoff with that id in this conversation.",
                                             "code": "handoff_not_in_conversation"})
        case = body.get("case_reference")
        if case is not None and not self.opened_here(case, body.get("conversation_id")):
            return httpx.Response(409, json={"detail": "That case was not opened in this conversation.",
                                             "code": "case_not_in_conversation"})
        vulns = list(body.get("vulnerabilities") or [])
        emergency = body.get("emergency_signs") or (
            set(vulns) & self.HAZARD_VULNERABLE and body["hazard_type"] in self.HAZARD_PERSON_CENTRED)
        h = {"reference": f"HZ-2026-{next(self._ids):06d}", "hazard_type": body["hazard_type"],
             "severity": "emergency" if emergency else "significant", "in_force": True,
             "household_known": bool(body.get("household_known") or vulns), "vulnerabilities": vulns,
             "case_id": int(case.rsplit("-", 1)[-1]) if case else None, "body": body,
             **self.hazard_letters(case)}
        self._hazard_deadlines(h)
        store[body["idempotency_key"]] = h
        return httpx.Response(201, json={**h, "created": True})

    def _hazard_reassess(self, store: dict, body: dict) -> httpx.Response:
        """hazards.reassess: the conversation's case's hazards and the one with hazard_key; a new
        vulnerability that makes a significant hazard an emergency raises it (24 hours from now:
        the fake's fixed date)."""
        self.records.setdefault("hazard_reassess", {})[body["idempotency_key"]] = dict(body)
        case = body.get("case_reference")
        if case is not None and not self.opened_here(case, body.get("conversation_id")):
            return httpx.Response(409, json={"detail": "That case was not opened in this conversation.",
                                             "code": "case_not_in_conversation"})
        out = []
        for key, h in store.items():
            own = h["body"].get("conversation_id") == body["conversation_id"]
            mine = (key == body.get("hazard_key") and own
                    or case is not None and h["body"].get("case_reference") == case)
            if not mine:
                continue
            new = [v for v in body["vulnerabilities"] if v not in h["vulnerabilities"]]
            h["vulnerabilities"] = [*h["vulnerabilities"], *new]
            raised = (h["severity"] == "significant" and bool(set(new) & self.HAZARD_VULNERABLE)
                      and h["hazard_type"] in self.HAZARD_PERSON_CENTRED)
            if raised:
                h["severity"] = "emergency"
                self._hazard_deadlines(h)
            out.append({**h, "raised": raised, "new_vulnerabilities": new,
                        "overdue": raised and self.reassess_overdue})
        return httpx.Response(200, json={"hazards": out})

    def _resident(self, path: str, body: dict) -> httpx.Response:
        case = self.cases.get(body.get("reference", ""))
        factor_ok = case and (
            (body.get("postcode") or "").replace(" ", "").upper() == case["postcode"]
            or (body.get("email") or "").lower() == case.get("email", "-")
            or bool(body.get("phone")) and body.get("phone") == case.get("phone"))
        if not factor_ok:
            return httpx.Response(404, json={
                "detail": "No case matches that reference and postcode or email."})
        if body.get("conversation_id"):  # the backend keeps the match for that conversation
            self.verified.add((case["reference"], body["conversation_id"]))
        view = {k: case[k] for k in ("reference", "kind", "stage", "stage_name", "status",
                                     "acknowledge_by", "respond_by", "next_step")}
        view["acknowledged_on"] = case.get("acknowledged_on")
        view["letter_held_for"] = case.get("letter_held_for", [])
        view["letter_address_wanted"] = case.get("letter_address_wanted")
        view["hazards"] = case.get("hazards", [])  # the backend's resident view (ResidentHazardOut)
        if path.endswith("/escalate"):
            if case["stage"] >= 2:
                return httpx.Response(409, json={"detail": "Stage 2 is the last stage.",
                                                 "code": "past_last_stage"})
            view.update({"stage": 2, "stage_name": "Stage 2", "acknowledge_by": "2026-12-08",
                         "respond_by": "2027-01-12"})
        return httpx.Response(200, json=view)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)


def user_event(text: str, intent: str, confidence: float = 0.95, entities=None,
               metadata=None, message_id: Optional[str] = None,
               timestamp: Optional[float] = None, channel: str = "rest_metadata") -> dict:
    parse = {"intent": {"name": intent, "confidence": confidence},
             "entities": entities or [], "text": text,
             "intent_ranking": [{"name": intent, "confidence": confidence}],
             "message_id": message_id or uuid.uuid4().hex, "metadata": metadata or {}}
    return {"event": "user", "timestamp": timestamp or time.time(), "text": text,
            "parse_data": parse, "input_channel": channel,
            "message_id": parse["message_id"], "metadata": metadata or {}}


def tracker(events: list[dict], slots: Optional[dict] = None, sender_id: str = "conv-1",
            active_loop: Optional[str] = None) -> Tracker:
    latest = next((e["parse_data"] for e in reversed(events) if e["event"] == "user"), {})
    return Tracker.from_dict({
        "sender_id": sender_id, "slots": slots or {}, "latest_message": latest,
        "events": events, "paused": False, "followup_action": None,
        "active_loop": {"name": active_loop} if active_loop else {},
        "latest_action_name": "action_listen",
    })


def run(action: Any, trk: Tracker, domain: Optional[dict] = None
        ) -> tuple[list[dict], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, trk, domain if domain is not None else load_domain())
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    return result, dispatcher


def slots_of(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]


def decision(category="service_request", reason=None, flags=(), **kw):
    """A triage decision for tests that fix it (the `decide` fixture; the real triage has its own tests)."""
    from actions.triage_call import StandInDecision
    return StandInDecision(category=category, reason=reason, flags=tuple(flags),
                           confidence=0.9, explanation="test decision", **kw)
