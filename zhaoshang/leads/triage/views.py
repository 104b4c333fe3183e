"""Enquiry triage: new web enquiries become leads, join a lead, or are dismissed."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads.access import lead_visible
from zhaoshang.leads.currency import currencies_known
from zhaoshang.leads.models import Lead, OfficerRegion
from zhaoshang.leads.origins import ORIGINS
from zhaoshang.leads.triage import services as triage
from zhaoshang.leads.web.forms import LeadCreateForm
from zhaoshang.leads.web.shared import errors_to_form
from zhaoshang.leads.web.views import _contact_fields
from zhaoshang.portal.models import Enquiry

TRIAGE = "portal.change_enquiry"

_ORIGIN_WORDS = {
    "hong kong": "HK",
    "香港": "HK",
    "macao": "MO",
    "macau": "MO",
    "澳门": "MO",
    "澳門": "MO",
    "taiwan": "TW",
    "台湾": "TW",
    "臺灣": "TW",
    "台灣": "TW",
    "vietnam": "VN",
    "viet nam": "VN",
    "越南": "VN",
    "china": "CN",
    "中国": "CN",
    "中國": "CN",
    "shenzhen": "CN",
    "深圳": "CN",
}


def origin_guess(text: str) -> str:
    """The origin code an enquiry's free-text country or region most likely means."""
    lowered = text.strip().lower()
    for word, code in _ORIGIN_WORDS.items():
        if word in lowered:
            return code
    for code, name in ORIGINS.items():
        if lowered and lowered == str(name).lower():
            return code
    return "XX" if lowered else ""


def _amount(text: str) -> tuple[str, str]:
    """A number and a currency code read from free text ("USD 5 million" → 5000000, USD)."""
    match = re.search(r"(\d[\d,.]*)\s*(million|m\b|百万|万)?", text, re.IGNORECASE)
    currency = re.search(r"\b([A-Z]{3})\b", text.upper())
    if match is None:
        return "", currency.group(1) if currency else ""
    number = float(match.group(1).replace(",", ""))
    unit = (match.group(2) or "").lower()
    number *= {"million": 1e6, "m": 1e6, "百万": 1e6, "万": 1e4}.get(unit, 1)
    return f"{number:.2f}", currency.group(1) if currency else ""


def enquiry_prefill(enquiry: Enquiry, user: Any) -> dict[str, Any]:
    amount, currency = _amount(enquiry.planned_investment)
    region = OfficerRegion.objects.filter(user=user, region__level="county").values_list(
        "region_id", flat=True
    )
    return {
        "company": enquiry.company or enquiry.name,
        "origin": enquiry.origin or origin_guess(enquiry.country_region),
        "origin_detail": enquiry.country_region[:100] if enquiry.origin in ("", "XX") else "",
        "industry": enquiry.industry_code_id,
        "product": enquiry.industry[:200],
        "investment_amount": amount or None,
        "investment_currency": currency or "CNY",
        "source": Lead.Source.WEB_ENQUIRY,
        "region": region.first() or "441284",
        "officers": [user.pk],
        "notes": enquiry.message[:2000],
        "contact_name": enquiry.name,
        "contact_phone": enquiry.phone,
        "contact_email": enquiry.email,
    }


@permission_needed(TRIAGE)
def triage_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(triage.enquiries_to_triage(), 25).get_page(request.GET.get("page"))
    return render(request, "leads/triage_list.html", {"page": page})


@permission_needed(TRIAGE)
def triage_enquiry(request: HttpRequest, pk: int) -> HttpResponse:
    """One enquiry: convert it (form prefilled), merge it into a suggested lead, or dismiss."""
    user = request_user(request)
    enquiry = get_object_or_404(Enquiry, pk=pk)
    if not user.has_perm("leads.add_lead"):
        return HttpResponse(status=403)
    form = LeadCreateForm(request.POST or None, initial=enquiry_prefill(enquiry, user))
    if request.method == "POST" and form.is_valid():
        try:
            lead = triage.enquiry_convert(
                actor=user, enquiry=enquiry, values=form.lead_values(), contact=form.contact()
            )
        except ValidationError as exc:
            errors_to_form(form, _contact_fields(exc))
        else:
            messages.success(request, _("The enquiry is now a lead."))
            return redirect("leads-detail", pk=lead.pk)
    duplicates = triage.lead_duplicates(
        user, company=enquiry.company, email=enquiry.email, phone=enquiry.phone
    )
    return render(
        request,
        "leads/triage_enquiry.html",
        {
            "enquiry": enquiry,
            "form": form,
            "duplicates": duplicates,
            "triaged": getattr(enquiry, "triage", None),
            "currencies": currencies_known(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@permission_needed(TRIAGE)
@require_POST
def triage_merge(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enquiry = get_object_or_404(Enquiry, pk=pk)
    try:
        lead = lead_visible(user, int(request.POST.get("lead", "0")))
    except ValueError:
        return HttpResponse(status=400)
    try:
        triage.enquiry_merge(actor=user, enquiry=enquiry, lead=lead)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("leads-triage-enquiry", pk=enquiry.pk)
    messages.success(request, _("The enquiry is merged into %(lead)s.") % {"lead": lead.company})
    return redirect("leads-detail", pk=lead.pk)


@permission_needed(TRIAGE)
@require_POST
def triage_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = get_object_or_404(Enquiry, pk=pk)
    try:
        triage.enquiry_dismiss(actor=request_user(request), enquiry=enquiry)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("leads-triage-enquiry", pk=enquiry.pk)
    messages.success(request, _("The enquiry is dismissed as spam."))
    return redirect("leads-triage")
