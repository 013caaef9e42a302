"""Each labelled set's receipt date, the date its time-limit rows were written against
(bench/receipt_dates.tsv, copied from each set's own notes); 2026-11-24 for a set not listed (the date
bench/data, bench/trained and fresh1 were written for)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "receipt_dates.tsv"
DEFAULT = dt.date(2026, 11, 24)


def table() -> dict:
    out = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            name, day = line.split("\t")[:2]
            out[name] = dt.date.fromisoformat(day)
    return out


def for_sets(given: str):
    """name -> receipt date: `given` (YYYY-MM-DD) for every set, or with "per-set" each set's own."""
    if given != "per-set":
        one = dt.date.fromisoformat(given)
        return lambda name: one
    known = table()
    return lambda name: known.get(name, DEFAULT)
