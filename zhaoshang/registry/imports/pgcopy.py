"""PostgreSQL's binary ``COPY`` format, written from Arrow columns by pgpq (a Rust encoder of
Arrow record batches into that format), without a Python object per value.

In the binary format the server takes each value as it stores it: no text to split into
fields and unquote, no date or number to parse. On 1,000,000 enterprises it stores them in
half the time the same rows take in CSV, and the server's time is most of a first load's.

The format (PostgreSQL's documentation, "COPY", "Binary Format"): a signature, then each row
as its number of fields and each field as its length (-1 for NULL) and its bytes, then a
trailer. pgpq writes each Arrow type as one PostgreSQL type (a string as text, an int16 as
int2, a decimal128 as numeric, a date32 as date, ...): each column is cast here to the Arrow
type of its database column's kind, a date or a number given in text ("" for none) read on
the way. pgpq replaced our own writer (the same format from NumPy and Arrow kernels): it
takes 0.9 s of the importing process's core a million rows less, and writes numbers without
the padding digits ours gave them.

The kinds of column are named by the database types Django gives the model's fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pgpq import ArrowToPostgresBinaryEncoder

from zhaoshang.registry.imports.arrays import lengths

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
TRAILER = (-1).to_bytes(2, "big", signed=True)
_MAX_PRECISION = 38  # of a decimal128


@dataclass(frozen=True)
class Kind:
    """How one column's values are written: ``name`` is one of text, int2, int4, int8,
    bool, date, timestamptz, numeric (with its precision and scale)."""

    name: str
    precision: int = 0
    scale: int = 0


_FIXED = {"smallint": "int2", "integer": "int4", "bigint": "int8", "boolean": "bool"}
_ARROW = {
    "int2": pa.int16(),
    "int4": pa.int32(),
    "int8": pa.int64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "timestamptz": pa.timestamp("us", tz="UTC"),
}


def kind_of(db_type: str) -> Kind:
    """The kind of a column of this database type (as ``Field.db_type`` gives it)."""
    if db_type == "text" or db_type.startswith("varchar"):
        return Kind("text")
    if db_type in _FIXED:
        return Kind(_FIXED[db_type])
    if db_type == "date":
        return Kind("date")
    if db_type == "timestamp with time zone":
        return Kind("timestamptz")
    if db_type.startswith("numeric("):
        precision, scale = (int(part) for part in db_type[len("numeric(") : -1].split(","))
        if precision > _MAX_PRECISION:
            raise ValueError(f"numeric({precision}, {scale}) is wider than a decimal128")
        return Kind("numeric", precision, scale)
    raise ValueError(f"no binary COPY for the database type {db_type!r}")


def rows(table: pa.Table, kinds: Sequence[Kind]) -> memoryview:
    """The table's rows in the binary format (without signature and trailer), the columns
    in the table's order, each written as its kind says. Raises ValueError, before anything
    is written, for a value its column cannot hold."""
    arrays = [
        _typed(column.combine_chunks(), kind)
        for column, kind in zip(table.columns, kinds, strict=True)
    ]
    batch = pa.RecordBatch.from_arrays(arrays, names=table.column_names)
    encoder = ArrowToPostgresBinaryEncoder(batch.schema)
    encoder.write_header()  # the signature: the caller writes its own, once for its COPY
    # The encoder keeps what it writes until it holds enough, then gives it: all of it at
    # the end, with the trailer (left to the caller too).
    written = b"".join([encoder.write_batch(batch), encoder.finish()])
    if not written.endswith(TRAILER):
        raise ValueError("the binary COPY encoder ended without its trailer")
    return memoryview(written)[: -len(TRAILER)]


def _typed(column: pa.Array, kind: Kind) -> pa.Array:
    """The column as the Arrow type pgpq writes as its kind: a date or a number in text
    read, "" as NULL."""
    if kind.name == "text":
        return column.cast(pa.string())
    if pa.types.is_string(column.type) and kind.name != "timestamptz":
        column = _masked(column, lengths(column) > 0)
    target = (
        pa.decimal128(kind.precision, kind.scale) if kind.name == "numeric" else _ARROW[kind.name]
    )
    try:
        return pc.cast(column, target)
    except pa.ArrowInvalid as problem:
        raise ValueError(f"a value does not fit in {kind.name}: {problem}") from None


def _masked(column: pa.Array, kept: np.ndarray) -> pa.Array:
    """The column with a null wherever ``kept`` is false (and wherever it had one)."""
    if column.null_count:
        kept = kept & np.asarray(pc.is_valid(column).to_numpy(zero_copy_only=False), dtype=bool)
    if kept.all():
        return column
    shown = np.concatenate([np.zeros(column.offset, dtype=bool), kept])
    bitmap = pa.py_buffer(np.packbits(shown, bitorder="little"))
    return pa.Array.from_buffers(
        column.type, len(column), [bitmap, *column.buffers()[1:]], offset=column.offset
    )
