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

A *region* is given either as a code prefix (``"4412"``: every code that begins so) or as
the collection of its county codes (what the registry's region tree says is in it). The
*placement facts* file (``placement_facts_write``, or written by the application straight
from its database) has the columns ``link``, ``row`` (any number naming the enterprise),
``region_code``, ``revenue``, ``before``, ``years`` (between ``before`` and ``revenue``),
``above_size``, ``high_tech``, ``specialised_new``, ``little_giant`` and ``listed``, sorted
by ``link``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np

from zhaoshang.chains.engine.targets import Candidates, Ranked, Weights, haversine_km, rank

Region = str | Collection[str]  # a code prefix, or the region's county codes


def _member(column: str, region: Region) -> tuple[str, list[Any]]:
    """SQL that is true where ``column`` lies in ``region``, and its parameter."""
    if isinstance(region, str):
        return f"starts_with(coalesce({column}, ''), ?)", [region]
    return f"coalesce(list_contains(?, {column}), false)", [sorted(region)]


def _within(column: str, within: Region | None) -> tuple[str, list[Any]]:
    if within is None:
        return "true", []
    return _member(column, within)


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
                 {before} AS before, {int(snapshot.years)} AS years,
                 CAST(NULL AS BOOLEAN) AS above_size,
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
    con: duckdb.DuckDBPyConnection, snapshot: Snapshot, links: Sequence[int], region: Region
) -> dict[int, int]:
    """Enterprises on each link within the region."""
    inside, params = _member("region_code", region)
    if snapshot.facts:
        rows = con.execute(
            f"""
            SELECT link, count(*) FROM read_parquet({_literal(snapshot.facts)})
            WHERE list_contains(?, link) AND {inside}
            GROUP BY link
            """,
            [list(links), *params],
        ).fetchall()
        found = dict.fromkeys(links, 0)
        found.update({int(link): int(n) for link, n in rows})
        return found
    rows = con.execute(
        f"""
        SELECT p.link, count(*) FROM read_parquet({_literal(snapshot.placements)}) p
        JOIN (SELECT file_row_number AS row, region_code
              FROM read_parquet({_literal(snapshot.enterprises)}, file_row_number = true)
              WHERE {inside}) e USING (row)
        WHERE list_contains(?, p.link)
        GROUP BY p.link
        """,
        [*params, list(links)],
    ).fetchall()
    found = dict.fromkeys(links, 0)
    found.update({int(link): int(n) for link, n in rows})
    return found


def candidate_columns(
    con: duckdb.DuckDBPyConnection,
    snapshot: Snapshot,
    links: Sequence[int],
    region: Region,
    fit_by_link: Mapping[int, float],
    centre: tuple[float, float],
    within: Region | None = None,
) -> tuple[np.ndarray, np.ndarray, Candidates]:
    """(rows, link, columns) of every enterprise on one of ``links`` outside the region
    (and, given ``within``, inside that wider region: the province)."""
    before = f"CAST({snapshot.before_sql} AS DOUBLE)" if snapshot.before_sql else "NULL::DOUBLE"
    fit_rows = [(int(k), float(v)) for k, v in fit_by_link.items()] or [(-1, 0.0)]
    con.execute("CREATE OR REPLACE TEMP TABLE link_fit (link INTEGER, fit DOUBLE)")
    con.executemany("INSERT INTO link_fit VALUES (?, ?)", fit_rows)
    if snapshot.facts:
        return _from_facts(con, snapshot.facts, links, region, within, centre)
    inside, params = _member("e.region_code", region)
    wider, wider_params = _within("e.region_code", within)
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
        WHERE NOT {inside} AND {wider}
        ORDER BY w.row
        """,
        [list(links), *params, *wider_params],
    ).fetchnumpy()
    table["years"] = np.full(len(table["row"]), float(snapshot.years))
    return _as_candidates(table, centre)


def _from_facts(
    con: duckdb.DuckDBPyConnection,
    facts: str,
    links: Sequence[int],
    region: Region,
    within: Region | None,
    centre: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray, Candidates]:
    inside, params = _member("region_code", region)
    wider, wider_params = _within("region_code", within)
    table = con.execute(
        f"""
        WITH wanted AS (
            SELECT * FROM read_parquet({_literal(facts)})
            WHERE list_contains(?, link) AND NOT {inside} AND {wider}
        ), fits AS (
            SELECT p.row, max(f.fit) AS fit
            FROM read_parquet({_literal(facts)}) p JOIN link_fit f USING (link)
            WHERE p.row IN (SELECT row FROM wanted)
            GROUP BY p.row
        )
        SELECT w.row, w.link, w.revenue, w.before, w.years, w.high_tech, w.specialised_new,
               w.little_giant, w.listed, coalesce(fits.fit, 0) AS fit, c.lat, c.lon
        FROM wanted w LEFT JOIN fits ON fits.row = w.row
        LEFT JOIN centres c ON c.code = w.region_code
        ORDER BY w.row
        """,
        [list(links), *params, *wider_params],
    ).fetchnumpy()
    return _as_candidates(table, centre)


def _as_candidates(
    table: Mapping[str, np.ndarray], centre: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray, Candidates]:
    lat = np.asarray(table["lat"], dtype=float)
    lon = np.asarray(table["lon"], dtype=float)
    columns = Candidates(
        revenue=np.asarray(table["revenue"], dtype=float),
        revenue_before=np.asarray(table["before"], dtype=float),
        years=np.asarray(table["years"], dtype=float),
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
    region: Region,
    fit_by_link: Mapping[int, float],
    centre: tuple[float, float],
    weights: Weights,
    limit: int,
    within: Region | None = None,
) -> dict[int, tuple[np.ndarray, Ranked]]:
    """For each link, the rows of its best ``limit`` candidates and their ranking."""
    rows, link_of, columns = candidate_columns(
        con, snapshot, links, region, fit_by_link, centre, within
    )
    ranked: dict[int, tuple[np.ndarray, Ranked]] = {}
    for link in links:
        mask = link_of == link
        found = rank(_subset(columns, mask), weights, limit)
        ranked[int(link)] = (rows[mask][found.order], found)
    return ranked


@dataclass(frozen=True)
class LinkTotals:
    """A link's enterprises in a region, from the placement facts."""

    count: int = 0
    above_size: int = 0
    high_tech: int = 0
    specialised_new: int = 0
    revenue: float = 0.0  # 10,000 yuan, latest year


def link_totals(
    con: duckdb.DuckDBPyConnection, facts: str, links: Sequence[int], region: Region
) -> dict[int, LinkTotals]:
    """Each of ``links`` with its enterprises in ``region`` (a chain map's numbers); links
    without any are left out."""
    inside, params = _member("region_code", region)
    rows = con.execute(
        f"""
        SELECT link, count(*), count(*) FILTER (WHERE above_size),
               count(*) FILTER (WHERE high_tech), count(*) FILTER (WHERE specialised_new),
               coalesce(sum(revenue), 0)
        FROM read_parquet({_literal(facts)})
        WHERE list_contains(?, link) AND {inside}
        GROUP BY link
        """,
        [list(links), *params],
    ).fetchall()
    return {
        int(link): LinkTotals(int(n), int(above), int(tech), int(new), float(revenue))
        for link, n, above, tech, new, revenue in rows
    }
