"""Targets, the dashboard's numbers and the transformation programme, under
``/api/projects/``. The same services and visibility as the pages: a region the caller
may not open answers 404; bad input 422 with the errors by field.

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from zhaoshang.core.api_errors import validation_detail
from zhaoshang.core.api_types import Amount, Id, Line, Lines, Pagination, responses
from zhaoshang.core.permissions import api_require
from zhaoshang.projects.access import VIEW
from zhaoshang.projects.models import MaturityLevel, Target
from zhaoshang.projects.targets.dashboard import dashboard_build, home_region, regions_open_to
from zhaoshang.projects.targets.measures import MEASURES
from zhaoshang.projects.targets.regions import region_tree
from zhaoshang.projects.targets.services import targets_save
from zhaoshang.projects.transformation import services as transformation_services
from zhaoshang.projects.transformation.access import (
    CHANGE as TP_CHANGE,
)
from zhaoshang.projects.transformation.access import (
    VIEW as TP_VIEW,
)
from zhaoshang.projects.transformation.access import (
    enterprises_for_officer,
    transformation_visible,
)
from zhaoshang.projects.transformation.selectors import TransformationFilter, transformation_list

router = Router(tags=["targets"])
SET_TARGETS = "projects.change_target"
TP_ADD = "projects.add_transformationproject"

MeasureIn = Literal[
    "signed_projects",
    "signed_investment",
    "started",
    "in_production",
    "investment_made",
    "tech_transformation",
    "digital_transformation",
]
YearIn = int
RegionCode = str


def _invalid(exc: ValidationError) -> Status:
    return Status(422, {"detail": validation_detail(exc), "errors": exc.message_dict})


class TargetsQuery(Schema):
    year: int = Field(..., ge=2000, le=2100)
    region: str = Field("", max_length=6, pattern=r"^([0-9]{2}|[0-9]{4}|[0-9]{6})?$")


class TargetOut(Schema):
    region: str = Field(..., alias="region_id")
    year: int
    measure: str
    value: Decimal
    is_demo: bool
    source: str


class TargetIn(Schema):
    region: str = Field(..., min_length=2, max_length=6, pattern=r"^[0-9]+$")
    measure: MeasureIn
    value: Decimal | None = Field(None, ge=0, max_digits=17, decimal_places=2)


class TargetsIn(Schema):
    targets: list[TargetIn] = Field(..., max_length=2000)


class YearPath(Schema):
    year: int = Field(..., ge=2000, le=2100)


@router.get(
    "/targets",
    response=responses({200: list[TargetOut]}, 403, 404, 422),
    summary="The targets set for a year, in a region and below (default: the caller's)",
)
def target_list(request: HttpRequest, query: Query[TargetsQuery]) -> Any:
    user = api_require(request, VIEW)
    code = query.region or home_region(user)
    allowed = regions_open_to(user)
    if allowed is not None and code not in allowed:
        return Status(404, {"detail": "Not Found"})
    codes = region_tree().descendants(code)
    return Target.objects.filter(year=query.year, region_id__in=codes).order_by(
        "region_id", "measure"
    )


@router.put(
    "/targets/{year}",
    response=responses({200: list[TargetOut]}, 400, 403, 404, 422),
    summary="Set (or clear, with a null value) targets of a year: all of them, or none",
)
def target_put(request: HttpRequest, path: Path[YearPath], payload: TargetsIn) -> Any:
    user = api_require(request, SET_TARGETS)
    cells: dict[tuple[str, str], Decimal | str | None] = {
        (t.region, str(t.measure)): t.value for t in payload.targets
    }
    try:
        targets_save(actor=user, year=path.year, cells=cells, allowed=regions_open_to(user))
    except ValidationError as exc:
        return _invalid(exc)
    codes = {t.region for t in payload.targets}
    return Target.objects.filter(year=path.year, region_id__in=codes).order_by(
        "region_id", "measure"
    )


class DashboardQuery(Schema):
    region: str = Field("", max_length=6, pattern=r"^([0-9]{2}|[0-9]{4}|[0-9]{6})?$")
    year: int | None = Field(None, ge=2000, le=2100)


class TargetFigureOut(Schema):
    measure: str
    target: Decimal | None
    target_source: Literal["own", "sum", "none"]
    actual: Decimal
    last_year_target: Decimal | None
    last_year_target_source: Literal["own", "sum", "none"]
    last_year_actual: Decimal


class TargetMonthsOut(Schema):
    measure: str
    this_year: list[Decimal]
    last_year: list[Decimal]


class TargetChildFigureOut(Schema):
    measure: str
    target: Decimal | None
    actual: Decimal


class TargetChildOut(Schema):
    region: str
    name: str
    rank: int
    figures: list[TargetChildFigureOut]


class TargetAttentionOut(Schema):
    project: int
    company: str
    status: str
    red_warnings: int


class DashboardOut(Schema):
    region: str
    name: str
    year: int
    figures: list[TargetFigureOut]
    months: list[TargetMonthsOut]
    children: list[TargetChildOut]
    attention: list[TargetAttentionOut]


@router.get(
    "/dashboard",
    response=responses({200: DashboardOut}, 403, 404, 422),
    summary="A region's targets against actuals, by month and by the regions below",
)
def dashboard(request: HttpRequest, query: Query[DashboardQuery]) -> Any:
    user = api_require(request, VIEW)
    board = dashboard_build(user, query.region or home_region(user), year=query.year)
    return {
        "region": board.region.code,
        "name": board.region.name,
        "year": board.year,
        "figures": [
            {
                "measure": f.measure,
                "target": f.target.value,
                "target_source": f.target.source,
                "actual": f.actual,
                "last_year_target": f.last_target.value,
                "last_year_target_source": f.last_target.source,
                "last_year_actual": f.last_actual,
            }
            for f in board.figures
        ],
        "months": [
            {"measure": m, "this_year": board.months[m][0], "last_year": board.months[m][1]}
            for m in MEASURES
        ],
        "children": [
            {
                "region": row.region.code,
                "name": row.region.name,
                "rank": row.rank,
                "figures": [
                    {"measure": m, "target": f.target.value, "actual": f.actual}
                    for m, f in row.figures.items()
                ],
            }
            for row in board.children
        ],
        "attention": [
            {
                "project": row.project.pk,
                "company": row.project.lead.company,
                "status": row.status,
                "red_warnings": row.red,
            }
            for row in board.attention
        ],
    }


class TransformationFilterIn(Schema):
    region: str = Field("", max_length=6, pattern=r"^[0-9]*$")
    kind: Literal["", "tech", "digital"] = ""
    status: Literal["", "pending", "confirmed", "rejected"] = ""
    year: int | None = Field(None, ge=2000, le=2100)
    month: int | None = Field(None, ge=1, le=12)
    counted: bool = False


class TransformationOut(Schema):
    id: int
    enterprise: int = Field(..., alias="enterprise_id")
    uscc: str = Field(..., alias="enterprise.uscc")
    kind: str
    title: str
    description: str
    investment_yuan: Decimal | None
    equipment: str
    started_on: datetime.date | None
    completed_on: datetime.date | None
    subsidy_yuan: Decimal | None
    level_before: int | None = Field(None, alias="level_before.rank")
    level_after: int | None = Field(None, alias="level_after.rank")
    status: str
    is_demo: bool


class TransformationIn(Schema):
    uscc: str = Field(..., min_length=18, max_length=18, pattern=r"^[0-9A-Za-z]{18}$")
    kind: Literal["tech", "digital"]
    title: Line
    description: Lines = ""
    investment_yuan: Amount | None = None
    equipment: Line = ""
    started_on: datetime.date | None = None
    completed_on: datetime.date | None = None
    subsidy_yuan: Amount | None = None
    level_before: int | None = Field(None, ge=1, le=100)
    level_after: int | None = Field(None, ge=1, le=100)


class TransformationPath(Schema):
    transformation_id: Id


class DecisionIn(Schema):
    decision: Literal["confirm", "reject"]


@router.get(
    "/transformation",
    response=responses({200: list[TransformationOut]}, 403, 422),
    summary="Transformation projects the caller may see",
)
@paginate(Pagination)
def transformation_index(request: HttpRequest, filters: Query[TransformationFilterIn]) -> Any:
    user = api_require(request, TP_VIEW)
    return transformation_list(user, TransformationFilter(**filters.dict()))


@router.post(
    "/transformation",
    response=responses({201: TransformationOut}, 400, 403, 422),
    summary="Record a transformation project (confirmed at once)",
)
def transformation_create(request: HttpRequest, payload: TransformationIn) -> Any:
    user = api_require(request, TP_ADD)
    values = payload.dict()
    uscc = values.pop("uscc").upper()
    enterprise = enterprises_for_officer(user).filter(uscc=uscc).first()
    if enterprise is None:
        return _invalid(
            ValidationError(
                {"uscc": [_("There is no enterprise with this credit code that you may see.")]}
            )
        )
    levels = {level.rank: level for level in MaturityLevel.objects.all()}
    for name in ("level_before", "level_after"):
        rank = values[name]
        if rank is not None and rank not in levels:
            return _invalid(ValidationError({name: [_("There is no such level on the scale.")]}))
        values[name] = levels.get(rank) if rank is not None else None
    try:
        project = transformation_services.transformation_record(
            actor=user, enterprise=enterprise, values=values
        )
    except ValidationError as exc:
        return _invalid(exc)
    return Status(201, transformation_visible(user, project.pk))


@router.post(
    "/transformation/{transformation_id}/decision",
    response=responses({200: TransformationOut}, 400, 403, 404, 422),
    summary="Confirm or reject a project an enterprise proposed",
)
def transformation_decision(
    request: HttpRequest, path: Path[TransformationPath], payload: DecisionIn
) -> Any:
    user = api_require(request, TP_CHANGE)
    project = transformation_visible(user, path.transformation_id)
    try:
        transformation_services.transformation_decide(
            actor=user, project=project, confirm=payload.decision == "confirm"
        )
    except ValidationError as exc:
        return _invalid(exc)
    return transformation_visible(user, project.pk)
