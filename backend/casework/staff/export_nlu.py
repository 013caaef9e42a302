"""Write every reviewer correction as Rasa NLU training examples.

    python -m casework.staff.export_nlu --out reviewed-export.yml [--database-url URL]

--out - writes to standard output. Then merge into the bot's data with casework.staff.merge_nlu.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import db
from .nlu import corrections, to_yaml


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m casework.staff.export_nlu", description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="file to write, or - for standard output")
    ap.add_argument("--database-url", default=None)
    args = ap.parse_args(argv)
    with db.session_factory(args.database_url or db.database_url())() as s:
        export = corrections(s)
    text = to_yaml(export.examples)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
    print(f"exported {export.count} example(s)"
          + (f"; {export.skipped} correction(s) with no matching intent left out" if export.skipped else ""),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
