"""Slow clients against the real server: can a complete request still get through?

    python bench/slow_clients.py [--clients 50] [--seconds 30] [--worker-class CLASS]

Starts gunicorn on 127.0.0.1 with two workers, holds ``--clients`` connections that send their
headers one line every 2 s (reconnecting whenever the server closes one) and meanwhile POSTs the
seed article once a second; prints the canary's answers and latencies as JSON. ``--worker-class
sync`` (or ``gthread``) measures gunicorn's own classes against the project's
``service.worker.BufferingWorker``, the default.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from service.testing import slow_client_siege, start_server

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_2a91903f997600ae.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--worker-class", help="gunicorn worker class (default: the project's)")
    parser.add_argument("--threads", type=int, help="gunicorn threads per worker (gthread)")
    args = parser.parse_args()
    extra = f"--worker-class {args.worker_class}" if args.worker_class else ""
    extra += f" --threads {args.threads}" if args.threads else ""
    env = {"GUNICORN_CMD_ARGS": extra.strip()} if extra else {}
    process, base = start_server(2, env=env)
    try:
        report = slow_client_siege(
            base,
            args.clients,
            args.seconds,
            {"text": SEED.read_text(encoding="utf-8"), "published": "2022-06-15"},
        )
    finally:
        process.terminate()
        process.wait(timeout=60)
    print(json.dumps({"worker_class": args.worker_class or "service.worker.BufferingWorker",
                      "threads": args.threads, "clients": args.clients, "seconds": args.seconds,
                      **report}))  # fmt: skip


if __name__ == "__main__":
    main()
