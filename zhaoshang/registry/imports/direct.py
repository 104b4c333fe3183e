"""The write stage of an import read in columns (``columnar``) into a registry that holds no
enterprise yet: a city's or a province's first load. Every row is then a new enterprise, so
nothing is compared or upserted: each block of valid rows goes straight into the enterprise
table with the ids given here (one after the other, in the order of the file's lines), and
its yearly figures into theirs under the same ids, with no staging table and no join.

How the rows reach the database is the database's fastest way in from Arrow columns, and
the whole load is one transaction, so that a failure leaves the registry as it was:

- PostgreSQL: ``COPY`` in the binary format (``pgcopy``), on the importing connection,
  inside its transaction, from a thread of its own. The server takes the binary format's
  values as it stores them, in half the time it parses the same rows in CSV.
- SQLite, in a database file and with no transaction open on the importing connection (the
  command and the background task): the ADBC driver binds the columns in C, on a connection
  of its own to the same file, in one ``BEGIN IMMEDIATE`` … ``COMMIT`` (the importing
  connection only reads meanwhile). Python's sqlite3 module would build a Python object for
  every value, three times slower.
- SQLite otherwise (an in-memory database, an import inside a transaction):
  ``executemany`` on the importing connection, inside its transaction.

The credit codes given on more than one line are known only once the whole file is read:
their rows are written with the others, then taken out again (``remove``), and the rows the
pipeline settles for them written at the end (``add_rows``). Their ids are then not given
again: the ids of a load rise with the lines, with a gap where such a row was.
"""

from __future__ import annotations

import datetime
import json
import logging
import queue
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection, transaction
from django.db.models import Model

from zhaoshang.registry.bulk_indexes import indexes_set_aside
from zhaoshang.registry.imports import pgcopy
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
CACHE_KIB = 128 * 1024  # SQLite's page cache of the load's connection
logger = logging.getLogger(__name__)


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
        self.next_id = writer.first_id(ENTERPRISE_TABLE)
        # The figures' ids too, in the same order (rather than the server's sequence, called
        # once a row).
        self.next_figures_id = writer.first_id(FIGURES_TABLE)
        self.times = pa.array([], pa.string())  # the time, as many times as a block needs
        self.created = 0
        self.figures = 0

    def add(self, table: pa.Table) -> None:
        """A block's valid rows (STAGE_SCHEMA's columns and types, as the pipeline casts
        them), any order: their ids given by line."""
        count = table.num_rows
        if not count:
            return
        # The ids rise with the lines. The rows stay in the block's order (those the reading
        # process could not certify come last): reordering every column would cost more.
        lines = table.column("line").to_numpy()
        numbers = np.arange(self.next_id, self.next_id + count, dtype=np.int64)
        if np.any(lines[1:] < lines[:-1]):
            ranked = np.empty(count, dtype=np.int64)
            ranked[np.argsort(lines, kind="stable")] = numbers
            numbers = ranked
        ids = pa.array(numbers)
        self.next_id += count
        columns: dict[str, Any] = {"id": ids}
        if len(self.times) < count:
            self.times = pa.array([self.now] * count, pa.string())
        for name in UPSERT_COLUMNS:
            if name in _TIMES:
                columns[name] = self.times.slice(0, count)
            else:
                columns[name] = table.column(_FROM_STAGE.get(name, name))
        self.writer.write(ENTERPRISE_TABLE, pa.table(columns))
        figures = pa.table(
            {"enterprise_id": ids, **{name: table.column(name) for name in FIGURE_COLUMNS}}
        ).filter(pc.is_valid(table.column("year")))
        given = self.next_figures_id
        self.next_figures_id += figures.num_rows
        figure_ids = pa.array(np.arange(given, self.next_figures_id, dtype=np.int64))
        self.writer.write(FIGURES_TABLE, figures.add_column(0, "id", figure_ids))
        self.created += count
        self.figures += figures.num_rows

    def add_rows(self, rows: Sequence[tuple[int, PreparedRow]]) -> None:
        self.add(table_of_rows(rows))

    def remove(self, codes: Sequence[str]) -> None:
        """Take the enterprises of these credit codes out again, with their figures."""
        enterprises, figures = self.writer.remove(codes)
        self.created -= enterprises
        self.figures -= figures

    def settle(self) -> None:
        """Once the load has ended (committed or not), and the work after it is done: wait
        for what the writer still does in the background."""
        self.writer.settle()


@contextmanager
def loading(now: datetime.datetime, set_aside: Sequence[type[Model]] = ()) -> Iterator[DirectLoad]:
    """A direct load, committed when the block ends normally and undone whole otherwise.
    The secondary indexes of the models ``set_aside`` (and on PostgreSQL their foreign
    keys) are dropped for the load and built again at its end: on PostgreSQL inside its
    transaction, so that the rows are stored, indexed and checked at once (the scans that
    build the indexes then find the rows their own, with no commit to look up and mark);
    on SQLite after it, where the load's own connection holds the only write lock."""
    if connection.vendor == "postgresql":
        writer: _Writer = _CopyWriter()
    elif (path := _sqlite_file()) is not None and not connection.in_atomic_block:
        writer = _AdbcWriter(path)
    else:
        writer = _CursorWriter()
    inside = connection.vendor == "postgresql"
    with (
        indexes_set_aside(set_aside, when=bool(set_aside) and not inside),
        writer.transaction(),
        indexes_set_aside(set_aside, when=bool(set_aside) and inside, undone_by_rollback=True),
    ):
        # Unique keys are built once from sorted values rather than kept up to date row by
        # row, in random order for the credit codes (which, with a province's codes, no
        # cache holds). Dropped and built again inside the load's transaction: a code given
        # twice (whose rows the pipeline takes out before the end) would fail the build and
        # undo the whole load.
        writer.before_alter()
        again = writer.keys_aside()
        load = DirectLoad(writer, now)
        yield load
        writer.end_rows()
        writer.before_alter()
        for statement in again:
            writer.execute(statement)
        writer.finish(ENTERPRISE_TABLE, load.next_id - 1)
        writer.finish(FIGURES_TABLE, load.next_figures_id - 1)


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

    def first_id(self, table: str) -> int:
        """The first free id of ``table``, taken inside the load's transaction: AUTOINCREMENT
        never gives a deleted row's id again (the audit events of an enterprise keep it),
        and neither does this load."""
        return int(self.one(_SQLITE_LAST_ID.format(table=table))) + 1

    @abstractmethod
    def write(self, name: str, table: pa.Table) -> None:
        """Append the rows of ``table`` (named as the columns) to the table ``name``."""

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    def remove(self, codes: Sequence[str]) -> tuple[int, int]:
        """Delete the enterprises of ``codes`` and their figures; return how many of each
        (the credit code's index is set aside: each statement reads the whole table)."""
        chosen, given = self.among(codes)
        figures = self.deleted(
            f"DELETE FROM {_q(FIGURES_TABLE)} WHERE enterprise_id IN "
            f"(SELECT id FROM {_q(ENTERPRISE_TABLE)} WHERE {chosen})",
            [given],
        )
        return self.deleted(f"DELETE FROM {_q(ENTERPRISE_TABLE)} WHERE {chosen}", [given]), figures

    def among(self, codes: Sequence[str]) -> tuple[str, Any]:
        """A condition that the credit code is one of ``codes``, and its one parameter."""
        return "uscc IN (SELECT value FROM json_each(%s))", json.dumps(list(codes))

    def deleted(self, sql: str, params: Sequence[Any]) -> int:
        """Run a DELETE; return how many rows it deleted."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.rowcount)

    def end_rows(self) -> None:
        """Every row is given: anything still on its way is written."""
        return  # nothing, unless the writer sends rows in the background

    def before_alter(self) -> None:
        """Anything to do before a table is altered inside the load's transaction."""
        return  # nothing, unless the database has checks pending

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return None if row is None else row[0]

    def keys_aside(self) -> list[str]:
        """Drop the unique keys the load builds again at its end; return the statements
        that build them. On SQLite, the credit code's index that migration 0006 made (a
        later rebuild of the table by a migration would make it part of the table's
        definition again: then it stays, and is kept up to date)."""
        found = self.one(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s", [USCC_UNIQUE]
        )
        if found is None:
            return []
        self.execute(f"DROP INDEX {_q(USCC_UNIQUE)}")
        return [str(found)]

    def finish(self, table: str, last_id: int) -> None:
        """Anything to do once every row is written (the load's transaction still open), for
        ``table``, whose last id given is ``last_id``."""
        return  # nothing, unless the database keeps a sequence

    def settle(self) -> None:
        """Wait for whatever the writer does in the background after the load's end."""
        return  # nothing, unless it does something


def _q(name: str) -> str:
    return str(connection.ops.quote_name(name))


# SQLite's last id of a table ({table}), AUTOINCREMENT's counter included.
_SQLITE_LAST_ID = (
    'SELECT MAX(COALESCE((SELECT MAX(id) FROM "{table}"), 0), '
    "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0))"
)


class _CopyWriter(_Writer):
    """PostgreSQL: each block's rows in one ``COPY`` a table, in the binary format
    (``pgcopy``): the enterprises, then their figures. A thread of its own sends them, so
    that the importing thread prepares the next blocks while the server stores the last."""

    def __init__(self) -> None:
        # Blocks encoded and waiting for their COPY: a few, to bound the memory they take.
        self.queue: queue.Queue[tuple[str, memoryview] | None] = queue.Queue(maxsize=4)
        self.sender: threading.Thread | None = None
        self.failure: BaseException | None = None
        self.abandoned = False  # the load failed here: what is queued is not sent

    def first_id(self, table: str) -> int:
        with connection.cursor() as cursor:
            # Other writers of the table wait for this load, which moves its id sequence past
            # its rows before it commits.
            cursor.execute(f"LOCK TABLE {_q(table)} IN EXCLUSIVE MODE")
            cursor.execute(
                f"SELECT GREATEST(COALESCE(MAX(id), 0), "
                f"(SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END "
                f"FROM {self._sequence(table)})) FROM {_q(table)}"
            )
            (largest,) = cursor.fetchone()
        return int(largest) + 1

    @staticmethod
    def _sequence(table: str) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            (name,) = cursor.fetchone()
        return str(name)

    def keys_aside(self) -> list[str]:
        """Every primary or unique key of the two tables that no foreign key relies on: the
        credit code's, and the figures' (the enterprise's id stays, other tables refer to
        it; a load keeps appending to it in order, which costs little)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint AS c WHERE conrelid IN (%s::regclass, %s::regclass) "
                "AND contype IN ('p', 'u') AND NOT EXISTS (SELECT 1 FROM pg_constraint AS f "
                "WHERE f.contype = 'f' AND f.conindid = c.conindid) ORDER BY conname",
                [ENTERPRISE_TABLE, FIGURES_TABLE],
            )
            keys = cursor.fetchall()
            for table, name, _definition in keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {_q(name)}")
        return [f"ALTER TABLE {table} ADD CONSTRAINT {_q(name)} {d}" for table, name, d in keys]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with transaction.atomic():
            try:
                yield
            except BaseException:
                self.abandoned = True
                raise
            finally:
                self._stop_sender()  # before the transaction ends, whichever way

    def write(self, name: str, table: pa.Table) -> None:
        if not table.num_rows:
            return
        self._raise_failure()
        if self.sender is None:
            connection.ensure_connection()
            self.sender = threading.Thread(
                target=self._send, args=(connection.connection,), name="copy", daemon=True
            )
            self.sender.start()
        kinds = _COLUMN_KINDS[name]
        data = pgcopy.rows(table, [kinds[column] for column in table.column_names])
        columns = ", ".join(_q(column) for column in table.column_names)
        self.queue.put((f"COPY {_q(name)} ({columns}) FROM STDIN (FORMAT binary)", data))

    def _send(self, raw: Any) -> None:
        """The sending thread: each block's COPY on the importing connection (which the
        importing thread leaves alone meanwhile). After a failure, its own or the importing
        thread's, it only empties the queue; the importing thread raises its failure."""
        while (item := self.queue.get()) is not None:
            if self.failure is not None or self.abandoned:
                continue
            sql, data = item
            try:
                with raw.cursor() as cursor, cursor.copy(sql) as copy:
                    copy.write(pgcopy.SIGNATURE)
                    copy.write(data)
                    copy.write(pgcopy.TRAILER)
            except BaseException as problem:  # raised again by the importing thread
                self.failure = problem

    def _stop_sender(self) -> None:
        if self.sender is not None:
            self.queue.put(None)
            self.sender.join()
            self.sender = None

    def end_rows(self) -> None:
        self._stop_sender()
        self._raise_failure()

    def remove(self, codes: Sequence[str]) -> tuple[int, int]:
        self.end_rows()  # the rows on their way first (the next write starts a sender again)
        return super().remove(codes)

    def among(self, codes: Sequence[str]) -> tuple[str, Any]:
        return "uscc = ANY(%s)", list(codes)

    def before_alter(self) -> None:
        """PostgreSQL alters no table with foreign-key checks still pending (Django's are
        deferred to the commit): they are made now."""
        self.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.execute("SET CONSTRAINTS ALL DEFERRED")

    def _raise_failure(self) -> None:
        """The sending thread's failure, raised here as Django raises the driver's errors."""
        if self.failure is not None:
            with connection.wrap_database_errors:
                raise self.failure

    def finish(self, table: str, last_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(%s, %s)", [self._sequence(table), max(last_id, 1)])


class _Kinds(dict[str, "pgcopy.Kind"]):
    """Each column of a table and how its values are written in binary (from the model's
    fields, looked up when first needed: the database's types are PostgreSQL's)."""

    def __init__(self, model: type[Any]) -> None:
        super().__init__()
        self.model = model

    def __missing__(self, column: str) -> pgcopy.Kind:
        for field in self.model._meta.concrete_fields:
            self[field.column] = pgcopy.kind_of(str(field.db_type(connection)))
        return self[column]


_COLUMN_KINDS = {ENTERPRISE_TABLE: _Kinds(Enterprise), FIGURES_TABLE: _Kinds(YearlyFigures)}


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
        self.checkpoint: threading.Thread | None = None

    def settle(self) -> None:
        """The checkpoint's end, then this connection's: closed before the checkpoint ends,
        the database's last connection but one would copy the pages itself."""
        if self.checkpoint is not None:
            self.checkpoint.join()
            self.checkpoint = None
            self._close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        import adbc_driver_sqlite.dbapi

        self.connection = adbc_driver_sqlite.dbapi.connect(self.path, autocommit=True)
        self.cursor = None
        try:
            self.cursor = self.connection.cursor()
            self.cursor.execute("PRAGMA busy_timeout = 60000")
            self.cursor.execute("PRAGMA synchronous = NORMAL")  # as the application's
            # Pages of the credit-code index are changed again and again: kept in memory,
            # each is written once rather than at every spill.
            self.cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            # The commit leaves the load's pages in the write-ahead log: copying them into
            # the database file (a checkpoint) is left to a thread of its own (``settle``),
            # which does it while the importing thread builds the indexes.
            self.cursor.execute("PRAGMA wal_autocheckpoint = 0")
            self.cursor.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.cursor.execute("ROLLBACK")
                raise
            self.cursor.execute("COMMIT")
        except BaseException:
            self._close()
            raise
        self.checkpoint = threading.Thread(
            target=_checkpoint, args=(self.path,), name="checkpoint", daemon=True
        )
        self.checkpoint.start()

    def _close(self) -> None:
        if self.cursor is not None:
            self.cursor.close()
        self.connection.close()

    def write(self, name: str, table: pa.Table) -> None:
        if table.num_rows:
            self.cursor.adbc_ingest(name, table, mode="append")

    def execute(self, sql: str) -> None:
        self.cursor.execute(sql)

    def deleted(self, sql: str, params: Sequence[Any]) -> int:
        self.cursor.execute(sql.replace("%s", "?"), params)
        return int(self.one("SELECT changes()"))

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        self.cursor.execute(sql.replace("%s", "?"), params)
        row = self.cursor.fetchone()
        return None if row is None else row[0]


def _checkpoint(path: str) -> None:
    """Copy the pages in SQLite's write-ahead log into the database file, on a connection of
    its own (Python's sqlite3 lets other threads run meanwhile). Passive: it takes no lock
    that another connection waits for, and skips what a reader still needs; the next
    automatic checkpoint copies the rest. A failure loses nothing (the log keeps the pages):
    it is logged."""
    try:
        with closing(sqlite3.connect(path, isolation_level=None)) as database:
            database.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.Error:
        logger.exception("The checkpoint after a first load failed; the next one will copy it")
