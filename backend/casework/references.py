"""Case and hazard references: PREFIX-YYYY-NNNNNN (the year of receipt and six digits).

The six digits are drawn at random (`secrets`), so a reference tells nothing about the next or
the previous one and cannot be enumerated (issue 16); the format is unchanged, so residents'
references, the bot's parsers and its NLU regex read them as before. A draw that hits an existing
reference is drawn again. CASEWORK_REFERENCES=sequential gives the old per-year counter (used by
tests that need predictable references; never in production).
"""
from __future__ import annotations

import re
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .models import Case, ReferenceCounter
from .settings import get_settings

PREFIXES = {"complaint": "CMP", "service_request": "SR", "compliment": "CPL", "excluded": "EXC"}
KIND_BY_PREFIX = {v: k for k, v in PREFIXES.items()}
REFERENCE_RE = re.compile(r"^(CMP|SR|CPL|EXC)-(\d{4})-(\d{6})$")


def format_reference(kind: str, year: int, number: int) -> str:
    return _format(PREFIXES[kind], year, number)


def _format(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year:04d}-{number:06d}"


def normalise_reference(ref: str) -> str:
    return ref.strip().upper()


def next_reference(session: Session, kind: str, year: int) -> str:
    return new_reference(session, PREFIXES[kind], year, Case.reference)


def new_reference(session: Session, prefix: str, year: int, column) -> str:
    """PREFIX-YYYY-NNNNNN not yet in `column` (a unique reference column: cases, hazards): six
    random digits, or the per-year counter under CASEWORK_REFERENCES=sequential (tests)."""
    if get_settings().casework_references == "sequential":
        return _format(prefix, year, _count(session, prefix, year))
    for _ in range(50):
        reference = _format(prefix, year, 1 + secrets.randbelow(999_999))
        if session.scalar(select(column).where(column == reference)) is None:
            return reference
    raise RuntimeError(f"no free {prefix} reference for {year} after 50 draws")


def _count(session: Session, prefix: str, year: int) -> int:
    """Allocate the next number atomically inside the caller's transaction.

    UPDATE ... RETURNING takes the counter row's lock on PostgreSQL, so concurrent transactions
    queue on it and each sees the value the previous one committed; on SQLite every write
    transaction holds the database lock (BEGIN IMMEDIATE, see db.py).
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(
        insert(ReferenceCounter)
        .values(prefix=prefix, year=year, last_value=0)
        .on_conflict_do_nothing(index_elements=["prefix", "year"])
    )
    return session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
        .values(last_value=ReferenceCounter.last_value + 1)
        .returning(ReferenceCounter.last_value)
    ).scalar_one()


def current_value(session: Session, kind: str, year: int) -> int:
    v = session.execute(
        select(ReferenceCounter.last_value).where(
            ReferenceCounter.prefix == PREFIXES[kind], ReferenceCounter.year == year
        )
    ).scalar_one_or_none()
    return v or 0
