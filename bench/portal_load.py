"""Load benchmark of the public portal: gunicorn on loopback, driven by wrk.

Builds a throw-away site (SQLite under a temporary ZHAOSHANG_VAR_DIR, the demo data),
serves it with gunicorn the way `make run` does, and drives the home page, a label page
and a post page with wrk (Debian package `wrk`) at 64 connections. Prints requests per
second and latency percentiles, and whether the home page meets the goal
(>= 1,500 requests/s, p99 <= 50 ms).

    .venv/bin/python bench/portal_load.py [--duration 15] [--connections 64] [--workers 4]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GOAL_RPS = 1500
GOAL_P99_MS = 50.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [str(BIN / "python"), str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds} s")


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, duration: int, connections: int, threads: int) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": to_ms(percentiles["50"]),
        "p99": to_ms(percentiles["99"]),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds per page")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--worker-threads", type=int, default=1, help="threads per worker")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    var = Path(tempfile.mkdtemp(prefix="zhaoshang-bench-"))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "PYTEST_VERSION", "DEBUG", "CACHE_URL"}
    }
    env.update({"ZHAOSHANG_VAR_DIR": str(var), "ZHAOSHANG_ADMIN_PASSWORD": "Bench-admin-2026"})
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    manage(env, "compile_catalogues")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "setup", "--url", base)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "zhaoshang.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.worker_threads),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_until_up(f"{base}/healthz")
        env["DJANGO_SETTINGS_MODULE"] = "zhaoshang.settings"
        found = subprocess.run(
            [
                str(BIN / "python"),
                "-c",
                "import django; django.setup();"
                "from zhaoshang.portal.models import Label, Post;"
                "print(Label.objects.order_by('pk').first().slug);"
                "print(Post.objects.visible().first().slug)",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout.split()
        pages = {
            "home": f"{base}/en/",
            "label": f"{base}/en/labels/{found[0]}/",
            "post": f"{base}/en/posts/{found[1]}/",
        }
        for url in pages.values():  # warm the page cache and the workers
            for _ in range(args.workers * 4):
                urllib.request.urlopen(url, timeout=5).read()
        print(
            f"gunicorn: {args.workers} gthread workers x {args.worker_threads} threads; "
            f"wrk: {args.threads} threads, {args.connections} connections, "
            f"{args.duration} s per page; {os.cpu_count()} cores"
        )
        print(f"{'page':<8}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
        results = {}
        for name, url in pages.items():
            result = run_wrk(url, args.duration, args.connections, args.threads)
            results[name] = result
            print(
                f"{name:<8}{result['rps']:>12,.0f}{result['p50']:>10.1f}{result['p99']:>10.1f}"
                f"{result['non_2xx']:>10.0f}"
            )
        home = results["home"]
        met = home["rps"] >= GOAL_RPS and home["p99"] <= GOAL_P99_MS
        print(
            f"goal for the home page (>= {GOAL_RPS} requests/s, p99 <= {GOAL_P99_MS:.0f} ms): "
            + ("met" if met else "NOT met")
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
