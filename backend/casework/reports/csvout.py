"""CSV downloads that are safe to open in a spreadsheet.

Quoting is the csv module's (quotes doubled; a field holding a comma, quote or line break is quoted).
Formula injection: a text cell starting with = + - @ (or a tab or carriage return, which some
spreadsheets skip before reading a formula) gets a leading apostrophe, so it is shown as text.
Numbers are written as numbers.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        return v
    s = str(v)
    return "'" + s if s.startswith(FORMULA_START) else s


def to_csv(header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([safe_cell(h) for h in header])
    for row in rows:
        w.writerow([safe_cell(v) for v in row])
    return buf.getvalue()
