"""Speed of chain targeting on a snapshot: ranking one link's candidates, and a chain's whole
gap analysis for a county, each beside the same query written by hand in DuckDB.

    .venv/bin/python bench/chain_targets.py [--rows 2000000] [--workers 2] [--county 441284]
        [--chain nev_battery] [--link batteries] [--folder DIR]

It generates ``--rows`` enterprises with the registry generator (Guangdong's counties by
population, scope and product text) into a Parquet snapshot, classifies them with the bulk
classifier (in ``--workers`` processes) into a placements Parquet beside it (``row``,
``link``), then times, each three times (the best is printed, and the first, cold):

- **one link**: the engine's path (DuckDB reads the link's candidates outside the county
  from the placement facts, numpy scores and ranks them: ``engine/snapshot_targets.py``)
  against one hand-written DuckDB query computing the same score in SQL (top 50);
- **gap analysis**: the county's and the province's counts on every link of the chain,
  strengths, the fit of every link, then the 10 best candidates of each missing link;
  against one hand-written query doing the counts and a window per link.

The generator writes one year of figures; an earlier revenue is derived from a hash of the
credit code (growth between -10% and +30% a year over 3 years) so growth has values to score.
The placement facts (each placement with the facts the score reads, sorted by link) are
written once per snapshot from the two files, and timed apart. With ``--folder`` the files
are kept (and reused when they exist), so the classification is paid once.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from generate_parquet import guangdong_regions  # noqa: E402  (beside this script)

from zhaoshang.chains.engine import Classifier, shipped_chains  # noqa: E402
from zhaoshang.chains.engine.bulk import classify_columns  # noqa: E402
from zhaoshang.chains.engine.snapshot_targets import (  # noqa: E402
    Snapshot,
    connect,
    link_counts,
    placement_facts_write,
    rank_links,
)
from zhaoshang.chains.engine.targets import (  # noqa: E402
    QUALIFICATION_POINTS,
    SIZE_CAP,
    Strength,
    Thresholds,
    Weights,
    link_fit,
    strength,
)
from zhaoshang.registry.generator import write_parquet  # noqa: E402

BEFORE_SQL = "e.revenue / pow(1 + (CAST(hash(e.uscc) % 41 AS INTEGER) - 10) / 100.0, 3)"
COLUMNS = ["industry_code", "business_scope", "main_products"]


def classify_part(path: str, groups: list[int]) -> pa.Table:
    classifier = Classifier(shipped_chains())
    file = pq.ParquetFile(path)
    starts = np.cumsum(
        [0] + [file.metadata.row_group(i).num_rows for i in range(file.num_row_groups)]
    )
    tables = []
    for group in groups:
        table = file.read_row_group(group, columns=COLUMNS)
        found = classify_columns(
            classifier,
            table["industry_code"],
            table["business_scope"],
            table["main_products"],
            first_row=int(starts[group]),
        )
        tables.append(found.select(["row", "link"]))
    return pa.concat_tables(tables)


def prepare(folder: Path, rows: int, workers: int) -> tuple[Path, Path, float, float]:
    """The snapshot and its placements (made once, kept in ``folder``)."""
    enterprises = folder / f"enterprises-{rows}.parquet"
    placements = folder / f"placements-{rows}.parquet"
    generated = classified = 0.0
    if not enterprises.exists():
        started = time.perf_counter()
        regions, names = guangdong_regions()
        write_parquet(
            enterprises, rows, seed=1, regions=regions, region_names=names, batch_size=100_000
        )
        generated = time.perf_counter() - started
    if not placements.exists():
        started = time.perf_counter()
        groups = list(range(pq.ParquetFile(enterprises).num_row_groups))
        parts = [groups[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(workers) as pool:
            tables = list(pool.map(classify_part, [str(enterprises)] * workers, parts))
        pq.write_table(
            pa.concat_tables(tables).sort_by("row"), placements, row_group_size=1_000_000
        )
        classified = time.perf_counter() - started
    return enterprises, placements, generated, classified


def centres() -> dict[str, tuple[float, float]]:
    with (ROOT / "zhaoshang/registry/data/regions.csv").open(encoding="utf-8") as file:
        return {
            row["code"]: (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(file)
            if row["latitude"]
        }


def best_of(fn: Callable[[], Any], times: int = 3) -> tuple[float, float, Any]:
    laps, result = [], None
    for _ in range(times):
        started = time.perf_counter()
        result = fn()
        laps.append(time.perf_counter() - started)
    return laps[0], min(laps), result


def hand_sql(snapshot: Snapshot, links: list[int], prefix: str, limit: int, w: dict[str, float],
             centre: tuple[float, float]) -> str:  # fmt: skip
    """The score of engine/targets.py written in DuckDB SQL, top ``limit`` per link."""
    q = QUALIFICATION_POINTS
    lat0, lon0 = centre
    return f"""
    WITH wanted AS (SELECT * FROM read_parquet('{snapshot.facts}')
                    WHERE list_contains({links}, link)
                      AND NOT starts_with(coalesce(region_code, ''), '{prefix}')),
    fits AS (SELECT p.row, max(f.fit) fit FROM read_parquet('{snapshot.facts}') p
             JOIN link_fit f USING (link) WHERE p.row IN (SELECT row FROM wanted) GROUP BY p.row),
    c AS (
      SELECT w.row, w.link, coalesce(w.revenue, 0) rev, w.before,
             ({q["high_tech"]} * w.high_tech::INT + {q["specialised_new"]} * w.specialised_new::INT
              + {q["little_giant"]} * w.little_giant::INT + {q["listed"]} * w.listed::INT) qual,
             coalesce(fits.fit, 0) fit,
             2 * 6371 * asin(sqrt(pow(sin(radians(ce.lat - {lat0}) / 2), 2)
               + cos(radians(ce.lat)) * cos(radians({lat0}))
               * pow(sin(radians(ce.lon - {lon0}) / 2), 2))) km
      FROM wanted w
      LEFT JOIN fits ON fits.row = w.row
      LEFT JOIN centres ce ON ce.code = w.region_code),
    s AS (
      SELECT row, link, 100 * (
          {w["size"]} * least(log10(1 + greatest(rev, 0)) / log10(1 + {SIZE_CAP}), 1)
        + {w["growth"]} * CASE WHEN before > 0 THEN greatest(0, least(1,
              (pow(rev / before, 1.0 / {snapshot.years}) - 1 + 0.1) / 0.4)) ELSE 0 END
        + {w["qualifications"]} * qual + {w["fit"]} * fit
        + {w["distance"]} * (1 / (1 + coalesce(km, 1e6) / 100))) score
      FROM c)
    SELECT link, row, score FROM (
      SELECT *, row_number() OVER (PARTITION BY link ORDER BY score DESC, row) n FROM s)
    WHERE n <= {limit} ORDER BY link, n
    """


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--county", default="441284")
    parser.add_argument("--chain", default="nev_battery")
    parser.add_argument("--link", default="batteries")
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.folder or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        run(args, folder)


def run(args: argparse.Namespace, folder: Path) -> None:
    enterprises, placements, generated, classified = prepare(folder, args.rows, args.workers)
    classifier = Classifier(shipped_chains())
    chain = next(c for c in shipped_chains() if c.key == args.chain)
    index = {pair: i for i, pair in enumerate(classifier.links)}
    chain_links = [index[(chain.key, link.key)] for link in chain.links]
    target = index[(chain.key, args.link)]
    regions = centres()
    joined = Snapshot(str(enterprises), str(placements), regions, BEFORE_SQL, years=3)
    facts = folder / f"placement-facts-{args.rows}.parquet"
    started = time.perf_counter()
    if not facts.exists():
        placement_facts_write(joined, str(facts))
    built = time.perf_counter() - started
    snapshot = Snapshot(
        str(enterprises), str(placements), regions, BEFORE_SQL, years=3, facts=str(facts)
    )
    con = connect(snapshot)
    county, centre = args.county, regions[args.county]
    weights = Weights()
    share = weights.normalised()
    limits = Thresholds()
    placed = pq.ParquetFile(placements).metadata.num_rows

    def strengths() -> tuple[dict[str, Strength], dict[int, float]]:
        local = link_counts(con, snapshot, chain_links, county)
        whole = link_counts(con, snapshot, chain_links, "44")
        found = {}
        for link in chain.links:
            i = index[(chain.key, link.key)]
            pct = 100 * local[i] / whole[i] if whole[i] else 0.0
            found[link.key] = strength(local[i], pct, 0, limits)
        fit = link_fit(chain, found)
        return found, {index[(chain.key, k)]: v for k, v in fit.items()}

    found, fit = strengths()

    def one_link() -> Any:
        return rank_links(con, snapshot, [target], county, fit, centre, weights, 50)

    def gap() -> Any:
        found, fit = strengths()
        missing = [index[(chain.key, k)] for k, s in found.items() if s is Strength.MISSING]
        return rank_links(con, snapshot, missing, county, fit, centre, weights, 10), missing

    con.execute("CREATE OR REPLACE TEMP TABLE link_fit (link INTEGER, fit DOUBLE)")
    con.executemany("INSERT INTO link_fit VALUES (?, ?)", list(fit.items()))

    def hand_one() -> Any:
        return con.execute(hand_sql(snapshot, [target], county, 50, share, centre)).fetchall()

    def hand_gap() -> Any:
        strengths()  # the same counts, by hand they are the same two queries
        missing = [index[(chain.key, k)] for k, s in found.items() if s is Strength.MISSING]
        con.execute("CREATE OR REPLACE TEMP TABLE link_fit (link INTEGER, fit DOUBLE)")
        con.executemany("INSERT INTO link_fit VALUES (?, ?)", list(fit.items()))
        return con.execute(hand_sql(snapshot, missing, county, 10, share, centre)).fetchall()

    cold_one, best_one, engine_one = best_of(one_link)
    cold_gap, best_gap, (engine_gap, missing) = best_of(gap)
    cold_hand_one, best_hand_one, hand_rows = best_of(hand_one)
    cold_hand_gap, best_hand_gap, _rows = best_of(hand_gap)
    engine_top = engine_one[target][0][:50].tolist()
    hand_top = [row for _link, row, _score in hand_rows]
    agree = engine_top == hand_top
    print(f"snapshot           {args.rows:,} enterprises, {placed:,} placements")
    if generated or classified:
        print(
            f"prepared           generated in {generated:.0f} s, classified in {classified:.0f} s"
        )
    if built > 0.5:
        print(f"placement facts    written in {built:.0f} s (once per snapshot)")
    print(f"county             {county}; chain {chain.key}: {len(missing)} missing links")
    print(
        f"candidates         {args.link}: {len(engine_one[target][1].order)} ranked of the link's"
    )
    print(f"one link           engine {best_one:.3f} s (cold {cold_one:.3f}), "
          f"hand-written DuckDB {best_hand_one:.3f} s (cold {cold_hand_one:.3f})")  # fmt: skip
    print(f"gap analysis       engine {best_gap:.3f} s (cold {cold_gap:.3f}), "
          f"hand-written DuckDB {best_hand_gap:.3f} s (cold {cold_hand_gap:.3f})")  # fmt: skip
    print(f"same top 50        {'yes' if agree else 'no'}")
    if args.rows < 18_000_000:
        scale = 18_000_000 / args.rows
        print(
            f"at 18,000,000      ~{best_one * scale:.1f} s and ~{best_gap * scale:.1f} s if linear "
            "in rows (goals: 2 s and 5 s)"
        )
    del engine_gap


if __name__ == "__main__":
    main()
