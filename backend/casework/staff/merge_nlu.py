"""Merge exported corrections into the bot's NLU data without duplicates.

    python -m casework.staff.merge_nlu --from reviewed-export.yml --into ../bot/data/nlu/reviewed.yml

A text (compared normalised: case, spacing, quotes, trailing punctuation, entity annotations) that is
already under the same intent anywhere in the --into file's folder (or --nlu-dir) is skipped; one
already under ANOTHER intent is reported as a conflict and not added (exit status 0; 3 with --strict).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .nlu import NluFileError, merge


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m casework.staff.merge_nlu", description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="src", required=True, help="exported examples (export_nlu --out)")
    ap.add_argument("--into", required=True, help="NLU file to add to, e.g. ../bot/data/nlu/reviewed.yml")
    ap.add_argument("--nlu-dir", default=None, help="folder searched for existing examples (default: --into's folder)")
    ap.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    ap.add_argument("--strict", action="store_true", help="exit 3 when there are conflicts")
    args = ap.parse_args(argv)
    src = Path(args.src)
    if not src.is_file():
        print(f"error: {src} does not exist", file=sys.stderr)
        return 2
    try:
        report = merge(src, Path(args.into), Path(args.nlu_dir) if args.nlu_dir else None, args.dry_run)
    except NluFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for intent, text in report.added:
        print(f"added [{intent}] {text}")
    for text, new, old, where in report.conflicts:
        print(f"CONFLICT: {text!r} is exported as {new} but {where} has it as {old}; not added")
    print(report.summary() + (" (dry run: nothing written)" if args.dry_run else ""))
    return 3 if args.strict and report.conflicts else 0


if __name__ == "__main__":
    sys.exit(main())
