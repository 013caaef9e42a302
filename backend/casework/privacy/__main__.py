"""python -m casework.privacy {stores,find,access,erase,retention}: see casework/privacy/__init__.py.

Output never contains personal data except `access` (written to the files asked for) and `find
--show` (for the data-protection officer at a terminal). Exit status: 0 done, 1 nothing found or
bad schedule, 2 bad arguments.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from .. import db
from . import access, erase as erase_mod, registry, retention
from .external import StoreUnavailable
from ..settings import get_settings
from .settings import PrivacySettings
from .subject import Identifiers, SubjectError


def _who(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("who (one or more)")
    for name in ("email", "phone", "name", "postcode", "conversation", "reference"):
        g.add_argument(f"--{name}")


def _ids(args) -> Identifiers:
    return Identifiers.clean(email=args.email, phone=args.phone, name=args.name, postcode=args.postcode,
                             conversation=args.conversation, reference=args.reference)


def _settings(args) -> PrivacySettings:
    return PrivacySettings.from_env(database_url=db.normalise_url(args.database_url) if args.database_url else None,
                                    tracker_url=args.tracker_url)


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except StoreUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m casework.privacy", description="Residents' personal data.")
    ap.add_argument("--database-url", default=None, help="default: DATABASE_URL")
    ap.add_argument("--tracker-url", default=None, help="Rasa tracker store (default: RASA_TRACKER_URL/SQLITE)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("stores", help="list every store and what erasure does to it")
    f = sub.add_parser("find", help="count what is held about a resident (no data printed)")
    _who(f)
    a = sub.add_parser("access", help="subject access: write everything held as JSON and HTML")
    _who(a)
    a.add_argument("--out", required=True, help="folder for subject-access.json and subject-access.html")
    e = sub.add_parser("erase", help="erase a resident from every store")
    _who(e)
    e.add_argument("--actor", required=True, help="who asked, for the audit trail, e.g. dpo:jo@example.org")
    e.add_argument("--dry-run", action="store_true", help="count what would change, change nothing")
    r = sub.add_parser("retention", help="apply the retention schedule")
    r.add_argument("--dry-run", action="store_true")
    r.add_argument("--today", default=None, help="YYYY-MM-DD (default: today)")
    r.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    settings = _settings(args)

    if args.cmd == "stores":
        for s in registry.describe():
            print(f"{s['store']}\n    holds: {s['holds']}\n    on erasure: {s['on_erase']}"
                  + (f"\n    {s['why']}" if s["why"] else ""))
        return 0
    factory = db.session_factory(settings.database_url)
    if args.cmd == "retention":
        try:
            today = date.fromisoformat(args.today) if args.today else date.today()
        except ValueError:
            print("error: --today must be YYYY-MM-DD", file=sys.stderr)
            return 2
        try:
            with factory() as s:
                rep = retention.apply(s, settings, today, dry_run=args.dry_run)
        except retention.ScheduleError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(json.dumps({"today": today.isoformat(), "dry_run": rep.dry_run, "removed": rep.totals()})
              if args.json else rep.text(), end="" if not args.json else "\n")
        return 0
    try:
        ids = _ids(args)
    except SubjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with factory() as s:
        if args.cmd == "find":
            fp = access.footprint_only(s, settings, ids)
            print(json.dumps({"references": sorted(fp.references), **fp.summary()}))
            return 0 if not fp.empty() else 1
        if args.cmd == "access":
            data = access.collect(s, settings, ids)
            out = Path(args.out)
            out.mkdir(parents=True, exist_ok=True)
            landlord = get_settings().landlord_name.strip() or "The landlord"
            (out / "subject-access.json").write_text(access.to_json(data), encoding="utf-8")
            (out / "subject-access.html").write_text(access.to_html(data, landlord), encoding="utf-8")
            print(f"wrote {out / 'subject-access.json'} and {out / 'subject-access.html'} "
                  f"({json.dumps(data['summary'])})")
            return 0 if any(data["summary"].values()) else 1
        fp, outcome = erase_mod.erase(s, settings, ids, actor=args.actor[:100], dry_run=args.dry_run)
        print(json.dumps({"dry_run": outcome.dry_run, "references": outcome.references, "changed": outcome.counts}))
        return 0 if not fp.empty() else 1


if __name__ == "__main__":
    sys.exit(main())
