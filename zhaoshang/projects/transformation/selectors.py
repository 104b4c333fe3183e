"""Reads of transformation projects: the list behind a dashboard's number, with filters."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from zhaoshang.core.models import User
from zhaoshang.projects.models import TransformationProject
from zhaoshang.projects.targets.actuals import first_completions
from zhaoshang.projects.transformation.access import transformation_visible_to


@dataclass(frozen=True)
class TransformationFilter:
    region: str = ""
    kind: str = ""
    status: str = ""
    year: int | None = None
    month: int | None = None
    counted: bool = False  # only the projects that count toward the target


def transformation_list(user: User, where: TransformationFilter) -> QuerySet[TransformationProject]:
    found = transformation_visible_to(user).select_related(
        "enterprise", "enterprise__region", "level_before", "level_after"
    )
    if where.counted and where.kind:
        found = found.filter(pk__in=first_completions(where.kind).values("pk"))
    if where.region:
        found = found.filter(
            Q(enterprise__region_id=where.region)
            | Q(enterprise__region__parent_id=where.region)
            | Q(enterprise__region__parent__parent_id=where.region)
        )
    if where.kind:
        found = found.filter(kind=where.kind)
    if where.status:
        found = found.filter(status=where.status)
    if where.year:
        found = found.filter(completed_on__year=where.year)
        if where.month:
            found = found.filter(completed_on__month=where.month)
    return found.order_by("status", "-completed_on", "-id")
