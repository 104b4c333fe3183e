"""The managers' report as an Excel workbook: one sheet per table, the same numbers as
the page. Names (officers, regions, origins) are written as text, never as formulas."""

from __future__ import annotations

from typing import BinaryIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from zhaoshang.core.spreadsheets import xlsx_row
from zhaoshang.leads.reports import Report, SignedRow


def _signed_sheet(book: Workbook, title: str, heading: str, rows: list[SignedRow]) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append([heading, _("Projects"), _("Investment (10,000 yuan)"), _("Jobs")])
    for row in rows:
        sheet.append(xlsx_row(sheet, [row.label, row.projects, float(row.investment), row.jobs]))


def report_xlsx(report: Report, out: BinaryIO) -> None:
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
    book.save(out)
