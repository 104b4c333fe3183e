"""A region's dashboard: targets against actuals this year and last, the months, the
regions below ranked, and the projects that need attention first. Numbers are the region's
(aggregates by region); the lists behind them show each reader what they may see."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from zhaoshang.core.models import User
from zhaoshang.leads.access import leads_visible_to, regions_covered
from zhaoshang.projects.models import Project, ProjectWarning, Target
from zhaoshang.projects.oversight.warnings import warnings_version
from zhaoshang.projects.performance import engine as e
from zhaoshang.projects.performance.assess import project_facts, rules_in_force
from zhaoshang.projects.performance.labels import STATUS_LABELS
from zhaoshang.projects.targets.actuals import actuals_refresh, rollup_months, rollup_totals
from zhaoshang.projects.targets.measures import MEASURES, is_money, measure_label
from zhaoshang.projects.targets.regions import (
    EffectiveTarget,
    RegionTree,
    effective_target,
    region_tree,
)
from zhaoshang.registry.models import Region

ATTENTION = 10
JUDGED = 15  # projects judged by the performance rules to choose the ten shown
WALK = 300  # open red warnings read, at most, to find the projects listed first
WIDE = 30  # more regions than this (the province): walk the warnings by age
SEVERITY = {e.BREACHED: 0, e.BEHIND: 1, e.ON_TRACK: 2, e.NOT_ASSESSED: 3}


def regions_open_to(user: User) -> set[str] | None:
    """The regions whose dashboard ``user`` may open (None: all of them)."""
    if user.is_superuser:
        return None
    return set(regions_covered(user).values_list("code", flat=True))


def home_region(user: User) -> str:
    """The region a user's dashboard opens on: the widest one they work in."""
    allowed = regions_open_to(user)
    if allowed is None:
        top = Region.objects.filter(parent__isnull=True).order_by("code").first()
        if top is None:
            raise Http404
        return top.code
    if not allowed:
        raise Http404
    return min(allowed, key=lambda code: (len(code.rstrip("0")), code))


def region_allowed(user: User, code: str) -> Region:
    allowed = regions_open_to(user)
    region = Region.objects.filter(code=code).first()
    if region is None or (allowed is not None and code not in allowed):
        raise Http404
    return region


@dataclass
class Figure:
    measure: str
    label: str
    money: bool
    target: EffectiveTarget
    actual: Decimal
    last_target: EffectiveTarget
    last_actual: Decimal

    @property
    def share(self) -> Decimal | None:
        if self.target.value:
            return self.actual / self.target.value
        return None

    @property
    def last_share(self) -> Decimal | None:
        if self.last_target.value:
            return self.last_actual / self.last_target.value
        return None


@dataclass
class ChildRow:
    region: Region
    figures: dict[str, Figure]
    rank: int = 0


@dataclass
class AttentionRow:
    project: Project
    status: str
    red: int

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, "—"))


@dataclass
class Dashboard:
    region: Region
    year: int
    figures: list[Figure]
    months: dict[str, tuple[list[Decimal], list[Decimal]]]  # measure → (this year, last)
    children: list[ChildRow]
    rank_by: str
    attention: list[AttentionRow] = field(default_factory=list)
    ancestors: list[Region] = field(default_factory=list)


def _own_targets(codes: list[str], years: list[int]) -> dict[tuple[int, str], dict[str, Decimal]]:
    own: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(dict)
    rows = Target.objects.filter(year__in=years, region_id__in=codes).values_list(
        "region_id", "year", "measure", "value"
    )
    for code, year, measure, value in rows:
        own[year, measure][code] = value
    return own


Numbers = tuple[
    dict[tuple[str, int, str], Decimal],
    dict[tuple[int, int, str], Decimal],
    dict[tuple[int, str], dict[str, Decimal]],
]


def _numbers(code: str, codes: list[str], years: list[int]) -> Numbers:
    """The rollup's totals and months and the targets set, for the regions ``codes``:
    read once per generation of the rollup and targets (the cache key has it, so a write
    anywhere is seen at the next read), then served from the cache."""
    generation = actuals_refresh()
    key = f"targets:numbers:v1:{code}:{'-'.join(map(str, years))}:{generation}"
    found = cache.get(key)
    if found is None:
        by_region, by_month = rollup_totals(codes, years), rollup_months(codes, years)
        found = (by_region, by_month, dict(_own_targets(codes, years)))
        cache.set(key, found, timeout=24 * 3600)
    return found


def _figures(
    tree: RegionTree,
    own: dict[tuple[int, str], dict[str, Decimal]],
    totals: dict[tuple[str, int, str], Decimal],
    code: str,
    year: int,
) -> dict[str, Figure]:
    zero = Decimal(0)
    return {
        measure: Figure(
            measure=measure,
            label=measure_label(measure),
            money=is_money(measure),
            target=effective_target(tree, own.get((year, measure), {}), code),
            actual=totals.get((code, year, measure), zero),
            last_target=effective_target(tree, own.get((year - 1, measure), {}), code),
            last_actual=totals.get((code, year - 1, measure), zero),
        )
        for measure in MEASURES
    }


def dashboard_build(
    user: User, code: str, *, year: int | None = None, rank_by: str = ""
) -> Dashboard:
    region = region_allowed(user, code)
    year = year or timezone.localdate().year
    rank_by = rank_by if rank_by in MEASURES else MEASURES[1]
    tree = region_tree()
    codes = tree.descendants(code)
    years = [year - 1, year]
    by_region, by_month, own = _numbers(code, codes, years)
    under = tree.top_below(code)
    # Totals for the region and for each child, from the regions' own totals.
    totals: dict[tuple[str, int, str], Decimal] = defaultdict(Decimal)
    for (place, y, measure), value in by_region.items():
        totals[code, y, measure] += value
        child = under.get(place)
        if child and child != code:
            totals[child, y, measure] += value
    months: dict[str, tuple[list[Decimal], list[Decimal]]] = {
        m: ([Decimal(0)] * 12, [Decimal(0)] * 12) for m in MEASURES
    }
    for (y, month, measure), value in by_month.items():
        if measure in months:
            months[measure][0 if y == year else 1][month - 1] += value
    figures = _figures(tree, own, totals, code, year)
    children = [
        ChildRow(tree.regions[child], _figures(tree, own, totals, child, year))
        for child in tree.children.get(code, [])
    ]

    def order(row: ChildRow) -> tuple:
        figure = row.figures[rank_by]
        share = figure.share
        return (share is None, -(share or 0), -figure.actual, row.region.code)

    children.sort(key=order)
    for index, row in enumerate(children, start=1):
        row.rank = index
    ancestors = [tree.regions[c] for c in reversed(tree.ancestors(code))]
    return Dashboard(
        region=region,
        year=year,
        figures=list(figures.values()),
        months=months,
        children=children,
        rank_by=rank_by,
        attention=attention(user, codes),
        ancestors=ancestors,
    )


def _candidates(codes: list[str]) -> dict[int, int]:
    """Project → lead of the projects of ``codes`` with open red warnings, in the order
    they are shown (before visibility). Warnings change only when the daily computation
    runs, so this is cached under its version."""
    key = f"targets:attention:v1:{warnings_version()}:{codes[0]}:{len(codes)}"
    found = cache.get(key)
    if found is not None:
        return dict(found)
    candidates: dict[int, int] = {}  # project → lead, in the order found
    red = ProjectWarning.objects.filter(cleared_at__isnull=True, level=ProjectWarning.Level.RED)
    if len(codes) > WIDE:
        # Many regions (the province): walk the warnings by the (level, kind, age) index,
        # checking each one's region; the first few hundred come at once.
        for kind in (ProjectWarning.Kind.OVERDUE, ProjectWarning.Kind.BEHIND):
            ids = (
                red.filter(kind=kind, project__lead__region_id__in=codes)
                .order_by("raised_at")
                .values_list("project_id", "project__lead_id")[:WALK]
            )
            for pk, lead in ids:
                candidates.setdefault(pk, lead)
            if len(candidates) >= ATTENTION * 3:
                break
    else:
        # A county or a prefecture: its projects' keys first (the leads' region index),
        # then their warnings by the (project, level) index, sorted here.
        keys = list(Project.objects.filter(lead__region_id__in=codes).values_list("pk", flat=True))
        rows = red.filter(project_id__in=keys).values_list(
            "project_id", "project__lead_id", "kind", "raised_at"
        )
        overdue = ProjectWarning.Kind.OVERDUE
        for pk, lead, _kind, _at in sorted(rows, key=lambda r: (r[2] != overdue, r[3], r[0])):
            candidates.setdefault(pk, lead)
            if len(candidates) >= WALK:
                break
    cache.set(key, list(candidates.items()), timeout=24 * 3600)
    return candidates


def attention(
    user: User, codes: list[str], *, today: datetime.date | None = None
) -> list[AttentionRow]:
    """Projects of the regions ``codes`` that the reader may see, with open red warnings:
    the oldest overdue milestones first, then figures behind plan; each judged by the
    performance rules, breached ones shown first.

    For the province the open red warnings are walked by their index (kind, age) and the
    walk stops after a few hundred; for a county or a prefecture they are counted by
    project in the database."""
    candidates = _candidates(codes)
    # Visibility is checked on these few leads by their keys (the rule's own queryset).
    visible = set(
        leads_visible_to(user).filter(pk__in=set(candidates.values())).values_list("pk", flat=True)
    )
    chosen = [pk for pk, lead in candidates.items() if lead in visible][:JUDGED]
    if not chosen:
        return []
    reds = dict(
        ProjectWarning.objects.filter(
            project_id__in=chosen, cleared_at__isnull=True, level=ProjectWarning.Level.RED
        )
        .values("project_id")
        .annotate(n=Count("id"))
        .values_list("project_id", "n")
    )
    projects = Project.objects.filter(pk__in=chosen).select_related("lead", "lead__region")
    projects = projects.prefetch_related("figures", "milestones")
    rules = rules_in_force()
    rows = []
    for project in projects:
        results = e.evaluate(project_facts(project, today), rules)
        worst = min((r.status for r in results), key=lambda s: SEVERITY.get(s, 9), default="")
        rows.append(AttentionRow(project, worst, reds.get(project.pk, 0)))
    order = {pk: index for index, pk in enumerate(chosen)}
    rows.sort(key=lambda r: (SEVERITY.get(r.status, 9), order[r.project.pk]))
    return rows[:ATTENTION]
