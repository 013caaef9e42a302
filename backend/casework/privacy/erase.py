"""Erasure (UK GDPR article 17) of one resident's footprint in every store.

The case database is changed in one transaction, following registry.CASE_TABLES: rows are deleted,
or (where the landlord keeps the complaint record for claims, the Ombudsman and the regulator's
measures) their personal columns are scrubbed while reference, dates, stage, decision, category and
flags stay, so CH01/CH02 and the other report figures do not move. Then the tracker store's events,
the bot's outbox rows, letter files, NLU export lines and staff-correction training rows are deleted. An `erase` audit event per
case records who erased what (store counts and field names) and when, never the data itself.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from .. import audit
from ..reports.figures import THEMES, classify_themes
from . import registry as R
from .external import BotOutbox, LetterFiles, NluExports, Tracker, TrainingRows
from .settings import PrivacySettings
from .subject import Footprint, Identifiers, find, tables

HISTORY_TEXT = ("reasons", "remedy", "outstanding_actions", "outcome", "close_reason", "extension_reason")


def theme_text(text: str | None, summary: str | None) -> str:
    """A placeholder for erased text that the reports classify into the same themes: one keyword
    per theme (the theme's own first keyword), none of the resident's words."""
    found = classify_themes(f"{text or ''}\n{summary or ''}")
    words = [THEMES[name][0] for name in found if name in THEMES]
    out = R.ERASED_TEXT + (" themes: " + ", ".join(words) if words else "")
    assert classify_themes(out) == found, "theme placeholder must keep the themes"
    return out


def _replacement(how: str, column: str, row: dict[str, Any], extra: dict[str, Any]) -> Any:
    v = row.get(column)
    if how == R.NULL:
        return None
    if how == R.ERASED:
        return R.ERASED_TEXT if v not in (None, "") else v
    if how == R.EMPTY_TEXT:
        return ""
    if how == R.EMPTY_LIST:
        return []
    if how == R.HASH:
        if v is None or str(v).startswith("erased:"):
            return v
        return "erased:" + hashlib.sha256(str(v).encode()).hexdigest()[:40]
    if how == R.THEMES:
        if v is None or str(v).startswith(R.ERASED_TEXT):
            return v
        return theme_text(v, extra.get("summaries", {}).get(row.get("id")))
    if how == R.HISTORY:
        return [{k: (R.ERASED_TEXT if k in HISTORY_TEXT and x not in (None, "") else x) for k, x in h.items()}
                for h in (v or []) if isinstance(h, dict)]
    raise ValueError(f"unknown replacement {how!r}")


@dataclass
class Outcome:
    """What an erasure changed, as counts per store: nothing personal."""
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)

    def add(self, store: str, n: int) -> None:
        if n:
            self.counts[store] = self.counts.get(store, 0) + n


def apply_spec(conn: Connection, table, spec: R.TableSpec, col, keys, out: Outcome,
               extra: dict[str, Any] | None = None) -> None:
    """Delete or scrub the rows of one table whose `col` is in `keys` (counted in `out`)."""
    if spec.action == "keep" or not keys:
        return
    if spec.action == "delete":
        n = conn.execute(select(col).where(col.in_(keys))).all()
        if not out.dry_run:
            conn.execute(delete(table).where(col.in_(keys)))
        out.add(f"case:{spec.table}", len(n))
        return
    cols = [c for c in spec.scrub if c in table.c]
    pk = list(table.primary_key.columns)
    for row in conn.execute(select(table).where(col.in_(keys))).mappings().all():
        values = {c: _replacement(spec.scrub[c], c, dict(row), extra or {}) for c in cols}
        values = {c: v for c, v in values.items() if v != row[c]}
        if not values:
            continue
        out.add(f"case:{spec.table}", 1)
        out.fields[spec.table] = sorted(set(out.fields.get(spec.table, [])) | set(values))
        if not out.dry_run:
            conn.execute(update(table).where(*[p == row[p.name] for p in pk]).values(**values))


def erase_case_rows(conn: Connection, fp: Footprint, out: Outcome) -> None:
    t = tables(conn, *[s.table for s in R.CASE_TABLES])
    extra: dict[str, Any] = {}
    if "complaints" in t and fp.cases:
        cmp_ = t["complaints"]
        extra["summaries"] = dict(conn.execute(select(cmp_.c.id, cmp_.c.summary).where(cmp_.c.id.in_(fp.cases))).all())
    for spec in R.CASE_TABLES:
        table = t.get(spec.table)
        if table is None or spec.key not in table.c:
            continue
        keys = fp.keys(spec.key_kind)
        keys = {str(k) for k in keys} if spec.key_kind == "target" else keys
        apply_spec(conn, table, spec, table.c[spec.key], keys, out, extra)


def spec_for(table: str) -> R.TableSpec:
    return next(s for s in R.CASE_TABLES if s.table == table)


def erase(session: Session, settings: PrivacySettings, ids: Identifiers, actor: str,
          dry_run: bool = False, fp: Footprint | None = None) -> tuple[Footprint, Outcome]:
    """Erase one resident. The case database changes commit in the session's transaction."""
    tracker = Tracker(settings.tracker_url)
    try:
        conn = session.connection()
        fp = fp or find(conn, settings, ids, tracker)
        out = Outcome(dry_run=dry_run, references=sorted(fp.references))
        erase_case_rows(conn, fp, out)
        if not dry_run:
            when = datetime.now(timezone.utc).isoformat()
            counts = {**out.counts, **{k: v for k, v in fp.summary().items()
                                       if k in ("conversations", "bot_outbox_rows", "letter_files", "nlu_lines",
                                                "training_rows")}}
            named = {f"{t}.{c}": True for t, cols in out.fields.items() for c in cols}
            for ref in sorted(fp.references) or [f"erasure:{when[:19]}"]:
                audit.record(session, actor=actor, action="erase", entity_type="resident", entity_ref=ref,
                             before=None, after={"counts": counts, "matched_by": ids.describe(),
                                                 "dry_run": False, **named})
            session.commit()
        else:
            session.rollback()
        # Stores outside the case database: after the commit, so a failure there leaves the
        # case record erased and the rest can be run again (find() still finds what is left).
        out.add("tracker:events", tracker.delete_senders(fp.conversations, dry_run))
        out.add("bot_outbox", BotOutbox(settings.bot_outbox_path).delete_ids(
            [r["id"] for r in fp.bot_outbox], dry_run))
        out.add("letter_files", LetterFiles.delete(fp.letter_files, dry_run))
        out.add("nlu_exports", NluExports(settings.nlu_export_paths).remove(fp.messages, dry_run))
        out.add("training_rows", TrainingRows(settings.training_path).remove(fp.messages, dry_run))
    finally:
        tracker.dispose()
    return fp, out
