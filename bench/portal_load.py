"""Load benchmark of the public portal against nginx serving the same bytes, driven by wrk.

Builds a throw-away site (SQLite under a temporary ZHAOSHANG_VAR_DIR, the demo data),
serves it the way `make run` does (granian, zhaoshang.serve; `--server gunicorn` for the
server used before), warms the page cache, and drives the home page, a label page and a
post page with wrk (Debian package `wrk`) at 64 connections. The bytes each page was sent
with are saved to files that nginx (Debian package `nginx`) serves on another port, and wrk
drives nginx right after the site, page by page, so both run under the same load. Prints
requests per second and latency percentiles of both, the ratio, and whether each page meets
the goal (>= 0.25 x nginx, p99 <= 50 ms). Without nginx the comparison is skipped, saying so.

    .venv/bin/python bench/portal_load.py [--duration 15] [--connections 64] [--workers 4]
"""

from __future__ import annotations

import argparse
import gzip
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GOAL_RATIO = 0.25  # of nginx's requests per second
GOAL_P99_MS = 50.0
NGINX_MISSING = (
    "nginx is missing, so the comparison with nginx is skipped "
    "(install it as root: apt-get install -y nginx)"
)


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


def wait_until_up(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the site did not answer {url} within {seconds} s")


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


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    """The body and headers of ``url`` as wrk receives them (gzip accepted)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def start_nginx(port: int, pages: dict[str, tuple[bytes, dict[str, str]]]) -> tuple[Any, Path]:
    """nginx on ``port`` serving each page's bytes from a file at /<name>, with the same
    content type and encoding headers."""
    folder = Path(tempfile.mkdtemp(prefix="zhaoshang-bench-nginx-"))
    folder.chmod(0o755)  # nginx's workers run as nobody when it is started as root
    (folder / "pages").mkdir(mode=0o755)
    locations = []
    for name, (body, headers) in pages.items():
        path = folder / "pages" / name
        path.write_bytes(body)
        path.chmod(0o644)
        extra = ""
        if headers.get("content-encoding") == "gzip":
            extra = "add_header Content-Encoding gzip; add_header Vary Accept-Encoding;"
        content_type = headers.get("content-type", "text/html; charset=utf-8")
        locations.append(f'location = /{name} {{ default_type "{content_type}"; {extra} }}')
    temp = (
        "".join(
            f"{kind}_temp_path {folder}/{kind}; " for kind in ("client_body", "proxy", "fastcgi")
        )
        + f"uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;"
    )
    (folder / "nginx.conf").write_text(
        f"""worker_processes auto;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    {temp}
    server {{
        listen 127.0.0.1:{port};
        root {folder}/pages;
        {" ".join(locations)}
    }}
}}
"""
    )
    nginx = subprocess.Popen(
        [
            "nginx",
            "-p",
            str(folder),
            "-e",
            str(folder / "error.log"),
            "-c",
            str(folder / "nginx.conf"),
        ]
    )
    for _ in range(50):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return nginx, folder
        except OSError:
            time.sleep(0.1)
    nginx.terminate()
    raise SystemExit(f"nginx did not start: see {folder / 'error.log'}")


def server_command(args: argparse.Namespace, port: int) -> list[str]:
    if args.server == "gunicorn":  # what `make run` used before 2026-12-06
        return [
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
        ]
    return [
        str(BIN / "python"),
        "-m",
        "zhaoshang.serve",
        "--port",
        str(port),
        "--workers",
        str(args.workers),
        "--threads",
        str(args.worker_threads),
        "--no-access-log",
        "--no-tasks",
    ]


def row(name: str, site: dict[str, float], nginx: dict[str, float] | None) -> str:
    line = f"{name:<8}{site['rps']:>12,.0f}{site['p50']:>9.1f}{site['p99']:>9.1f}"
    line += f"{site['non_2xx']:>9.0f}"
    if nginx is not None:
        ratio = site["rps"] / nginx["rps"]
        met = ratio >= GOAL_RATIO and site["p99"] <= GOAL_P99_MS
        line += f"{nginx['rps']:>13,.0f}{nginx['p99']:>9.1f}{ratio:>8.3f}  "
        line += "met" if met else "NOT met"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds per page and server")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="web server workers")
    parser.add_argument("--worker-threads", type=int, default=1, help="threads per worker")
    parser.add_argument(
        "--server",
        choices=["make-run", "gunicorn"],
        default="make-run",
        help="make-run: zhaoshang.serve (granian) as `make run`; gunicorn: as before",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    have_nginx = shutil.which("nginx") is not None
    if not have_nginx:
        print(NGINX_MISSING)

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
    server = subprocess.Popen(server_command(args, port), env=env, cwd=ROOT)
    nginx = None
    nginx_folder = None
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
        sent = {}
        for name, url in pages.items():  # warm the page cache in every worker
            for _ in range(args.workers * 8):
                urllib.request.urlopen(url, timeout=5).read()
                sent[name] = fetch(url)
            body, headers = sent[name]
            if headers.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            if headers.get("x-page-cache") != "hit" or b"<html" not in body:
                raise SystemExit(f"{url} is not served from the page cache: {headers}")
        if have_nginx:
            nginx_port = free_port()
            nginx, nginx_folder = start_nginx(nginx_port, sent)
        print(
            f"site: {args.server} ({args.workers} workers x {args.worker_threads} threads); "
            f"wrk: {args.threads} threads, {args.connections} connections, "
            f"{args.duration} s per page and server; {os.cpu_count()} cores; "
            f"load average {os.getloadavg()[0]:.1f} at the start"
        )
        print(
            f"{'page':<8}{'site req/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}"
            + (f"{'nginx req/s':>13}{'p99 ms':>9}{'ratio':>8}  goal" if have_nginx else "")
        )
        for name, url in pages.items():
            site = run_wrk(url, args.duration, args.connections, args.threads)
            static = None
            if have_nginx:
                static_url = f"http://127.0.0.1:{nginx_port}/{name}"
                static = run_wrk(static_url, args.duration, args.connections, args.threads)
            print(row(name, site, static), flush=True)
        print(
            f"goal: each page >= {GOAL_RATIO} x nginx's requests/s with p99 <= "
            f"{GOAL_P99_MS:.0f} ms, in the same run"
            + ("" if have_nginx else f" (not measured: {NGINX_MISSING})")
        )
    finally:
        if nginx is not None:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=30)
        if nginx_folder is not None:
            shutil.rmtree(nginx_folder, ignore_errors=True)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
