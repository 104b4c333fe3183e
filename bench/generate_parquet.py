"""Benchmark of the enterprise generator: N rows to Parquet, rows per second and peak memory.

Regions are Guangdong's county-level divisions weighted by population (each prefecture's 2020
census population shared evenly among its counties), read straight from the registry's data
files; industries are the generator's defaults. Prints the rows written, the time, rows per
second, the peak resident memory (ru_maxrss) and the file size, and extrapolates to the
province's 18 million business entities.

    .venv/bin/python bench/generate_parquet.py [--count 1000000] [--seed 1] [--out FILE]
        [--batch-size 100000] [--workers 1] [--keep]

With --workers W > 1, W processes each write one part of the rows (start= offsets) into a
directory of part files, which DuckDB, Polars and pyarrow read as one dataset; the rows are
the same as with one worker.
"""

from __future__ import annotations

import argparse
import csv
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zhaoshang.registry.generator import RegionWeight, write_parquet  # noqa: E402

DATA = ROOT / "zhaoshang" / "registry" / "data"
PROVINCE_ENTITIES = 18_000_000


def guangdong_regions() -> tuple[list[RegionWeight], dict[str, tuple[str, str]]]:
    """County-level regions weighted by population, and every region's (name_zh, short_en)."""
    with (DATA / "prefecture_population_2020.csv").open(encoding="utf-8") as file:
        population = {row["code"]: float(row["population_10k"]) for row in csv.DictReader(file)}
    with (DATA / "regions.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    names = {row["code"]: (row["name_zh"], row["name_en"].split()[0]) for row in rows}
    counties: dict[str, list[str]] = {code: [] for code in population}
    for row in rows:
        if row["level"] == "county":
            counties[row["parent_code"]].append(row["code"])
    regions = []
    for prefecture, people in population.items():
        codes = counties[prefecture] or [prefecture]  # Dongguan and Zhongshan have no counties
        regions += [RegionWeight(code, people / len(codes)) for code in codes]
    return regions, names


def write_part(path: Path, count: int, start: int, seed: int, batch_size: int) -> tuple[int, int]:
    regions, names = guangdong_regions()
    written = write_parquet(
        path,
        count,
        seed=seed,
        regions=regions,
        region_names=names,
        batch_size=batch_size,
        start=start,
    )
    return written, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="file (or directory with --workers > 1)")
    parser.add_argument("--batch-size", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the output in a temp dir")
    args = parser.parse_args()

    scratch = None
    if args.out is None:
        scratch = Path(tempfile.mkdtemp(prefix="zhaoshang-generate-"))
        out = scratch / ("enterprises" if args.workers > 1 else "enterprises.parquet")
    else:
        out = args.out

    began = time.perf_counter()
    if args.workers <= 1:
        written, peak_kib = write_part(out, args.count, 0, args.seed, args.batch_size)
        files = [out]
    else:
        out.mkdir(parents=True, exist_ok=True)
        share = -(-args.count // args.workers)
        parts = [
            (out / f"part-{i:03d}.parquet", min(share, args.count - i * share), i * share)
            for i in range(args.workers)
            if i * share < args.count
        ]
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            futures = [
                pool.submit(write_part, path, count, start, args.seed, args.batch_size)
                for path, count, start in parts
            ]
            results = [f.result() for f in futures]
        written = sum(r[0] for r in results)
        peak_kib = max(r[1] for r in results)
        files = [path for path, _, _ in parts]
    seconds = time.perf_counter() - began

    size = sum(f.stat().st_size for f in files)
    rate = written / seconds
    print(f"rows written      {written:,}")
    print(f"workers           {max(args.workers, 1)}")
    print(f"seconds           {seconds:,.1f}")
    print(f"rows/s            {rate:,.0f}")
    print(f"peak RSS          {peak_kib / 1024:,.0f} MiB (per process)")
    print(f"Parquet size      {size / 2**20:,.1f} MiB ({size / written:,.1f} bytes/row)")
    print(
        f"18,000,000 rows   ~{PROVINCE_ENTITIES / rate / 60:,.1f} min, "
        f"~{size / written * PROVINCE_ENTITIES / 2**30:,.2f} GiB, same peak RSS"
    )
    if scratch is not None and not args.keep:
        shutil.rmtree(scratch)
    elif scratch is not None:
        print(f"output            {out}")


if __name__ == "__main__":
    main()
