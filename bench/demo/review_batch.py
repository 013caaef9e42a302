#!/usr/bin/env python
"""Drive the staff review of a batch of triaged messages through the real services, to show what
`make corrections` does with it (docs/triage.md, "Staff corrections").

    .venvs/backend/bin/python bench/demo/review_batch.py --database-url sqlite:///var/demo.db BATCH.tsv ...

Each BATCH row (gold_category, gold_reason, assistant_category, assistant_reason, confidence,
intent, text; as written by bench/demo/predict.py) becomes a handoff recorded through the case
service's API with the ASSISTANT's label, then a reviewer (a manager account made for the demo)
accepts it when the assistant was right and reclassifies it to the gold label when it was wrong,
through casework.staff.services.handoffs, exactly as the review pages do. The database must be
migrated (alembic upgrade head). Prints counts only.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "backend"))
TOKEN = "demo-review-batch-token"
RECEIVED = "2026-11-24T10:15:00+00:00"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", required=True)
    ap.add_argument("batches", nargs="+")
    args = ap.parse_args(argv)
    os.environ["BACKEND_API_TOKEN"] = TOKEN
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from casework import db
    from casework.api.main import create_app
    from casework.models import StaffUser
    from casework.staff import auth
    from casework.staff.services import handoffs

    url = db.normalise_url(args.database_url)
    factory = db.session_factory(url)
    with factory() as s:
        user = s.scalar(select(StaffUser).where(StaffUser.email == "demo-reviewer@example.org"))
        if user is None:
            user = auth.create_user(s, "demo-reviewer@example.org", "manager", "demo reviewer passphrase 1",
                                    "Demo Reviewer")
        uid = user.id
    counts = {"accepted": 0, "reclassified": 0}
    with TestClient(create_app(url)) as api:
        for batch in args.batches:
            with open(batch, encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
            for n, row in enumerate(rows):
                key = f"demo:{Path(batch).stem}:{n}"
                r = api.post("/api/v1/handoffs", headers={"Authorization": f"Bearer {TOKEN}"}, json={
                    "idempotency_key": key, "conversation_id": key, "text": row["text"], "received_at": RECEIVED,
                    "channel": "webchat", "category": row["assistant_category"],
                    "reason": row["assistant_reason"] or None, "confidence": float(row["confidence"]),
                    "intent": row["intent"], "explanation": "demo batch"})
                assert r.status_code in (200, 201), r.text
                hid = r.json()["id"]
                gold = (row["gold_category"], row["gold_reason"] or None)
                with factory() as s:
                    reviewer = s.get(StaffUser, uid)
                    if gold == (row["assistant_category"], row["assistant_reason"] or None):
                        handoffs.accept(s, hid, reviewer)
                        counts["accepted"] += 1
                    else:
                        handoffs.reclassify(s, hid, reviewer, gold[0], gold[1], "triage was wrong on review")
                        counts["reclassified"] += 1
    print(f"reviewed {sum(counts.values())} handoffs: {counts['accepted']} accepted, "
          f"{counts['reclassified']} reclassified")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
