#!/usr/bin/env python
"""What the assistant decides for labelled messages: the triage model (actions.triage.model, as
the bot serves it) trained on every labelled set and the hand-written NLU, then actions.triage.

    .venvs/bot/bin/python bench/demo/predict.py SET.tsv ... [--without GROUP ...] [--wrong-only] > batch.tsv

Writes gold_category, gold_reason, assistant_category, assistant_reason, confidence, intent, text
(the batch bench/demo/review_batch.py reviews). --without leaves groups out of the training data
(the staff corrections always are). Prints the error count on stderr.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "bot"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--without", nargs="*", default=[])
    ap.add_argument("--wrong-only", action="store_true")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    import crossval
    from actions.triage.model import ModelSettings, TextModel

    groups = crossval.load_groups(["staff_corrections", *args.without])
    pairs = crossval.load_handwritten() + [(r["text"], crossval.intent_for(r)) for g in groups.values() for r in g]
    model = TextModel(ModelSettings(calibrate=False)).fit([t for t, _ in pairs], [i for _, i in pairs])
    rows = [r for s in args.sets for r in crossval.read_tsv(Path(s))]
    probs = model.predict_proba([r["text"] for r in rows])
    rankings = [[{"name": model.classes_[i], "confidence": float(p[i])} for i in p.argsort()[::-1]] for p in probs]
    decisions = crossval.decide(rows, rankings, crossval.date_entities([r["text"] for r in rows]),
                                dt.date(2026, 11, 24), crossval.load_profile("code-2024"))
    out = csv.writer(sys.stdout, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
    out.writerow(["gold_category", "gold_reason", "assistant_category", "assistant_reason", "confidence", "intent", "text"])
    wrong = 0
    for r, d, ranking in zip(rows, decisions, rankings):
        bad = (r["category"], r["reason"]) != (d.category, d.reason)
        wrong += bad
        if bad or not args.wrong_only:
            out.writerow([r["category"], r["reason"] or "", d.category, d.reason or "", f"{d.confidence:.3f}",
                          ranking[0]["name"], r["text"]])
    print(f"{wrong} of {len(rows)} decided wrongly", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
