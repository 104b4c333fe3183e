"""PostgreSQL's binary COPY written from Arrow columns (registry/imports/pgcopy.py): every
kind of column a first load writes comes back from the server as it was given."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from django.db import connection

from zhaoshang.registry.imports import pgcopy

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own format"),
]

COLUMNS = {
    "words": "varchar(20)",
    "story": "text",
    "small": "smallint",
    "middle": "integer",
    "large": "bigint",
    "flag": "boolean",
    "day": "date",
    "moment": "timestamp with time zone",
    "money": "numeric(16, 2)",
    "fine": "numeric(12, 5)",
}
MOMENT = datetime.datetime(2026, 12, 6, 19, 34, 33, 47041, tzinfo=datetime.UTC)
ROWS = [
    # words, story, small, middle, large, flag, day, moment, money, fine
    ("四会市华盛电子", "", 2024, 999_999_999, 2**62, True, "1999-12-31", MOMENT, "0", "0.5"),
    ("", "多行\n文字 ü", -32768, -1, -(2**62), False, "2000-01-01", MOMENT, "0.01", "-1.00001"),
    (None, None, None, None, None, None, None, None, None, None),
    ("a", "b", 0, 0, 0, True, "", MOMENT, "", "1234567.12345"),
    ("x", "y", 32767, 2**31 - 1, 1, False, "2026-02-28", MOMENT, "99999999999999.99", "-0.00001"),
    ("y", "z", 1, 2, 3, True, "1900-03-01", MOMENT, "-12.5", "10000"),
]
TYPES = [
    pa.string(),
    pa.string(),
    pa.int64(),
    pa.int64(),
    pa.int64(),
    pa.bool_(),
    pa.string(),
    pa.timestamp("us", tz="UTC"),
    pa.string(),
    pa.string(),
]


def stored(table: pa.Table) -> list[tuple[object, ...]]:
    kinds = [pgcopy.kind_of(COLUMNS[name]) for name in table.column_names]
    columns = ", ".join(table.column_names)
    with connection.cursor() as cursor:
        definition = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
        cursor.execute(f"CREATE TEMPORARY TABLE copied (n serial, {definition})")
        with cursor.cursor.copy(f"COPY copied ({columns}) FROM STDIN (FORMAT binary)") as copy:
            copy.write(pgcopy.SIGNATURE + bytes(pgcopy.rows(table, kinds)) + pgcopy.TRAILER)
        cursor.execute(f"SELECT {columns} FROM copied ORDER BY n")
        return cursor.fetchall()


def expected(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """What the server gives back for a row: dates and numbers read, "" none for them."""
    words, story, small, middle, large, flag, day, moment, money, fine = row
    return (
        words,
        story,
        small,
        middle,
        large,
        flag,
        datetime.date.fromisoformat(day) if day else None,
        moment,
        Decimal(money).quantize(Decimal("0.01")) if money else None,
        Decimal(fine).quantize(Decimal("0.00001")) if fine else None,
    )


def table_of(rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    columns = list(zip(*rows, strict=True))
    return pa.table(
        {
            name: pa.array(values, type)
            for name, values, type in zip(COLUMNS, columns, TYPES, strict=True)
        }
    )


def test_every_kind_of_value_comes_back_as_given():
    assert stored(table_of(ROWS)) == [expected(row) for row in ROWS]


def test_a_slice_of_a_table_is_written_from_its_own_rows():
    """Arrow slices share their parent's buffers from an offset: only the slice is sent."""
    assert stored(table_of(ROWS).slice(1, 3)) == [expected(row) for row in ROWS[1:4]]


def test_a_value_too_large_for_its_column_is_refused_before_anything_is_sent():
    table = pa.table({"small": pa.array([70_000], pa.int64())})
    with pytest.raises(ValueError, match="int2"):
        pgcopy.rows(table, [pgcopy.kind_of("smallint")])


def test_a_type_without_a_binary_writer_is_named():
    with pytest.raises(ValueError, match="jsonb"):
        pgcopy.kind_of("jsonb")
