"""Realistic, deterministic enterprise data for the demo and the benchmarks. No Django here.

Rows are made in blocks of ``BLOCK`` enterprises. Block ``b`` draws everything from its own
random stream, ``SeedSequence(seed, spawn_key=(b,))``, so row ``i`` depends only on the seed,
``i`` and the reference data passed in: any range of rows can be made alone, in any order or in
parallel (``start=``), and equals the same range of one long run. The streams are NumPy's PCG64;
NumPy may change how a distribution is drawn between major versions, so a seed gives the same
rows within one environment, not forever.

The model, in short: a latent size ``z ~ N(0, 1)`` per enterprise drives revenue (log-normal
by division, older firms a little larger), employees, registered capital, ownership (state,
Hong Kong/Macao/Taiwan and foreign investors lean to larger firms and to manufacturing),
exports, R&D, the high-tech certificate, 专精特新 and 小巨人 recognition, and listing. Founding
dates are skewed recent, as the stock of enterprises has grown fast. Some values are missing,
as in real registers; enterprises without any figures have no ``year`` either.

Types, in Arrow and in files: codes and names are strings, dates ``date32``, money
``decimal128(18, 2)`` in 10,000 yuan (exact to 100 yuan; read back as ``Decimal``, as
``EnterpriseRecord`` carries it), ``year`` and ``employees`` ``int32``, ``ownership`` the
``Ownership`` value. Missing values are nulls (empty cells in CSV, "" in records' strings).

``region_names`` maps a GB/T 2260 code to ``(name_zh, short_en)``, e.g.
``{"441200": ("肇庆市", "Zhaoqing"), "441284": ("四会市", "Sihui")}``. With it, names start with
the place ("四会市…"; a district's enterprises carry the city: "广州市…") and addresses read
"广东省肇庆市四会市建设路128号"; regions without names get "广东…" and no address.

This module holds the public API. The rest of the package is split by topic: ``profiles``
(how enterprises of each division look, the default weights, name and address tables),
``plan`` (reference data turned into arrays once per run), ``blocks`` (the Arrow schema and
the vectorised rows of one block), ``text`` (names, scopes and products), ``credit_codes``
(the Unified Social Credit Codes) and ``population`` (the regions' weights).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from zhaoshang.registry.domain.schema import COLUMNS, EnterpriseRecord, Ownership
from zhaoshang.registry.generator.blocks import ARROW_SCHEMA, BLOCK, STRING_KEYS, block_rows
from zhaoshang.registry.generator.credit_codes import MAX_ROWS, uscc_for
from zhaoshang.registry.generator.plan import Plan
from zhaoshang.registry.generator.profiles import (
    DivisionWeight,
    RegionWeight,
    default_division_weights,
)


def _check_range(count: int, start: int) -> None:
    if count < 0:
        raise ValueError(f"count: {count} is negative")
    if start < 0:
        raise ValueError(f"start: {start} is negative")
    if start + count > MAX_ROWS:
        raise ValueError(f"start + count: {start + count} is more than {MAX_ROWS:,} rows")


def _pieces(plan: Plan, count: int, start: int) -> Iterator[pa.RecordBatch]:
    """Rows ``start`` to ``start + count - 1``, as slices of whole blocks."""
    end = start + count
    for block in range(start // BLOCK, (end - 1) // BLOCK + 1 if count else 0):
        first, last = block * BLOCK, (block + 1) * BLOCK
        rows = block_rows(plan, block)
        yield rows.slice(max(start, first) - first, min(end, last) - max(start, first))


def generate_batches(
    count: int,
    *,
    seed: int,
    regions: Sequence[RegionWeight],
    divisions: Sequence[DivisionWeight] | None = None,
    year: int = 2025,
    batch_size: int = 100_000,
    start: int = 0,
    region_names: Mapping[str, tuple[str, str]] | None = None,
) -> Iterator[pa.RecordBatch]:
    """Rows ``start`` to ``start + count - 1`` as Arrow record batches of ``ARROW_SCHEMA``.

    Every batch has ``batch_size`` rows but the last. Memory stays bounded by a batch and a
    block whatever the count.
    """
    _check_range(count, start)
    if batch_size < 1:
        raise ValueError(f"batch_size: {batch_size} is not positive")
    plan = Plan(
        seed=seed, regions=regions, divisions=divisions, year=year, region_names=region_names
    )
    pending: list[pa.RecordBatch] = []
    pending_rows = 0
    for piece in _pieces(plan, count, start):
        while piece.num_rows:
            taken = piece.slice(0, batch_size - pending_rows)
            pending.append(taken)
            pending_rows += taken.num_rows
            piece = piece.slice(taken.num_rows)
            if pending_rows == batch_size:
                yield _concatenate(pending)
                pending, pending_rows = [], 0
    if pending:
        yield _concatenate(pending)


def _concatenate(batches: list[pa.RecordBatch]) -> pa.RecordBatch:
    if len(batches) == 1:
        return batches[0]
    table = pa.Table.from_batches(batches, schema=ARROW_SCHEMA).combine_chunks()
    return table.to_batches()[0]


def _records(batch: pa.RecordBatch) -> Iterator[EnterpriseRecord]:
    for row in batch.to_pylist():
        for key in STRING_KEYS:
            if row[key] is None:
                row[key] = ""
        row["ownership"] = Ownership(row["ownership"]) if row["ownership"] else None
        yield EnterpriseRecord(**row)


def generate(
    count: int,
    *,
    seed: int,
    regions: Sequence[RegionWeight],
    divisions: Sequence[DivisionWeight] | None = None,
    year: int = 2025,
    start: int = 0,
    region_names: Mapping[str, tuple[str, str]] | None = None,
) -> Iterator[EnterpriseRecord]:
    """``count`` enterprises, rows ``start`` onwards; row ``i`` depends only on seed and ``i``.

    ``regions`` weigh county-level codes (by population, say); ``divisions`` default to
    ``default_division_weights()``; figures are for ``year``, and founding dates run from 1980
    to its end.
    """
    for batch in generate_batches(
        count,
        seed=seed,
        regions=regions,
        divisions=divisions,
        year=year,
        batch_size=BLOCK,
        start=start,
        region_names=region_names,
    ):
        yield from _records(batch)


def write_parquet(
    path: str | Path,
    count: int,
    *,
    seed: int,
    regions: Sequence[RegionWeight],
    divisions: Sequence[DivisionWeight] | None = None,
    year: int = 2025,
    batch_size: int = 100_000,
    start: int = 0,
    region_names: Mapping[str, tuple[str, str]] | None = None,
) -> int:
    """Stream the rows to a zstd-compressed Parquet file, one row group per batch.

    Returns the number of rows written. Memory is bounded by a batch, not by ``count``.
    """
    written = 0
    batches = generate_batches(
        count,
        seed=seed,
        regions=regions,
        divisions=divisions,
        year=year,
        batch_size=batch_size,
        start=start,
        region_names=region_names,
    )
    with pq.ParquetWriter(str(path), ARROW_SCHEMA, compression="zstd") as writer:
        for batch in batches:
            writer.write_batch(batch)
            written += batch.num_rows
    return written


def write_csv(
    path: str | Path,
    count: int,
    *,
    seed: int,
    regions: Sequence[RegionWeight],
    divisions: Sequence[DivisionWeight] | None = None,
    year: int = 2025,
    header_language: str = "en",
    start: int = 0,
    region_names: Mapping[str, tuple[str, str]] | None = None,
) -> int:
    """Stream the rows to a UTF-8 CSV file (no byte-order mark) with the schema's headers.

    ``header_language`` "en" writes the English keys, "zh" the Chinese headers. Dates are ISO,
    money has two decimals, missing values are empty cells; strings are quoted. Returns the
    number of rows written.
    """
    if header_language not in {"en", "zh"}:
        raise ValueError(f"header_language: {header_language!r} is not 'en' or 'zh'")
    headers = [c.key if header_language == "en" else c.zh for c in COLUMNS]
    schema = pa.schema([f.with_name(h) for f, h in zip(ARROW_SCHEMA, headers, strict=True)])
    options = pa_csv.WriteOptions(quoting_style="needed")
    written = 0
    batches = generate_batches(
        count,
        seed=seed,
        regions=regions,
        divisions=divisions,
        year=year,
        start=start,
        region_names=region_names,
    )
    with pa_csv.CSVWriter(str(path), schema, write_options=options) as writer:
        for batch in batches:
            writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
            written += batch.num_rows
    return written


__all__ = [
    "ARROW_SCHEMA",
    "BLOCK",
    "MAX_ROWS",
    "DivisionWeight",
    "RegionWeight",
    "default_division_weights",
    "generate",
    "generate_batches",
    "uscc_for",
    "write_csv",
    "write_parquet",
]
