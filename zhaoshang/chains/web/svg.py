"""The chain map as SVG drawn on the server: stages as columns, each link a box coloured by
its strength (classes styled in ``static/chains/chains.css``: no inline style, CSP), supply
edges as arrows. Each box links to the link's page; the numbers are in the table beside."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from zhaoshang.chains.models import Link
from zhaoshang.chains.selectors import ChainMap, LinkFigures
from zhaoshang.core.formatting import format_count

BOX_W, BOX_H = 190, 52
COL_GAP = 80
ROW_GAP = 16
TOP = 36
LEFT = 10
STAGES = (Link.Stage.UPSTREAM, Link.Stage.MIDSTREAM, Link.Stage.DOWNSTREAM)


def _label(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chain_svg(the_map: ChainMap, url_of: Callable[[Link], str]) -> SafeString:
    columns: dict[str, list[LinkFigures]] = {stage: [] for stage in STAGES}
    for figures in the_map.links:
        columns.setdefault(figures.link.stage, []).append(figures)
    place: dict[str, tuple[float, float]] = {}
    for c, stage in enumerate(STAGES):
        for r, figures in enumerate(columns[stage]):
            place[figures.link.key] = (
                LEFT + c * (BOX_W + COL_GAP),
                TOP + r * (BOX_H + ROW_GAP),
            )
    rows = max((len(v) for v in columns.values()), default=1)
    width = LEFT * 2 + 3 * BOX_W + 2 * COL_GAP
    height = TOP + rows * (BOX_H + ROW_GAP) + 10
    headers = format_html_join(
        "",
        '<text class="stage" x="{}" y="20">{}</text>',
        (
            (LEFT + c * (BOX_W + COL_GAP) + BOX_W / 2, Link.Stage(stage).label)
            for c, stage in enumerate(STAGES)
        ),
    )
    names = {figures.link.key: figures.link.name() for figures in the_map.links}
    edges = []
    for figures in the_map.links:
        x1, y1 = place[figures.link.key]
        for customer in figures.link.supplies:
            if customer not in place:
                continue
            x2, y2 = place[customer]
            if x2 > x1:
                start = (x1 + BOX_W, y1 + BOX_H / 2)
                end = (x2 - 4, y2 + BOX_H / 2)
            elif x2 < x1:
                start = (x1, y1 + BOX_H / 2)
                end = (x2 + BOX_W + 4, y2 + BOX_H / 2)
            else:  # same column: leave from the side, bend outward
                start = (x1 + BOX_W, y1 + BOX_H / 2)
                end = (x2 + BOX_W + 4, y2 + BOX_H / 2)
            mid = (start[0] + end[0]) / 2 if x1 != x2 else start[0] + 40
            edges.append(
                format_html(
                    '<path class="edge" d="M{},{} C{},{} {},{} {},{}" marker-end="url(#arrow)">'
                    "<title>{}</title></path>",
                    round(start[0], 1),
                    round(start[1], 1),
                    round(mid, 1),
                    round(start[1], 1),
                    round(mid, 1),
                    round(end[1], 1),
                    round(end[0], 1),
                    round(end[1], 1),
                    _("%(supplier)s supplies %(customer)s")
                    % {"supplier": figures.link.name(), "customer": names[customer]},
                )
            )
    boxes = []
    strength_label = {
        "strong": _("strong"),
        "weak": _("weak"),
        "missing": _("missing"),
    }
    for figures in the_map.links:
        x, y = place[figures.link.key]
        name = figures.link.name()
        boxes.append(
            format_html(
                '<a href="{}" class="node {}"><title>{} · {}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="6"></rect>'
                '<text class="name" x="{}" y="{}">{}</text>'
                '<text class="figure" x="{}" y="{}">{} · {}</text></a>',
                url_of(figures.link),
                figures.strength.value,
                name,
                strength_label[figures.strength.value],
                x,
                y,
                BOX_W,
                BOX_H,
                x + 10,
                y + 21,
                _label(name, 15),
                x + 10,
                y + 41,
                _("%(count)s enterprises") % {"count": format_count(figures.count)},
                strength_label[figures.strength.value],
            )
        )
    title = _("Chain map: %(chain)s in %(region)s") % {
        "chain": the_map.chain.name(),
        "region": the_map.region.name,
    }
    # A group, not an image: its links (one a link) are focusable, which an image may not hold.
    return format_html(
        '<svg class="chain-map" viewBox="0 0 {} {}" width="{}" height="{}" role="group" '
        'aria-labelledby="chain-map-title" xmlns="http://www.w3.org/2000/svg">'
        '<title id="chain-map-title">{}</title>'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path class="arrowhead" '
        'd="M0,0 L10,5 L0,10 z"></path></marker></defs>{}{}{}</svg>',
        width, height, width, height, title, headers,
        SafeString("".join(edges)), SafeString("".join(boxes)),
    )  # fmt: skip
