"""Charts as inline SVG, drawn on the server: no script, nothing fetched."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from zhaoshang.core.formatting import format_number

ROW = 26
LABEL_WIDTH = 210
BAR_WIDTH = 360
VALUE_WIDTH = 110


def bar_chart(
    rows: Sequence[tuple[str, float | Decimal]],
    *,
    title: str,
    text: Callable[[float | Decimal], str] = format_number,
) -> SafeString:
    """A horizontal bar chart of ``(label, value)`` rows, with its title for screen readers;
    ``text`` writes each value beside its bar (core.formatting, in the active language)."""
    if not rows:
        return SafeString("")
    top = max(float(value) for _label, value in rows) or 1.0
    height = ROW * len(rows) + 8
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="{}" y="17" text-anchor="end">{}</text>'
        '<rect x="{}" y="4" width="{}" height="18" rx="2"></rect>'
        '<text x="{}" y="17" class="value">{}</text></g>',
        (
            (
                index * ROW + 4,
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
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet"><title>{}</title>{}</svg>',
        title,
        width,
        height,
        title,
        bars,
    )
