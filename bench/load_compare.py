#!/usr/bin/env python
"""Run bench/load.py against this stack and a stock `rasa init` assistant, back to back.

    .venvs/bot/bin/python bench/load_compare.py --model bot/models/model-….tar.gz \
        --stock-model /tmp/rasa-init/models/….tar.gz [--conversations 20] [--rounds 2]

This stack runs as in production (tests/e2e/test_production_topology.py): PostgreSQL tracker
store and backend database (fresh databases on 127.0.0.1:5432), the Redis lock store on
127.0.0.1:6379, the action server and TWO Rasa processes (one per core); load.py spreads the
conversations over both. The stock assistant (`rasa init --no-prompt`, trained beforehand)
runs as one `rasa run` process on the stock `rest` channel with its in-memory stores, as
Rasa ships it. Both on free loopback ports. Prints each run's load.py lines, then this
stack's throughput as a share of the stock assistant's.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402
from stack import VENVS, free_port, running  # noqa: E402
from test_production_topology import ProductionStack, _admin, _pg_reachable  # noqa: E402


def run_load(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        load.main(argv)
    print(out.getvalue(), end="", flush=True)
    return out.getvalue()


def throughput(text: str) -> float:
    for part in text.split():
        if part.startswith("throughput="):
            return float(part.split("=", 1)[1])
    return 0.0


def ours(args) -> str:
    problem = _pg_reachable()
    if problem:
        raise SystemExit(problem)
    suffix = uuid.uuid4().hex[:10]
    tracker_db, backend_db = f"rasa_tracker_l{suffix}", f"casework_l{suffix}"
    _admin(f'CREATE DATABASE "{tracker_db}"')
    _admin(f'CREATE DATABASE "{backend_db}"')
    workdir = Path(f"/tmp/load-{suffix}")
    workdir.mkdir()
    stack = ProductionStack(workdir=workdir, model=Path(args.model), tracker_db=tracker_db,
                            backend_db=backend_db, lock_prefix=f"load{suffix}")
    try:
        with running(stack):
            urls = f"{stack.rasa_url},{stack.rasa_b_url}"
            return run_load(["--conversations", str(args.conversations), "--rounds",
                             str(args.rounds), "--rasa-url", urls, "--backend-url",
                             stack.backend_url, "--token", "e2e-test-token"])
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{tracker_db}" WITH (FORCE)')
        _admin(f'DROP DATABASE IF EXISTS "{backend_db}" WITH (FORCE)')


def stock(args) -> str:
    project = Path(args.stock_model).resolve().parent.parent
    port = free_port()
    log = open(f"/tmp/stock-rasa-{port}.log", "wb")
    proc = subprocess.Popen([str(VENVS / "bot/bin/rasa"), "run", "-i", "127.0.0.1", "--port",
                             str(port), "--model", str(Path(args.stock_model).resolve())],
                            cwd=project, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        import httpx
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/webhooks/rest/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(1)
        return run_load(["--conversations", str(args.conversations), "--rounds",
                         str(args.rounds), "--rasa-url", f"http://127.0.0.1:{port}",
                         "--channel", "rest", "--no-records"])
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--stock-model", required=True)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print("== this stack (2 Rasa processes, Redis lock store, PostgreSQL)", flush=True)
    mine = ours(args)
    print("== stock rasa init (1 Rasa process, rest channel)", flush=True)
    theirs = stock(args)
    if throughput(theirs):
        print(f"share_of_stock_throughput={throughput(mine) / throughput(theirs):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
