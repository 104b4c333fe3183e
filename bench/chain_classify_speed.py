"""Speed of the chain classifier's bulk path: N generated enterprises, rows per second, and
the time for the province's 18,000,000 extrapolated from it.

    .venv/bin/python bench/chain_classify_speed.py [--count 1000000] [--workers 2] [--seed 1]

The rows come from the registry generator (Guangdong's regions and divisions, with its
business scope and main products text) and are written once to a temporary Parquet file;
only the classification is timed: each worker reads its share of the row groups (class, scope
and products), builds its own classifier, and classifies them with ``classify_columns``.
Nothing is cached by text: every row is folded, scanned and (where a keyword is found)
segmented, although generated texts repeat far more than real ones (the number of distinct
scopes is printed). The extrapolation is linear in rows, which holds as every row costs the
same work independently of the others.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from generate_parquet import guangdong_regions  # noqa: E402  (beside this script)

from zhaoshang.chains.engine import Classifier, shipped_chains  # noqa: E402
from zhaoshang.chains.engine.bulk import classify_columns  # noqa: E402
from zhaoshang.registry.generator import write_parquet  # noqa: E402

PROVINCE = 18_000_000
COLUMNS = ["industry_code", "business_scope", "main_products"]


def classify_part(path: str, groups: list[int]) -> tuple[int, int, float]:
    """Rows and placements of some row groups, and the seconds spent (classifier included)."""
    started = time.perf_counter()
    classifier = Classifier(shipped_chains())
    file = pq.ParquetFile(path)
    rows = placements = 0
    for group in groups:
        table = file.read_row_group(group, columns=COLUMNS)
        found = classify_columns(
            classifier, table["industry_code"], table["business_scope"], table["main_products"]
        )
        rows += table.num_rows
        placements += found.num_rows
    return rows, placements, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "enterprises.parquet"
        regions, names = guangdong_regions()
        write_parquet(
            path, args.count, seed=args.seed, regions=regions, region_names=names,
            batch_size=50_000,
        )  # fmt: skip
        file = pq.ParquetFile(path)
        scopes = pq.read_table(path, columns=["business_scope"])["business_scope"]
        distinct = pc.count_distinct(scopes).as_py()
        groups = list(range(file.num_row_groups))
        parts = [groups[i :: args.workers] for i in range(args.workers)]
        started = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            results = list(pool.map(classify_part, [str(path)] * args.workers, parts))
        elapsed = time.perf_counter() - started
    rows = sum(r[0] for r in results)
    placements = sum(r[1] for r in results)
    per_worker = [r[0] / r[2] for r in results]
    rate = rows / elapsed
    print(f"rows               {rows:,} ({distinct:,} distinct scopes)")
    print(f"placements         {placements:,} ({placements / rows:.2f} per enterprise)")
    print(f"workers            {args.workers}")
    print(f"elapsed            {elapsed:.1f} s (process start and classifier build included)")
    workers = ", ".join(f"{r:,.0f}" for r in per_worker)
    print(f"rows/s             {rate:,.0f} ({workers} per worker)")
    minutes = PROVINCE / rate / 60
    print(f"18,000,000 rows    ~{minutes:.1f} min at this rate (goal: 10 min)")


if __name__ == "__main__":
    main()
