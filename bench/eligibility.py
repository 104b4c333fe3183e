"""Benchmark of the eligibility engine on a province-sized snapshot.

Generates N enterprises (default 18,000,000, seed 7) to Parquet with the registry's generator
(cached in var/bench/ and reused), then with a 6-criterion rule prints:

- the engine's columnar path (evaluate_snapshot over the Parquet file): counts (goal <= 1 s),
  funnel (<= 2 s), ids (<= 2 s); and the same over a pyarrow Table already in memory;
- the same predicate hand-written in DuckDB SQL (the practical limit);
- row-by-row Python ``explain`` on a 100,000-row sample, extrapolated to N (the naive
  baseline), which also checks that the engine's counts agree with it on the sample;
- ``explain`` for one enterprise (goal <= 5 ms): median and p99.

    .venv/bin/python bench/eligibility.py [--count 18000000] [--repeat 3] [--cache-dir var/bench]
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from zhaoshang.rules import Outcome, evaluate_snapshot, explain, parse_text  # noqa: E402

RULE = """
revenue >= above_size_threshold
and region_code within 44
and industry_code within C13..C43
and (high_tech valid or rd_expenditure / revenue >= 3%)
and employees >= 20
"""
AS_OF = datetime.date(2025, 6, 1)
SAMPLE = 100_000

# The same predicate by hand, as a person would write it for DuckDB.
HAND = """
revenue >= 2000 AND starts_with(region_code, '44')
AND length(industry_code) = 4 AND industry_code BETWEEN '1300' AND '4399'
AND ((high_tech_issued_on IS NOT NULL AND high_tech_issued_on <= DATE '2025-06-01'
      AND high_tech_expires_on >= DATE '2025-06-01')
     OR rd_expenditure::DOUBLE / NULLIF(revenue::DOUBLE, 0) >= 0.03)
AND employees >= 20
"""


def snapshot(count: int, cache_dir: Path) -> Path:
    path = cache_dir / f"enterprises-{count}-seed7.parquet"
    if path.exists():
        return path
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.parquet")
    command = Path(sys.executable).parent / "zhaoshang"
    print(f"generating {count:,} enterprises to {path} ...", flush=True)
    began = time.perf_counter()
    arguments = ["generate_enterprises", "--count", str(count), "--seed", "7", "--out"]
    subprocess.run(
        [str(command), *arguments, str(partial)],
        check=True,
        env={**os.environ, "ZHAOSHANG_VAR_DIR": str(cache_dir / "var")},
    )
    partial.rename(path)
    print(f"generated in {time.perf_counter() - began:,.0f} s", flush=True)
    return path


def timed(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The best of ``repeat`` runs, in seconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - began)
    return best, result


def line(what: str, seconds: float, goal: float | None = None, note: str = "") -> None:
    verdict = "" if goal is None else ("  ok" if seconds <= goal else f"  over the {goal:g} s goal")
    print(f"  {what:<44} {seconds:8.3f} s{verdict}{'  ' + note if note else ''}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=18_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args()

    path = snapshot(args.count, args.cache_dir)
    rule = parse_text(RULE)
    size = path.stat().st_size / 2**20
    print(f"snapshot: {path} ({args.count:,} rows, {size:,.0f} MiB), as of {AS_OF}")
    print(f"rule ({len(rule.criteria)} criteria): {' '.join(RULE.split())}")
    print(f"DuckDB {duckdb.__version__}, {os.cpu_count()} cores; best of {args.repeat}\n")

    print("engine, columnar path over the Parquet file")
    seconds, counts = timed(args.repeat, lambda: evaluate_snapshot(rule, path, as_of=AS_OF))
    line("counts (eligible, possibly eligible)", seconds, 1.0)
    print(f"    eligible {counts.eligible:,}, possibly {counts.possibly_eligible:,}")
    seconds, funnel = timed(
        args.repeat, lambda: evaluate_snapshot(rule, path, as_of=AS_OF, funnel=True)
    )
    line("counts + funnel", seconds, 2.0)
    print("    " + ", ".join(f"{s.criterion} {s.remaining:,}" for s in funnel.funnel))
    seconds, found = timed(
        args.repeat, lambda: evaluate_snapshot(rule, path, as_of=AS_OF, ids=True)
    )
    line("counts + ids", seconds, 2.0, f"{len(found.ids):,} + {len(found.possibly_ids):,} ids")
    seconds, _ = timed(
        args.repeat, lambda: evaluate_snapshot(rule, path, as_of=AS_OF, breakdowns=True)
    )
    line("counts + breakdowns by region and industry", seconds)

    began = time.perf_counter()
    table = pq.read_table(path, columns=["uscc", *rule.columns])
    loaded = time.perf_counter() - began
    print(f"\nengine over a pyarrow Table in memory (read once in {loaded:.1f} s)")
    seconds, _ = timed(args.repeat, lambda: evaluate_snapshot(rule, table, as_of=AS_OF))
    line("counts", seconds, 1.0)
    seconds, _ = timed(
        args.repeat, lambda: evaluate_snapshot(rule, table, as_of=AS_OF, funnel=True)
    )
    line("counts + funnel", seconds, 2.0)
    seconds, _ = timed(args.repeat, lambda: evaluate_snapshot(rule, table, as_of=AS_OF, ids=True))
    line("counts + ids", seconds, 2.0)

    print("\nhand-written DuckDB SQL over the Parquet file (the practical limit)")
    con = duckdb.connect()
    con.execute(f"CREATE VIEW snapshot AS SELECT * FROM read_parquet('{path}')")
    seconds, row = timed(
        args.repeat, lambda: con.execute(f"SELECT count(*) FROM snapshot WHERE {HAND}").fetchone()
    )
    line("eligible count", seconds, note=f"{row[0]:,}")
    three = (
        "SELECT count(*) FILTER (WHERE p), count(*) FILTER (WHERE p IS NULL) "
        f"FROM (SELECT ({HAND}) AS p FROM snapshot)"
    )
    seconds, row = timed(args.repeat, lambda: con.execute(three).fetchone())
    line("eligible and unknown counts (one scan)", seconds, note=f"{row[0]:,}, {row[1]:,}")
    seconds, rows = timed(
        args.repeat, lambda: con.execute(f"SELECT uscc FROM snapshot WHERE {HAND}").fetchall()
    )
    line("eligible ids", seconds, note=f"{len(rows):,}")
    con.close()

    print(f"\nrow-by-row Python explain (naive baseline), {SAMPLE:,}-row sample")
    batch = next(pq.ParquetFile(path).iter_batches(batch_size=min(SAMPLE, args.count)))
    rows_sample = batch.to_pylist()
    began = time.perf_counter()
    outcomes = [explain(rule, r, as_of=AS_OF).outcome for r in rows_sample]
    seconds = time.perf_counter() - began
    per_row = seconds / len(rows_sample)
    line(f"{len(rows_sample):,} rows", seconds, note=f"{per_row * 1e6:.1f} µs/row")
    line(f"extrapolated to {args.count:,} rows", per_row * args.count)
    check = evaluate_snapshot(rule, pa.Table.from_batches([batch]), as_of=AS_OF)
    agree = (check.eligible, check.possibly_eligible) == (
        outcomes.count(Outcome.ELIGIBLE),
        outcomes.count(Outcome.POSSIBLY_ELIGIBLE),
    )
    print(f"    engine agrees with explain on the sample: {'yes' if agree else 'NO'}")

    print("\nexplain for one enterprise")
    facts = next(r for r, o in zip(rows_sample, outcomes, strict=True) if o is Outcome.ELIGIBLE)
    times = []
    for _ in range(5000):
        began = time.perf_counter()
        explain(rule, facts, as_of=AS_OF)
        times.append(time.perf_counter() - began)
    times.sort()
    median, p99 = statistics.median(times), times[int(len(times) * 0.99)]
    verdict = "ok" if p99 <= 0.005 else "over the 5 ms goal"
    print(f"  median {median * 1e6:.0f} µs, p99 {p99 * 1e6:.0f} µs (goal <= 5 ms)  {verdict}")


if __name__ == "__main__":
    main()
