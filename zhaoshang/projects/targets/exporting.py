"""A dashboard as an Excel workbook, with the numbers of the page: targets against
actuals, the months, the regions below, the projects needing attention. Numbers stay
numbers (yuan or counts); names are written as text, never as formulas."""

from __future__ import annotations

from typing import BinaryIO

from django.utils.translation import gettext as _

from zhaoshang.core.formatting import XLSX_COUNT, XLSX_MONEY, XLSX_PERCENT
from zhaoshang.core.spreadsheets import xlsx_row
from zhaoshang.projects.targets.dashboard import Dashboard, Figure
from zhaoshang.projects.targets.regions import OWN, SUM


def _source(figure: Figure) -> str:
    if figure.target.source == OWN:
        return _("set for the region")
    if figure.target.source == SUM:
        return _("sum of the regions below")
    return _("no target")


def _share(value: object) -> float | None:
    return None if value is None else round(float(value), 4)  # type: ignore[arg-type]


def dashboard_xlsx(board: Dashboard, out: BinaryIO) -> None:
    from openpyxl import Workbook  # imported by an export, not by every process

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Targets")[:31]
    year, last = board.year, board.year - 1
    sheet.append(
        xlsx_row(
            sheet,
            [
                _("Measure"),
                _("Unit"),
                _("Target %(year)s") % {"year": year},
                _("Target is"),
                _("Actual %(year)s") % {"year": year},
                _("Share of target %(year)s") % {"year": year},
                _("Target %(year)s") % {"year": last},
                _("Actual %(year)s") % {"year": last},
                _("Share of target %(year)s") % {"year": last},
            ],
        )
    )
    for f in board.figures:
        row = xlsx_row(
            sheet,
            [
                f.label,
                _("yuan") if f.money else _("number"),
                f.target.value,
                _source(f),
                f.actual,
                _share(f.share),
                f.last_target.value,
                f.last_actual,
                _share(f.last_share),
            ],
        )
        sheet.append(row)
        number = XLSX_MONEY if f.money else XLSX_COUNT
        for column in (3, 5, 7, 8):
            sheet.cell(sheet.max_row, column).number_format = number
        for column in (6, 9):
            sheet.cell(sheet.max_row, column).number_format = XLSX_PERCENT

    months = book.create_sheet(_("By month")[:31])
    months.append(xlsx_row(months, [_("Measure"), _("Year"), *[str(m) for m in range(1, 13)]]))
    for f in board.figures:
        this_year, last_year = board.months[f.measure]
        for y, values in ((year, this_year), (last, last_year)):
            months.append(xlsx_row(months, [f.label, y, *values]))
            for column in range(3, 15):
                months.cell(months.max_row, column).number_format = (
                    XLSX_MONEY if f.money else XLSX_COUNT
                )

    regions = book.create_sheet(_("Regions below")[:31])
    header = [_("Rank"), _("Region"), _("Code")]
    for f in board.figures:
        header += [
            _("%(measure)s: actual") % {"measure": f.label},
            _("%(measure)s: target") % {"measure": f.label},
        ]
    regions.append(xlsx_row(regions, header))
    for child in board.children:
        cells: list[object] = [child.rank, child.region.name, child.region.code]
        for f in board.figures:
            cf = child.figures[f.measure]
            cells += [cf.actual, cf.target.value]
        regions.append(xlsx_row(regions, cells))

    attention = book.create_sheet(_("Needing attention")[:31])
    attention.append(
        xlsx_row(
            attention, [_("Project"), _("Company"), _("Region"), _("Status"), _("Red warnings")]
        )
    )
    for needing in board.attention:
        attention.append(
            xlsx_row(
                attention,
                [
                    needing.project.pk,
                    needing.project.lead.company,
                    needing.project.lead.region.name,
                    needing.status_label,
                    needing.red,
                ],
            )
        )
    book.save(out)
