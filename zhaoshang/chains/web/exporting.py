"""The ranked targets as an XLSX workbook (cells written as text where they are text:
``core.spreadsheets`` neutralises formula-like values)."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _

from zhaoshang.chains.models import Chain, Link
from zhaoshang.chains.targeting import Target, part_labels
from zhaoshang.core.spreadsheets import xlsx_row
from zhaoshang.registry.models import Region


def targets_xlsx(
    chain: Chain, region: Region, sections: list[tuple[Link, list[Target]]], out: IO[bytes]
) -> int:
    from openpyxl import Workbook  # imported by an export, not by every process
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Targets")[:31])
    labels = part_labels()
    sheet.append(xlsx_row(sheet, [_("Targets for %(region)s: %(chain)s") % {
        "region": region.name, "chain": chain.name()}], font=Font(bold=True)))  # fmt: skip
    header = xlsx_row(
        sheet,
        [
            _("Link"),
            _("Rank"),
            _("Enterprise"),
            _("Unified Social Credit Code"),
            _("Region"),
            _("Revenue (10,000 yuan)"),
            _("Distance (km)"),
            _("Score"),
            *labels.values(),
            _("Already a lead"),
        ],
        font=Font(bold=True),
    )
    sheet.append(header)
    rows = 0
    for link, found in sections:
        for rank, target in enumerate(found, start=1):
            points = dict(target.parts)
            e = target.enterprise
            line = xlsx_row(
                sheet,
                [
                    link.name(),
                    rank,
                    e.name,
                    e.uscc,
                    e.region.name if e.region else "",
                    float(e.latest_revenue) if e.latest_revenue is not None else None,
                    round(target.distance_km, 1) if target.distance_km is not None else None,
                    round(target.score, 1),
                    *(round(points[name], 1) for name in labels),
                    _("yes") if target.is_lead else _("no"),
                ],
            )
            sheet.append(line)
            rows += 1
    book.save(out)
    return rows
