"""PostgreSQL's binary ``COPY`` format, written from Arrow columns by Arrow's and NumPy's
kernels, without a Python object per value.

In the binary format the server takes each value as it stores it: no text to split into
fields and unquote, no date or number to parse. On 1,000,000 enterprises it stores them in
half the time the same rows take in CSV, and the server's time is most of a first load's.

The format (PostgreSQL's documentation, "COPY", "Binary Format"): a signature, then each row
as its number of fields (int16) and each field as its length in bytes (int32, -1 for NULL)
and its bytes, then -1 (int16). Every integer is big-endian. Each column is turned here into
an Arrow array whose values are its fields' bytes, length included; Arrow then joins the
columns' fields row by row (``binary_join_element_wise``), and the joined array's data is the
rows' bytes, in order.

The kinds of column are named by the database types Django gives the model's fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
TRAILER = (-1).to_bytes(2, "big", signed=True)
_NULL_FIELD = pa.scalar((-1).to_bytes(4, "big", signed=True), pa.binary())
_EPOCH_DAYS = 10_957  # PostgreSQL counts days and times from 2000-01-01; Arrow from 1970
_EPOCH_MICROSECONDS = _EPOCH_DAYS * 86_400 * 10**6
_NUMERIC_BASE_DIGITS = 4  # a numeric's digits are base 10,000: four decimal digits each
_NUMERIC_NEGATIVE = 0x4000


@dataclass(frozen=True)
class Kind:
    """How one column's values are written: ``name`` is one of text, int2, int4, int8,
    bool, date, timestamptz, numeric (with its precision and scale)."""

    name: str
    precision: int = 0
    scale: int = 0


_FIXED = {"smallint": "int2", "integer": "int4", "bigint": "int8", "boolean": "bool"}
_WIDTH = {"int2": ">i2", "int4": ">i4", "int8": ">i8"}


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
        if precision > 18:
            raise ValueError(f"numeric({precision}, {scale}) is wider than 64 bits")
        return Kind("numeric", precision, scale)
    raise ValueError(f"no binary COPY for the database type {db_type!r}")


def rows(table: pa.Table, kinds: Sequence[Kind]) -> pa.Buffer:
    """The table's rows in the binary format (without signature and trailer), the columns
    in the table's order, each written as its kind says."""
    count = table.num_rows
    fields = [_raw(np.full(count, table.num_columns, dtype=">i2"))]
    for column, kind in zip(table.columns, kinds, strict=True):
        fields.append(_fields(column.combine_chunks(), kind))
    joined = pc.binary_join_element_wise(*fields, b"")
    offsets = np.frombuffer(joined.buffers()[1], dtype=np.int32, count=count + 1, offset=0)
    start = offsets[joined.offset]
    end = offsets[joined.offset + count]
    return joined.buffers()[2][start:end]


def _fields(column: pa.Array, kind: Kind) -> pa.Array:
    """Each value's field: length and bytes, or the NULL field."""
    if kind.name == "text":
        data = pc.fill_null(column, "").cast(pa.binary())
        lengths = pc.binary_length(data).to_numpy(zero_copy_only=False).astype(">i4")
        fields = pc.binary_join_element_wise(_raw(lengths), data, b"")
        return _with_nulls(fields, column) if column.null_count else fields
    if pa.types.is_string(column.type):  # a date or a number in text: "" when there is none
        column = pc.if_else(pc.equal(column, ""), pa.scalar(None, column.type), column)
    if kind.name == "numeric":
        return _numeric(column, kind)
    if kind.name == "date":
        days = pc.cast(column, pa.date32()).cast(pa.int32())
        values = _numbers(days, np.int32) - _EPOCH_DAYS
        return _with_nulls(_sized(values.astype(">i4")), column)
    if kind.name == "timestamptz":
        micros = pc.cast(column, pa.timestamp("us", tz="UTC")).cast(pa.int64())
        values = _numbers(micros, np.int64) - _EPOCH_MICROSECONDS
        return _with_nulls(_sized(values.astype(">i8")), column)
    if kind.name == "bool":
        values = _numbers(pc.cast(column, pa.bool_()).cast(pa.uint8()), np.uint8)
        return _with_nulls(_sized(values), column)
    width = _WIDTH[kind.name]
    values = _numbers(pc.cast(column, pa.int64()), np.int64)
    narrow = values.astype(width)
    if not np.array_equal(narrow.astype(np.int64), values):
        raise ValueError(f"a value does not fit in {kind.name}")
    return _with_nulls(_sized(narrow), column)


def _numbers(column: pa.Array, dtype: type[np.generic]) -> np.ndarray:
    """The column's values in NumPy, a null as 0 (its field is written as NULL anyway)."""
    return np.asarray(pc.fill_null(column, 0).to_numpy(zero_copy_only=False), dtype=dtype)


def _numeric(column: pa.Array, kind: Kind) -> pa.Array:
    """A numeric as PostgreSQL receives it: its number of base-10,000 digits, the weight of
    the first, its sign, its scale in decimal digits, then the digits. Every value here is
    written with as many digits as the column's precision may need; the server drops the
    zeros at either end as it stores it."""
    decimals = pc.cast(column, pa.decimal128(kind.precision, kind.scale))
    # A decimal128's 16 bytes hold its value times 10**scale (little-endian); with 18 digits
    # at most, the low 8 bytes hold it whole.
    words = np.frombuffer(
        decimals.buffers()[1], dtype="<i8", count=2 * (decimals.offset + len(decimals))
    )
    unscaled = words[2 * decimals.offset :: 2].copy()
    unscaled[~_valid(column)] = 0
    fraction_digits = -(-kind.scale // _NUMERIC_BASE_DIGITS)  # base-10,000 digits after
    shifted = np.abs(unscaled) * 10 ** (fraction_digits * _NUMERIC_BASE_DIGITS - kind.scale)
    total_decimal = kind.precision + fraction_digits * _NUMERIC_BASE_DIGITS - kind.scale
    digits = -(-total_decimal // _NUMERIC_BASE_DIGITS)
    record = np.empty(
        len(column), dtype=[("size", ">i4"), ("head", ">i2", 4), ("digits", ">i2", digits)]
    )
    record["size"] = 8 + 2 * digits
    record["head"][:, 0] = digits
    record["head"][:, 1] = digits - fraction_digits - 1  # the first digit's weight
    record["head"][:, 2] = np.where(unscaled < 0, _NUMERIC_NEGATIVE, 0)
    record["head"][:, 3] = kind.scale
    for place in range(digits):  # the last digit is the lowest
        record["digits"][:, digits - 1 - place] = (shifted // 10_000**place) % 10_000
    return _with_nulls(_as_binary(record), column)


def _valid(column: pa.Array) -> np.ndarray:
    if not column.null_count:
        return np.ones(len(column), dtype=bool)
    return np.asarray(pc.is_valid(column).to_numpy(zero_copy_only=False), dtype=bool)


def _sized(values: np.ndarray) -> pa.Array:
    """Fixed-width values (big-endian already) as fields: each preceded by its length."""
    record = np.empty(len(values), dtype=[("size", ">i4"), ("value", values.dtype)])
    record["size"] = values.dtype.itemsize
    record["value"] = values
    return _as_binary(record)


def _raw(values: np.ndarray) -> pa.Array:
    """Fixed-width values as they are, each one binary value."""
    return _as_binary(np.ascontiguousarray(values))


def _as_binary(record: np.ndarray) -> pa.Array:
    width = record.dtype.itemsize
    fixed = pa.Array.from_buffers(
        pa.binary(width), len(record), [None, pa.py_buffer(record.view(np.uint8))]
    )
    return fixed.cast(pa.binary())


def _with_nulls(fields: pa.Array, column: pa.Array) -> pa.Array:
    if not column.null_count:
        return fields
    return pc.if_else(pc.is_valid(column), fields, _NULL_FIELD)
