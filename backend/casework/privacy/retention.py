"""The retention schedule (backend/retention.yaml) applied to every store.

`python -m casework.privacy retention [--dry-run]` runs it (daily, from cron or a scheduler). The
report counts what was removed per rule and store; it names no one and quotes nothing.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from .. import audit
from .erase import Outcome, apply_spec, erase_case_rows, spec_for
from .external import BotOutbox, LetterFiles, NluExports, Tracker, TrainingRows
from .settings import PrivacySettings
from .subject import Footprint, handoff_contacts, tables

RULES = ("conversations_without_case", "bot_outbox_delivered", "closed_cases", "letters")


class ScheduleError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    name: str
    days: int
    does: str = ""


def load_schedule(path: Path) -> dict[str, Rule]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ScheduleError(f"Cannot read the retention schedule {path}: {exc}") from None
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, dict):
        raise ScheduleError(f"{path}: expected a 'rules:' mapping.")
    out = {}
    for name, spec in rules.items():
        if name not in RULES:
            raise ScheduleError(f"{path}: unknown rule {name!r} (known: {', '.join(RULES)}).")
        if not isinstance(spec, dict) or sum(k in spec for k in ("days", "years")) != 1:
            raise ScheduleError(f"{path}: rule {name!r} needs exactly one of 'days' or 'years'.")
        n = spec.get("days", spec.get("years"))
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ScheduleError(f"{path}: rule {name!r} needs a whole number of at least 1.")
        out[name] = Rule(name, n if "days" in spec else n * 365 + n // 4, str(spec.get("does") or ""))
    return out


@dataclass
class Report:
    today: date
    dry_run: bool
    rows: list[tuple[str, str, int]] = field(default_factory=list)  # (rule, store, count)

    def add(self, rule: str, outcome: Outcome | dict[str, int]) -> None:
        counts = outcome.counts if isinstance(outcome, Outcome) else outcome
        for store, n in sorted(counts.items()):
            if n:
                self.rows.append((rule, store, n))

    def totals(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for rule, store, n in self.rows:
            out[f"{rule}/{store}"] = out.get(f"{rule}/{store}", 0) + n
        return out

    def text(self) -> str:
        head = f"Retention {'dry run (nothing changed)' if self.dry_run else 'run'} for {self.today.isoformat()}"
        if not self.rows:
            return head + ": nothing due.\n"
        lines = [head + ":"] + [f"  {rule:28} {store:28} {n:>7}" for rule, store, n in self.rows]
        return "\n".join(lines) + "\n"


def _closed_case_ids(conn, t, cutoff: date) -> set[int]:
    cases, cmp_ = t["cases"], t["complaints"]
    done = select(cmp_.c.id).join_from(cmp_, cases, cmp_.c.id == cases.c.id).where(or_(
        cmp_.c.closed_on < cutoff, and_(cases.c.status == "responded", cmp_.c.responded_on < cutoff)))
    others = select(cases.c.id).where(cases.c.kind != "complaint", cases.c.effective_received_on < cutoff)
    return set(conn.scalars(done)) | set(conn.scalars(others))


def _case_footprint(conn, t, ids: set[int]) -> Footprint:
    """Just these cases (never the same resident's newer ones): contacts used by no other case,
    conversations with no other case."""
    cases, handoffs, outbox = t["cases"], t["handoffs"], t["outbox"]
    fp = Footprint(cases=set(ids))
    for row in conn.execute(select(cases).where(cases.c.id.in_(ids))).mappings():
        fp.references.add(row["reference"])
        fp.contacts |= {x for x in (row["contact_id"], row["representative_id"]) if x is not None}
        if row["conversation_id"]:
            fp.conversations.add(row["conversation_id"])
        if row["handoff_id"] is not None:
            fp.handoffs.add(row["handoff_id"])
    if fp.contacts:
        shared = conn.execute(select(cases.c.contact_id, cases.c.representative_id).where(
            cases.c.id.not_in(ids), or_(cases.c.contact_id.in_(fp.contacts), cases.c.representative_id.in_(fp.contacts))))
        for a, b in shared:
            fp.contacts -= {a, b}
    if fp.conversations:
        busy = set(conn.scalars(select(cases.c.conversation_id).where(
            cases.c.id.not_in(ids), cases.c.conversation_id.in_(fp.conversations))))
        fp.conversations -= busy
    if fp.references:
        fp.handoffs |= set(conn.scalars(select(handoffs.c.id).where(handoffs.c.case_reference.in_(fp.references))))
    fp.contacts |= handoff_contacts(conn, handoffs, fp.handoffs)  # a handoff's own contact row
    fp.letters = set(conn.scalars(select(outbox.c.letter_id).where(outbox.c.case_id.in_(ids))))
    fp.messages = [x for x in conn.scalars(select(cases.c.text).where(cases.c.id.in_(ids))) if x]
    if fp.handoffs:
        fp.messages += [x for x in conn.scalars(select(handoffs.c.text).where(handoffs.c.id.in_(fp.handoffs))) if x]
    return fp


def apply(session: Session, settings: PrivacySettings, today: date, dry_run: bool = False,
          actor: str = "retention") -> Report:
    rules = load_schedule(settings.retention_path)
    report = Report(today, dry_run)
    tracker = Tracker(settings.tracker_url)
    external: list = []  # actions on other stores, run after the database commit
    try:
        conn = session.connection()
        t = tables(conn, "cases", "complaints", "handoffs", "outbox")

        if (r := rules.get("closed_cases")) is not None:
            ids = _closed_case_ids(conn, t, today - timedelta(days=r.days))
            out = Outcome(dry_run)
            fp = _case_footprint(conn, t, ids) if ids else Footprint()
            erase_case_rows(conn, fp, out)
            report.add(r.name, out)
            external.append((r.name, "tracker:events", lambda fp=fp: tracker.delete_senders(fp.conversations, dry_run)))
            letters = LetterFiles(settings.letters_dir).for_subject(fp.letters)
            external.append((r.name, "letter_files", lambda p=letters: LetterFiles.delete(p, dry_run)))
            bot = BotOutbox(settings.bot_outbox_path)
            rows = bot.rows_for(fp.conversations) if fp.conversations else []
            external.append((r.name, "bot_outbox", lambda ids=[x["id"] for x in rows]: bot.delete_ids(ids, dry_run)))
            external.append((r.name, "nlu_exports", lambda m=fp.messages: NluExports(settings.nlu_export_paths)
                             .remove(m, dry_run)))
            external.append((r.name, "training_rows", lambda m=fp.messages: TrainingRows(settings.training_path)
                             .remove(m, dry_run)))

        if (r := rules.get("conversations_without_case")) is not None:
            cutoff_ts = datetime.combine(today - timedelta(days=r.days), datetime.min.time(), timezone.utc).timestamp()
            with_case = set(conn.scalars(select(t["cases"].c.conversation_id).where(
                t["cases"].c.conversation_id.is_not(None))))
            stale = {s for s, ts in tracker.last_activity().items() if ts < cutoff_ts and s not in with_case}
            h = t["handoffs"]
            cutoff_dt = datetime.fromtimestamp(cutoff_ts, timezone.utc)
            hids = set(conn.scalars(select(h.c.id).where(h.c.case_reference.is_(None), or_(
                h.c.created_at < cutoff_dt, h.c.conversation_id.in_(stale) if stale else False))))
            texts = [x for x in conn.scalars(select(h.c.text).where(h.c.id.in_(hids))) if x] if hids else []
            external.append((r.name, "training_rows", lambda m=texts: TrainingRows(settings.training_path)
                             .remove(m, dry_run)))
            out = Outcome(dry_run)
            erase_case_rows(conn, Footprint(handoffs=hids, contacts=handoff_contacts(conn, h, hids)), out)
            report.add(r.name, out)
            external.append((r.name, "tracker:events", lambda s=stale: tracker.delete_senders(s, dry_run)))

        if (r := rules.get("letters")) is not None:
            cutoff_dt = datetime.combine(today - timedelta(days=r.days), datetime.min.time(), timezone.utc)
            ob = t["outbox"]
            lids = set(conn.scalars(select(ob.c.letter_id).where(
                or_(ob.c.sent_at < cutoff_dt, and_(ob.c.sent_at.is_(None), ob.c.created_at < cutoff_dt)))))
            out = Outcome(dry_run)
            apply_spec(conn, ob, spec_for("outbox"), ob.c.letter_id, lids, out)
            report.add(r.name, out)
            files = LetterFiles(settings.letters_dir)
            old = [p for p in files.files() if p.stat().st_mtime < cutoff_dt.timestamp()]
            paths = sorted(set(files.for_subject(lids)) | set(old))
            external.append((r.name, "letter_files", lambda p=paths: LetterFiles.delete(p, dry_run)))

        if (r := rules.get("bot_outbox_delivered")) is not None:
            ob = BotOutbox(settings.bot_outbox_path)
            before = time.time() - r.days * 86400 if today == date.today() else \
                datetime.combine(today - timedelta(days=r.days), datetime.min.time(), timezone.utc).timestamp()
            external.append((r.name, "bot_outbox", lambda ids=ob.expired(before): ob.delete_ids(ids, dry_run)))

        if dry_run:
            session.rollback()
        else:
            session.commit()  # the case record first: the other stores can be run again
        for rule, store, fn in external:
            report.add(rule, {store: fn()})
        if not dry_run:
            audit.record(session, actor=actor, action="retention", entity_type="retention",
                         entity_ref=f"retention:{today.isoformat()}", before=None,
                         after={"counts": report.totals(), "dry_run": False})
            session.commit()
    finally:
        tracker.dispose()
    return report
