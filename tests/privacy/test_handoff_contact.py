"""A handoff's own contact (migration 0009: the chat asks how staff can reach a resident it hands to
them) is part of the resident's footprint. Cai asked for a person, gave an e-mail and a phone number
and never had a case: subject access by e-mail or phone finds the handoff through that contact, and
erasure (or the retention rule for conversations without a case) leaves nothing of Cai anywhere,
while Ada and Bram (tests/privacy/worlds.py) are untouched. SQLite and PostgreSQL."""
from __future__ import annotations

import json
from datetime import date

import seed
from casework.privacy import retention
from casework.privacy.settings import PrivacySettings
from worlds import stores, tracker_url, world  # noqa: F401 (fixtures)


def cai_asks_for_a_person(client):
    cai = seed.new_resident("Cai Montgomery", "cai.m@example.com", "07700 900789", "LL11 2AB",
                            ("quixotry", "attic"))
    body = {"idempotency_key": f"{cai.conversation}:m1", "conversation_id": cai.conversation,
            "message_id": "m1", "received_at": seed.RECEIVED, "category": "unclear", "confidence": 0.2,
            "text": f"Can I speak to a person about the {cai.words[1]}? It's {cai.name}, {cai.words[0]} again",
            "entities": [{"entity": "PERSON", "value": cai.name}], "explanation": "The resident asked for a person."}
    h = client.post("/api/v1/handoffs", json=body).json()
    # the chat asked how staff can reach Cai after recording the message: the same handoff gets it
    again = client.post("/api/v1/handoffs", json={**body, "contact": {
        "name": cai.name, "email": cai.email, "phone": cai.phone, "postcode": cai.postcode,
        "preferred_channel": "email"}})
    assert again.status_code == 200 and again.json()["id"] == h["id"]
    return cai, h["id"]


def test_access_by_email_or_phone_finds_the_handoff_through_its_contact(world, client, tmp_path):
    cai, hid = cai_asks_for_a_person(client)
    from casework.privacy.__main__ import main
    assert main(["access", "--email", cai.email, "--out", str(tmp_path / "sar")]) == 0
    data = json.loads((tmp_path / "sar" / "subject-access.json").read_text())
    assert [h["id"] for h in data["records"]["handoffs"]] == [hid]
    assert cai.words[0] in data["records"]["handoffs"][0]["text"]
    assert [c["email"] for c in data["records"]["contacts"]] == [cai.email]
    assert data["summary"]["handoffs"] == 1 and data["summary"]["cases"] == 0
    blob = json.dumps(data)
    assert not any(n in blob for n in world["ada"].needles() + world["bram"].needles())
    assert main(["access", "--phone", cai.phone.replace(" ", ""), "--out", str(tmp_path / "sar2")]) == 0
    by_phone = json.loads((tmp_path / "sar2" / "subject-access.json").read_text())
    assert [h["id"] for h in by_phone["records"]["handoffs"]] == [hid]


def test_erasure_by_email_leaves_nothing_of_the_handoff_or_its_contact(world, client):
    cai, _ = cai_asks_for_a_person(client)
    find = stores(world)
    ada, bram = find(world["ada"].needles()), find(world["bram"].needles())
    hits = find(cai.needles())["case database"]
    assert any(h.startswith("contacts.email") for h in hits) and any(h.startswith("handoffs.text") for h in hits)
    from casework.privacy.__main__ import main
    assert main(["erase", "--email", cai.email, "--actor", "dpo:x"]) == 0
    assert find(cai.needles())["case database"] == []
    assert find(world["ada"].needles()) == ada and find(world["bram"].needles()) == bram
    assert main(["erase", "--email", cai.email, "--actor", "dpo:x"]) == 1  # nothing left to find


def test_retention_scrubs_the_contact_of_a_handoff_that_never_became_a_case(world, client):
    cai, _ = cai_asks_for_a_person(client)
    find = stores(world)
    ada = find(world["ada"].needles())
    with world["factory"]() as s:  # 90 days without a case (backend/retention.yaml)
        report = retention.apply(s, PrivacySettings.from_env(), date(2027, 6, 1))
    assert ("conversations_without_case", "case:contacts", 1) in report.rows
    assert find(cai.needles())["case database"] == []
    assert find(world["ada"].needles()) == ada  # Ada's handoff became a case: kept


def test_retention_of_a_closed_case_takes_the_contact_of_its_handoff(world, client):
    cai, hid = cai_asks_for_a_person(client)
    sr = client.post("/api/v1/service-requests", json={
        "idempotency_key": f"{cai.conversation}:s", "conversation_id": cai.conversation, "topic": "repair",
        "text": "The attic hatch is stuck", "received_at": seed.RECEIVED}).json()  # staff opened it, no contact
    assert client.post(f"/api/v1/handoffs/{hid}/link", json={"reference": sr["reference"]}).status_code == 200
    find = stores(world)
    with world["factory"]() as s:  # the service request is six years old (closed_cases, from receipt)
        report = retention.apply(s, PrivacySettings.from_env(), date(2033, 6, 1))
    assert report.totals()["closed_cases/case:handoffs"] >= 1
    assert find(cai.needles())["case database"] == []
