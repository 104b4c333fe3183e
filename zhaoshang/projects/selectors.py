"""Reads of signed projects for the pages and the API: the list with its filters, the
figures grid, open warnings, supervision tasks. Every read starts from the visibility rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from zhaoshang.core.models import User
from zhaoshang.projects.access import projects_visible_to
from zhaoshang.projects.models import Project, ProjectWarning, QuarterFigure, SupervisionTask
from zhaoshang.projects.quarters import (
    Quarter,
    quarter_add,
    quarter_index,
    quarter_label,
    quarter_of,
    quarter_start,
)
from zhaoshang.registry.models import Region


@dataclass(frozen=True)
class ProjectFilter:
    region: str = ""
    stage: str = ""
    warning: str = ""  # red, yellow (the worst open warning), none
    # The projects behind a dashboard's number: counted for ``measure`` in ``year``
    # (and ``month``), as targets/actuals.py counts them.
    measure: str = ""
    year: int | None = None
    month: int | None = None


def _counted(measure: str, year: int, month: int | None) -> Q | Exists | None:
    from zhaoshang.leads.stages import SIGNED_STAGES
    from zhaoshang.projects.milestones import MilestoneKind
    from zhaoshang.projects.models import Milestone

    if measure in ("signed_projects", "signed_investment"):
        # Signed on the contract's date, or (no contract date yet) the day the lead moved
        # to signed: as targets/actuals.py counts them.
        on_contract = Q(contract_on__year=year)
        on_move = Q(contract_on__isnull=True, lead__signed_on__year=year)
        if month:
            on_contract &= Q(contract_on__month=month)
            on_move &= Q(lead__signed_on__month=month)
        return Q(lead__stage__in=SIGNED_STAGES) & (on_contract | on_move)
    kinds = {"started": MilestoneKind.CONSTRUCTION, "in_production": MilestoneKind.PRODUCTION}
    if measure in kinds:
        reached = Milestone.objects.filter(
            project=OuterRef("pk"), kind=kinds[measure], actual_on__year=year
        )
        if month:
            reached = reached.filter(actual_on__month=month)
        return Exists(reached)
    if measure == "investment_made":
        made = QuarterFigure.objects.filter(
            project=OuterRef("pk"), year=year, actual_investment__isnull=False
        )
        if month:
            made = made.filter(quarter=(month + 2) // 3)
        return Exists(made)
    return None


def _open_warning(level: str) -> Exists:
    return Exists(
        ProjectWarning.objects.filter(project=OuterRef("pk"), level=level, cleared_at__isnull=True)
    )


def project_list(user: User, where: ProjectFilter) -> QuerySet[Project]:
    projects = projects_visible_to(user).select_related("lead", "lead__region")
    if where.region:
        projects = projects.filter(
            Q(lead__region_id=where.region)
            | Q(lead__region__parent_id=where.region)
            | Q(lead__region__parent__parent_id=where.region)
        )
    if where.stage:
        projects = projects.filter(lead__stage=where.stage)
    if where.measure and where.year:
        counted = _counted(where.measure, where.year, where.month)
        if counted is not None:
            projects = projects.filter(counted)
    projects = projects.annotate(red=_open_warning("red"), yellow=_open_warning("yellow"))
    if where.warning == "red":
        projects = projects.filter(red=True)
    elif where.warning == "yellow":
        projects = projects.filter(yellow=True, red=False)
    elif where.warning == "none":
        projects = projects.filter(yellow=False, red=False)
    return projects.order_by("-red", "-yellow", "-contract_on", "-id")


def regions_for_filter() -> QuerySet[Region]:
    return Region.objects.exclude(level=Region.Level.COUNTY).order_by("code")


@dataclass
class GridRow:
    quarter: Quarter
    label: str
    figure: QuarterFigure | None
    future: bool  # the quarter has not begun: actual figures may not be entered

    @property
    def key(self) -> str:
        return f"{self.quarter[0]}-{self.quarter[1]}"


def figures_grid(project: Project, *, ahead: int = 4) -> list[GridRow]:
    """The quarters from the contract's (or the first figure's) to ``ahead`` quarters from
    now, each with its figures if any."""
    figures = {(f.year, f.quarter): f for f in project.figures.all()}
    today = timezone.localdate()
    now = quarter_of(today)
    starts = [quarter_of(project.contract_on or today), *figures]
    first = min(starts, key=quarter_index)
    last = max([quarter_add(now, ahead), *figures], key=quarter_index)
    first = max(first, quarter_add(last, -40), key=quarter_index)  # at most ten years shown
    rows = []
    quarter = first
    while quarter_index(quarter) <= quarter_index(last):
        rows.append(
            GridRow(
                quarter,
                quarter_label(quarter),
                figures.get(quarter),
                quarter_start(quarter) > today,
            )
        )
        quarter = quarter_add(quarter, 1)
    return rows


def open_warnings(project: Project) -> QuerySet[ProjectWarning]:
    return project.warnings.filter(cleared_at__isnull=True).order_by("-level", "raised_at")


def supervision_of(project: Project) -> list[SupervisionTask]:
    return list(
        project.supervision_tasks.select_related("owner", "opened_by", "region")
        .prefetch_related("replies__author")
        .order_by("status", "deadline", "id")
    )


def grid_values(row: GridRow) -> dict[str, Any]:
    figure = row.figure
    names = [
        f"{side}_{name}"
        for name in ("investment", "output", "tax", "jobs")
        for side in ("planned", "actual")
    ]
    return {name: getattr(figure, name) if figure else None for name in names}
