"""The managers' report page and its Excel export."""

from __future__ import annotations

import datetime
import io

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.core.formatting import format_count, format_wan
from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads.reports.charts import bar_chart
from zhaoshang.leads.reports.exporting import report_xlsx
from zhaoshang.leads.reports.figures import Report, report_build
from zhaoshang.leads.web.forms import DATE

REPORTS = "leads.view_lead_reports"


class PeriodForm(forms.Form):
    since = forms.DateField(label=gettext_lazy("Signed from"), required=False, widget=DATE)
    until = forms.DateField(label=gettext_lazy("Signed until"), required=False, widget=DATE)

    def clean(self) -> dict[str, datetime.date | None]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return data


def _report(request: HttpRequest) -> tuple[PeriodForm, Report]:
    form = PeriodForm(request.GET or None)
    since = until = None
    if form.is_bound and form.is_valid():
        since, until = form.cleaned_data.get("since"), form.cleaned_data.get("until")
    return form, report_build(request_user(request), since=since, until=until)


@permission_needed(REPORTS)
def report_page(request: HttpRequest) -> HttpResponse:
    form, report = _report(request)
    investment = _("Signed investment (yuan)")
    signed = {
        "month": (report.by_month, _("Signed investment by month"), _("Month")),
        "region": (report.by_region, _("Signed investment by region"), _("Region")),
        "industry": (report.by_industry, _("Signed investment by industry"), _("Industry")),
        "origin": (report.by_origin, _("Signed investment by origin"), _("Origin")),
    }
    charts = {
        name: bar_chart(
            [(row.label, row.investment) for row in rows],
            title=title,
            category_axis=category,
            value_axis=investment,
            text=format_wan,
        )
        for name, (rows, title, category) in signed.items()
    }
    charts["funnel"] = bar_chart(
        [(row.label, row.reached) for row in report.funnel],
        title=_("Leads that reached each stage"),
        category_axis=_("Stage"),
        value_axis=_("Leads (number)"),
        text=format_count,
    )
    charts["jobs"] = bar_chart(
        [(row.label, row.jobs) for row in report.by_month],
        title=_("Jobs in signed projects by month"),
        category_axis=_("Month"),
        value_axis=_("Jobs (number)"),
        text=format_count,
    )
    return render(
        request,
        "leads/report.html",
        {"form": form, "report": report, "charts": charts, "query": request.GET.urlencode()},
    )


@permission_needed(REPORTS)
def report_export(request: HttpRequest) -> HttpResponse:
    _form, report = _report(request)
    out = io.BytesIO()
    report_xlsx(report, out)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="leads-report-{stamp}.xlsx"'
    return response
