"""The write stage of an import read in columns (``columnar``): every valid row first goes to
a staging table of the importing connection (a temporary table: PostgreSQL fills it by
COPY, SQLite by executemany of the rows already checked), and only once the whole file is
read are the enterprises that are new to the registry loaded from it in one statement
(INSERT … SELECT), their yearly figures in another: the database moves the rows, not
Python. Rows of enterprises already stored, and the rows of codes given on more than one
line, go through ``write.write_rows`` as before (comparison, audit, upsert).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
from django.db import connection, models, transaction

from zhaoshang.registry.imports.validate import (
    ABOVE_AT,
    ENTERPRISE_COLUMNS,
    FIGURE_COLUMNS,
    PreparedRow,
)
from zhaoshang.registry.imports.write import UPSERT_COLUMNS
from zhaoshang.registry.models import Enterprise, YearlyFigures

STAGE = "zhaoshang_import_stage"
REPEATED = "zhaoshang_import_repeated"
STAGE_COLUMNS = ("line", *ENTERPRISE_COLUMNS, "above", *FIGURE_COLUMNS)
_INTEGERS = frozenset({"line", "year", "employees"})
ROWS_PER_FETCH = 5000


def sqlite_executemany(sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """SQLite: ``executemany`` on the driver's own cursor (Django's wrapper would turn
    every row's parameters from %s style first)."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


def _q(name: str) -> str:
    return str(connection.ops.quote_name(name))


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _typed(model: type[models.Model], column: str, expression: str) -> str:
    """On PostgreSQL, a staged text as the column's type (dates and money)."""
    if not _pg():
        return expression
    field = model._meta.get_field(column.removesuffix("_id"))
    if isinstance(field, models.DateField | models.DecimalField):
        return f"CAST({expression} AS {field.db_type(connection)})"
    return expression


class Stage:
    """The staging tables of one import, on the default connection (dropped by ``drop``).
    SQLite's are in a database file of their own in ``directory``, attached to the
    connection: its temporary tables are kept in memory (``temp_store``), which a province's
    file would not fit."""

    def __init__(self, directory: Path) -> None:
        self.attached = False
        self.schema = "temp"  # SQLite's, inside a transaction (ATTACH is refused there)
        if not _pg() and not connection.in_atomic_block:
            connection.ensure_connection()
            raw = connection.connection
            raw.execute("ATTACH DATABASE ? AS zhaoshang_stage", [str(directory / "stage.sqlite3")])
            self.attached = True
            self.schema = "zhaoshang_stage"
            raw.execute("PRAGMA zhaoshang_stage.journal_mode = OFF")
            raw.execute("PRAGMA zhaoshang_stage.synchronous = OFF")
            # Sorts (the indexes built at the end of a bulk load) in files, not in memory.
            raw.execute("PRAGMA temp_store = FILE")
        self.stage = self._table(STAGE)
        self.repeated = self._table(REPEATED)
        self.drop()
        with connection.cursor() as cursor:
            if _pg():
                types = {c: "bigint" if c in _INTEGERS else "text" for c in STAGE_COLUMNS}
                types["above"] = "boolean"
                columns = ", ".join(f"{_q(c)} {types[c]}" for c in STAGE_COLUMNS)
                cursor.execute(f"CREATE TEMPORARY TABLE {self.stage} ({columns})")
                cursor.execute(f"CREATE TEMPORARY TABLE {self.repeated} (uscc text PRIMARY KEY)")
            else:
                # No declared types: SQLite keeps each value as given (text stays text).
                rest = ", ".join(_q(c) for c in STAGE_COLUMNS[1:])
                cursor.execute(f"CREATE TABLE {self.stage} (line INTEGER PRIMARY KEY, {rest})")
                cursor.execute(f"CREATE TABLE {self.repeated} (uscc PRIMARY KEY)")
        self.indexed = False

    def _table(self, name: str) -> str:
        """A staging table's name: SQLite's in the attached database (or its temporary one)."""
        return _q(name) if _pg() else f"{self.schema}.{_q(name)}"

    def drop(self) -> None:
        with connection.cursor() as cursor:
            for table in (STAGE, REPEATED):
                cursor.execute(f"DROP TABLE IF EXISTS {self._table(table)}")

    def close(self) -> None:
        self.drop()
        if self.attached:
            connection.connection.execute("DETACH DATABASE zhaoshang_stage")
            connection.connection.execute("PRAGMA temp_store = MEMORY")  # as settings set it
            self.attached = False

    # --- filling ----------------------------------------------------------------------

    def add_table(self, table: pa.Table) -> None:
        """Certified rows, as ``columnar`` prepares them (columns in STAGE_COLUMNS order)."""
        if not table.num_rows:
            return
        if _pg():
            out = io.BytesIO()
            pa_csv.write_csv(table, out, pa_csv.WriteOptions(include_header=False))
            names = ", ".join(_q(c) for c in STAGE_COLUMNS)
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {self.stage} ({names}) FROM STDIN (FORMAT csv)") as copy,
            ):
                copy.write(out.getbuffer())
            return
        columns = [column.to_pylist() for column in table.columns]
        with transaction.atomic():
            self._insert(zip(*columns, strict=True))

    def add_rows(self, rows: list[tuple[int, PreparedRow]]) -> None:
        """Rows the row validator took, with their lines."""
        if not rows:
            return
        if _pg():
            names = ", ".join(_q(c) for c in STAGE_COLUMNS)
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {self.stage} ({names}) FROM STDIN") as copy,
            ):
                for line, row in rows:
                    copy.write_row((line, *row))
            return
        with transaction.atomic():
            self._insert((line, *row) for line, row in rows)

    def _insert(self, rows: Iterable[tuple[Any, ...]]) -> None:
        marks = ", ".join(["?"] * len(STAGE_COLUMNS))
        sqlite_executemany(f"INSERT INTO {self.stage} VALUES ({marks})", rows)

    def set_repeated(self, codes: Iterable[str]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.repeated} (uscc) VALUES (%s)", [(c,) for c in codes]
            )

    # --- reading back -------------------------------------------------------------------

    def _index(self) -> None:
        if self.indexed:
            return
        with connection.cursor() as cursor:
            if _pg():
                cursor.execute(f"CREATE INDEX ON {self.stage} (line)")
                cursor.execute(f"CREATE INDEX ON {self.stage} (uscc)")
                cursor.execute(f"ANALYZE {self.stage}")
            else:
                cursor.execute(
                    f"CREATE INDEX {self.schema}.{_q('stage_uscc')} ON {_q(STAGE)} (uscc)"
                )
        self.indexed = True

    @staticmethod
    def _prepared(record: tuple[Any, ...]) -> tuple[int, PreparedRow]:
        row = list(record[1:])
        row[ABOVE_AT] = bool(row[ABOVE_AT])
        return int(record[0]), tuple(row)

    def rows_of_repeated(self) -> list[tuple[int, PreparedRow]]:
        """The valid rows of codes given on more than one line, by line."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {self.repeated} LIMIT 1")
            if cursor.fetchone() is None:
                return []
        self._index()
        names = ", ".join(f"s.{_q(c)}" for c in STAGE_COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {names} FROM {self.stage} s JOIN {self.repeated} r ON r.uscc = s.uscc "
                "ORDER BY s.line"
            )
            return [self._prepared(record) for record in cursor.fetchall()]

    def known_rows(self) -> Iterator[list[PreparedRow]]:
        """The rows (not repeated) of enterprises already stored, a chunk at a time."""
        self._index()
        names = ", ".join(f"s.{_q(c)}" for c in STAGE_COLUMNS)
        table = _q(Enterprise._meta.db_table)
        after = 0
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {names} FROM {self.stage} s WHERE s.line > %s "
                    f"AND EXISTS (SELECT 1 FROM {table} e WHERE e.uscc = s.uscc) "
                    f"AND NOT EXISTS (SELECT 1 FROM {self.repeated} r WHERE r.uscc = s.uscc) "
                    f"ORDER BY s.line LIMIT {ROWS_PER_FETCH}",
                    [after],
                )
                records = cursor.fetchall()
            if not records:
                return
            after = int(records[-1][0])
            yield [self._prepared(record)[1] for record in records]

    # --- loading --------------------------------------------------------------------------

    def _new_rows(self) -> str:
        table = _q(Enterprise._meta.db_table)
        return (
            f"FROM {self.stage} s WHERE NOT EXISTS (SELECT 1 FROM {table} e WHERE e.uscc = s.uscc) "
            f"AND NOT EXISTS (SELECT 1 FROM {self.repeated} r WHERE r.uscc = s.uscc)"
        )

    def count_new(self) -> tuple[int, int]:
        """(enterprises, figures) that ``load_new`` would write (a dry run)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*), COUNT(s.year) {self._new_rows()}")
            created, figures = cursor.fetchone()
        return int(created), int(figures)

    def load_new(self, now: Any) -> tuple[int, int]:
        """Insert the enterprises new to the registry and their figures; return how many of
        each. Their latest figures are the row's own (a new enterprise has no others)."""
        table = _q(Enterprise._meta.db_table)
        selected = []
        for column in UPSERT_COLUMNS:
            if column in ("updated_at", "created_at"):
                selected.append("%s")
            elif column == "latest_year":
                selected.append("s.year")
            elif column == "latest_revenue":
                selected.append(_typed(Enterprise, column, "s.revenue"))
            elif column == "above_designated_size":
                selected.append("s.above")
            else:
                selected.append(_typed(Enterprise, column, f"s.{_q(column)}"))
        order = "" if _pg() else " ORDER BY s.line"
        with connection.cursor() as cursor:
            if _pg():  # the planner's statistics of the staged rows
                cursor.execute(f"ANALYZE {self.stage}")
                cursor.execute(f"ANALYZE {self.repeated}")
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            (before,) = cursor.fetchone()
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(_q(c) for c in UPSERT_COLUMNS)}) "
                f"SELECT {', '.join(selected)} {self._new_rows()}{order}",
                [now, now],
            )
            created = cursor.rowcount
            figures_table = _q(YearlyFigures._meta.db_table)
            figure_values = ", ".join(
                _typed(YearlyFigures, c, f"s.{_q(c)}") for c in FIGURE_COLUMNS
            )
            cursor.execute(
                f"INSERT INTO {figures_table} "
                f"({', '.join(_q(c) for c in ('enterprise_id', *FIGURE_COLUMNS))}) "
                f"SELECT e.id, {figure_values} FROM {self.stage} s "
                f"JOIN {table} e ON e.uscc = s.uscc "
                f"WHERE e.id > %s AND s.year IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {self.repeated} r WHERE r.uscc = s.uscc)",
                [before],
            )
            figures = cursor.rowcount
        return created, figures
