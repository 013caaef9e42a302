"""How often the assistant would record a hazard (and ask the household question), measured on the
benchmark messages: bench/data/*.tsv rows (category, reason, text), written for triage, not for
hazards, so this is a prevalence figure, not an accuracy figure (no hazard labels exist yet).

    .venvs/bot/bin/python bench/hazards_scan.py [bench/data/blind2*.tsv ...]

Prints, per triage category, the rows with a recognised hazard by type, the share with signs of
immediate danger, and the share whose household is already named; then `rows=… hazards=… ask=…`.
"""
from __future__ import annotations

import csv
import glob
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bot"))

from actions.hazard_recognition import recognise  # noqa: E402

PERSON_CENTRED = {"damp_mould", "excess_cold", "excess_heat"}  # backend/hazards.yaml


def main(paths: list[str]) -> None:
    paths = paths or sorted(glob.glob(str(ROOT / "bench" / "data" / "*.tsv")))
    rows = hazards = ask = danger = 0
    by_cat: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                rows += 1
                found = recognise(row["text"], row["category"], row.get("reason") or None)
                if not found:
                    continue
                hazards += 1
                by_cat[row["category"]][found.hazard_type] += 1
                danger += found.emergency_signs
                if found.hazard_type in PERSON_CENTRED and not found.household.known and not found.emergency_signs:
                    ask += 1
                if len(examples[found.hazard_type]) < 2:
                    examples[found.hazard_type].append(row["text"][:100])
    for cat, counts in sorted(by_cat.items()):
        print(f"{cat:16} " + ", ".join(f"{k}={v}" for k, v in counts.most_common()))
    for hid, texts in sorted(examples.items()):
        for t in texts:
            print(f"  e.g. {hid}: {t}")
    print(f"files={len(paths)} rows={rows} hazards={hazards} ({100 * hazards / max(rows, 1):.1f}%) "
          f"danger={danger} ask={ask}")


if __name__ == "__main__":
    main(sys.argv[1:])
