"""Actuals by region and month, counted from the data (never typed in):

- projects signed and investment signed: the leads' signed dates (written by the stage
  service when a lead moves to signed) and the contract's promised investment (the lead's
  planned investment while the contract has none);
- projects started and in production: the milestones' actual dates (开工, 投产);
- investment made: the quarterly actual figures, placed in the quarter's last month;
- technological and digital transformation: enterprises whose confirmed project was
  completed that month, each enterprise once a year (its first completion); only
  enterprises above designated size count for the digital programme.

The project measures are kept in a rollup (``RegionMonthActual``) per region: a write to a
lead, project, milestone or figure marks its region stale (``targets/stale.py``) and the
next read rebuilds that region's rows alone with a few grouped queries. The transformation
counts are read live (grouped by region and month)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
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
from zhaoshang.projects.targets.measures import Measure

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
            region=F("lead__region_id"),
            y=ExtractYear("lead__signed_on"),
            m=ExtractMonth("lead__signed_on"),
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


def actuals_rebuild() -> int:
    """Build the whole rollup again (the daily task, a bulk load, a first read)."""
    with transaction.atomic():
        ActualsStale.objects.all().delete()
        cells = actuals_compute()
        RegionMonthActual.objects.all().delete()
        _write(cells)
        ActualsBuilt.objects.all().delete()
        ActualsBuilt.objects.create(built_at=timezone.now())
    return len(cells)


def actuals_refresh() -> list[str]:
    """Bring the rollup up to date before a read: the regions marked stale are rebuilt
    (their markers are taken first, so a write that lands meanwhile marks them again)."""
    if not ActualsBuilt.objects.exists():
        actuals_rebuild()
        return ["*"]
    codes = list(ActualsStale.objects.values_list("region_id", flat=True))
    if not codes:
        return []
    with transaction.atomic():
        ActualsStale.objects.filter(region_id__in=codes).delete()
        cells = actuals_compute(codes)
        RegionMonthActual.objects.filter(region_id__in=codes).delete()
        _write(cells)
    return codes


def rollup_cells(codes: Sequence[str], years: Sequence[int]) -> Cells:
    """The rollup's rows for regions ``codes`` and ``years``."""
    rows = RegionMonthActual.objects.filter(region_id__in=list(codes), year__in=list(years))
    return {
        (r, y, m, measure): v
        for r, y, m, measure, v in rows.values_list(
            "region_id", "year", "month", "measure", "value"
        )
    }


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


def transformation_cells(codes: Sequence[str], years: Sequence[int]) -> Cells:
    cells: Cells = {}
    for measure, kind in TRANSFORMATION_KIND.items():
        rows = (
            first_completions(kind)
            .filter(
                enterprise__region_id__in=list(codes),
                completed_on__gte=f"{min(years)}-01-01",
                completed_on__lte=f"{max(years)}-12-31",
            )
            .annotate(
                region=F("enterprise__region_id"),
                y=ExtractYear("completed_on"),
                m=ExtractMonth("completed_on"),
            )
            .values("region", "y", "m")
            .annotate(n=Count("id"))
            .order_by()
        )
        _add(cells, rows, measure, "n")
    return cells


def cells_for(codes: Sequence[str], years: Sequence[int]) -> Cells:
    """Every measure by (region, year, month) for ``codes`` and ``years``."""
    actuals_refresh()
    cells = rollup_cells(codes, years)
    cells.update(transformation_cells(codes, years))
    return cells


def by_region_year(cells: Cells) -> dict[tuple[str, int, str], Decimal]:
    totals: dict[tuple[str, int, str], Decimal] = defaultdict(Decimal)
    for (region, year, _month, measure), value in cells.items():
        totals[region, year, measure] += value
    return totals
