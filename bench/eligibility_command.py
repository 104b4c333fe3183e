"""Benchmark of the whole ``zhaoshang eligibility`` process against a DuckDB script.

For each size (default 1,000,000, 5,000,000 and 18,000,000 generated enterprises, seed 7,
Parquet cached in var/bench/ by bench/eligibility.py's generator), runs side by side, each
as a fresh process:

- ``zhaoshang eligibility --rule RULE --data FILE --as-of 2025-06-01``: Django's start-up,
  the rule read and checked, compiled through SQLGlot, evaluated by DuckDB, JSON printed;
- a Python script that imports DuckDB only and counts the same (total, eligible, possibly
  eligible) with the predicate written by hand, in one scan: the practical limit.

- the same through Django (``manage.py eligibility``, every app started), for comparison:
  the console command skips Django, which this command does not need;

and prints the best wall time of ``--repeat`` runs and the peak resident memory of each
(``wait4``'s ru_maxrss of that child), the ratios (goals: time <= 1.3x, memory <= 1.5x at
18 M) and how each scales with the size (goal: no worse than linear).

    .venv/bin/python bench/eligibility_command.py [--counts 1000000,5000000,18000000]
        [--repeat 3] [--cache-dir var/bench]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from eligibility import AS_OF, HAND, RULE, snapshot  # noqa: E402

SCRIPT = """
import json, sys
import duckdb
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
row = con.execute(
    "SELECT count(*), count(*) FILTER (WHERE p), count(*) FILTER (WHERE p IS NULL) "
    "FROM (SELECT (" + sys.argv[2] + ") AS p FROM read_parquet(?))", [sys.argv[1]]
).fetchone()
print(json.dumps({"total": row[0], "eligible": row[1], "possibly_eligible": row[2]}))
"""


# Each command is started by a small Python of its own, which prints the wall time and the
# child's peak memory: Linux carries the peak resident size of a forked process across
# exec, so a child forked straight from this process (DuckDB and pyarrow loaded) would
# report at least this process's size.
LAUNCHER = """
import json, resource, subprocess, sys, time
began = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True)
seconds = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
sys.stderr.buffer.write(done.stderr)
print(json.dumps({"rc": done.returncode, "seconds": seconds, "peak": peak,
                  "out": done.stdout.decode()}))
"""


def run(command: list[str]) -> tuple[float, float, dict[str, int]]:
    """Wall seconds, peak resident MiB and the printed counts of one fresh process."""
    env = {**os.environ, "ZHAOSHANG_VAR_DIR": str(ROOT / "var" / "bench" / "var")}
    done = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, *command], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        raise SystemExit(f"the launcher failed:\n{done.stderr}")
    result = json.loads(done.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(command[:2])} failed:\n{done.stderr}")
    counts = json.loads(result["out"])
    return (
        result["seconds"],
        result["peak"],
        {k: counts[k] for k in ("total", "eligible", "possibly_eligible")},
    )


def best(repeat: int, command: list[str]) -> tuple[float, float, dict[str, int]]:
    runs = [run(command) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="1000000,5000000,18000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args()
    sizes = [int(n) for n in args.counts.split(",")]
    zhaoshang = str(Path(sys.executable).parent / "zhaoshang")
    with tempfile.TemporaryDirectory() as scratch:
        rule = Path(scratch) / "rule.txt"
        rule.write_text(RULE, encoding="utf-8")
        print(f"rule: {' '.join(RULE.split())}; as of {AS_OF}; best of {args.repeat}")
        print(
            f"{'enterprises':>12} {'ours s':>7} {'script s':>8} {'ratio':>6}"
            f" {'ours MiB':>8} {'script MiB':>10} {'ratio':>6}"
            f" {'Django s':>8} {'Django MiB':>10}  counts"
        )
        rows = []
        for size in sizes:
            path = snapshot(size, args.cache_dir)
            ours = best(
                args.repeat,
                [zhaoshang, "eligibility", "--rule", str(rule), "--data", str(path),
                 "--as-of", AS_OF.isoformat()],
            )  # fmt: skip
            script = best(args.repeat, [sys.executable, "-c", SCRIPT, str(path), HAND])
            django = best(
                args.repeat,
                [sys.executable, str(ROOT / "manage.py"), "eligibility", "--rule", str(rule),
                 "--data", str(path), "--as-of", AS_OF.isoformat()],
            )  # fmt: skip
            if not ours[2] == script[2] == django[2]:
                raise SystemExit(f"the counts differ: {ours[2]} against {script[2]}")
            rows.append((size, ours, script))
            print(
                f"{size:>12,} {ours[0]:>7.2f} {script[0]:>8.2f} {ours[0] / script[0]:>6.2f}"
                f" {ours[1]:>8.0f} {script[1]:>10.0f} {ours[1] / script[1]:>6.2f}"
                f" {django[0]:>8.2f} {django[1]:>10.0f}"
                f"  {ours[2]['eligible']:,} eligible, {ours[2]['possibly_eligible']:,} possibly",
                flush=True,
            )
    if len(rows) > 1:
        first = rows[0]
        print("\nscaling against the smallest size (time and memory, ours; linear = rows ratio)")
        for size, ours, _script in rows[1:]:
            print(
                f"  {size:>12,}: rows x{size / first[0]:.1f}, time x{ours[0] / first[1][0]:.2f}, "
                f"memory x{ours[1] / first[1][1]:.2f}"
            )
    print("goals at 18,000,000: time <= 1.3 x the script, peak memory <= 1.5 x the script")


if __name__ == "__main__":
    main()
