"""The write stage of an import read in columns (``columnar``) into a registry that holds no
enterprise yet: a city's or a province's first load. Every row is then a new enterprise, so
nothing is compared or upserted: each block of valid rows goes straight into the enterprise
table with the ids given here (one after the other, in the order of the file's lines), and
its yearly figures into theirs under the same ids, with no staging table and no join.

How the rows reach the database is the database's fastest way in from Arrow columns, and
the whole load is one transaction, so that a failure leaves the registry as it was:

- PostgreSQL: ``COPY`` on the importing connection, inside its transaction.
- SQLite, in a database file and with no transaction open on the importing connection (the
  command and the background task): the ADBC driver binds the columns in C, on a connection
  of its own to the same file, in one ``BEGIN IMMEDIATE`` … ``COMMIT`` (the importing
  connection only reads meanwhile). Python's sqlite3 module would build a Python object for
  every value, three times slower.
- SQLite otherwise (an in-memory database, an import inside a transaction):
  ``executemany`` on the importing connection, inside its transaction.

The rows of credit codes given on more than one line are not written here: the pipeline
finds those codes first, holds their rows and settles them at the end (``add_rows``).
"""

from __future__ import annotations

import datetime
import io
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.db import connection, transaction

from zhaoshang.registry.imports.stage import STAGE_COLUMNS, sqlite_executemany
from zhaoshang.registry.imports.validate import ABOVE_AT, FIGURE_COLUMNS, PreparedRow
from zhaoshang.registry.imports.write import UPSERT_COLUMNS
from zhaoshang.registry.models import USCC_UNIQUE, Enterprise, YearlyFigures

# The columns of a block as ``columnar`` prepares it, and their Arrow types.
_INTEGERS = frozenset({"line", "year", "employees"})
STAGE_SCHEMA = pa.schema(
    [
        (name, pa.int64() if name in _INTEGERS else pa.bool_() if name == "above" else pa.string())
        for name in STAGE_COLUMNS
    ]
)
ENTERPRISE_TABLE = Enterprise._meta.db_table
FIGURES_TABLE = YearlyFigures._meta.db_table
# Each enterprise column and the staged column it is taken from.
_FROM_STAGE = {
    "latest_year": "year",
    "latest_revenue": "revenue",
    "above_designated_size": "above",
}
_TIMES = ("created_at", "updated_at")
CACHE_KIB = 128 * 1024
COPY_BYTES = 4 * 2**20  # SQLite's page cache of the load's connection


def table_of_rows(rows: Sequence[tuple[int, PreparedRow]]) -> pa.Table:
    """Rows as the row validator prepares them, with their lines, as a block's table."""
    columns = list(zip(*((line, *row) for line, row in rows), strict=True)) if rows else []
    arrays = [
        pa.array(list(values) if columns else [], type=field.type)
        for field, values in zip(STAGE_SCHEMA, columns or [()] * len(STAGE_SCHEMA), strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=STAGE_SCHEMA)


def rows_of_table(table: pa.Table) -> list[tuple[int, PreparedRow]]:
    """A block's rows as (line, prepared row): the inverse of ``table_of_rows``."""
    columns = [column.to_pylist() for column in table.columns]
    out = []
    for record in zip(*columns, strict=True):
        row = list(record[1:])
        row[ABOVE_AT] = bool(row[ABOVE_AT])
        out.append((int(record[0]), tuple(row)))
    return out


class DirectLoad:
    """One load of new enterprises (see the module's docstring). ``add`` each block in the
    order of the file; leave ``loading``'s block normally to commit."""

    def __init__(self, writer: _Writer, now: datetime.datetime) -> None:
        self.writer = writer
        # The time as the database takes it in text (SQLite's as Django writes it).
        self.now = (
            now.isoformat()
            if connection.vendor == "postgresql"
            else str(connection.ops.adapt_datetimefield_value(now))
        )
        self.next_id = writer.first_id()
        self.created = 0
        self.figures = 0

    def add(self, table: pa.Table) -> None:
        """A block's valid rows (STAGE_SCHEMA's columns and types, as the pipeline casts
        them), any order: written by line."""
        count = table.num_rows
        if not count:
            return
        table = table.sort_by("line")
        ids = pa.array(np.arange(self.next_id, self.next_id + count, dtype=np.int64))
        self.next_id += count
        columns: dict[str, Any] = {"id": ids}
        now = pa.array([self.now], pa.string())
        for name in UPSERT_COLUMNS:
            if name in _TIMES:
                columns[name] = now.take(np.zeros(count, dtype=np.int32))
            else:
                columns[name] = table.column(_FROM_STAGE.get(name, name))
        self.writer.write(ENTERPRISE_TABLE, pa.table(columns))
        figures = pa.table(
            {"enterprise_id": ids, **{name: table.column(name) for name in FIGURE_COLUMNS}}
        ).filter(pc.is_valid(table.column("year")))
        self.writer.write(FIGURES_TABLE, figures)
        self.created += count
        self.figures += figures.num_rows

    def add_rows(self, rows: Sequence[tuple[int, PreparedRow]]) -> None:
        self.add(table_of_rows(rows))


@contextmanager
def loading(now: datetime.datetime) -> Iterator[DirectLoad]:
    """A direct load, committed when the block ends normally and undone whole otherwise."""
    if connection.vendor == "postgresql":
        writer: _Writer = _CopyWriter()
    elif (path := _sqlite_file()) is not None and not connection.in_atomic_block:
        writer = _AdbcWriter(path)
    else:
        writer = _CursorWriter()
    editor = connection.schema_editor(atomic=False)  # only to write SQL: not entered
    (unique,) = [c for c in Enterprise._meta.constraints if c.name == USCC_UNIQUE]
    with writer.transaction(), writer.streams():
        # The credit code's index, built once from the sorted codes rather than kept up to
        # date row by row in random order (which, with a province's codes, no cache holds).
        # Dropped and built again inside the load's transaction: a code given twice (which
        # the pipeline holds back) would fail the build and undo the whole load.
        aside = writer.has_named_unique()
        if aside:
            writer.before_alter()
            writer.execute(str(unique.remove_sql(Enterprise, editor)))
        load = DirectLoad(writer, now)
        yield load
        writer.end_rows()
        if aside:
            writer.before_alter()
            writer.execute(str(unique.create_sql(Enterprise, editor)))
        writer.finish(load.next_id - 1)


def _sqlite_file() -> str | None:
    """The SQLite database's file, None for an in-memory database."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name or name.startswith("file:"):
        return None
    return name


class _Writer(ABC):
    """How a load's rows reach one kind of database; the rest is shared."""

    def transaction(self) -> Any:
        return transaction.atomic()

    def first_id(self) -> int:
        """The first free enterprise id, taken inside the load's transaction."""
        return int(self.one(_SQLITE_LAST_ID)) + 1

    @abstractmethod
    def write(self, name: str, table: pa.Table) -> None:
        """Append the rows of ``table`` (named as the columns) to the table ``name``."""

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    def streams(self) -> AbstractContextManager[Any]:
        """What stays open from the first block to the last (closed on a failure)."""
        return nullcontext()

    def end_rows(self) -> None:
        """Every row is given: anything still held back is written."""
        return  # nothing, unless the writer holds something back

    def before_alter(self) -> None:
        """PostgreSQL alters no table with foreign-key checks still pending (Django's are
        deferred to the commit): they are made now."""
        if connection.vendor == "postgresql":
            self.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.execute("SET CONSTRAINTS ALL DEFERRED")

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return None if row is None else row[0]

    def has_named_unique(self) -> bool:
        """Whether the credit code's uniqueness is the index migration 0006 made, which can
        be dropped (on SQLite, a later rebuild of the table by a migration would make it
        part of the table's definition again: then it stays, and is kept up to date)."""
        if connection.vendor == "postgresql":
            found = self.one("SELECT 1 FROM pg_constraint WHERE conname = %s", [USCC_UNIQUE])
        else:
            found = self.one(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = %s", [USCC_UNIQUE]
            )
        return found is not None

    def finish(self, last_id: int) -> None:
        """Anything to do once every row is written (the load's transaction still open)."""
        return  # nothing, unless the database keeps a sequence


def _q(name: str) -> str:
    return str(connection.ops.quote_name(name))


# SQLite's last enterprise id: AUTOINCREMENT never gives a deleted enterprise's id again (its
# audit events keep it), and neither does this load.
_SQLITE_LAST_ID = (
    f'SELECT MAX(COALESCE((SELECT MAX(id) FROM "{ENTERPRISE_TABLE}"), 0), '
    f"COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{ENTERPRISE_TABLE}'), 0))"
)


class _CopyWriter(_Writer):
    """PostgreSQL: COPY in CSV (Arrow writes it; an empty unquoted field is NULL, an empty
    text is written quoted)."""

    def first_id(self) -> int:
        with connection.cursor() as cursor:
            # Other writers of enterprises wait for this load, which moves the id sequence
            # past its rows before it commits.
            cursor.execute(f"LOCK TABLE {_q(ENTERPRISE_TABLE)} IN EXCLUSIVE MODE")
            cursor.execute(
                f"SELECT GREATEST(COALESCE(MAX(id), 0), "
                f"(SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END "
                f"FROM {self._sequence()})) FROM {_q(ENTERPRISE_TABLE)}"
            )
            (largest,) = cursor.fetchone()
        return int(largest) + 1

    @staticmethod
    def _sequence() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [ENTERPRISE_TABLE])
            (name,) = cursor.fetchone()
        return str(name)

    def __init__(self) -> None:
        self.stack = ExitStack()
        self.copy: Any = None  # the enterprises' COPY, open from the first block to the last
        self.figures: Any = None  # their figures meanwhile, in CSV in a temporary file
        self.figure_columns: list[str] = []

    @contextmanager
    def streams(self) -> Iterator[None]:
        try:
            with self.stack:  # on a failure, the COPY is ended as failed
                yield
        finally:
            if self.figures is not None:
                self.figures.close()

    def write(self, name: str, table: pa.Table) -> None:
        """The enterprises go to one COPY that stays open, so that the server stores a block
        while this process encodes the next; the figures wait in a file for their own COPY
        (one statement at a time on a connection)."""
        if not table.num_rows:
            return
        if name == FIGURES_TABLE:
            if self.figures is None:
                self.figures = tempfile.TemporaryFile()  # noqa: SIM115 (closed by streams)
                self.figure_columns = table.column_names
            pa_csv.write_csv(table, self.figures, pa_csv.WriteOptions(include_header=False))
            return
        if self.copy is None:
            cursor = self.stack.enter_context(connection.cursor())
            self.copy = self.stack.enter_context(cursor.cursor.copy(self._copy_sql(name, table)))
        out = io.BytesIO()
        pa_csv.write_csv(table, out, pa_csv.WriteOptions(include_header=False))
        self.copy.write(out.getbuffer())

    @staticmethod
    def _copy_sql(name: str, columns: pa.Table | list[str]) -> str:
        names = columns.column_names if isinstance(columns, pa.Table) else columns
        return f"COPY {_q(name)} ({', '.join(_q(c) for c in names)}) FROM STDIN (FORMAT csv)"

    def end_rows(self) -> None:
        self.stack.close()  # ends the enterprises' COPY
        if self.figures is None:
            return
        self.figures.seek(0)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(self._copy_sql(FIGURES_TABLE, self.figure_columns)) as copy,
        ):
            while block := self.figures.read(COPY_BYTES):
                copy.write(block)

    def finish(self, last_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(%s, %s)", [self._sequence(), max(last_id, 1)])


class _CursorWriter(_Writer):
    """SQLite on the importing connection (AUTOINCREMENT follows the ids given)."""

    def write(self, name: str, table: pa.Table) -> None:
        if not table.num_rows:
            return
        marks = ", ".join(["?"] * table.num_columns)
        names = ", ".join(_q(c) for c in table.column_names)
        rows = zip(*(column.to_pylist() for column in table.columns), strict=True)
        sqlite_executemany(f"INSERT INTO {_q(name)} ({names}) VALUES ({marks})", rows)


class _AdbcWriter(_Writer):
    """SQLite through the ADBC driver's own connection to the database file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.connection: Any = None
        self.cursor: Any = None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        import adbc_driver_sqlite.dbapi

        self.connection = adbc_driver_sqlite.dbapi.connect(self.path, autocommit=True)
        try:
            self.cursor = self.connection.cursor()
            self.cursor.execute("PRAGMA busy_timeout = 60000")
            self.cursor.execute("PRAGMA synchronous = NORMAL")  # as the application's
            # Pages of the credit-code index are changed again and again: kept in memory,
            # each is written once rather than at every spill.
            self.cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self.cursor.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.cursor.execute("ROLLBACK")
                raise
            self.cursor.execute("COMMIT")
        finally:
            if self.cursor is not None:
                self.cursor.close()
            self.connection.close()

    def write(self, name: str, table: pa.Table) -> None:
        if table.num_rows:
            self.cursor.adbc_ingest(name, table, mode="append")

    def execute(self, sql: str) -> None:
        self.cursor.execute(sql)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        self.cursor.execute(sql.replace("%s", "?"), params)
        row = self.cursor.fetchone()
        return None if row is None else row[0]
