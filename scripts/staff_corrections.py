#!/usr/bin/env python
"""Staff corrections into the triage model's training data: `make corrections`.

    make corrections                          # from the case database (DATABASE_URL, default var/casework.db)
    make corrections FROM=corrections.tsv     # from the staff workspace's download (production)
    .venvs/backend/bin/python scripts/staff_corrections.py [--database-url URL | --from FILE]
                                                          [--out FILE] [--corrections-only] [--dry-run]

Reads every reviewed handoff (casework.staff.training: a reclassification is a correction with the
reviewer's label, an acceptance a confirmation; personal data redacted), drops what the training
data already has (bench/trained, bench/data, the hand-written NLU files in bot/data/nlu; texts
compared normalised, and with the training text redacted too), reports and leaves out every text with two labels (two
reviews disagreeing, or a review against the training data), and REWRITES the training set
var/training/staff_corrections.tsv (git-ignored: a landlord's residents' words never enter the
repository). The file is a function of the reviews: an erasure or a retention run in the
database removes a row at the next run (and `python -m casework.privacy erase` removes it at once).

scripts/bot-model.sh trains on every var/training/*.tsv that exists and bench/crossval.py holds
each out as its own group (`--without staff_corrections` to leave it out). Exit 0; 2 bad input.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))
sys.path.insert(0, str(ROOT / "bot"))
LABELLED_SETS = (ROOT / "bench" / "trained", ROOT / "bench" / "data")
NLU_DIR = ROOT / "bot" / "data" / "nlu"
DEFAULT_OUT = ROOT / "var" / "training" / "staff_corrections.tsv"
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\(([^)]+)\)|\{[^}]*\})")


def existing_training_data(sets=None, nlu_dir=None, skip: Path | None = None, ignore=()) -> dict:
    """normalised text -> {(label, where)}: labels of the labelled sets are (category, reason);
    an NLU example of a triage intent has its (category, reason), any other intent its name.
    Each text is keyed as written and as redacted (a correction's text is redacted, so a resident
    message that repeats a training row with a name in it still matches that row)."""
    import yaml
    from actions.triage.decision import INTENT_BASE
    from casework.privacy.redact import redact
    from casework.staff.nlu import normalise

    out: dict[str, set] = {}
    sets, nlu_dir = sets or LABELLED_SETS, nlu_dir or NLU_DIR
    for folder in sets:
        for path in sorted(Path(folder).glob("*.tsv")):
            if (skip is not None and path.resolve() == skip.resolve()) or path.stem in ignore:
                continue
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                    if (row.get("text") or "").strip():
                        label = (row.get("category"), (row.get("reason") or "").strip() or None)
                        for key in {normalise(row["text"]), normalise(redact(row["text"]))}:
                            out.setdefault(key, set()).add((label, path.name))
    for path in sorted(Path(nlu_dir).glob("*.yml")):
        if path.name == "written_sets.yml":  # generated from the labelled sets, read above
            continue
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []) or []:
            if "intent" not in block:
                continue
            label = INTENT_BASE.get(block["intent"], f"intent {block['intent']}")
            for line in str(block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    text = _ANNOTATION.sub(lambda m: m.group(1), line.strip()[2:])
                    for key in {normalise(text), normalise(redact(text))}:
                        out.setdefault(key, set()).add((label, path.name))
    return out


def trainable(label) -> bool:
    """A label the triage model has a class for (already_investigated, say, it has not)."""
    from actions.triage.decision import intent_for_label

    try:
        intent_for_label(label[0], label[1], "")
        return True
    except KeyError:
        return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Staff corrections into the triage training data.")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--database-url", default=None, help="case database (default: DATABASE_URL / var/casework.db)")
    src.add_argument("--from", dest="src", default=None,
                     help="rows downloaded from the staff workspace (/staff/export/corrections.tsv)")
    ap.add_argument("--out", default=None, help="default: TRAINING_CORRECTIONS_PATH (the case service's settings), "
                                               "else var/training/staff_corrections.tsv")
    ap.add_argument("--corrections-only", action="store_true", help="leave confirmations (accepted triage) out")
    ap.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    ap.add_argument("--show", action="store_true", help="print the added rows (redacted text) too")
    ap.add_argument("--ignore-set", nargs="*", default=[], metavar="GROUP",
                    help="experiments only: treat these labelled sets as absent when deduplicating (then leave "
                         "them out of bench/crossval.py with --without, or their rows count twice)")
    args = ap.parse_args(argv)
    from casework import db
    from casework.staff import training

    if args.src:
        path = Path(args.src)
        try:
            rows = training.read_rows(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"error: cannot read {path}: {type(exc).__name__}", file=sys.stderr)
            return 2
        except training.RowsError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        origin = str(path)
    else:
        url = db.normalise_url(args.database_url) if args.database_url else db.database_url()
        with db.session_factory(url)() as s:
            rows = training.export(s)
        origin = "the case database"
    if args.corrections_only:
        rows = [r for r in rows if r.review == "corrected"]
    from casework.settings import get_settings

    out = Path(args.out or get_settings().training_corrections_path or DEFAULT_OUT)
    report = training.merge(rows, existing_training_data(skip=out, ignore=set(args.ignore_set)), trainable)
    print(f"{len(rows)} reviewed message(s) from {origin}: "
          f"{sum(r.review == 'corrected' for r in rows)} corrected, {sum(r.review == 'confirmed' for r in rows)} confirmed")
    for text, labels in report.conflicts:
        print(f"  CONFLICT (not added): {' vs '.join(labels)}: {text[:120]}")
    for row, where in report.already:
        if row.review == "corrected":
            print(f"  already in training data ({where}): {training.label_text(row.label)}: {row.text[:80]}")
    if args.show:
        for r in report.added:
            print(f"  + {training.label_text(r.label)} [{r.review}] {r.text[:150]}")
    print(report.summary())
    if args.dry_run:
        print("(dry run: nothing written)")
        return 0
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    if not report.added:  # no file, not an empty one: the bot's model stays the one without
        out.unlink(missing_ok=True)
        print(f"nothing to add: {shown} removed if it was there")
        return 0
    training.write(out, report.added)
    print(f"wrote {shown}: {len(report.added)} row(s); bench/crossval.py holds it out as group '{out.stem}', "
          f"scripts/bot-model.sh trains on it")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
