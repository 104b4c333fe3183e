"""The blank template of an import: one header row with every field the kind takes, named
in the reader's language (the import recognises them in all three and by field name), as
CSV (UTF-8 with its BOM, so spreadsheet programs take it for UTF-8) or XLSX."""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from zhaoshang.core.spreadsheets import csv_row
from zhaoshang.sites.imports.fields import KEY, KIND_LABELS, field_label, import_fields

TEMPLATE_FORMATS = ("xlsx", "csv")
# Columns whose codes a spreadsheet would take for numbers (0601 → 601): kept as text.
_TEXT_FIELDS = frozenset({"region", "land_use", "park", *KEY.values()})


def template_write(kind: str, fmt: str, out: BinaryIO) -> None:
    names = import_fields(kind)
    header = [field_label(kind, name) for name in names]
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        try:
            csv.writer(text).writerow(csv_row(header))
            text.flush()
        finally:
            text.detach()
        return
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(TEMPLATE_FORMATS)}")
    import openpyxl  # imported when a template is written, not by every process
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = str(KIND_LABELS[kind])[:31]
    bold = Font(bold=True)
    for index, name in enumerate(names, start=1):
        cell = sheet.cell(row=1, column=index, value=header[index - 1])
        cell.data_type = "s"  # a label, never a formula
        cell.font = bold
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(36, len(header[index - 1]) * 2))
        if name in _TEXT_FIELDS:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    book.save(out)
