"""Exporting a filtered list of enterprises to CSV or XLSX, streamed: rows are read in
chunks by primary key and written as they come, so memory stays flat however many. Texts
are written through ``core.spreadsheets``, so that no name becomes a formula."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.db.models import F, FilteredRelation, Q, QuerySet

from zhaoshang.core.spreadsheets import csv_row, xlsx_row
from zhaoshang.registry.domain.schema import COLUMNS, FIGURE_KEYS
from zhaoshang.registry.models import Enterprise

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
    of its latest year. Keyset pagination over plain tuples: one query per chunk, its
    latest figures joined in."""
    columns = ("pk", *ENTERPRISE_FIELDS, "latest__year", *(f"latest__{k}" for k in FIGURE_KEYS))
    text = _text
    last = 0
    while True:
        # The figures' side is bounded by the chunk's start too, so that PostgreSQL's merge
        # join starts there instead of walking the figures from the first enterprise.
        latest = FilteredRelation(
            "figures",
            condition=Q(figures__year=F("latest_year"), figures__enterprise_id__gt=last),
        )
        chunk = list(
            enterprises.annotate(latest=latest)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list(*columns)[:CHUNK]
        )
        if not chunk:
            return
        last = chunk[-1][0]
        for row in chunk:
            yield [
                "" if v is None else v if v.__class__ is str else text(v)
                for v in itertools.islice(row, 1, None)
            ]


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
        buffered.writerow(csv_row(row))
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
        writer.writerow(csv_row(row))
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
        sheet.append(xlsx_row(sheet, row))
        rows += 1
    book.save(out)
    return rows
