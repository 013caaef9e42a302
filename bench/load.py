#!/usr/bin/env python
"""Load benchmark: N concurrent conversations over the REST channel of a RUNNING stack.

    bench/load.py [--conversations 20] [--rounds 2] [--rasa-url URL[,URL...]]
                  [--backend-url URL] [--token TOKEN] [--channel rest_metadata] [--no-records]

Each of N workers runs `--rounds` conversations one after another, each a realistic multi-turn
chat taken in turn from SCRIPTS (a complaint taken to a case, a repair, a compliment, an ASB
report, an emergency, small talk and a status question). All workers start together, so N
conversations are open at once. Several Rasa URLs (comma-separated) are used round-robin by
message (a global counter), as a round-robin load balancer would: a conversation moves between
processes, which the shared tracker and lock stores allow. Each message carries its own
message_id.

Prints throughput (messages/s), p50/p95/max reply latency, errors (non-200 or no reply), and
lost: opening messages with no handoff recorded for that message id, plus complaint chats whose
reference the backend does not know. `--no-records` skips the record check (for a stack with
no backend, e.g. a stock `rasa init` assistant on the stock `rest` channel). The last line:
`conversations=N messages=M throughput=… p50_ms=… p95_ms=… max_ms=… errors=… lost=…`.
Standard library + httpx only (either venv's python).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from triage import default_token, percentile  # noqa: E402 (the benchmark's own helpers)

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = re.compile(r"\b(CMP|SR|CPL|EXC)-\d{4}-\d{6}\b")

# (name, turns, the opening message is triaged and recorded, a case reference is expected)
SCRIPTS = [
    ("complaint", ["Hello",
                   "This is the fourth time I've reported the leak in my bathroom and nobody "
                   "has fixed it. I'm fed up with being ignored.",
                   "yes please", "Jo Bloggs", "jo.bloggs@example.com, postcode SW1A 1AA",
                   "I want the leak fixed properly and an apology", "no", "no"], 1, True),
    ("repair", ["My boiler has broken down, can someone come and fix it?", "thanks"], 0, False),
    ("compliment", ["I want to say thank you to Sam the plumber who fixed my sink so quickly",
                    "bye"], 0, False),
    ("asb", ["My neighbour plays loud music every night until 3am", "ok thank you"], 0, False),
    ("emergency", ["Water is coming through the light fitting in my kitchen ceiling and "
                   "it's sparking", "ok"], 0, False),
    ("status", ["hi", "What's the status of CMP-2026-123456? My postcode is SW1A 1AA",
                "thanks"], None, False),
]


@dataclass
class Result:
    latencies: list = field(default_factory=list)
    errors: int = 0
    to_check: list = field(default_factory=list)  # (sender, message_id)
    references: list = field(default_factory=list)
    missing_reference: int = 0


class RoundRobin:
    def __init__(self, urls: list[str]) -> None:
        self.urls, self.n = urls, 0

    def next(self) -> str:
        self.n += 1
        return self.urls[self.n % len(self.urls)]


async def conversation(client: httpx.AsyncClient, urls: RoundRobin, script: tuple,
                       run_id: str, n: int, result: Result) -> None:
    name, turns, recorded_turn, wants_case = script
    sender = f"load-{run_id}-{n:04d}-{name}"
    replies_text = ""
    for i, text in enumerate(turns):
        message_id = f"{sender}-{i}"
        started = time.monotonic()
        try:
            response = await client.post(urls.next(), json={"sender": sender, "message": text,
                                                    "message_id": message_id})
            ok = response.status_code == 200 and bool(response.json())
            replies_text = " ".join(m.get("text") or "" for m in response.json()) if ok else ""
        except (httpx.HTTPError, ValueError):
            ok = False
        result.latencies.append((time.monotonic() - started) * 1000)
        if not ok:
            result.errors += 1
        if recorded_turn == i:
            result.to_check.append((sender, message_id))
    if wants_case:
        match = REFERENCE.search(replies_text)
        if match:
            result.references.append(match.group(0))
        else:
            result.missing_reference += 1


async def worker(client, urls, run_id, w, rounds, result) -> None:
    for r in range(rounds):
        n = w * rounds + r
        await conversation(client, urls, SCRIPTS[n % len(SCRIPTS)], run_id, n, result)


async def count_lost(backend_url: str, token: str, result: Result, wait_s: float) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=backend_url, headers=headers, timeout=30) as client:
        deadline = time.monotonic() + wait_s
        pending = list(result.to_check)
        while True:
            still = []
            for sender, message_id in pending:
                try:
                    r = await client.get("/api/v1/handoffs", params={"conversation_id": sender})
                    ids = {h.get("message_id") for h in r.json()} if r.status_code == 200 else set()
                except (httpx.HTTPError, ValueError):
                    ids = set()
                if message_id not in ids:
                    still.append((sender, message_id))
            pending = still
            if not pending or time.monotonic() > deadline:
                break
            await asyncio.sleep(1)
        unknown = 0
        for reference in result.references:
            try:
                ok = (await client.get(f"/api/v1/cases/{reference}")).status_code == 200
            except httpx.HTTPError:
                ok = False
            unknown += 0 if ok else 1
    return len(pending) + unknown + result.missing_reference


async def run(args) -> int:
    urls = [f"{u.rstrip('/')}/webhooks/{args.channel}/webhook" for u in args.rasa_url.split(",")]
    run_id = uuid.uuid4().hex[:8]
    result = Result()
    limits = httpx.Limits(max_connections=args.conversations * 2)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        started = time.monotonic()
        balancer = RoundRobin(urls)
        await asyncio.gather(*(worker(client, balancer, run_id, w, args.rounds, result)
                               for w in range(args.conversations)))
        duration = time.monotonic() - started
    lost = "n/a" if args.no_records else await count_lost(
        args.backend_url.rstrip("/"), args.token if args.token is not None else default_token(),
        result, args.wait)
    messages = len(result.latencies)
    print(f"rasa={','.join(args.rasa_url.split(','))} channel={args.channel} "
          f"duration_s={duration:.1f}")
    print(f"conversations={args.conversations * args.rounds} concurrent={args.conversations} "
          f"messages={messages} throughput={messages / duration:.1f} "
          f"p50_ms={percentile(result.latencies, 0.5):.0f} "
          f"p95_ms={percentile(result.latencies, 0.95):.0f} "
          f"max_ms={max(result.latencies, default=0):.0f} errors={result.errors} lost={lost}")
    return 0 if result.errors == 0 and lost in (0, "n/a") else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Concurrent multi-turn conversations.")
    parser.add_argument("--conversations", type=int, default=20, help="open at once")
    parser.add_argument("--rounds", type=int, default=2, help="conversations per worker")
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL",
                                                             "http://127.0.0.1:5005"))
    parser.add_argument("--backend-url", default=os.environ.get("BACKEND_URL",
                                                                "http://127.0.0.1:8000"))
    parser.add_argument("--token", default=None)
    parser.add_argument("--channel", default="rest_metadata")
    parser.add_argument("--no-records", action="store_true",
                        help="do not check records (a stack without the case service)")
    parser.add_argument("--wait", type=float, default=30.0,
                        help="seconds to wait for records to appear before counting lost")
    args = parser.parse_args(argv)
    if args.conversations < 1 or args.rounds < 1:
        parser.error("--conversations and --rounds must be at least 1")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
