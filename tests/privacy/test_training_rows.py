"""The staff corrections kept as training rows (`make corrections`, var/training/staff_corrections.tsv)
are a store like the others: redacted when written, found by subject access, removed by erasure and
by retention. Two residents seeded everywhere (worlds.py), both handoffs reviewed through the staff
service, the rows written by scripts/staff_corrections.py itself. SQLite and PostgreSQL."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from sqlalchemy import select

from casework.models import AuditEvent, Handoff
from casework.staff import auth
from casework.staff.services import handoffs

from worlds import stores, tracker_url, world  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("staff_corrections", ROOT / "scripts" / "staff_corrections.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _rows(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()[1:] if path.exists() else []


def test_training_rows_are_redacted_found_erased_and_expire(world, monkeypatch, capsys):
    ada, bram = world["ada"], world["bram"]
    path = world["tmp"] / "training" / "staff_corrections.tsv"
    monkeypatch.setenv("TRAINING_CORRECTIONS_PATH", str(path))
    with world["factory"]() as s:
        user = auth.create_user(s, "reviewer@example.org", "manager", "correct horse battery staple", "Rev")
        ids = list(s.scalars(select(Handoff.id).order_by(Handoff.id)))
    assert len(ids) == 2
    with world["factory"]() as s:
        user = s.merge(user)
        handoffs.accept(s, ids[0], user)  # a confirmation
        handoffs.reclassify(s, ids[1], user, "excluded", "asb", "it is a neighbour report")  # a correction
    assert _script().main(["--database-url", world["db"], "--out", str(path)]) == 0
    rows = _rows(path)
    assert len(rows) == 2
    text = "\n".join(rows).lower()
    for r in (ada, bram):  # contact details gone, the resident's other words kept
        for needle in (r.name, r.name.split()[0], r.name.split()[-1], r.email, r.phone, r.phone.replace(" ", ""),
                       r.postcode, r.postcode.replace(" ", "")):
            assert needle.lower() not in text, needle
        assert r.words[0] in text
    by_word = {r.words[0]: next(x.split("\t") for x in rows if r.words[0] in x) for r in (ada, bram)}
    assert by_word[ada.words[0]][:2] == ["complaint", ""] and by_word[ada.words[0]][4] == "confirmed"
    assert by_word[bram.words[0]][:2] == ["excluded", "asb"] and by_word[bram.words[0]][4] == "corrected"

    from casework.privacy.__main__ import main
    capsys.readouterr()
    assert main(["find", "--email", ada.email]) == 0
    assert json.loads(capsys.readouterr().out)["training_rows"] == 1
    assert main(["access", "--email", bram.email, "--out", str(world["tmp"] / "sar")]) == 0
    pack = json.loads((world["tmp"] / "sar" / "subject-access.json").read_text())
    assert len(pack["training_rows"]) == 1 and bram.words[0] in pack["training_rows"][0]
    assert ada.words[0] not in json.dumps(pack["training_rows"])
    assert "to train the assistant" in (world["tmp"] / "sar" / "subject-access.html").read_text()
    capsys.readouterr()

    assert main(["erase", "--email", ada.email, "--actor", "dpo:x", "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out)["changed"]["training_rows"] == 1 and len(_rows(path)) == 2
    assert main(["erase", "--email", ada.email, "--actor", "dpo:x"]) == 0
    assert json.loads(capsys.readouterr().out)["changed"]["training_rows"] == 1
    left = _rows(path)
    assert len(left) == 1 and ada.words[0] not in left[0] and bram.words[0] in left[0]
    with world["factory"]() as s:
        ev = s.scalar(select(AuditEvent).where(AuditEvent.action == "erase"))
        assert ev.after["counts"]["training_rows"] == 1
    # the next `make corrections` does not bring the erased resident back (the handoff text is gone)
    assert _script().main(["--database-url", world["db"], "--out", str(path)]) == 0
    assert _rows(path) == left

    # retention: Bram's complaint was responded to and not taken further; six years on it expires
    assert main(["retention", "--today", "2033-06-01"]) == 0
    assert "training_rows" in capsys.readouterr().out
    assert _rows(path) == []
