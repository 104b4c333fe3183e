"""Writing a database query to a Parquet file, for the columnar snapshots that previews and
rankings read with DuckDB: rows are fetched and written in batches (memory stays flat
whatever the table's size), the file appears whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

if TYPE_CHECKING:  # pyarrow (60 MiB) loads when a file is written, not at start-up
    import pyarrow as pa

BATCH = 50_000


@contextmanager
def streaming_cursor(name: str) -> Iterator[Any]:
    """A cursor that fetches rows as they are read: on PostgreSQL a server-side cursor
    named ``name`` (a client-side one would hold the whole result in memory)."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.connection.cursor(name=name) as cursor:
            yield cursor
    else:
        with connection.cursor() as cursor:
            yield cursor


def column_of(values: list[Any], kind: pa.DataType) -> pa.Array:
    """One column as ``kind``, inferred and cast by pyarrow as a whole: SQLite's text dates
    and 0/1 flags, PostgreSQL's Decimals, and all-missing columns included."""
    import pyarrow as pa

    return pa.array(values).cast(kind)


def query_to_parquet(
    path: Path, sql: str, params: Sequence[Any], schema: pa.Schema, *, batch: int = BATCH
) -> int:
    """Write the rows of ``sql`` (columns in ``schema``'s order) to ``path`` atomically;
    return the row count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    os.close(fd)
    rows = 0
    types = [field.type for field in schema]
    try:
        with transaction.atomic(), streaming_cursor(f"zhaoshang_{path.stem[:20]}") as cursor:
            cursor.execute(sql, list(params))
            with pq.ParquetWriter(temporary, schema) as writer:
                while found := cursor.fetchmany(batch):
                    arrays = [column_of([r[i] for r in found], t) for i, t in enumerate(types)]
                    writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
                    rows += len(found)
        Path(temporary).replace(path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return rows
