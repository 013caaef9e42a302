#!/usr/bin/env python
"""Evaluate the trained NLU model + triage() on the held-out set (bench/data/heldout.tsv).

    cd bot && ../.venvs/bot/bin/rasa train nlu --fixed-model-name nlu-dev --out /tmp/nlu-models
    .venvs/bot/bin/python bench/nlu_heldout.py --model /tmp/nlu-models/nlu-dev.tar.gz \
        [--received-at 2026-11-24] [--profile code-2024] [--errors]

Loads the model in-process (rasa.core.agent.Agent), parses each text, runs
actions.triage.triage() with the given receipt date and profile (backend/profiles/<id>.yaml,
or {"id": "code-2024", "time_limit_months": 12} when absent), and prints per-category
precision/recall/F1, macro-F1, exact (category+reason) accuracy and the confusion matrix.
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import json
import logging
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bot"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

CATEGORIES = ["complaint", "service_request", "compliment", "excluded", "unclear"]


def load_profile(profile_id: str):
    from actions.triage import TriageProfile

    path = ROOT / "backend" / "profiles" / f"{profile_id}.yaml"
    if path.is_file():
        import yaml

        return TriageProfile.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
    return TriageProfile.from_dict({"id": "code-2024", "time_limit_months": 12})


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def prf(gold: list[str], pred: list[str], labels: list[str]) -> dict:
    out = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    return out


async def parse_all(model: str, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    return [await agent.parse_message(t) for t in texts]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="/tmp/nlu-models/nlu-dev.tar.gz")
    ap.add_argument("--data", default=str(ROOT / "bench" / "data" / "heldout.tsv"))
    ap.add_argument("--received-at", default="2026-11-24")
    ap.add_argument("--profile", default="code-2024")
    ap.add_argument("--errors", action="store_true", help="list the misclassified rows")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)

    from actions.triage import triage

    if not Path(args.model).is_file():  # Agent.load would silently fall back to another model
        print(f"error: no model file at {args.model}", file=sys.stderr)
        return 2
    received = dt.date.fromisoformat(args.received_at[:10])
    profile = load_profile(args.profile)
    rows = read_rows(Path(args.data))
    t0 = time.time()
    parses = asyncio.run(parse_all(args.model, [r["text"] for r in rows]))
    parse_s = time.time() - t0

    gold, pred, gold_exact, pred_exact, errors = [], [], [], [], []
    intent_hits = Counter()
    for row, parse in zip(rows, parses):
        intent = parse.get("intent") or {}
        d = triage(row["text"], intent.get("name"), float(intent.get("confidence") or 0.0),
                   parse.get("entities") or [], profile, received, parse.get("intent_ranking"))
        g_cat, g_reason = row["category"], (row.get("reason") or "").strip() or None
        gold.append(g_cat)
        pred.append(d.category)
        gold_exact.append((g_cat, g_reason))
        pred_exact.append((d.category, d.reason))
        intent_hits[intent.get("name")] += 1
        if (g_cat, g_reason) != (d.category, d.reason):
            errors.append((g_cat, g_reason, d.category, d.reason, intent.get("name"),
                           intent.get("confidence"), row["text"], d.explanation))

    labels = ["complaint", "service_request", "compliment", "excluded"]
    scores = prf(gold, pred, labels)
    # NLU alone: the top intent mapped to a category, no guard rails, no time limit
    from actions.triage.decision import INTENT_BASE

    nlu_only = []
    for parse in parses:
        intent = parse.get("intent") or {}
        ok = intent.get("name") in INTENT_BASE and float(intent.get("confidence") or 0) >= profile.low_confidence_threshold
        nlu_only.append(INTENT_BASE[intent["name"]][0] if ok else "unclear")
    nlu_macro = sum(s["f1"] for s in prf(gold, nlu_only, labels).values()) / len(labels)
    macro = sum(s["f1"] for s in scores.values()) / len(labels)
    exact = sum(1 for g, p in zip(gold_exact, pred_exact) if g == p) / len(rows)
    reasons = ["asb", "legal", "employment", "time_limit"]
    reason_scores = prf([g[1] or "-" for g in gold_exact], [p[1] or "-" for p in pred_exact], reasons)

    print(f"held-out rows: {len(rows)}  model: {args.model}  profile: {profile.id} "
          f"({profile.time_limit_months} months)  received: {received}  parse time: {parse_s:.1f}s")
    print(f"{'category':<16}{'prec':>7}{'rec':>7}{'f1':>7}{'n':>5}")
    for lab in labels:
        s = scores[lab]
        print(f"{lab:<16}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{s['support']:>5}")
    print(f"macro-F1 (4 categories): {macro:.3f}   (NLU intent mapping alone: {nlu_macro:.3f})")
    print(f"exact (category+reason) accuracy: {exact:.3f}")
    print(f"{'excluded reason':<16}{'prec':>7}{'rec':>7}{'f1':>7}{'n':>5}")
    for lab in reasons:
        s = reason_scores[lab]
        print(f"{lab:<16}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{s['support']:>5}")
    print("confusion (rows gold, columns predicted):")
    print(" " * 16 + "".join(f"{c[:9]:>10}" for c in CATEGORIES))
    for g in labels:
        print(f"{g:<16}" + "".join(f"{sum(1 for a, b in zip(gold, pred) if a == g and b == p):>10}" for p in CATEGORIES))
    if args.errors:
        print("\nerrors (gold -> predicted | intent conf | text | explanation):")
        for g, gr, p, pr, i, c, t, e in errors:
            print(f"- {g}/{gr or '-'} -> {p}/{pr or '-'} | {i} {float(c or 0):.2f} | {t} | {e}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "rows": len(rows), "macro_f1": macro, "nlu_only_macro_f1": nlu_macro, "exact": exact, "per_category": scores,
            "per_reason": reason_scores}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
