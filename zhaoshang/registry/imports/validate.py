"""The validate stage of an import: mapped rows checked by ``registry.domain.validation``
into rows ready for the database. No Django here.

A large file is read, mapped and validated in a child process while the importing process
writes the previous chunk: validation is CPU-bound Python and the database write is too, so on two
cores the import takes about as long as the slower of the two instead of their sum. The
child sends plain tuples (strings, numbers, None), which cost little to pass between
processes; a small file is read in process, through the same functions.

A prepared row is one flat tuple: the enterprise's columns (ENTERPRISE_COLUMNS, values as
the database takes them: dates in ISO form, money as decimal text), then whether the row's
own figures make it "above designated size", then its year and figures (FIGURE_COLUMNS).
"""

from __future__ import annotations

import datetime
import gc
import multiprocessing
import queue as queue_module
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from stdnum.cn.uscc import compact as uscc_compact

from zhaoshang.registry.domain import reference
from zhaoshang.registry.domain.schema import (
    FIGURE_KEYS,
    EnterpriseRecord,
    RowError,
    is_above_designated_size,
)
from zhaoshang.registry.domain.validation import References, ValueSettings, validate_row
from zhaoshang.registry.domain.validation_tables import REASONS
from zhaoshang.registry.imports.formats import TableFileError
from zhaoshang.registry.names import name_pinyin

# Enterprise fields an import sets, beside those derived (pinyin, division, latest figures).
RECORD_FIELDS = (
    "name",
    "name_en",
    "address",
    "industry_code",
    "founded_on",
    "registered_capital",
    "ownership",
    "foreign_country",
    "high_tech_cert_no",
    "high_tech_issued_on",
    "high_tech_expires_on",
    "specialised_new_on",
    "little_giant_on",
    "listed_on",
    "registered_capital_text",
    "business_scope",
    "main_products",
)
ENTERPRISE_COLUMNS = ("uscc", *RECORD_FIELDS, "region_id", "division_id", "name_pinyin")
FIGURE_COLUMNS = ("year", *FIGURE_KEYS)
ABOVE_AT = len(ENTERPRISE_COLUMNS)  # index of the "above designated size" flag
YEAR_AT = ABOVE_AT + 1
FIGURES_AT = YEAR_AT + 1

PreparedRow = tuple[Any, ...]

# Files at least this large are read in a child process; below, starting one costs more
# than it saves.
CHILD_FROM_BYTES = 8 * 2**20


@dataclass(frozen=True)
class ReadSettings:
    """What the reading side needs from the database, taken before it starts."""

    region_codes: frozenset[str]
    division_sections: Mapping[str, str]  # division code -> section letter
    today: datetime.date
    reasons: Mapping[str, str] = field(default_factory=lambda: REASONS)
    values: ValueSettings = field(default_factory=ValueSettings)


@dataclass(slots=True)
class Refused:
    line: int
    code: str  # the normalised credit code ("" when there is none)
    value: str  # the credit code as given
    errors: list[RowError]


@dataclass(slots=True)
class Chunk:
    rows_read: int  # rows read so far, this chunk included
    lines: list[int] = field(default_factory=list)  # of the prepared rows
    rows: list[PreparedRow] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    notes: list[RowError] = field(default_factory=list)  # of rows taken: what is missing


def credit_code(raw: Mapping[str, str]) -> str:
    """The credit code as validation normalises it: upper case, full-width forms folded,
    separators dropped (python-stdnum's compact, which is slow, only when needed)."""
    text = raw.get("uscc", "") or ""
    code = text.upper() if text.isascii() else unicodedata.normalize("NFKC", text).upper()
    if len(code) == 18 and code.isalnum():
        return code
    return str(uscc_compact(code))


def _day(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def prepare(r: EnterpriseRecord, sections: Mapping[str, str]) -> PreparedRow:
    """The record as one flat tuple of plain values (see the module's docstring), in the
    order of ENTERPRISE_COLUMNS, then the above-size flag, then FIGURE_COLUMNS. Written out
    field by field: it runs for every row of an import."""
    division = r.industry_code[:2] or None
    return (
        r.uscc,
        r.name,
        r.name_en or "",
        r.address or "",
        r.industry_code or "",
        _day(r.founded_on),
        _number(r.registered_capital),
        r.ownership.value if r.ownership else "",
        r.foreign_country or "",
        r.high_tech_cert_no or "",
        _day(r.high_tech_issued_on),
        _day(r.high_tech_expires_on),
        _day(r.specialised_new_on),
        _day(r.little_giant_on),
        _day(r.listed_on),
        r.registered_capital_text,
        r.business_scope,
        r.main_products,
        r.region_code or None,
        division,
        name_pinyin(r.name),
        is_above_designated_size(sections.get(division or ""), r.revenue),
        r.year,
        _number(r.revenue),
        _number(r.rd_expenditure),
        r.employees,
        _number(r.taxes_paid),
        _number(r.export_value),
        _number(r.output_value),
    )


RowSource = Callable[[], Iterable[tuple[int, dict[str, str]]]]


def validated_chunks(
    rows: Iterable[tuple[int, dict[str, str]]], settings: ReadSettings, size: int
) -> Iterator[Chunk]:
    """Every row validated, ``size`` rows at a time. Regions missing from rows are looked up
    from their addresses with cpca, one batch per chunk."""
    rows_read = 0
    batch: list[tuple[int, dict[str, str]]] = []
    for item in rows:
        batch.append(item)
        if len(batch) >= size:
            rows_read += len(batch)
            yield _validated(batch, settings, rows_read)
            batch = []
    if batch or rows_read == 0:
        yield _validated(batch, settings, rows_read + len(batch))


def _validated(
    batch: list[tuple[int, dict[str, str]]], settings: ReadSettings, rows_read: int
) -> Chunk:
    addresses = sorted(
        {raw["address"] for _, raw in batch if not raw.get("region_code") and raw.get("address")}
    )
    found = dict(zip(addresses, reference.region_from_addresses(addresses), strict=True))
    refs = References(
        region_codes=settings.region_codes,
        division_codes=frozenset(settings.division_sections),
        region_from_address=found.get,
        today=settings.today,
        reasons=settings.reasons,
        values=settings.values,
    )
    sections = settings.division_sections
    chunk = Chunk(rows_read=rows_read)
    for line, raw in batch:
        result = validate_row(line, raw, refs)
        if result.record is not None:
            chunk.lines.append(line)
            chunk.rows.append(prepare(result.record, sections))
            if result.notes:
                chunk.notes.extend(result.notes)
        else:
            chunk.refused.append(
                Refused(line, credit_code(raw), raw.get("uscc", ""), list(result.errors))
            )
    return chunk


@contextmanager
def chunks_of(
    source: RowSource, settings: ReadSettings, size: int, *, child: bool
) -> Iterator[Iterator[Chunk]]:
    """``validated_chunks`` of the rows ``source()`` gives (the read and map stages), in a
    child process when ``child`` says so (a large file). The child starts at once and runs
    ahead by a few chunks; leaving the block stops it."""
    if not child:
        yield validated_chunks(source(), settings, size)
        return
    with in_child(
        _read_in_child,
        (source, settings, size),
        maxsize=8,
        problem=lambda item: TableFileError(item[0], **item[1]),
    ) as chunks:
        yield chunks


@contextmanager
def in_child(
    target: Callable[..., None],
    args: tuple[Any, ...],
    *,
    maxsize: int,
    problem: Callable[[tuple[Any, ...]], Exception],
) -> Iterator[Iterator[Any]]:
    """The items ``target(channel, *args)`` puts in its channel, produced in a forked child
    while this process uses the last ones: ``None`` ends them, a tuple is a problem raised
    here as ``problem(item)``. Leaving the block stops the child.

    fork, not spawn: spawn would run the parent's main module again in the child (a script
    without a __main__ guard would start over). The child only reads the file and computes;
    it never touches the parent's database connection, and leaves by os._exit."""
    context = multiprocessing.get_context("fork")
    channel = context.Queue(maxsize=maxsize)
    process = context.Process(target=_child, args=(target, channel, *args), daemon=True)
    process.start()
    try:
        yield _received(channel, process, problem)
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        channel.close()


def _child(target: Callable[..., None], channel: Any, *args: Any) -> None:
    """The child's work. What it inherited is frozen first: its collections of reference
    cycles then pass over its own objects only, rather than every module's too (0.1 s of a
    million rows), and leave the inherited pages shared with the parent rather than copied
    (a collection writes in each object it visits)."""
    gc.freeze()
    target(channel, *args)


def _received(
    channel: Any, process: Any, problem: Callable[[tuple[Any, ...]], Exception]
) -> Iterator[Any]:
    while True:
        try:
            item = channel.get(timeout=5)
        except queue_module.Empty:
            if not process.is_alive():
                raise RuntimeError("the process reading the file stopped unexpectedly") from None
            continue
        if item is None:
            return
        if isinstance(item, tuple):
            raise problem(item)
        yield item


def _read_in_child(channel: Any, source: RowSource, settings: ReadSettings, size: int) -> None:
    try:
        for chunk in validated_chunks(source(), settings, size):
            channel.put(chunk)
    except TableFileError as problem:
        channel.put((problem.problem, problem.params))
    channel.put(None)
