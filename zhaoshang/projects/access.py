"""Who sees a signed project, and all that hangs on it: whoever may see its lead
(``leads.access``). Registered with ``core.visibility``, so that the audit log, object
history and notifications obey the same rule."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from zhaoshang.core.models import User
from zhaoshang.core.visibility import visibility_rule
from zhaoshang.leads.access import leads_visible_to
from zhaoshang.projects.models import (
    Milestone,
    Project,
    ProjectWarning,
    QuarterFigure,
    SupervisionReply,
    SupervisionTask,
)

VIEW = "projects.view_project"
CHANGE = "projects.change_project"
SUPERVISE = "projects.supervise_project"


@visibility_rule(Project)
def projects_visible_to(user: User) -> QuerySet[Project]:
    if not user.is_active:
        return Project.objects.none()
    if user.is_superuser:
        return Project.objects.all()
    if not user.has_perm(VIEW):
        return Project.objects.none()
    return Project.objects.filter(lead__in=leads_visible_to(user).values("pk"))


def _of_projects(model: Any, user: User, path: str = "project") -> QuerySet[Any]:
    return model.objects.filter(**{f"{path}__in": projects_visible_to(user).values("pk")})


@visibility_rule(Milestone)
def milestones_visible_to(user: User) -> QuerySet[Milestone]:
    return _of_projects(Milestone, user)


@visibility_rule(QuarterFigure)
def figures_visible_to(user: User) -> QuerySet[QuarterFigure]:
    return _of_projects(QuarterFigure, user)


@visibility_rule(ProjectWarning)
def warnings_visible_to(user: User) -> QuerySet[ProjectWarning]:
    return _of_projects(ProjectWarning, user)


@visibility_rule(SupervisionTask)
def supervision_visible_to(user: User) -> QuerySet[SupervisionTask]:
    return _of_projects(SupervisionTask, user)


@visibility_rule(SupervisionReply)
def replies_visible_to(user: User) -> QuerySet[SupervisionReply]:
    return _of_projects(SupervisionReply, user, "task__project")


def project_visible(user: User, pk: int) -> Project:
    """The project ``pk`` if ``user`` may see it; 404 otherwise."""
    project = (
        projects_visible_to(user)
        .select_related("lead", "lead__region", "parcel", "building")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404
    return project
