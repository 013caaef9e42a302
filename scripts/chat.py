#!/usr/bin/env python
"""Tiny terminal chat with the running bot (scripts/run.sh) through the REST channel.

    .venvs/bot/bin/python scripts/chat.py [--url http://127.0.0.1:5005] [--received-at DATE]
                                          [--profile code-2024]
Type a message and press Enter; an empty line or Ctrl-D quits.
"""
from __future__ import annotations

import argparse
import sys
import uuid

import httpx


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--received-at", help="pretend the messages arrived on this date")
    parser.add_argument("--profile", help="complaint-handling profile id, e.g. impact-2018")
    parser.add_argument("--sender", default=f"chat-{uuid.uuid4().hex[:8]}")
    args = parser.parse_args()
    metadata = {k: v for k, v in (("received_at", args.received_at),
                                  ("profile", args.profile)) if v}
    webhook = f"{args.url.rstrip('/')}/webhooks/rest_metadata/webhook"
    print(f"conversation {args.sender}; empty line to quit")
    with httpx.Client(timeout=60) as client:
        while True:
            try:
                text = input("you> ").strip()
            except EOFError:
                break
            if not text:
                break
            try:
                response = client.post(webhook, json={"sender": args.sender, "message": text,
                                                      "metadata": metadata})
                response.raise_for_status()
            except httpx.HTTPError as exc:
                print(f"(cannot reach the bot at {args.url}: {type(exc).__name__})",
                      file=sys.stderr)
                continue
            for message in response.json():
                if message.get("text"):
                    print(f"bot> {message['text']}")
                for button in message.get("buttons") or []:
                    print(f"     [{button.get('title')}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
