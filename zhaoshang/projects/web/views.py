"""The officers' project pages: the list, a project's page (contract, milestones, figures
grid, performance, warnings, supervision) and its writes. Thin: parse, call a service or
selector, render; a refused write shows the page again with the reasons by field."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.models import User
from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads.access import lead_visible
from zhaoshang.leads.stages import SIGNED_STAGES
from zhaoshang.leads.web.shared import errors_to_form
from zhaoshang.projects import selectors, services
from zhaoshang.projects.access import CHANGE, SUPERVISE, VIEW, project_visible
from zhaoshang.projects.figures.services import FIELD_LABELS, VALUE_FIELDS, figures_save
from zhaoshang.projects.milestones import MilestoneKind
from zhaoshang.projects.models import Project, SupervisionTask
from zhaoshang.projects.oversight import supervision
from zhaoshang.projects.performance.assess import project_performance
from zhaoshang.projects.web.forms import (
    ContractForm,
    MilestonesForm,
    ProjectFilterForm,
    ReplyForm,
    SupervisionForm,
)


@permission_needed(VIEW)
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    where = selectors.ProjectFilter()
    if form.is_valid():
        where = selectors.ProjectFilter(**form.cleaned_data)
    projects = selectors.project_list(request_user(request), where)
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "regions": selectors.regions_for_filter(),
        },
    )


def _owners(project: Project) -> Any:
    from zhaoshang.projects.access import projects_visible_to

    candidates = (
        User.objects.filter(is_active=True)
        .filter(Q(assigned_leads=project.lead_id) | Q(lead_regions__isnull=False))
        .distinct()
        .order_by("username")
    )
    return User.objects.filter(
        pk__in=[u.pk for u in candidates if projects_visible_to(u).filter(pk=project.pk).exists()]
    ).order_by("username")


def _grid_cells(
    grid: list[selectors.GridRow], posted: Any, errors: dict[str, list[str]]
) -> list[tuple[selectors.GridRow, list[dict[str, Any]]]]:
    """Each quarter's inputs: name, value (as posted after a refusal), whether an actual
    may be entered yet, and the reason a value was refused."""
    rows = []
    for row in grid:
        values = selectors.grid_values(row)
        cells = []
        for name in VALUE_FIELDS:
            input_name = f"{row.key}:{name}"
            value = posted.get(input_name, "") if posted is not None else values[name]
            cells.append(
                {
                    "name": input_name,
                    "value": "" if value is None else value,
                    "label": f"{row.label} {FIELD_LABELS[name]}",
                    "locked": row.future and name.startswith("actual_"),
                    "jobs": name.endswith("_jobs"),
                    "error": " ".join(errors.get(f"{row.label}.{name}", [])),
                }
            )
        rows.append((row, cells))
    return rows


def _detail(
    request: HttpRequest, project: Project, status: int = 200, **extra: Any
) -> HttpResponse:
    milestones = sorted(project.milestones.all(), key=lambda m: MilestoneKind.values.index(m.kind))
    grid = selectors.figures_grid(project)
    context = {
        "project": project,
        "lead": project.lead,
        "milestones": milestones,
        "grid": _grid_cells(
            grid, extra.pop("figures_posted", None), extra.get("figure_errors", {})
        ),
        "value_fields": [(name, FIELD_LABELS[name]) for name in VALUE_FIELDS],
        "performance": project_performance(project),
        "warnings": selectors.open_warnings(project),
        "tasks": selectors.supervision_of(project),
        "contract_form": extra.pop("contract_form", None)
        or ContractForm(initial=ContractForm.initial_of(project)),
        "milestones_form": extra.pop("milestones_form", None)
        or MilestonesForm(initial={f"actual_{m.kind}": m.actual_on for m in milestones}),
        "supervision_form": extra.pop("supervision_form", None),
        "reply_form": ReplyForm(),
        "figure_errors": extra.pop("figure_errors", {}),
        "today": timezone.localdate(),
        **extra,
    }
    if context["supervision_form"] is None and request_user(request).has_perm(SUPERVISE):
        context["supervision_form"] = SupervisionForm(owners=_owners(project))
    return render(request, "projects/project_detail.html", context, status=status)


@permission_needed(VIEW)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, project_visible(request_user(request), pk))


@permission_needed(CHANGE)
@require_POST
def project_open(request: HttpRequest, lead_pk: int) -> HttpResponse:
    """Open the project of a signed lead that has none (one from before this app)."""
    user = request_user(request)
    lead = lead_visible(user, lead_pk)
    if lead.stage not in SIGNED_STAGES:
        messages.error(request, _("Only a signed lead has a project."))
        return redirect("leads-detail", pk=lead.pk)
    project = services.project_open(actor=user, lead=lead)
    return redirect("projects-detail", pk=project.pk)


@permission_needed(CHANGE)
@require_POST
def contract_save(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    project = project_visible(user, pk)
    form = ContractForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        planned = {kind: data.pop(f"planned_{kind}") for kind in MilestoneKind.values}
        try:
            services.project_contract_save(
                actor=user, project=project, values=data, planned=planned
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The contract is saved."))
            return redirect("projects-detail", pk=project.pk)
    return _detail(request, project, status=400, contract_form=form)


@permission_needed(CHANGE)
@require_POST
def milestones_save(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    project = project_visible(user, pk)
    form = MilestonesForm(request.POST)
    if form.is_valid():
        actual = {kind: form.cleaned_data[f"actual_{kind}"] for kind in MilestoneKind.values}
        try:
            services.milestones_record(actor=user, project=project, actual=actual)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The milestones are saved."))
            return redirect("projects-detail", pk=project.pk)
    return _detail(request, project, status=400, milestones_form=form)


@permission_needed(CHANGE)
@require_POST
def figures_grid_save(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    project = project_visible(user, pk)
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    for name, value in request.POST.items():
        key, _sep, field = name.partition(":")
        year, _dash, quarter = key.partition("-")
        if field not in VALUE_FIELDS or not (year.isdigit() and quarter.isdigit()):
            continue
        row = rows.setdefault(
            (int(year), int(quarter)), {"year": int(year), "quarter": int(quarter)}
        )
        row[field] = str(value).strip()
    try:
        changed = figures_save(actor=user, project=project, rows=rows.values())
    except ValidationError as exc:
        return _detail(
            request,
            project,
            status=400,
            figure_errors=exc.message_dict,
            figures_posted=request.POST,
        )
    messages.success(request, _("Figures saved: %(count)s quarters changed.") % {"count": changed})
    return redirect("projects-detail", pk=project.pk)


@permission_needed(SUPERVISE)
@require_POST
def supervision_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    project = project_visible(user, pk)
    form = SupervisionForm(request.POST, owners=_owners(project))
    if form.is_valid():
        try:
            supervision.supervision_open(actor=user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The supervision task is opened."))
            return redirect("projects-detail", pk=project.pk)
    return _detail(request, project, status=400, supervision_form=form)


def _task(request: HttpRequest, pk: int) -> SupervisionTask:
    from zhaoshang.projects.access import supervision_visible_to

    return get_object_or_404(
        supervision_visible_to(request_user(request)).select_related("project__lead"), pk=pk
    )


@permission_needed(VIEW)
@require_POST
def supervision_reply(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    form = ReplyForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    try:
        supervision.supervision_reply(actor=request_user(request), task=task, text=text)
    except ValidationError as exc:
        messages.error(request, " ".join(" ".join(m) for m in exc.message_dict.values()))
    else:
        messages.success(request, _("Your reply is added."))
    return redirect("projects-detail", pk=task.project_id)


@permission_needed(VIEW)
@require_POST
def supervision_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    try:
        supervision.supervision_resolve(
            actor=request_user(request), task=task, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(" ".join(m) for m in exc.message_dict.values()))
    else:
        messages.success(request, _("The task is resolved."))
    return redirect("projects-detail", pk=task.project_id)
