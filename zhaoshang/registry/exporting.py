"""Exporting a filtered list of enterprises to CSV or XLSX, streamed: rows are read in
chunks by primary key and written as they come, so memory stays flat however many."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.db.models import QuerySet

from zhaoshang.registry.models import Enterprise, YearlyFigures
from zhaoshang.registry.schema import COLUMNS, FIGURE_KEYS

CHUNK = 5000


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def header(language: str = "en") -> list[str]:
    return [c.zh if language.startswith("zh") else c.key for c in COLUMNS]


ENTERPRISE_FIELDS = [
    "region_id" if c.key == "region_code" else c.key
    for c in COLUMNS
    if c.key not in FIGURE_KEYS and c.key != "year"
]


def export_rows(enterprises: QuerySet[Enterprise]) -> Iterator[list[str]]:
    """Every enterprise of ``enterprises`` as a row of the import columns, with the figures
    of its latest year. Keyset pagination over plain tuples: one query for a chunk of
    enterprises and one for their figures."""
    ordered = enterprises.order_by("pk").values_list("pk", "latest_year", *ENTERPRISE_FIELDS)
    figure_columns = ["enterprise_id", "year", *FIGURE_KEYS]
    last = 0
    while True:
        chunk = list(ordered.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        last = chunk[-1][0]
        years = {row[1] for row in chunk if row[1] is not None}
        figures = {
            (row[0], row[1]): row[2:]
            for row in YearlyFigures.objects.filter(
                enterprise_id__in=[row[0] for row in chunk if row[1] is not None],
                year__in=years,
            ).values_list(*figure_columns)
        }
        empty = ("",) * len(FIGURE_KEYS)
        for row in chunk:
            found = figures.get((row[0], row[1])) if row[1] is not None else None
            own = [_text(value) for value in row[2:]]
            year = [_text(row[1])] if found is not None else [""]
            numbers = [_text(v) for v in found] if found is not None else list(empty)
            yield [*own, *year, *numbers]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(enterprises: QuerySet[Enterprise], language: str = "en") -> Iterator[bytes]:
    """The CSV file (UTF-8 with a BOM, so that Excel reads Chinese) in pieces."""
    writer = csv.writer(_Echo())
    yield codecs.BOM_UTF8
    yield writer.writerow(header(language)).encode()
    buffer = io.StringIO()
    buffered = csv.writer(buffer)
    for n, row in enumerate(export_rows(enterprises), start=1):
        buffered.writerow(row)
        if n % 1000 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def write_csv(enterprises: QuerySet[Enterprise], out: IO[bytes], language: str = "en") -> int:
    """Write the CSV file to ``out``; return the number of enterprises written."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(header(language))
    rows = 0
    for row in export_rows(enterprises):
        writer.writerow(row)
        rows += 1
    text.flush()
    text.detach()
    return rows


def write_xlsx(enterprises: QuerySet[Enterprise], out: IO[bytes], language: str = "en") -> int:
    """An XLSX workbook written in openpyxl's write-only mode (rows are not kept)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("enterprises")
    sheet.append(header(language))
    rows = 0
    for row in export_rows(enterprises):
        sheet.append(row)
        rows += 1
    book.save(out)
    return rows
