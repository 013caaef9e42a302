#!/usr/bin/env python
"""Triage benchmark against the RUNNING stack (scripts/run.sh).

    bench/triage.py --data FILE.tsv [--received-at YYYY-MM-DD]
                    [--rasa-url URL] [--backend-url URL] [--token TOKEN]

FILE.tsv has the header `category<TAB>reason<TAB>text` (category: complaint |
service_request | compliment | excluded; reason: asb | legal | employment | time_limit for
excluded rows, else empty). Each row is sent as a NEW conversation to the REST channel with
the receipt date in the message metadata, over the authenticated path (the service token in
`Authorization: Bearer`; the channel ignores a receipt date from any other client); the category/reason the backend recorded for the
conversation's first handoff is compared with the row. A missing handoff counts as wrong
("missing"). Prints per-category precision/recall/F1, macro-F1 over the four categories,
exact (category+reason) accuracy, the confusion matrix, p50/p95 reply latency, and last
one line: `macro_f1=0.xxx exact=0.xxx p95_ms=NNN`.
Standard library + httpx only (either venv's python).
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx

CATEGORIES = ["complaint", "service_request", "compliment", "excluded"]
REASONS = {"asb", "legal", "employment", "time_limit"}
ROOT = Path(__file__).resolve().parent.parent


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = {"category", "reason", "text"} - set(reader.fieldnames or [])
        if missing:
            raise SystemExit(f"{path}: header lacks {', '.join(sorted(missing))}")
        rows = []
        for n, row in enumerate(reader, start=2):
            category = (row["category"] or "").strip()
            reason = (row["reason"] or "").strip() or None
            text = (row["text"] or "").strip()
            if category not in CATEGORIES or (reason and reason not in REASONS) or not text:
                raise SystemExit(f"{path}:{n}: bad row {row!r}")
            rows.append({"category": category, "reason": reason, "text": text})
    return rows


def default_token() -> str:
    if os.environ.get("BACKEND_API_TOKEN"):
        return os.environ["BACKEND_API_TOKEN"]
    token_file = ROOT / ".run" / "api-token"
    return token_file.read_text().strip() if token_file.is_file() else ""


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def recorded_triage(client: httpx.Client, backend_url: str, token: str, sender: str,
                    wait_s: float = 3.0) -> tuple[str, str | None]:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            response = client.get(f"{backend_url}/api/v1/handoffs",
                                  params={"conversation_id": sender},
                                  headers={"Authorization": f"Bearer {token}"})
            handoffs = response.json() if response.status_code == 200 else []
        except (httpx.HTTPError, ValueError):
            handoffs = []
        if handoffs:
            return handoffs[0].get("category") or "missing", handoffs[0].get("reason")
        if time.monotonic() > deadline:
            return "missing", None
        time.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Triage benchmark against the running stack.")
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--received-at", default=time.strftime("%Y-%m-%d"))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL",
                                                             "http://127.0.0.1:5005"))
    parser.add_argument("--backend-url", default=os.environ.get("BACKEND_URL",
                                                                "http://127.0.0.1:8000"))
    parser.add_argument("--token", default=None)
    parser.add_argument("--channel", default="rest_metadata",
                        help="Rasa REST channel name (default rest_metadata)")
    parser.add_argument("--show-errors", action="store_true",
                        help="print each wrong row (expected, recorded, text) to stderr")
    args = parser.parse_args(argv)
    token = args.token if args.token is not None else default_token()
    rows = read_rows(args.data)
    webhook = f"{args.rasa_url.rstrip('/')}/webhooks/{args.channel}/webhook"
    run_id = uuid.uuid4().hex[:8]

    gold, predicted, latencies = [], [], []
    with httpx.Client(timeout=60) as client:
        for i, row in enumerate(rows):
            sender = f"bench-{run_id}-{i:04d}"
            started = time.monotonic()
            try:
                client.post(webhook, json={"sender": sender, "message": row["text"],
                                           "metadata": {"received_at": args.received_at}},
                            headers={"Authorization": f"Bearer {token}"}).raise_for_status()
            except httpx.HTTPError as exc:
                print(f"row {i + 2}: chat request failed: {type(exc).__name__}",
                      file=sys.stderr)
            latencies.append((time.monotonic() - started) * 1000)
            category, reason = recorded_triage(client, args.backend_url.rstrip("/"), token,
                                               sender)
            gold.append((row["category"], row["reason"]))
            predicted.append((category, reason if category == "excluded" else None))
            if args.show_errors and gold[-1] != predicted[-1]:
                print(f"row {i + 2}: expected {gold[-1]} recorded {predicted[-1]} "
                      f"conversation {sender}: {row['text'][:120]}", file=sys.stderr)

    report(gold, predicted, latencies)
    return 0


def report(gold: list[tuple], predicted: list[tuple], latencies: list[float]) -> None:
    n = len(gold)
    f1s = []
    print(f"rows={n}")
    print(f"{'category':<16}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    for cat in CATEGORIES:
        tp = sum(1 for g, p in zip(gold, predicted) if g[0] == cat and p[0] == cat)
        fp = sum(1 for g, p in zip(gold, predicted) if g[0] != cat and p[0] == cat)
        fn = sum(1 for g, p in zip(gold, predicted) if g[0] == cat and p[0] != cat)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        print(f"{cat:<16}{precision:>10.3f}{recall:>10.3f}{f1:>10.3f}{tp + fn:>10}")
    macro = sum(f1s) / len(f1s)
    exact = sum(1 for g, p in zip(gold, predicted) if g == p) / n if n else 0.0

    labels = CATEGORIES + sorted({p[0] for p in predicted} - set(CATEGORIES))
    counts = Counter((g[0], p[0]) for g, p in zip(gold, predicted))
    print("\nconfusion (rows = expected, columns = recorded)")
    print(" " * 16 + "".join(f"{label[:14]:>16}" for label in labels))
    for g in CATEGORIES:
        print(f"{g:<16}" + "".join(f"{counts[(g, p)]:>16}" for p in labels))
    reasons = Counter((g[1], p[1]) for g, p in zip(gold, predicted)
                      if g[0] == "excluded" and p[0] == "excluded")
    if reasons:
        print("\nexcluded reasons (expected -> recorded): " + ", ".join(
            f"{g}->{p}: {c}" for (g, p), c in sorted(reasons.items(), key=str)))
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    print(f"\nlatency p50_ms={p50:.0f} p95_ms={p95:.0f}")
    print(f"macro_f1={macro:.3f} exact={exact:.3f} p95_ms={p95:.0f}")


if __name__ == "__main__":
    raise SystemExit(main())
