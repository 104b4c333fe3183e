"""The rules page (contract-performance rules and warning settings: read by officers,
changed by managers) and the figures import page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads.web.shared import errors_to_form
from zhaoshang.projects.access import CHANGE, SUPERVISE, VIEW
from zhaoshang.projects.figures.importing import (
    TEMPLATE_HEADER,
    FiguresImportRefused,
    figures_import,
)
from zhaoshang.projects.models import PerformanceRule, WarningSettings
from zhaoshang.projects.oversight.rules import rule_delete, rule_save, warning_settings_save
from zhaoshang.projects.performance.assess import rule_text
from zhaoshang.projects.performance.engine import Rule
from zhaoshang.projects.web.forms import ImportForm, RuleForm, WarningSettingsForm


def _rules_page(
    request: HttpRequest,
    *,
    rule_form: RuleForm | None = None,
    settings_form: WarningSettingsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    current = WarningSettings.current()
    rules = [
        (rule, rule_text(Rule(rule.pk, rule.promise, rule.test, rule.threshold, rule.status)))
        for rule in PerformanceRule.objects.order_by("promise", "id")
    ]
    return render(
        request,
        "projects/rules.html",
        {
            "rules": rules,
            "rule_form": rule_form or RuleForm(initial={"active": True}),
            "settings_form": settings_form
            or WarningSettingsForm(
                initial={"due_days": current.due_days, "figures_margin": current.figures_margin}
            ),
            "may_change": request_user(request).has_perm(SUPERVISE),
        },
        status=status,
    )


@permission_needed(VIEW)
def rules_page(request: HttpRequest) -> HttpResponse:
    return _rules_page(request)


@permission_needed(SUPERVISE)
@require_POST
def rule_add(request: HttpRequest) -> HttpResponse:
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            rule_save(actor=request_user(request), rule=None, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The rule is added."))
            return redirect("projects-rules")
    return _rules_page(request, rule_form=form, status=400)


@permission_needed(SUPERVISE)
@require_POST
def rule_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(PerformanceRule, pk=pk)
    if request.POST.get("delete"):
        rule_delete(actor=request_user(request), rule=rule)
        messages.success(request, _("The rule is deleted."))
    else:
        rule_save(
            actor=request_user(request),
            rule=rule,
            promise=rule.promise,
            test=rule.test,
            threshold=rule.threshold,
            status=rule.status,
            active=not rule.active,
            note=rule.note,
        )
        messages.success(request, _("The rule is changed."))
    return redirect("projects-rules")


@permission_needed(SUPERVISE)
@require_POST
def settings_save(request: HttpRequest) -> HttpResponse:
    form = WarningSettingsForm(request.POST)
    if form.is_valid():
        try:
            warning_settings_save(actor=request_user(request), **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The warning settings are saved."))
            return redirect("projects-rules")
    return _rules_page(request, settings_form=form, status=400)


@permission_needed(CHANGE)
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "header": TEMPLATE_HEADER, "problems": [], "outcome": None}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["outcome"] = figures_import(
                actor=request_user(request), stream=upload.file, filename=upload.name
            )
        except FiguresImportRefused as exc:
            context["problems"] = sorted(exc.errors, key=lambda e: e.line)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "projects/import.html", context, status=status)
