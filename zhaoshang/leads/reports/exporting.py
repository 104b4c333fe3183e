"""The managers' report as an Excel workbook: one sheet per table, the same numbers as
the page. Names (officers, regions, origins) are written as text, never as formulas."""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from django.utils.translation import gettext as _

from zhaoshang.core.formatting import XLSX_COUNT, XLSX_DECIMAL, XLSX_MONEY, XLSX_PERCENT
from zhaoshang.core.spreadsheets import xlsx_row
from zhaoshang.leads.reports.figures import Report, SignedRow

if TYPE_CHECKING:  # openpyxl is imported by an export, not by every process
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


def _number_formats(sheet: Worksheet, formats: dict[int, str]) -> None:
    """Numbers stay numbers; each column (1-based) shows them in its number format."""
    for row in sheet.iter_rows(min_row=2):
        for column, number_format in formats.items():
            row[column - 1].number_format = number_format


def _signed_sheet(book: Workbook, title: str, heading: str, rows: list[SignedRow]) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append([heading, _("Projects"), _("Investment (10,000 yuan)"), _("Jobs")])
    for row in rows:
        sheet.append(xlsx_row(sheet, [row.label, row.projects, row.investment, row.jobs]))
    _number_formats(sheet, {2: XLSX_COUNT, 3: XLSX_MONEY, 4: XLSX_COUNT})


def report_xlsx(report: Report, out: BinaryIO) -> None:
    from openpyxl import Workbook

    book = Workbook()
    funnel = book.active
    assert funnel is not None
    funnel.title = _("Funnel")[:31]
    funnel.append(
        [
            _("Stage"),
            _("Leads now"),
            _("Reached"),
            _("Went on to the next stage"),
            _("Median days in stage"),
        ]
    )
    for row in report.funnel:
        funnel.append(
            xlsx_row(
                funnel,
                [
                    row.label,
                    row.now,
                    row.reached,
                    None if row.conversion is None else round(row.conversion, 4),
                    row.median_days,
                ],
            )
        )
    _number_formats(funnel, {2: XLSX_COUNT, 3: XLSX_COUNT, 4: XLSX_PERCENT, 5: XLSX_DECIMAL})
    _signed_sheet(book, _("By month"), _("Month"), report.by_month)
    _signed_sheet(book, _("By region"), _("Region"), report.by_region)
    _signed_sheet(book, _("By industry"), _("Industry"), report.by_industry)
    _signed_sheet(book, _("By origin"), _("Origin"), report.by_origin)
    workload = book.create_sheet(_("Workload")[:31])
    workload.append(
        [
            _("Officer"),
            _("Open leads"),
            _("Activities in 30 days"),
            _("Overdue follow-ups"),
            _("Leads going cold"),
            _("Open visit actions"),
        ]
    )
    for w in report.workload:
        workload.append(
            xlsx_row(
                workload,
                [
                    w.officer.display_name,
                    w.open_leads,
                    w.activities_30_days,
                    w.overdue_follow_ups,
                    w.stale_leads,
                    w.open_actions,
                ],
            )
        )
    _number_formats(workload, dict.fromkeys(range(2, 7), XLSX_COUNT))
    book.save(out)
