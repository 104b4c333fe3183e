"""Actuals by region and month, counted from the data (never typed in):

- projects signed and investment signed: the contract's date, or while the contract has
  none the day the lead moved to signed (written by the stage service, from its history),
  and the contract's promised investment (the lead's planned investment while the
  contract has none);
- projects started and in production: the milestones' actual dates (开工, 投产);
- investment made: the quarterly actual figures, placed in the quarter's last month;
- technological and digital transformation: enterprises whose confirmed project was
  completed that month, each enterprise once a year (its first completion); only
  enterprises above designated size count for the digital programme.

Both are kept in a rollup (``RegionMonthActual``) by region and month, in two parts: a
write to a lead, project, milestone or figure marks its region's project part stale, a
write to a transformation project or an enterprise its transformation part
(``targets/stale.py``); the next read rebuilds only the stale parts of those regions, with
a few grouped queries. The daily task rebuilds the whole rollup."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from zhaoshang.leads.stages import SIGNED_STAGES
from zhaoshang.projects.milestones import MilestoneKind
from zhaoshang.projects.models import (
    ActualsBuilt,
    ActualsStale,
    Milestone,
    Project,
    QuarterFigure,
    RegionMonthActual,
    TransformationProject,
)
from zhaoshang.projects.targets.measures import ROLLED_UP, TRANSFORMATION, Measure

# (region code, year, month, measure) → value
Cells = dict[tuple[str, int, int, str], Decimal]


def _add(cells: Cells, rows: Iterable[dict], measure: str, value: str) -> None:
    for row in rows:
        if row["region"] is None or row["y"] is None:
            continue
        key = (row["region"], int(row["y"]), int(row["m"]), measure)
        cells[key] = cells.get(key, Decimal(0)) + Decimal(row[value] or 0)


def _scoped(queryset: QuerySet, path: str, codes: Sequence[str] | None) -> QuerySet:
    return queryset if codes is None else queryset.filter(**{f"{path}__in": list(codes)})


def actuals_compute(codes: Sequence[str] | None = None) -> Cells:
    """The project measures by (region, year, month) for the regions ``codes`` (all when
    None): four grouped queries, nothing per project."""
    cells: Cells = {}
    signed = _scoped(
        Project.objects.filter(lead__signed_on__isnull=False, lead__stage__in=SIGNED_STAGES),
        "lead__region_id",
        codes,
    )
    rows = (
        signed.annotate(
            day=Coalesce("contract_on", "lead__signed_on"),
            region=F("lead__region_id"),
            y=ExtractYear("day"),
            m=ExtractMonth("day"),
        )
        .values("region", "y", "m")
        .annotate(n=Count("id"), yuan=Sum(Coalesce("investment_yuan", "lead__investment_yuan")))
        .order_by()
    )
    rows = list(rows)
    _add(cells, rows, Measure.SIGNED_PROJECTS, "n")
    _add(cells, rows, Measure.SIGNED_INVESTMENT, "yuan")
    for kind, measure in (
        (MilestoneKind.CONSTRUCTION, Measure.STARTED),
        (MilestoneKind.PRODUCTION, Measure.IN_PRODUCTION),
    ):
        reached = _scoped(
            Milestone.objects.filter(kind=kind, actual_on__isnull=False),
            "project__lead__region_id",
            codes,
        )
        _add(
            cells,
            reached.annotate(
                region=F("project__lead__region_id"),
                y=ExtractYear("actual_on"),
                m=ExtractMonth("actual_on"),
            )
            .values("region", "y", "m")
            .annotate(n=Count("id"))
            .order_by(),
            measure,
            "n",
        )
    made = _scoped(
        QuarterFigure.objects.filter(actual_investment__isnull=False),
        "project__lead__region_id",
        codes,
    )
    quarters = (
        made.annotate(region=F("project__lead__region_id"), y=F("year"), m=F("quarter") * 3)
        .values("region", "y", "m")
        .annotate(yuan=Sum("actual_investment"))
        .order_by()
    )
    _add(cells, quarters, Measure.INVESTMENT_MADE, "yuan")
    return cells


def _write(cells: Cells) -> None:
    RegionMonthActual.objects.bulk_create(
        (
            RegionMonthActual(region_id=region, year=year, month=month, measure=measure, value=v)
            for (region, year, month, measure), v in cells.items()
            if v
        ),
        batch_size=2000,
    )


PARTS = {ActualsStale.PROJECTS: ROLLED_UP, ActualsStale.TRANSFORMATION: TRANSFORMATION}


def _compute(part: str, codes: Sequence[str] | None) -> Cells:
    if part == ActualsStale.PROJECTS:
        return actuals_compute(codes)
    return transformation_compute(codes)


def actuals_rebuild() -> int:
    """Build the whole rollup again (the daily task, a bulk load, a first read)."""
    with transaction.atomic():
        previous = ActualsBuilt.objects.values_list("generation", flat=True).first() or 0
        ActualsStale.objects.all().delete()
        cells = {**actuals_compute(), **transformation_compute()}
        RegionMonthActual.objects.all().delete()
        _write(cells)
        ActualsBuilt.objects.all().delete()
        ActualsBuilt.objects.create(built_at=timezone.now(), generation=previous + 1)
    return len(cells)


def actuals_touch() -> None:
    """Say that what was read from the rollup or the targets may have changed."""
    ActualsBuilt.objects.update(generation=F("generation") + 1)


def _generation() -> str | None:
    found = ActualsBuilt.objects.values_list("generation", "built_at").first()
    return None if found is None else f"{found[0]}.{found[1].timestamp():.6f}"


def actuals_refresh() -> str:
    """Bring the rollup up to date before a read: the stale parts of regions are rebuilt
    (their markers are taken first, so a write that lands meanwhile marks them again).
    Returns the rollup's generation (with the time it was built whole, so that a
    generation is never repeated)."""
    built = _generation()
    if built is None:
        actuals_rebuild()
        return _generation() or ""
    stale = list(ActualsStale.objects.values_list("pk", "region_id", "part"))
    if not stale:
        return built
    with transaction.atomic():
        ActualsStale.objects.filter(pk__in=[pk for pk, _code, _part in stale]).delete()
        for part, measures in PARTS.items():
            codes = sorted({code for _pk, code, p in stale if p == part})
            if codes:
                cells = _compute(part, codes)
                RegionMonthActual.objects.filter(region_id__in=codes, measure__in=measures).delete()
                _write(cells)
        actuals_touch()
    return _generation() or ""


def rollup_totals(
    codes: Sequence[str], years: Sequence[int]
) -> dict[tuple[str, int, str], Decimal]:
    """(region, year, measure) → the year's total, for regions ``codes``: summed in the
    database, so a province reads a few thousand rows, not every month."""
    rows = (
        RegionMonthActual.objects.filter(region_id__in=list(codes), year__in=list(years))
        .values("region_id", "year", "measure")
        .annotate(total=Sum("value"))
        .values_list("region_id", "year", "measure", "total")
        .order_by()
    )
    return {(r, y, m): Decimal(v) for r, y, m, v in rows}


def rollup_months(
    codes: Sequence[str], years: Sequence[int]
) -> dict[tuple[int, int, str], Decimal]:
    """(year, month, measure) → the total of regions ``codes``."""
    rows = (
        RegionMonthActual.objects.filter(region_id__in=list(codes), year__in=list(years))
        .values("year", "month", "measure")
        .annotate(total=Sum("value"))
        .values_list("year", "month", "measure", "total")
        .order_by()
    )
    return {(y, month, m): Decimal(v) for y, month, m, v in rows}


def first_completions(kind: str) -> QuerySet[TransformationProject]:
    """Confirmed, completed projects of ``kind`` that are their enterprise's first of the
    year (so an enterprise is counted once a year); digital ones of enterprises above
    designated size only."""
    earlier = TransformationProject.objects.filter(
        enterprise_id=OuterRef("enterprise_id"),
        kind=kind,
        status=TransformationProject.Status.CONFIRMED,
        completed_on__year=ExtractYear(OuterRef("completed_on")),
    ).filter(
        Q(completed_on__lt=OuterRef("completed_on"))
        | Q(completed_on=OuterRef("completed_on"), pk__lt=OuterRef("pk"))
    )
    found = TransformationProject.objects.filter(
        kind=kind,
        status=TransformationProject.Status.CONFIRMED,
        completed_on__isnull=False,
    )
    if kind == TransformationProject.Kind.DIGITAL:
        found = found.filter(enterprise__above_designated_size=True)
    return found.filter(~Exists(earlier))


TRANSFORMATION_KIND = {
    Measure.TECH_TRANSFORMATION: TransformationProject.Kind.TECHNOLOGICAL,
    Measure.DIGITAL_TRANSFORMATION: TransformationProject.Kind.DIGITAL,
}


def transformation_compute(codes: Sequence[str] | None = None) -> Cells:
    """The transformation counts by (region, year, month) for ``codes`` (all when None):
    each enterprise's first completion of the year, found by one grouped query per
    programme (enterprise, year → earliest end), then counted by its month here."""
    cells: Cells = {}
    for measure, kind in TRANSFORMATION_KIND.items():
        found = TransformationProject.objects.filter(
            kind=kind, status=TransformationProject.Status.CONFIRMED, completed_on__isnull=False
        )
        if kind == TransformationProject.Kind.DIGITAL:
            found = found.filter(enterprise__above_designated_size=True)
        firsts = (
            _scoped(found, "enterprise__region_id", codes)
            .annotate(region=F("enterprise__region_id"), y=ExtractYear("completed_on"))
            .values("enterprise_id", "region", "y")
            .annotate(first=Min("completed_on"))
            .values_list("region", "first")
            .order_by()
        )
        for region, first in firsts.iterator(chunk_size=5000):
            if region is None:
                continue
            key = (region, first.year, first.month, measure)
            cells[key] = cells.get(key, Decimal(0)) + 1
    return cells


def actuals_for(
    codes: Sequence[str], years: Sequence[int]
) -> tuple[dict[tuple[str, int, str], Decimal], dict[tuple[int, int, str], Decimal]]:
    """Every measure for ``codes`` and ``years``: totals by region and year, and the months
    of all of them together (the rollup brought up to date first)."""
    actuals_refresh()
    return rollup_totals(codes, years), rollup_months(codes, years)
