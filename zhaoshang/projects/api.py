"""Projects endpoints: signed projects, their contract, milestones, quarterly figures and
contract performance. The same services check the same rules as the pages; the same
visibility rule decides what a caller sees (another's project answers 404).

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from zhaoshang.core.api_errors import validation_detail
from zhaoshang.core.api_types import Pagination, responses
from zhaoshang.core.permissions import api_require
from zhaoshang.projects import selectors, services
from zhaoshang.projects.access import CHANGE, VIEW, project_visible
from zhaoshang.projects.figures.services import figures_save
from zhaoshang.projects.milestones import MilestoneKind
from zhaoshang.projects.performance.assess import project_performance
from zhaoshang.projects.schemas import (
    ContractIn,
    FigureOut,
    FiguresIn,
    MilestoneOut,
    MilestonePatch,
    MilestonePath,
    ProjectFilterIn,
    ProjectOut,
    ProjectPath,
    PromiseOut,
)

router = Router(tags=["projects"])


def _invalid(exc: ValidationError) -> Status:
    return Status(422, {"detail": validation_detail(exc), "errors": exc.message_dict})


@router.get(
    "/projects",
    response=responses({200: list[ProjectOut]}, 403, 422),
    summary="Signed projects the caller may see (red warnings first)",
)
@paginate(Pagination)
def project_list(request: HttpRequest, filters: Query[ProjectFilterIn]) -> Any:
    user = api_require(request, VIEW)
    where = selectors.ProjectFilter(
        region=filters.region, stage=filters.stage, warning=filters.warning
    )
    return selectors.project_list(user, where)


@router.get(
    "/projects/{project_id}",
    response=responses({200: ProjectOut}, 403, 404, 422),
    summary="One signed project",
)
def project_detail(request: HttpRequest, path: Path[ProjectPath]) -> Any:
    return project_visible(api_require(request, VIEW), path.project_id)


@router.put(
    "/projects/{project_id}/contract",
    response=responses({200: ProjectOut}, 400, 403, 404, 422),
    summary="Set the contract's terms (and the promised dates of milestones)",
)
def contract_put(request: HttpRequest, path: Path[ProjectPath], payload: ContractIn) -> Any:
    user = api_require(request, CHANGE)
    project = project_visible(user, path.project_id)
    values = payload.dict()
    planned = values.pop("planned")
    values["is_demo"] = project.is_demo
    try:
        services.project_contract_save(actor=user, project=project, values=values, planned=planned)
    except ValidationError as exc:
        return _invalid(exc)
    return project_visible(user, project.pk)


def _milestones(project: Any) -> list[Any]:
    return sorted(project.milestones.all(), key=lambda m: MilestoneKind.values.index(m.kind))


@router.get(
    "/projects/{project_id}/milestones",
    response=responses({200: list[MilestoneOut]}, 403, 404, 422),
    summary="A project's milestones, in order",
)
def milestone_list(request: HttpRequest, path: Path[ProjectPath]) -> Any:
    return _milestones(project_visible(api_require(request, VIEW), path.project_id))


@router.patch(
    "/projects/{project_id}/milestones/{kind}",
    response=responses({200: MilestoneOut}, 400, 403, 404, 422),
    summary="Set a milestone's promised or actual date (null clears it)",
)
def milestone_patch(
    request: HttpRequest, path: Path[MilestonePath], payload: MilestonePatch
) -> Any:
    user = api_require(request, CHANGE)
    project = project_visible(user, path.project_id)
    given = payload.dict(exclude_unset=True)
    kind = path.kind
    try:
        services.milestones_record(
            actor=user,
            project=project,
            actual={kind: given["actual_on"]} if "actual_on" in given else {},
            planned={kind: given["planned_on"]} if "planned_on" in given else None,
        )
    except ValidationError as exc:
        errors = {
            name.replace(f"actual_{kind}", "actual_on").replace(f"planned_{kind}", "planned_on"): m
            for name, m in exc.message_dict.items()
        }
        return _invalid(ValidationError(errors))
    return project.milestones.get(kind=kind)


@router.get(
    "/projects/{project_id}/figures",
    response=responses({200: list[FigureOut]}, 403, 404, 422),
    summary="A project's figures by quarter",
)
def figure_list(request: HttpRequest, path: Path[ProjectPath]) -> Any:
    project = project_visible(api_require(request, VIEW), path.project_id)
    return project.figures.order_by("year", "quarter")


@router.put(
    "/projects/{project_id}/figures",
    response=responses({200: list[FigureOut]}, 400, 403, 404, 422),
    summary="Write quarters' figures: all rows, or none (a row of empty figures removes one)",
)
def figure_put(request: HttpRequest, path: Path[ProjectPath], payload: FiguresIn) -> Any:
    user = api_require(request, CHANGE)
    project = project_visible(user, path.project_id)
    try:
        figures_save(actor=user, project=project, rows=[row.dict() for row in payload.rows])
    except ValidationError as exc:
        return _invalid(exc)
    return project.figures.order_by("year", "quarter")


@router.get(
    "/projects/{project_id}/performance",
    response=responses({200: list[PromiseOut]}, 403, 404, 422),
    summary="Contract performance: each promise's status and the rule that set it",
)
def performance(request: HttpRequest, path: Path[ProjectPath]) -> Any:
    project = project_visible(api_require(request, VIEW), path.project_id)
    return project_performance(project)


from zhaoshang.projects.api_targets import router as targets_router  # noqa: E402

router.add_router("", targets_router)
