"""Import and export benchmark of the enterprise registry.

For each count (default 1,000,000): generates that many enterprises to a CSV file, then for
SQLite and for PostgreSQL imports it with `zhaoshang import_enterprises` into an empty
database (every row validated), times it and reads the process's peak memory; loads the
same file with the database's own bulk loader (SQLite's `.import`, PostgreSQL's `COPY`)
into a bare table, and prints the import's time as a multiple of the loader's. Up to
--full-up-to rows it also imports the file again (every row unchanged) and exports all rows
back to CSV with `zhaoshang export_enterprises`. Each count's files are deleted before the
next is generated (18,000,000 rows are about 8 GB of CSV).

    .venv/bin/python bench/registry_import.py [--counts 1000000,5000000,18000000]
        [--skip-postgres] [--full-up-to 1000000] [--repeat 1] [--dir /tmp]

With --repeat N each count's import and loader run N times, one after the other, on a new
database each time, and the summary takes the median of each (on a shared machine a single
pair can be a second apart either way). Before each timed step on PostgreSQL the server
makes a checkpoint, so that neither side pays for the other's writes.

Goals on this 2-core machine: import <= 3x the loader at every count, peak memory < 1 GiB
whatever the count; export <= 30 s at 1,000,000.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
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
    """Run a command; return (seconds, peak resident memory of that process in MiB). The
    writes of the step before are flushed first: their write-back would slow this one."""
    os.sync()
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
    parser.add_argument("--counts", default="1000000", help="comma-separated row counts")
    parser.add_argument("--count", type=int, help="one count (the same as --counts N)")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--full-up-to", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each import and loader")
    parser.add_argument("--dir", type=Path, default=None, help="where the files go")
    parser.add_argument("--database", default=BENCH_DB, help="PostgreSQL database to (re)create")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    counts = [args.count] if args.count else [int(c) for c in args.counts.split(",")]
    summary: list[tuple[int, str, float, float, float]] = []
    for count in counts:
        summary.extend(bench(count, args))
    print()
    print(
        f"{'rows':>12}  {'database':<12}{'ours s':>9}{'loader s':>10}{'ratio':>7}{'peak MiB':>10}"
    )
    for count, label, ours, loader, memory in summary:
        print(
            f"{count:>12,}  {label:<12}{ours:>9.1f}{loader:>10.1f}"
            f"{ours / loader:>7.1f}{memory:>10.0f}"
        )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    print("goals: import <= 3x the loader, peak < 1,024 MiB at every count")


def bench(count: int, args: argparse.Namespace) -> list[tuple[int, str, float, float, float]]:
    """One count: the rows of the summary (count, database, ours, loader, peak MiB)."""
    work = Path(tempfile.mkdtemp(prefix="zhaoshang-import-", dir=args.dir))
    full = count <= args.full_up_to
    out: list[tuple[int, str, float, float, float]] = []
    base_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_VERSION"}}
    base_env["ZHAOSHANG_VAR_DIR"] = str(work / "var")
    source = work / "enterprises.csv"
    seconds, _memory = manage(
        {**base_env, "DATABASE_URL": f"sqlite:///{work / 'scratch.sqlite3'}"},
        "generate_enterprises",
        "--count",
        str(count),
        "--seed",
        "7",
        "--out",
        str(source),
    )
    size = source.stat().st_size / 2**20
    print(f"generated {count:,} rows to CSV in {seconds:.1f} s ({size:.0f} MiB)")

    targets = [("SQLite", f"sqlite:///{work / 'bench.sqlite3'}")]
    if not args.skip_postgres:
        psql(POSTGRES_ADMIN, f"DROP DATABASE IF EXISTS {args.database}")
        psql(POSTGRES_ADMIN, f"CREATE DATABASE {args.database}")
        targets.append(("PostgreSQL", f"postgres://postgres@127.0.0.1:5432/{args.database}"))

    print(f"{'database':<12}{'step':<28}{'seconds':>9}{'rows/s':>12}{'peak MiB':>10}")
    try:
        for label, url in targets:
            env = {**base_env, "DATABASE_URL": url}
            imports: list[tuple[float, float]] = []
            loaders: list[float] = []
            for attempt in range(args.repeat):
                last = attempt == args.repeat - 1
                if attempt:
                    fresh(label, url, work, args)
                manage(env, "migrate", "--noinput", "-v0")
                checkpoint(url)
                ours, memory = manage(env, "import_enterprises", str(source))
                imports.append((ours, memory))
                report(label, "import (validated)", ours, count, memory)
                if full and last:
                    checkpoint(url)
                    seconds, _ = manage(env, "import_enterprises", str(source))
                    report(label, "re-import (all unchanged)", seconds, count)
                checkpoint(url)
                loader = (
                    native_sqlite(work, source)
                    if label == "SQLite"
                    else native_postgres(url, source)
                )
                loaders.append(loader)
                report(label, "native loader, no checks", loader, count)
                if full and last:
                    exported = work / f"export-{label}.csv"
                    seconds, memory = manage(env, "export_enterprises", str(exported))
                    report(label, "export to CSV", seconds, count, memory)
                    exported.unlink()
                clear(label, url, work)
            out.append(
                (
                    count,
                    label,
                    statistics.median(t for t, _ in imports),
                    statistics.median(loaders),
                    max(m for _, m in imports),
                )
            )
    finally:
        if not args.skip_postgres:
            psql(POSTGRES_ADMIN, f"DROP DATABASE IF EXISTS {args.database}")
        shutil.rmtree(work, ignore_errors=True)
    return out


def checkpoint(url: str) -> None:
    """PostgreSQL: the pages written so far flushed now rather than during the next step."""
    if url.startswith("postgres"):
        psql(url, "CHECKPOINT")


def clear(label: str, url: str, work: Path) -> None:
    """The imported and loaded rows gone, for the next count or attempt."""
    if label == "SQLite":
        for name in ("bench.sqlite3", "native.sqlite3"):
            for path in work.glob(f"{name}*"):
                path.unlink()
    else:
        psql(url, "DROP TABLE native_load")


def fresh(label: str, url: str, work: Path, args: argparse.Namespace) -> None:
    """An empty database again (the last attempt's rows are in it)."""
    if label == "PostgreSQL":
        psql(POSTGRES_ADMIN, f"DROP DATABASE IF EXISTS {args.database}")
        psql(POSTGRES_ADMIN, f"CREATE DATABASE {args.database}")


def report(label: str, step: str, seconds: float, rows: int, memory: float | None = None) -> None:
    peak = f"{memory:>10.0f}" if memory is not None else ""
    print(f"{label:<12}{step:<28}{seconds:>9.1f}{rows / seconds:>12,.0f}{peak}")


def native_sqlite(work: Path, source: Path) -> float:
    database = work / "native.sqlite3"
    os.sync()
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
    os.sync()
    started = time.monotonic()
    psql(url, f"\\copy native_load FROM '{source}' WITH (FORMAT csv, HEADER true)")
    return time.monotonic() - started


if __name__ == "__main__":
    main()
