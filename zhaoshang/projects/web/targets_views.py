"""The targets pages: a region's dashboard, its Excel export and one-page summary for
leaders, and the grid where managers set a year's targets for a region and the regions
below it. Thin: parse, call a selector or service, render."""

from __future__ import annotations

import functools
import io
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhaoshang.core.formatting import format_count, format_money, format_percent
from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads.reports.charts import bar_chart
from zhaoshang.projects.access import VIEW
from zhaoshang.projects.models import Target
from zhaoshang.projects.targets.charts import month_chart
from zhaoshang.projects.targets.dashboard import (
    Dashboard,
    dashboard_build,
    home_region,
    region_allowed,
    regions_open_to,
)
from zhaoshang.projects.targets.exporting import dashboard_xlsx
from zhaoshang.projects.targets.measures import MEASURES, TRANSFORMATION, Measure, is_money
from zhaoshang.projects.targets.regions import effective_target, region_tree
from zhaoshang.projects.targets.services import field_name, targets_save

SET_TARGETS = "projects.change_target"


def _year(request: HttpRequest, source: Any = None) -> int:
    text = str((request.GET if source is None else source).get("year", ""))
    this = timezone.localdate().year
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else this


def _board(request: HttpRequest) -> Dashboard:
    user = request_user(request)
    code = request.GET.get("region", "") or home_region(user)
    return dashboard_build(user, code[:6], year=_year(request), rank_by=request.GET.get("rank", ""))


def _text(measure: str) -> Any:
    return _money if is_money(measure) else _count


# A dashboard writes the same few numbers (zeros, round targets) many times: each is
# formatted once per language (Babel's formatting is the page's main cost otherwise).
@functools.lru_cache(maxsize=4096)
def _formatted(kind: str, value: Decimal, language: str) -> str:
    return format_money(value) if kind == "money" else format_count(value)


def _money(value: Any) -> str:
    return _formatted("money", Decimal(value), get_language() or "")


def _count(value: Any) -> str:
    return _formatted("count", Decimal(value), get_language() or "")


@functools.lru_cache(maxsize=64)
def _list_url(name: str, language: str) -> str:
    return reverse(name)


def figure_link(code: str, measure: str, year: int, month: int | None = None) -> str:
    """The list of what is counted behind a number."""
    query: dict[str, Any] = {"region": code, "year": year}
    if month:
        query["month"] = month
    if measure in TRANSFORMATION:
        query["kind"] = "tech" if measure == Measure.TECH_TRANSFORMATION else "digital"
        query["counted"] = "1"
        return (
            f"{_list_url('projects-transformation-list', get_language() or '')}?{urlencode(query)}"
        )
    query["measure"] = measure
    return f"{_list_url('projects-list', get_language() or '')}?{urlencode(query)}"


def _context(board: Dashboard) -> dict[str, Any]:
    today = timezone.localdate()
    elapsed = 12 if board.year < today.year else (today.month if board.year == today.year else 0)
    code = board.region.code
    figures = [
        {
            "f": f,
            "text": _text(f.measure),
            "link": figure_link(code, f.measure, board.year),
            "last_link": figure_link(code, f.measure, board.year - 1),
        }
        for f in board.figures
    ]
    for item in figures:
        f, text = item["f"], item["text"]
        item["actual"] = text(f.actual)
        item["target"] = text(f.target.value) if f.target.value is not None else "—"
        item["last_actual"] = text(f.last_actual)
        item["last_target"] = text(f.last_target.value) if f.last_target.value is not None else "—"
        item["share"] = format_percent(f.share, places=0) if f.share is not None else "—"
        item["last_share"] = (
            format_percent(f.last_share, places=0) if f.last_share is not None else "—"
        )
        item["chart"] = month_chart(
            title=capfirst(f.label),
            this_year=board.months[f.measure][0],
            last_year=board.months[f.measure][1],
            target=f.target.value,
            year=board.year,
            months_elapsed=elapsed,
            text=text,
        )
    rank_text = _text(board.rank_by)
    children = [
        {
            "row": row,
            "link": f"?{urlencode({'region': row.region.code, 'year': board.year})}",
            "cells": [
                {
                    "actual": _text(m)(row.figures[m].actual),
                    "share": format_percent(row.figures[m].share, places=0)
                    if row.figures[m].share is not None
                    else "",
                    "link": figure_link(row.region.code, m, board.year),
                }
                for m in MEASURES
            ],
        }
        for row in board.children
    ]
    ranking = bar_chart(
        [(row.region.name, row.figures[board.rank_by].actual) for row in board.children],
        title=_("Regions below by %(measure)s, %(year)s")
        % {"measure": Measure(board.rank_by).label, "year": board.year},
        category_axis=_("Region"),
        value_axis=str(Measure(board.rank_by).label),
        text=rank_text,
    )
    query = urlencode({"region": code, "year": board.year, "rank": board.rank_by})
    return {
        "board": board,
        "figures": figures,
        "children": children,
        "ranking": ranking,
        "measures": [(m, Measure(m).label) for m in MEASURES],
        "query": query,
        "years": [board.year - 1, board.year, board.year + 1],
    }


def _no_region(request: HttpRequest) -> HttpResponse | None:
    """The page for a reader who works in no region (nothing to open), else None."""
    if regions_open_to(request_user(request)) == set():
        return render(request, "projects/targets/no_region.html")
    return None


@permission_needed(VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    nothing = _no_region(request)
    if nothing is not None:
        return nothing
    board = _board(request)
    context = _context(board)
    context["may_set"] = request_user(request).has_perm(SET_TARGETS)
    return render(request, "projects/targets/dashboard.html", context)


@permission_needed(VIEW)
def dashboard_summary(request: HttpRequest) -> HttpResponse:
    board = _board(request)
    context = _context(board)
    context["printed_at"] = timezone.localtime()
    return render(request, "projects/targets/summary.html", context)


@permission_needed(VIEW)
def dashboard_export(request: HttpRequest) -> HttpResponse:
    board = _board(request)
    out = io.BytesIO()
    dashboard_xlsx(board, out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"targets-{board.region.code}-{board.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_needed(SET_TARGETS)
def targets_grid(request: HttpRequest) -> HttpResponse:
    """A year's targets for a region and the regions right below it, one row each."""
    nothing = _no_region(request)
    if nothing is not None:
        return nothing
    user = request_user(request)
    source = request.POST if request.method == "POST" else request.GET
    code = (source.get("region", "") or home_region(user))[:6]
    region = region_allowed(user, code)
    if request.method == "POST":
        # A year that is not one is refused by the service, naming the field.
        text = str(source.get("year", ""))
        year = int(text) if text.isdigit() and len(text) <= 4 else 0
    else:
        year = _year(request)
    tree = region_tree()
    rows_codes = [code, *tree.children.get(code, [])]
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        cells = {
            (c, m): request.POST.get(field_name(c, m), "") for c in rows_codes for m in MEASURES
        }
        allowed = regions_open_to(user)
        try:
            changed = targets_save(actor=user, year=year, cells=cells, allowed=allowed)
        except ValidationError as exc:
            errors = exc.message_dict
            messages.error(request, _("Nothing was saved: see the targets marked below."))
        else:
            messages.success(
                request, _("%(count)s targets changed.") % {"count": format_count(changed)}
            )
            return redirect(
                f"{reverse('projects-targets-set')}?{urlencode({'region': code, 'year': year})}"
            )
    own: dict[str, dict[str, Any]] = {m: {} for m in MEASURES}
    for t in Target.objects.filter(year=year, region_id__in=tree.descendants(code)):
        own[t.measure][t.region_id] = t.value
    rows = []
    for c in rows_codes:
        cells_out = []
        for m in MEASURES:
            name = field_name(c, m)
            value = request.POST.get(name, "") if errors else own[m].get(c)
            shown = effective_target(tree, own[m], c)
            cells_out.append(
                {
                    "name": name,
                    "label": Measure(m).label,
                    "value": "" if value is None else value,
                    "errors": errors.get(name, []),
                    "sum": _text(m)(shown.value) if shown.source == "sum" else "",
                    "step": "0.01" if is_money(m) else "1",
                }
            )
        rows.append({"region": tree.regions[c], "cells": cells_out, "is_top": c == code})
    return render(
        request,
        "projects/targets/grid.html",
        {
            "region": region,
            "year": year,
            "rows": rows,
            "measures": [(m, Measure(m).label, is_money(m)) for m in MEASURES],
            "errors": {k: v for k, v in errors.items() if k in ("region", "measure", "year")},
        },
    )
