"""The dashboard's month chart as inline SVG, drawn on the server (no script): one
measure's running total month by month, this year (solid) against last year (dashed), with
the year's target as a level line; the same numbers in a table beneath for readers who
prefer them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import accumulate

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 360, 170
LEFT, RIGHT, TOP, BOTTOM = 8, 8, 18, 24


def _points(values: Sequence[Decimal], top: float, months: int) -> str:
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    return " ".join(
        f"{LEFT + inner_w * index / 11:.1f},{TOP + inner_h * (1 - float(v) / top):.1f}"
        for index, v in enumerate(values[:months])
    )


def month_chart(
    *,
    title: str,
    this_year: Sequence[Decimal],
    last_year: Sequence[Decimal],
    target: Decimal | None,
    year: int,
    months_elapsed: int,
    text: Callable[[Decimal], str],
) -> SafeString:
    now = list(accumulate(this_year))
    before = list(accumulate(last_year))
    top = max([float(v) for v in (*now, *before)] + [float(target or 0), 1.0]) * 1.08
    inner_h = HEIGHT - TOP - BOTTOM
    level = ""
    if target:
        y = TOP + inner_h * (1 - float(target) / top)
        level = format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="target"></line>'
            '<text x="{}" y="{}" text-anchor="end" class="axis">{}</text>',
            LEFT,
            f"{y:.1f}",
            WIDTH - RIGHT,
            f"{y:.1f}",
            WIDTH - RIGHT,
            f"{max(y - 4, 10):.1f}",
            _("target %(value)s") % {"value": text(target)},
        )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" class="axis">{}</text>',
        (
            (f"{LEFT + (WIDTH - LEFT - RIGHT) * (m - 1) / 11:.1f}", HEIGHT - 6, m)
            for m in (1, 3, 6, 9, 12)
        ),
    )
    svg = format_html(
        '<svg class="chart month-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet"><title>{}</title>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"></line>{}{}'
        '<polyline points="{}" class="last-year"></polyline>'
        '<polyline points="{}" class="this-year"></polyline></svg>',
        title,
        WIDTH,
        HEIGHT,
        title,
        LEFT,
        HEIGHT - BOTTOM,
        WIDTH - RIGHT,
        HEIGHT - BOTTOM,
        ticks,
        level,
        _points(before, top, 12),
        _points(now, top, max(months_elapsed, 1)),
    )
    rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td></tr>',
        ((month, text(this_year[month - 1]), text(last_year[month - 1])) for month in range(1, 13)),
    )
    return format_html(
        '<figure class="chart-figure"><figcaption>{}</figcaption>{}'
        '<p class="legend"><span class="key this-year">{}</span> '
        '<span class="key last-year">{}</span></p>'
        '<details class="chart-table"><summary>{}</summary><table>'
        '<thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th>'
        '<th scope="col" class="num">{}</th></tr></thead><tbody>{}</tbody></table>'
        "</details></figure>",
        title,
        svg,
        _("%(year)s, running total") % {"year": year},
        _("%(year)s, running total") % {"year": year - 1},
        _("The numbers behind the chart"),
        _("Month"),
        year,
        year - 1,
        rows,
    )
