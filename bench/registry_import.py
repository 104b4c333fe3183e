"""Import and export benchmark of the enterprise registry.

Generates N enterprises (default 1,000,000) to a CSV file, then for SQLite and for
PostgreSQL: imports it with `zhaoshang import_enterprises` into an empty database (every
row validated), times it and reads the process's peak memory; loads the same file with the
database's own bulk loader (SQLite's `.import`, PostgreSQL's `COPY`) into a bare table as
the practical limit; and exports all rows back to CSV with `zhaoshang export_enterprises`.

    .venv/bin/python bench/registry_import.py [--count 1000000] [--skip-postgres]

Goals on this 2-core machine: import <= 60 s each (>= 16,000 rows/s), peak memory < 1 GiB,
export <= 30 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DB = "zhaoshang_bench"


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a command; return (seconds, peak resident memory of that process in MiB)."""
    started = time.monotonic()
    process = subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    out, err = process.communicate()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{out.decode()}\n{err.decode()}")
    return elapsed, usage.ru_maxrss / 1024


def manage(env: dict[str, str], *args: str) -> tuple[float, float]:
    return run([PYTHON, str(ROOT / "manage.py"), *args], env)


def psql(url: str, command: str) -> None:
    subprocess.run(
        ["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", command], check=True, capture_output=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zhaoshang-import-"))
    base_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_VERSION"}}
    base_env["ZHAOSHANG_VAR_DIR"] = str(work / "var")
    source = work / "enterprises.csv"
    seconds, _memory = manage(
        {**base_env, "DATABASE_URL": f"sqlite:///{work / 'scratch.sqlite3'}"},
        "generate_enterprises",
        "--count",
        str(args.count),
        "--seed",
        "7",
        "--out",
        str(source),
    )
    size = source.stat().st_size / 2**20
    print(f"generated {args.count:,} rows to CSV in {seconds:.1f} s ({size:.0f} MiB)")

    targets = [("SQLite", f"sqlite:///{work / 'bench.sqlite3'}")]
    if not args.skip_postgres:
        psql(POSTGRES_ADMIN, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        psql(POSTGRES_ADMIN, f"CREATE DATABASE {BENCH_DB}")
        targets.append(("PostgreSQL", f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"))

    print(f"{'database':<12}{'step':<28}{'seconds':>9}{'rows/s':>12}{'peak MiB':>10}")
    try:
        for label, url in targets:
            env = {**base_env, "DATABASE_URL": url}
            manage(env, "migrate", "--noinput", "-v0")
            seconds, memory = manage(env, "import_enterprises", str(source))
            report(label, "import (validated)", seconds, args.count, memory)
            seconds, _ = manage(env, "import_enterprises", str(source))
            report(label, "re-import (all unchanged)", seconds, args.count)
            if label == "SQLite":
                seconds = native_sqlite(work, source)
            else:
                seconds = native_postgres(url, source)
            report(label, "native loader, no checks", seconds, args.count)
            out = work / f"export-{label}.csv"
            seconds, memory = manage(env, "export_enterprises", str(out))
            report(label, "export to CSV", seconds, args.count, memory)
    finally:
        if not args.skip_postgres:
            psql(POSTGRES_ADMIN, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        shutil.rmtree(work, ignore_errors=True)
    print("goals: import <= 60 s (>= 16,000 rows/s) with peak < 1,024 MiB; export <= 30 s")


def report(label: str, step: str, seconds: float, rows: int, memory: float | None = None) -> None:
    peak = f"{memory:>10.0f}" if memory is not None else ""
    print(f"{label:<12}{step:<28}{seconds:>9.1f}{rows / seconds:>12,.0f}{peak}")


def native_sqlite(work: Path, source: Path) -> float:
    database = work / "native.sqlite3"
    started = time.monotonic()
    subprocess.run(
        ["sqlite3", str(database)],
        input=f".mode csv\n.import {source} enterprises\n".encode(),
        check=True,
        capture_output=True,
    )
    return time.monotonic() - started


def native_postgres(url: str, source: Path) -> float:
    header = [
        name.strip('"') for name in source.open(encoding="utf-8").readline().strip().split(",")
    ]
    columns = ", ".join(f'"{name}" text' for name in header)
    psql(url, f"CREATE TABLE native_load ({columns})")
    started = time.monotonic()
    psql(url, f"\\copy native_load FROM '{source}' WITH (FORMAT csv, HEADER true)")
    return time.monotonic() - started


if __name__ == "__main__":
    main()
