"""Charts as inline SVG, drawn on the server: no script, nothing fetched."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from zhaoshang.core.formatting import format_number

ROW = 26
LABEL_WIDTH = 210
BAR_WIDTH = 360
VALUE_WIDTH = 110
# Room above the bars for the category axis's name, and below them for the value axis.
HEADER_HEIGHT = 22
AXIS_HEIGHT = 26


def bar_chart(
    rows: Sequence[tuple[str, float | Decimal]],
    *,
    title: str,
    category_axis: str,
    value_axis: str,
    text: Callable[[float | Decimal], str] = format_number,
) -> SafeString:
    """A horizontal bar chart of ``(label, value)`` rows in a figure: its title as the
    caption, both axes named (``value_axis`` with its unit), and the same numbers in a table
    under a ``<details>`` for readers who prefer them; ``text`` writes each value
    (core.formatting, in the active language)."""
    if not rows:
        return SafeString("")
    top = max(float(value) for _label, value in rows) or 1.0
    bars_height = ROW * len(rows) + 8
    height = bars_height + AXIS_HEIGHT + HEADER_HEIGHT
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="{}" y="17" text-anchor="end">{}</text>'
        '<rect x="{}" y="4" width="{}" height="18" rx="2"></rect>'
        '<text x="{}" y="17" class="value">{}</text></g>',
        (
            (
                HEADER_HEIGHT + index * ROW + 4,
                LABEL_WIDTH - 8,
                label[:32],
                LABEL_WIDTH,
                round(BAR_WIDTH * float(value) / top, 1),
                LABEL_WIDTH + round(BAR_WIDTH * float(value) / top, 1) + 6,
                text(value),
            )
            for index, (label, value) in enumerate(rows)
        ),
    )
    axes = format_html(
        '<text x="{}" y="14" text-anchor="end" class="axis">{}</text>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"></line>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"></line>'
        '<text x="{}" y="{}" text-anchor="middle" class="axis">{}</text>',
        LABEL_WIDTH - 8,
        category_axis,
        LABEL_WIDTH,
        HEADER_HEIGHT,
        LABEL_WIDTH,
        HEADER_HEIGHT + bars_height,
        LABEL_WIDTH,
        HEADER_HEIGHT + bars_height,
        LABEL_WIDTH + BAR_WIDTH,
        HEADER_HEIGHT + bars_height,
        LABEL_WIDTH + BAR_WIDTH / 2,
        HEADER_HEIGHT + bars_height + 18,
        value_axis,
    )
    svg = format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet"><title>{}</title>{}{}</svg>',
        title,
        width,
        height,
        title,
        axes,
        bars,
    )
    table_rows = format_html_join(
        "",
        '<tr><td data-label="{}">{}</td><td class="num" data-label="{}">{}</td></tr>',
        ((category_axis, label, value_axis, text(value)) for label, value in rows),
    )
    return format_html(
        '<figure class="chart-figure"><figcaption>{}</figcaption>{}'
        '<details class="chart-table"><summary>{}</summary>'
        '<table class="stack"><caption class="visually-hidden">{}</caption>'
        '<thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th></tr></thead>'
        "<tbody>{}</tbody></table></details></figure>",
        title,
        svg,
        _("The numbers behind the chart"),
        title,
        category_axis,
        value_axis,
        table_rows,
    )
