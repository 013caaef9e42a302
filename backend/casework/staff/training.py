"""Staff reviews as labelled training rows for the triage model, personal data redacted.

A handoff whose latest review is a reclassification is a CORRECTION (the reviewer's label, not the
assistant's); one whose latest review accepts the assistant's label is a CONFIRMATION. Handoffs
closed as duplicates say nothing about the label and are left out, and so are erased handoffs
(their text is gone). Each row is

    category <TAB> reason <TAB> text <TAB> source <TAB> review

as the labelled sets in bench/ (category, reason, text), plus `source`, a one-way fingerprint of
the ORIGINAL message (casework.privacy.redact.fingerprint: erasure and retention find the row by
the resident's message) and `review` (corrected | confirmed). The text is redacted with the
contact's own name, e-mail, phone and postcode and the generic patterns (casework.privacy.redact).

merge() deduplicates the rows against each other and against the existing training data, and
reports (never adds) a text that carries two labels. scripts/staff_corrections.py (`make
corrections`) writes the result; the staff workspace offers the same rows as a download
(/staff/export/corrections.tsv) for a deployment whose database is elsewhere.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Handoff, HandoffReview
from ..privacy.redact import fingerprint, redact
from ..taxonomy import CATEGORIES, REASONS
from .nlu import normalise
from .services.handoffs import source_case

FIELDS = ("category", "reason", "text", "source", "review")
REVIEWS = ("corrected", "confirmed")


class RowsError(ValueError):
    """An export file that is not rows of this format."""


@dataclass(frozen=True)
class Row:
    category: str
    reason: str | None
    text: str
    source: str
    review: str

    @property
    def label(self) -> tuple[str, str | None]:
        return self.category, self.reason


def _known(session: Session, h: Handoff) -> list[str]:
    """The resident's own details from the case the handoff became (or its conversation's case)."""
    case = source_case(session, h)
    out: list[str] = []
    if case is not None:
        for person in (case.contact, case.representative):
            if person is not None:
                out += [getattr(person, k, None) or "" for k in ("name", "email", "phone", "postcode")]
    return [x for x in out if x]


def export(session: Session) -> list[Row]:
    """One row per reviewed handoff (latest review wins), in handoff order."""
    latest: dict[int, HandoffReview] = {}
    for r in session.scalars(select(HandoffReview).order_by(HandoffReview.id)):
        latest[r.handoff_id] = r
    if not latest:
        return []
    handoffs = {h.id: h for h in session.scalars(select(Handoff).where(Handoff.id.in_(list(latest))))}
    rows = []
    for hid in sorted(latest):
        r, h = latest[hid], handoffs.get(hid)
        if h is None or r.action == "duplicate" or not (h.text or "").strip():
            continue
        if r.to_category not in CATEGORIES or r.to_category == "unclear":
            continue
        text = redact(h.text, _known(session, h))
        if not text:
            continue
        review = "confirmed" if (r.to_category, r.to_reason) == (h.category, h.reason) else "corrected"
        rows.append(Row(r.to_category, r.to_reason, text, fingerprint(h.text), review))
    return rows


def _clean(value: str) -> str:
    return " ".join(str(value or "").replace("\t", " ").split())


def to_tsv(rows: list[Row]) -> str:
    buf = io.StringIO()
    buf.write("\t".join(FIELDS) + "\n")
    for r in rows:
        buf.write("\t".join(_clean(x) for x in (r.category, r.reason or "", r.text, r.source, r.review)) + "\n")
    return buf.getvalue()


def read_rows(text: str, where: str = "the file") -> list[Row]:
    """Rows of an export (to_tsv). Refuses a file that is not one, naming the line."""
    lines = text.splitlines()
    if not lines or lines[0].split("\t")[:len(FIELDS)] != list(FIELDS):
        raise RowsError(f"{where} does not start with the header {' '.join(FIELDS)} (tab-separated).")
    out = []
    for n, row in enumerate(csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
        if not row or not any(x.strip() for x in row):
            continue
        if len(row) < len(FIELDS):
            raise RowsError(f"{where}, line {n}: expected {len(FIELDS)} tab-separated fields, got {len(row)}.")
        cat, reason, text, source, review = (x.strip() for x in row[:len(FIELDS)])
        if cat not in CATEGORIES or (reason and reason not in REASONS) or review not in REVIEWS or not text:
            raise RowsError(f"{where}, line {n}: not a labelled row (category {cat!r}, reason {reason!r}, "
                            f"review {review!r}).")
        out.append(Row(cat, reason or None, text, source, review))
    return out


# ---------------------------------------------------------------- merge

@dataclass
class Report:
    added: list[Row] = field(default_factory=list)
    already: list[tuple[Row, str]] = field(default_factory=list)  # (row, where the training data has it)
    repeats: int = 0  # the same text reviewed again with the same label (kept once)
    conflicts: list[tuple[str, list[str]]] = field(default_factory=list)  # (text, ["label (where)", ...])
    untrainable: list[Row] = field(default_factory=list)  # labels the triage model has no class for

    def summary(self) -> str:
        corrected = sum(1 for r in self.added if r.review == "corrected")
        return (f"added {len(self.added)} ({corrected} corrected, {len(self.added) - corrected} confirmed); "
                f"already in training data {len(self.already)}; repeated {self.repeats}; "
                f"conflicts {len(self.conflicts)} (not added); no training label {len(self.untrainable)}")


def label_text(label: tuple[str, str | None]) -> str:
    return label[0] + (f"/{label[1]}" if label[1] else "")


def merge(rows: list[Row], existing: dict[str, set[tuple[tuple, str]]],
          trainable=lambda label: True) -> Report:
    """Rows to add: one per text (compared normalised, casework.staff.nlu.normalise). A text the
    reviews give two labels, or that the existing training data (key -> {(label, where)}) has
    under another label, is a conflict: reported, not added. `existing` labels may be any
    hashable (a conversation intent, say); only equality with a row's label counts."""
    report = Report()
    batch: dict[str, list[Row]] = {}
    for r in rows:
        if not trainable(r.label):
            report.untrainable.append(r)
            continue
        key = normalise(r.text)
        if key:
            batch.setdefault(key, []).append(r)
    for key, group in batch.items():
        labels = list(dict.fromkeys(r.label for r in group))
        if len(labels) > 1:
            report.conflicts.append((group[0].text, [f"{label_text(lb)} (reviews)" for lb in labels]))
            continue
        report.repeats += len(group) - 1
        # a correction outranks a confirmation of the same text and label
        row = next((r for r in group if r.review == "corrected"), group[0])
        have = existing.get(key, set())
        others = sorted(f"{label_text(lb) if isinstance(lb, tuple) else lb} ({where})"
                        for lb, where in have if lb != row.label)
        if others:
            report.conflicts.append((row.text, [f"{label_text(row.label)} (reviews)"] + others))
        elif have:
            report.already.append((row, sorted(w for _, w in have)[0]))
        else:
            report.added.append(row)
    return report


def write(path: Path, rows: list[Row]) -> None:
    """Write atomically (a reader never sees half a file); the folder is created if missing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(to_tsv(rows), encoding="utf-8")
    tmp.replace(path)
