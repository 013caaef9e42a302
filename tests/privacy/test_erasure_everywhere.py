"""Erasure across every store, on SQLite and on PostgreSQL (case database and tracker store).

One resident is seeded everywhere: a handoff, a complaint (contact, representative, transcript,
summary, staff reasons), a service request, letters delivered as .eml files, the bot's outbox,
Rasa-shaped rows in the tracker store's `events` table and an NLU export line. A second resident is
seeded the same way. After `python -m casework.privacy erase`, every table, every column and every
file is searched for the first resident's name, e-mail, phone, postcode, message words and
conversation id: zero hits, while the second resident is still found in each store and the report
figures (CH01, CH02 and the rest) are unchanged.
"""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from casework.models import AuditEvent, Complaint

from worlds import figures, stores, tracker_url, world  # noqa: F401 (fixtures)


def test_erasure_leaves_nothing_anywhere_and_reports_unchanged(world):
    ada, bram, find = world["ada"], world["bram"], stores(world)
    before_ada, before_bram = find(ada.needles()), find(bram.needles())
    for store in before_ada:  # the search sees both residents in every store before erasure
        assert before_ada[store] and before_bram[store], store
    figs = figures(world["factory"])
    assert (figs[0].ch01.stage1, figs[0].ch02.stage1_responses, figs[0].ch02.stage1_within) == (2, 2, 2)
    assert dict(figs[0].themes)["Damp and mould"] == 2
    with world["factory"]() as s:
        refs = sorted(s.scalars(select(Complaint.reference)))
        dates = {c.reference: (c.acknowledged_on, c.responded_on, c.decision) for c in s.scalars(select(Complaint))}

    from casework.privacy.__main__ import main
    assert main(["erase", "--email", ada.email, "--actor", "dpo:privacy-officer@example.org"]) == 0

    after_ada, after_bram = find(ada.needles()), find(bram.needles())
    assert after_ada == {k: [] for k in after_ada}, after_ada
    assert {k: bool(v) for k, v in after_bram.items()} == {k: True for k in after_bram}
    assert figures(world["factory"]) == figs  # CH01, CH02, themes, resolution... all unchanged
    with world["factory"]() as s:
        kept = {c.reference: c for c in s.scalars(select(Complaint))}
        assert sorted(kept) == refs  # the complaint record stays, with its dates and decision
        erased = next(c for c in kept.values() if c.text.startswith("[erased]"))
        assert (erased.acknowledged_on, erased.responded_on, erased.decision) == dates[erased.reference]
        assert erased.acknowledged_on is not None and erased.responded_on == date(2026, 12, 2)
        assert erased.decision == "upheld"
        assert erased.contact.name is None and erased.contact.email is None
        ev = s.scalar(select(AuditEvent).where(AuditEvent.action == "erase"))
        assert ev.actor == "dpo:privacy-officer@example.org" and ev.entity_ref == erased.reference
        assert "contacts.email" in ev.fields and ev.after["counts"]["case:transcript_messages"] == 2
    # a second run finds nothing left to erase
    assert main(["erase", "--email", ada.email, "--actor", "dpo:x"]) == 1


def test_dry_run_changes_nothing_and_find_prints_no_personal_data(world, capsys):
    ada, find = world["ada"], stores(world)
    before = find(ada.needles())
    from casework.privacy.__main__ import main
    assert main(["erase", "--phone", ada.phone.replace(" ", ""), "--actor", "dpo:x", "--dry-run"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] is True and out["changed"]["case:contacts"] == 3  # complaint, its advocate, the request
    assert find(ada.needles()) == before
    assert main(["find", "--name", ada.name, "--postcode", "tf11aa"]) == 0
    printed = capsys.readouterr().out
    found = json.loads(printed)
    assert found["cases"] == 2 and found["conversations"] == 1 and found["letter_files"] >= 2
    assert not any(n.lower() in printed.lower() for n in ada.needles())
    assert main(["find", "--email", "nobody@example.org"]) == 1
    assert main(["erase", "--name", "Ada", "--actor", "dpo:x"]) == 2  # a name alone is refused


def test_erase_by_conversation_reaches_the_same_resident(world):
    ada, find = world["ada"], stores(world)
    from casework.privacy.__main__ import main
    assert main(["erase", "--conversation", ada.conversation, "--actor", "dpo:x"]) == 0
    assert find(ada.needles()) == {k: [] for k in find(ada.needles())}


def test_tables_other_features_add_are_covered_by_their_registry_entries(world):
    """Referrals, held messages, case notes and hazards (issues 16-18 add them) are one registry entry
    each: created here as those migrations create them (the columns that matter), with both
    residents in them, they are erased for one and kept for the other."""
    from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, Text, create_engine

    from casework import db as dbmod
    from casework.models import Case, Handoff

    md = MetaData()
    Table("referrals", md, Column("id", Integer, primary_key=True), Column("case_id", Integer),
          Column("handoff_id", Integer), Column("to_name", String(200)), Column("copy_to", Text),
          Column("outbox_id", Integer))
    Table("held_messages", md, Column("id", Integer, primary_key=True), Column("handoff_id", Integer),
          Column("full_text", Text), Column("record", JSON))
    Table("case_notes", md, Column("id", Integer, primary_key=True), Column("case_id", Integer),
          Column("text", Text))
    Table("hazards", md, Column("id", Integer, primary_key=True), Column("case_id", Integer),
          Column("handoff_id", Integer), Column("conversation_id", String(200)), Column("hazard_type", String(40)),
          Column("vulnerabilities", JSON), Column("findings", Text), Column("idempotency_key", String(200)))
    eng = create_engine(dbmod.normalise_url(world["db"]))
    md.create_all(eng)  # only the tables this database lacks (a feature's branch not merged here)
    real = MetaData()
    real.reflect(eng, only=[t for t in md.tables])
    ids = {}
    with world["factory"]() as s:  # read first: a SQLite session holds the write lock
        for r in (world["ada"], world["bram"]):
            ids[r.name] = (s.scalar(select(Case.id).where(Case.conversation_id == r.conversation, Case.kind == "complaint")),
                           s.scalar(select(Handoff.id).where(Handoff.conversation_id == r.conversation)))
    for r in (world["ada"], world["bram"]):
        case_id, hid = ids[r.name]
        with eng.begin() as c:
            insert(c, real.tables["referrals"], {"case_id": case_id, "to_name": "Safeguarding team",
                                                        "copy_to": f"{r.name}'s social worker"})
            insert(c, real.tables["held_messages"], {"handoff_id": hid, "full_text": r.message,
                                                            "record": {"contact": {"email": r.email}}})
            insert(c, real.tables["case_notes"], {"case_id": case_id, "text": f"Phoned {r.phone}"})
            insert(c, real.tables["hazards"], {
                "conversation_id": r.conversation, "hazard_type": "damp_mould",
                "vulnerabilities": ["baby"], "findings": f"Mould in {r.name}'s {r.words[1]}",
                "idempotency_key": f"{r.conversation}:h"})
    eng.dispose()
    ada, bram, find = world["ada"], world["bram"], stores(world)
    from casework.privacy.__main__ import main
    assert main(["erase", "--email", ada.email, "--actor", "dpo:x"]) == 0
    assert find(ada.needles())["case database"] == []
    left = " ".join(find(bram.needles())["case database"])
    for table in ("referrals.copy_to", "held_messages.full_text", "case_notes.text", "hazards.findings"):
        assert table in left


def insert(conn, table, values: dict) -> None:
    """Insert a row into a feature's real table: the values under test, and a neutral value for
    every other column the table requires (so the test follows the feature's real schema)."""
    from datetime import datetime, timezone

    from sqlalchemy import JSON, Boolean, DateTime, Integer, Numeric

    row = dict(values)
    for col in table.columns:
        if col.name in row or col.nullable or col.primary_key or col.server_default is not None:
            continue
        t = col.type
        row[col.name] = (datetime(2026, 11, 24, tzinfo=timezone.utc) if isinstance(t, DateTime)
                         else False if isinstance(t, Boolean) else 0 if isinstance(t, (Integer, Numeric))
                         else [] if isinstance(t, JSON) else f"x{abs(hash((table.name, col.name, str(values)))) % 10**8}")
    conn.execute(table.insert(), row)
