"""Targets at province scale: the registry's columnar snapshot (Parquet) and the bulk
classifier's placements beside it (Parquet: ``row``, ``link``), read by DuckDB; the score is
the engine's (:mod:`.targets`, numpy). No Django here.

The snapshot needs the columns ``region_code``, ``revenue`` (latest year, 10,000 yuan),
``high_tech_cert_no`` (or a boolean ``high_tech``), ``specialised_new_on``,
``little_giant_on``, ``listed_on``, and optionally an earlier revenue (``before_sql``, an
expression over the snapshot's row ``e`` such as ``e.revenue_2022``, ``years`` before the
latest). An enterprise's ``row`` is its position in
the snapshot file (DuckDB's ``file_row_number``), as the bulk classifier numbers rows.

DuckDB reads only the candidates' rows of the snapshot: the placements of the link give
the row numbers, and the join on ``file_row_number`` lets DuckDB skip row groups.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import numpy as np

from zhaoshang.chains.engine.targets import Candidates, Ranked, Weights, haversine_km, rank


@dataclass(frozen=True)
class Snapshot:
    enterprises: str  # Parquet path
    placements: str  # Parquet path (row, link)
    regions: Mapping[str, tuple[float, float]]  # county code -> (lat, lon) of its centre
    before_sql: str | None = None  # SQL over the snapshot's row ``e``: e.g. "e.revenue_2022"
    years: int = 1
    facts: str | None = None  # Parquet written by placement_facts_write (None: join each time)


def placement_facts_write(snapshot: Snapshot, path: str, threads: int = 2) -> int:
    """Write, once per snapshot, every placement with the facts the score reads (region,
    revenues, qualifications), sorted by link: a link's candidates are then a few row groups
    of one narrow file, not a join over the whole registry. Returns the rows written."""
    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    before = f"CAST({snapshot.before_sql} AS DOUBLE)" if snapshot.before_sql else "NULL::DOUBLE"
    con.execute(
        f"""
        COPY (
          SELECT p.link, p.row, e.region_code, CAST(e.revenue AS DOUBLE) AS revenue,
                 {before} AS before,
                 e.high_tech_cert_no IS NOT NULL AS high_tech,
                 e.specialised_new_on IS NOT NULL AS specialised_new,
                 e.little_giant_on IS NOT NULL AS little_giant,
                 e.listed_on IS NOT NULL AS listed
          FROM read_parquet({_literal(snapshot.placements)}) p
          JOIN read_parquet({_literal(snapshot.enterprises)}, file_row_number = true) e
            ON e.file_row_number = p.row
          ORDER BY p.link, p.row
        ) TO {_literal(path)} (FORMAT parquet, ROW_GROUP_SIZE 100000)
        """
    )
    found = con.execute(f"SELECT count(*) FROM read_parquet({_literal(path)})").fetchone()
    return int(found[0]) if found else 0


def connect(snapshot: Snapshot, threads: int = 2) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    codes = list(snapshot.regions)
    con.execute("CREATE TABLE centres (code VARCHAR, lat DOUBLE, lon DOUBLE)")
    if codes:
        con.executemany(
            "INSERT INTO centres VALUES (?, ?, ?)",
            [(code, *snapshot.regions[code]) for code in codes],
        )
    return con


def _literal(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


def link_counts(
    con: duckdb.DuckDBPyConnection, snapshot: Snapshot, links: Sequence[int], prefix: str
) -> dict[int, int]:
    """Enterprises on each link within the region (codes starting with ``prefix``)."""
    if snapshot.facts:
        rows = con.execute(
            f"""
            SELECT link, count(*) FROM read_parquet({_literal(snapshot.facts)})
            WHERE list_contains(?, link) AND starts_with(region_code, ?)
            GROUP BY link
            """,
            [list(links), prefix],
        ).fetchall()
        found = dict.fromkeys(links, 0)
        found.update({int(link): int(n) for link, n in rows})
        return found
    rows = con.execute(
        f"""
        SELECT p.link, count(*) FROM read_parquet({_literal(snapshot.placements)}) p
        JOIN (SELECT file_row_number AS row, region_code
              FROM read_parquet({_literal(snapshot.enterprises)}, file_row_number = true)
              WHERE starts_with(region_code, ?)) e USING (row)
        WHERE list_contains(?, p.link)
        GROUP BY p.link
        """,
        [prefix, list(links)],
    ).fetchall()
    found = dict.fromkeys(links, 0)
    found.update({int(link): int(n) for link, n in rows})
    return found


def candidate_columns(
    con: duckdb.DuckDBPyConnection,
    snapshot: Snapshot,
    links: Sequence[int],
    prefix: str,
    fit_by_link: Mapping[int, float],
    centre: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray, Candidates]:
    """(rows, link, columns) of every enterprise on one of ``links`` outside the region."""
    before = f"CAST({snapshot.before_sql} AS DOUBLE)" if snapshot.before_sql else "NULL::DOUBLE"
    fit_rows = [(int(k), float(v)) for k, v in fit_by_link.items()] or [(-1, 0.0)]
    con.execute("CREATE OR REPLACE TEMP TABLE link_fit (link INTEGER, fit DOUBLE)")
    con.executemany("INSERT INTO link_fit VALUES (?, ?)", fit_rows)
    if snapshot.facts:
        return _from_facts(con, snapshot.facts, links, prefix, centre, snapshot.years)
    table = con.execute(
        f"""
        WITH wanted AS (
            SELECT row, link FROM read_parquet({_literal(snapshot.placements)})
            WHERE list_contains(?, link)
        ), fits AS (
            SELECT p.row, max(f.fit) AS fit
            FROM read_parquet({_literal(snapshot.placements)}) p JOIN link_fit f USING (link)
            WHERE p.row IN (SELECT row FROM wanted)
            GROUP BY p.row
        )
        SELECT w.row, w.link, CAST(e.revenue AS DOUBLE) AS revenue, {before} AS before,
               e.high_tech_cert_no IS NOT NULL AS high_tech,
               e.specialised_new_on IS NOT NULL AS specialised_new,
               e.little_giant_on IS NOT NULL AS little_giant,
               e.listed_on IS NOT NULL AS listed,
               coalesce(fits.fit, 0) AS fit, c.lat, c.lon
        FROM wanted w
        JOIN read_parquet({_literal(snapshot.enterprises)}, file_row_number = true) e
          ON e.file_row_number = w.row
        LEFT JOIN fits ON fits.row = w.row
        LEFT JOIN centres c ON c.code = e.region_code
        WHERE NOT starts_with(coalesce(e.region_code, ''), ?)
        ORDER BY w.row
        """,
        [list(links), prefix],
    ).fetchnumpy()
    return _as_candidates(table, centre, snapshot.years)


def _from_facts(
    con: duckdb.DuckDBPyConnection,
    facts: str,
    links: Sequence[int],
    prefix: str,
    centre: tuple[float, float],
    years: int,
) -> tuple[np.ndarray, np.ndarray, Candidates]:
    table = con.execute(
        f"""
        WITH wanted AS (
            SELECT * FROM read_parquet({_literal(facts)})
            WHERE list_contains(?, link) AND NOT starts_with(coalesce(region_code, ''), ?)
        ), fits AS (
            SELECT p.row, max(f.fit) AS fit
            FROM read_parquet({_literal(facts)}) p JOIN link_fit f USING (link)
            WHERE p.row IN (SELECT row FROM wanted)
            GROUP BY p.row
        )
        SELECT w.row, w.link, w.revenue, w.before, w.high_tech, w.specialised_new,
               w.little_giant, w.listed, coalesce(fits.fit, 0) AS fit, c.lat, c.lon
        FROM wanted w LEFT JOIN fits ON fits.row = w.row
        LEFT JOIN centres c ON c.code = w.region_code
        ORDER BY w.row
        """,
        [list(links), prefix],
    ).fetchnumpy()
    return _as_candidates(table, centre, years)


def _as_candidates(
    table: dict[str, np.ndarray], centre: tuple[float, float], years: int
) -> tuple[np.ndarray, np.ndarray, Candidates]:
    lat = np.asarray(table["lat"], dtype=float)
    lon = np.asarray(table["lon"], dtype=float)
    columns = Candidates(
        revenue=np.asarray(table["revenue"], dtype=float),
        revenue_before=np.asarray(table["before"], dtype=float),
        years=np.full(len(lat), float(years)),
        high_tech=np.asarray(table["high_tech"], dtype=bool),
        specialised_new=np.asarray(table["specialised_new"], dtype=bool),
        little_giant=np.asarray(table["little_giant"], dtype=bool),
        listed=np.asarray(table["listed"], dtype=bool),
        fit=np.asarray(table["fit"], dtype=float),
        distance_km=haversine_km(lat, lon, *centre),
    )
    return np.asarray(table["row"]), np.asarray(table["link"]), columns


def _subset(c: Candidates, mask: np.ndarray) -> Candidates:
    return Candidates(**{name: getattr(c, name)[mask] for name in Candidates.__dataclass_fields__})


def rank_links(
    con: duckdb.DuckDBPyConnection,
    snapshot: Snapshot,
    links: Sequence[int],
    prefix: str,
    fit_by_link: Mapping[int, float],
    centre: tuple[float, float],
    weights: Weights,
    limit: int,
) -> dict[int, tuple[np.ndarray, Ranked]]:
    """For each link, the rows of its best ``limit`` candidates and their ranking."""
    rows, link_of, columns = candidate_columns(con, snapshot, links, prefix, fit_by_link, centre)
    ranked: dict[int, tuple[np.ndarray, Ranked]] = {}
    for link in links:
        mask = link_of == link
        found = rank(_subset(columns, mask), weights, limit)
        ranked[int(link)] = (rows[mask][found.order], found)
    return ranked
