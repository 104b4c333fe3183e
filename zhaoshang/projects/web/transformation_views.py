"""The transformation programme's pages: the officers' list (the projects behind the
dashboard's numbers), recording one, confirming or rejecting what an enterprise proposed,
the file import; and the enterprise user's own page under My enterprise."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads.web.shared import errors_to_form
from zhaoshang.projects.models import TransformationProject
from zhaoshang.projects.transformation import services
from zhaoshang.projects.transformation.access import (
    CHANGE,
    VIEW,
    enterprises_for_officer,
    transformation_visible,
)
from zhaoshang.projects.transformation.importing import (
    TEMPLATE_HEADER,
    TransformationImportRefused,
    transformation_import,
)
from zhaoshang.projects.transformation.selectors import TransformationFilter, transformation_list
from zhaoshang.projects.web.transformation_forms import (
    ImportForm,
    OfficerTransformationForm,
    TransformationFilterForm,
    TransformationForm,
)
from zhaoshang.registry.models import EnterpriseMember

ADD = "projects.add_transformationproject"


@permission_needed(VIEW)
def transformation_list_page(request: HttpRequest) -> HttpResponse:
    form = TransformationFilterForm(request.GET or None)
    where = TransformationFilter()
    if form.is_valid():
        where = TransformationFilter(**form.cleaned_data)
    found = transformation_list(request_user(request), where)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/transformation/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@permission_needed(ADD)
def transformation_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = OfficerTransformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        uscc = values.pop("uscc").upper()
        enterprise = enterprises_for_officer(user).filter(uscc=uscc).first()
        if enterprise is None:
            form.add_error(
                "uscc", _("There is no enterprise with this credit code that you may see.")
            )
        else:
            try:
                project = services.transformation_record(
                    actor=user, enterprise=enterprise, values=values
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The project is recorded."))
                return redirect("projects-transformation-detail", pk=project.pk)
    return render(
        request,
        "projects/transformation/form.html",
        {"form": form, "title": _("Record a transformation project")},
        status=400 if form.errors else 200,
    )


@permission_needed(VIEW)
def transformation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = transformation_visible(request_user(request), pk)
    return render(request, "projects/transformation/detail.html", {"project": project})


@require_POST
@permission_needed(CHANGE)
def transformation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    project = transformation_visible(user, pk)
    confirm = request.POST.get("decision") == "confirm"
    try:
        services.transformation_decide(actor=user, project=project, confirm=confirm)
    except ValidationError as exc:
        for reasons in exc.message_dict.values():
            for reason in reasons:
                messages.error(request, reason)
    else:
        messages.success(
            request, _("The project is confirmed.") if confirm else _("The project is rejected.")
        )
    return redirect("projects-transformation-detail", pk=project.pk)


@permission_needed(ADD)
def transformation_import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "header": TEMPLATE_HEADER, "problems": [], "outcome": None}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["outcome"] = transformation_import(
                actor=request_user(request), stream=upload.file, filename=upload.name
            )
        except TransformationImportRefused as exc:
            context["problems"] = sorted(exc.errors, key=lambda e: e.line)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "projects/transformation/import.html", context, status=status)


@login_required
def my_transformation(request: HttpRequest) -> HttpResponse:
    """An enterprise user's transformation projects, and a form to propose one (pending
    until an officer confirms it)."""
    user = request_user(request)
    link = EnterpriseMember.objects.filter(user=user).select_related("enterprise").first()
    if link is None:
        return render(request, "projects/transformation/mine.html", {"enterprise": None})
    enterprise = link.enterprise
    form = TransformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.transformation_record(
                actor=user, enterprise=enterprise, values=form.cleaned_data, proposed=True
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Thank you. An officer will check and confirm it."))
            return redirect("projects-transformation-mine")
    projects = TransformationProject.objects.filter(enterprise=enterprise).select_related(
        "level_before", "level_after"
    )
    return render(
        request,
        "projects/transformation/mine.html",
        {"enterprise": enterprise, "form": form, "projects": projects},
        status=400 if form.errors else 200,
    )
