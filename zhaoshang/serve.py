"""The web server `make run` starts: granian serving the WSGI application (zhaoshang.wsgi),
with the background worker (`zhaoshang run_tasks`) started beside it and stopped with it.

granian's HTTP handling is written in Rust; only the application runs in Python. With the
public pages kept in each worker's memory (core.pagecache.PageFront), a cached page costs a
few dictionary look-ups in Python, which is what let the public pages reach a quarter of
nginx's rate on this machine where gunicorn reached a twentieth (README, "Province scale:
public pages").

    python -m zhaoshang.serve [--host 127.0.0.1] [--port 8000] [--workers 4] [--threads 1]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any

APPLICATION = "zhaoshang.wsgi:application"


def granian_options(
    *, host: str, port: int, workers: int, threads: int, access_log: bool
) -> dict[str, Any]:
    """The options `make run` serves with (the load benchmark starts the same)."""
    from granian.constants import Interfaces

    return {
        "target": APPLICATION,
        "address": host,
        "port": port,
        "interface": Interfaces.WSGI,
        "workers": workers,
        # Django runs in these threads; one per worker, as gunicorn ran (more only adds
        # waiting in line for the interpreter lock on two cores).
        "blocking_threads": threads,
        "log_access": access_log,
        # A worker that dies is started again, as gunicorn's master did.
        "respawn_failed_workers": True,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="Django threads per worker")
    parser.add_argument("--no-access-log", action="store_true")
    parser.add_argument(
        "--no-tasks", action="store_true", help="do not start the background worker"
    )
    args = parser.parse_args(argv)

    from granian import Granian

    server = Granian(
        **granian_options(
            host=args.host,
            port=args.port,
            workers=args.workers,
            threads=args.threads,
            access_log=not args.no_access_log,
        )
    )
    worker: subprocess.Popen[bytes] | None = None

    def start_tasks() -> None:
        nonlocal worker
        if args.no_tasks:
            return
        worker = subprocess.Popen([sys.executable, "-m", "zhaoshang.cli", "run_tasks"])
        print(f"background worker started (pid {worker.pid})", file=sys.stderr, flush=True)

    def stop_tasks() -> None:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()

    server.on_startup(start_tasks)
    server.on_shutdown(stop_tasks)
    try:
        server.serve()
    finally:
        stop_tasks()


if __name__ == "__main__":
    main()
