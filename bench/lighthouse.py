"""Lighthouse scores of the public pages: the home page, a post, the policies list and the
sites list, on mobile and desktop.

    .venv/bin/python bench/lighthouse.py [--port 8765] [--keep]

Installs Lighthouse 12.2.3 from npm into var/lighthouse/ (once), serves a demo site from
a var folder of its own (var/lighthouse/site: SQLite, the demo data, static files
collected and compressed, served as ``make run`` serves), runs Lighthouse with Debian's
Chromium (/usr/bin/chromium) on each page in both form factors and prints the four
category scores. The goals (issue 20): SEO ≥ 95, accessibility ≥ 98, best practices ≥ 95.
--keep leaves the JSON reports in var/lighthouse/reports.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "lighthouse"
LIGHTHOUSE_VERSION = "12.2.3"  # 13 wants Node 22
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"seo": 95, "accessibility": 98, "best-practices": 95}


def lighthouse_bin() -> Path:
    binary = WORK / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "-E",
                "--prefix",
                str(WORK),
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return binary


def site_env(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        ZHAOSHANG_VAR_DIR=str(WORK / "site"),
        SITE_URL=f"http://127.0.0.1:{port}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="0",
        ZHAOSHANG_DEMO_PASSWORD="Lighthouse-demo-2026",
        ZHAOSHANG_ADMIN_PASSWORD="Lighthouse-admin-2026",
    )
    return env


def serve(port: int) -> subprocess.Popen[bytes]:
    env = site_env(port)
    bin_dir = ROOT / ".venv" / "bin"
    zhaoshang = str(bin_dir / "zhaoshang")
    for command in (
        [zhaoshang, "migrate", "--noinput", "-v0"],
        [zhaoshang, "collectstatic", "--noinput", "-v0"],
        [zhaoshang, "setup", "--url", env["SITE_URL"]],
    ):
        subprocess.run(command, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [
            str(bin_dir / "python"),
            "-m",
            "zhaoshang.serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--threads",
            "2",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{env['SITE_URL']}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the site did not start")


def first_post_path(port: int) -> str:
    env = site_env(port)
    code = (
        "from zhaoshang.portal.models import Post;"
        "print(Post.objects.visible().order_by('-publish_at').first().slug)"
    )
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "zhaoshang"), "shell", "-c", code],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return f"/en/posts/{out.stdout.strip().splitlines()[-1]}/"


def audit(binary: Path, url: str, form_factor: str, keep: Path | None) -> dict[str, int]:
    output = WORK / "report.json"
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True)
    report = json.loads(output.read_text(encoding="utf-8"))
    if keep is not None:
        name = url.split("//", 1)[1].split("/", 1)[1].strip("/").replace("/", "_") or "home"
        shutil.copy(output, keep / f"{name}-{form_factor}.json")
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    binary = lighthouse_bin()
    keep = WORK / "reports" if args.keep else None
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    server = serve(args.port)
    failed = False
    try:
        base = f"http://127.0.0.1:{args.port}"
        pages = ["/en/", first_post_path(args.port), "/en/policies/", "/en/sites/"]
        print(f"{'page':<48} {'form':<8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        for path in pages:
            for form_factor in ("mobile", "desktop"):
                scores = audit(binary, base + path, form_factor, keep)
                low = [c for c, goal in GOALS.items() if scores[c] < goal]
                failed = failed or bool(low)
                print(
                    f"{path[:48]:<48} {form_factor:<8} "
                    + " ".join(f"{scores[c]:>14}" for c in CATEGORIES)
                    + (f"   below goal: {', '.join(low)}" if low else "")
                )
    finally:
        server.terminate()
        server.wait(timeout=10)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
