"""Officers' pages of the registry, and the enterprise user's own page."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.registry import exporting, selectors, services
from zhaoshang.registry.display import correction_lines, field_label, field_text
from zhaoshang.registry.forms import EnterpriseEditForm, EnterpriseFilterForm
from zhaoshang.registry.models import Enterprise, EnterpriseMember, ProfileCorrection


def _filter_form(request: HttpRequest) -> EnterpriseFilterForm:
    regions = selectors.region_filter_choices()
    industries = [(s.code, f"{s.code} {s.name}") for s in selectors.sections()] + [
        (d.code, f"{d.code} {d.name}") for d in selectors.divisions()
    ]
    return EnterpriseFilterForm(request.GET or None, regions=regions, industries=industries)


@permission_needed("registry.view_enterprise")
def enterprise_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    return _enterprise_list_page(request, form)


def _enterprise_list_page(
    request: HttpRequest, form: EnterpriseFilterForm, *, refused_export: bool = False
) -> HttpResponse:
    """The list; a filter that does not hold shows its errors and lists nothing (rather
    than every enterprise under a filter the officer believes is applied)."""
    refused = form.is_bound and not form.is_valid()
    if refused:
        found = Enterprise.objects.none()
    else:
        found = selectors.enterprises(
            form.to_filter() if form.is_bound else selectors.EnterpriseFilter()
        )
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    if refused:
        messages.error(
            request,
            _("Nothing was exported: correct the filter below first.")
            if refused_export
            else _("The filter was not applied: correct it below."),
        )
    return render(
        request,
        "registry/enterprise_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if refused else 200,
    )


@permission_needed("registry.export_enterprises")
def enterprise_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    form = _filter_form(request)
    if request.GET and not form.is_valid():
        return _enterprise_list_page(request, form, refused_export=True)
    found = selectors.enterprises(form.to_filter() if request.GET else selectors.EnterpriseFilter())
    language = "zh" if (translation.get_language() or "").startswith("zh") else "en"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = StreamingHttpResponse(
            exporting.csv_chunks(found, language), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="enterprises-{stamp}.csv"'
        return response
    if fmt == "xlsx":
        # The workbook is written to a temporary file (rows are not kept in memory) and
        # streamed from there; FileResponse closes it when the response is done.
        spool = tempfile.TemporaryFile()  # noqa: SIM115
        exporting.write_xlsx(found, spool, language)
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=f"enterprises-{stamp}.xlsx")
    raise Http404


@permission_needed("registry.view_enterprise")
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(
        Enterprise.objects.select_related("region__parent", "division__parent"), pk=pk
    )
    return render(
        request,
        "registry/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "foreign_country": field_text("foreign_country", enterprise.foreign_country),
            "figures": selectors.enterprise_figures(enterprise),
            "corrections": [
                (c, correction_lines(c))
                for c in enterprise.corrections.filter(
                    status=ProfileCorrection.Status.PENDING
                ).select_related("proposed_by")
            ],
        },
    )


@permission_needed("registry.change_profilecorrection")
@require_POST
def correction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    correction = get_object_or_404(ProfileCorrection, pk=pk)
    confirm = request.POST.get("decision") == "confirm"
    try:
        services.profile_correction_decide(
            actor=request_user(request),
            correction=correction,
            confirm=confirm,
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The correction is applied.") if confirm else _("The correction is rejected."),
        )
    return redirect("registry-enterprise", pk=correction.enterprise_id)


@login_required
def my_enterprise(request: HttpRequest) -> HttpResponseBase:
    """An enterprise user's profile: what the registry holds, and a form to correct it."""
    link = (
        EnterpriseMember.objects.filter(user=request_user(request))
        .select_related("enterprise")
        .first()
    )
    if link is None:
        return render(request, "registry/my_enterprise.html", {"enterprise": None})
    enterprise = link.enterprise
    current = services.enterprise_as_raw(enterprise)
    form = EnterpriseEditForm(request.POST or None, initial=current)
    for key in ("region_code", "industry_code", "foreign_country"):
        if current.get(key):
            form.fields[key].help_text = field_text(key, current[key])
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_correction_propose(
                actor=request_user(request), enterprise=enterprise, changes=form.cleaned_data
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request, _("Thank you. An officer will check and confirm the changes.")
            )
            return redirect("registry-mine")
    return render(
        request,
        "registry/my_enterprise.html",
        {
            "enterprise": enterprise,
            "form": form,
            "figures": selectors.enterprise_figures(enterprise),
            "facts": [
                (field_label(key), field_text(key, current.get(key)))
                for key in (
                    "region_code",
                    "industry_code",
                    "ownership",
                    "foreign_country",
                    "founded_on",
                    "registered_capital",
                )
            ],
            "pending": enterprise.corrections.filter(status=ProfileCorrection.Status.PENDING),
        },
    )
