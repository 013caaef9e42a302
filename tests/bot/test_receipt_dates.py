"""bench/receipt_dates: each labelled set is read against the receipt date it was written for."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import receipt_dates  # noqa: E402


def test_every_listed_date_is_the_one_its_notes_give_and_the_set_exists():
    table = receipt_dates.table()
    assert len(table) >= 16
    for line in receipt_dates.TABLE.read_text(encoding="utf-8").splitlines()[1:]:
        name, day, where = line.split("\t")
        notes = (ROOT / where.split(",")[0]).read_text(encoding="utf-8")
        assert day in notes or dt.date.fromisoformat(day).strftime("%-d %B %Y") in notes, (name, day, where)
        assert list(ROOT.glob(f"bench/*/{name}.tsv")), name


def test_per_set_or_one_date_for_all():
    per_set = receipt_dates.for_sets("per-set")
    assert per_set("fresh9") == dt.date(2026, 12, 14)
    assert per_set("real_continuing2") == dt.date(2026, 12, 3)
    assert per_set("blind20") == receipt_dates.DEFAULT == dt.date(2026, 11, 24)
    one = receipt_dates.for_sets("2026-12-01")
    assert one("fresh9") == one("blind20") == dt.date(2026, 12, 1)
