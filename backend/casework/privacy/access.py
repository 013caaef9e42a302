"""Subject access (UK GDPR article 15): everything held about one resident, as JSON and as a
readable HTML page (templates/staff/privacy/subject_access.html), from every store in the registry:
case-database rows (table by table), conversation transcripts from Rasa's tracker store, the bot's
outbox rows, letters (outbox text and the .eml files), NLU export lines and the staff corrections
kept as training rows (their redacted text)."""
from __future__ import annotations

import base64
import json
from datetime import date, datetime, timezone
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import registry as R
from .external import Tracker
from .settings import REPO_ROOT, PrivacySettings
from .subject import Footprint, Identifiers, find, tables

TEMPLATES = REPO_ROOT / "backend" / "templates" / "staff"


def _plain(v: Any) -> Any:
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, bytes):
        return base64.b64encode(v).decode()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def _letter_file(p: Path) -> dict[str, Any]:
    msg = BytesParser(policy=policy.default).parsebytes(p.read_bytes())
    body = msg.get_body(preferencelist=("plain", "html"))
    return {"file": p.name, "to": str(msg.get("To") or ""), "subject": str(msg.get("Subject") or ""),
            "date": str(msg.get("Date") or ""), "text": body.get_content() if body is not None else ""}


def collect(session: Session, settings: PrivacySettings, ids: Identifiers) -> dict[str, Any]:
    tracker = Tracker(settings.tracker_url)
    try:
        conn = session.connection()
        fp = find(conn, settings, ids, tracker)
        records: dict[str, list[dict[str, Any]]] = {}
        t = tables(conn, *[s.table for s in R.CASE_TABLES])
        for spec in R.CASE_TABLES:
            table, keys = t.get(spec.table), fp.keys(spec.key_kind)
            if table is None or not keys:
                continue
            keys = {str(k) for k in keys} if spec.key_kind == "target" else keys
            if spec.key not in table.c:
                continue
            rows = conn.execute(select(table).where(table.c[spec.key].in_(keys))).mappings().all()
            have = records.setdefault(spec.table, [])
            for r in rows:  # a table reached by several columns lists each row once
                row = _plain(dict(r))
                if row not in have:
                    have.append(row)
        records = {k: v for k, v in records.items() if v}
        conversations = {c: tracker.transcript(c) for c in sorted(fp.conversations)}
    finally:
        tracker.dispose()
        session.rollback()
    return {
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "searched_by": ids.describe(),
        "summary": fp.summary(),
        "case_references": sorted(fp.references),
        "records": records,
        "conversations": conversations,
        "bot_outbox": [_plain(r) for r in fp.bot_outbox],
        "letter_files": [_letter_file(p) for p in fp.letter_files if p.exists()],
        "nlu_export_lines": {str(p): lines for p, lines in fp.nlu_lines.items()},
        "training_rows": [ln.split("\t")[2] if ln.count("\t") >= 2 else ln for ln in fp.training_rows],
        "stores": R.describe(),
    }


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = lambda ts: (datetime.fromtimestamp(ts, timezone.utc).strftime("%d %b %Y %H:%M UTC")
                                      if isinstance(ts, (int, float)) else (ts or ""))
    return env


def to_html(data: dict[str, Any], landlord: str = "The landlord") -> str:
    return _env().get_template("privacy/subject_access.html").render(d=data, landlord=landlord)


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def footprint_only(session: Session, settings: PrivacySettings, ids: Identifiers) -> Footprint:
    tracker = Tracker(settings.tracker_url)
    try:
        return find(session.connection(), settings, ids, tracker)
    finally:
        tracker.dispose()
        session.rollback()
