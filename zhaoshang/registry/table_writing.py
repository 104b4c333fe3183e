"""Writing enterprise tables: the error report of an import (the rows refused, one line per
problem) and the blank template with an example row, as CSV or XLSX, in English or Chinese.
No Django here.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from zhaoshang.core.spreadsheets import csv_row, xlsx_row
from zhaoshang.registry.domain.schema import (
    COLUMNS,
    DATE_KEYS,
    OWNERSHIP_NAMES_ZH,
    Ownership,
    RowError,
)
from zhaoshang.registry.imports.formats import FORMATS

ERROR_HEADERS = {"en": ("line", "column", "value", "reason"), "zh": ("行号", "列", "值", "原因")}
WHOLE_ROW = {"en": "(whole row)", "zh": "（整行）"}
_TEXT_COLUMNS = frozenset({"uscc", "region_code", "industry_code", "high_tech_cert_no", "year"})
TEMPLATE_EXAMPLE: dict[str, str] = {
    "uscc": "91441284MA51C8XY2G",
    "name": "四会市示例电缆有限公司",
    "name_en": "Sihui Example Cable Co., Ltd.",
    "region_code": "441284",
    "address": "广东省肇庆市四会市示例大道1号",
    "industry_code": "3831",
    "founded_on": "2016-05-18",
    "registered_capital": "5000",
    "registered_capital_text": "",
    "ownership": Ownership.DOMESTIC_PRIVATE.value,
    "foreign_country": "",
    "high_tech_cert_no": "GR202344001234",
    "high_tech_issued_on": "2023-12-28",
    "high_tech_expires_on": "2026-12-27",
    "specialised_new_on": "2024-06-30",
    "little_giant_on": "",
    "listed_on": "",
    "business_scope": "电线电缆制造；电线电缆销售",
    "main_products": "电力电缆、通信电缆",
    "year": "2025",
    "revenue": "26800",
    "rd_expenditure": "1150",
    "employees": "320",
    "taxes_paid": "960",
    "export_value": "4300",
    "output_value": "27500",
}


def _language(language: str) -> str:
    return "zh" if language.lower().startswith("zh") else "en"


def write_errors(
    errors: Iterable[RowError], fmt: str, out: BinaryIO, *, language: str = "en"
) -> None:
    """The rows refused, one line per problem: line, column (its English key or Chinese
    header, by ``language``), value and reason. CSV is UTF-8 with a BOM, so that Excel opens
    it as such."""
    lang = _language(language)
    labels = {c.key: c.zh if lang == "zh" else c.key for c in COLUMNS}
    rows = (
        (e.line, labels.get(e.column, e.column) or WHOLE_ROW[lang], e.value, e.reason)
        for e in errors
    )
    _write_table(fmt, out, ERROR_HEADERS[lang], rows, title="errors", widths=(8, 24, 36, 60))


def write_template(fmt: str, out: BinaryIO, *, language: str = "zh") -> None:
    """A header row with every column (Chinese or English names) and one example row."""
    lang = _language(language)
    example = dict(TEMPLATE_EXAMPLE)
    if lang == "zh":
        example["ownership"] = OWNERSHIP_NAMES_ZH[Ownership(example["ownership"])]
    header = [c.zh if lang == "zh" else c.key for c in COLUMNS]
    values = [example[c.key] for c in COLUMNS]
    if fmt == "csv":
        _write_table(fmt, out, header, [values], title="", widths=())
        return
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    import openpyxl  # imported when a workbook is written, not by every process
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "企业" if lang == "zh" else "enterprises"
    sheet.append(header)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(header[index - 1]) * 2))
        head_cell = sheet.cell(row=1, column=index)
        head_cell.font = Font(bold=True)
        cell = sheet.cell(row=2, column=index)
        text = example[column.key]
        if column.key in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"  # Excel keeps leading zeros
            cell.number_format = "@"
            cell.value = text
        elif column.key in DATE_KEYS and text:
            cell.value = datetime.date.fromisoformat(text)
            cell.number_format = "yyyy-mm-dd"
        elif text and text.isdigit():
            cell.value = int(text)
        else:
            cell.value = text or None
    sheet.freeze_panes = "A2"
    book.save(out)


def _write_table(
    fmt: str,
    out: BinaryIO,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str,
    widths: Sequence[int],
) -> None:
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", errors="replace", newline="")
        try:
            writer = csv.writer(text)
            writer.writerow(header)
            writer.writerows(csv_row(row) for row in rows)
            text.flush()
        finally:
            text.detach()
        return
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append(xlsx_row(sheet, header, font=bold))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    book.save(out)
