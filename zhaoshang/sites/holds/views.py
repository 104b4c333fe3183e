"""Officer pages' writes on holds: hold a site for a lead, release a hold, transfer a held
parcel to its signed lead. Thin: parse,
call the service, say what happened, go back to the page the officer came from."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads.access import lead_visible
from zhaoshang.sites.holds import services
from zhaoshang.sites.holds.access import holds_visible_to
from zhaoshang.sites.models import Building, Parcel


def _back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    target = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return HttpResponseRedirect(target)


def _errors(exc: ValidationError) -> str:
    return " ".join(" ".join(m) for m in exc.message_dict.values())


@permission_needed("leads.change_lead")
@require_POST
def hold_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    try:
        lead = lead_visible(user, int(request.POST.get("lead", "0")))
        pk = int(request.POST.get("site", "0"))
    except ValueError:
        raise PermissionDenied from None
    back = _back(request, reverse("leads-detail", args=[lead.pk]))
    kind = request.POST.get("kind")
    site: Parcel | Building = (
        get_object_or_404(Parcel, pk=pk) if kind == "parcel" else get_object_or_404(Building, pk=pk)
    )
    try:
        until = datetime.date.fromisoformat(request.POST.get("until", ""))
    except ValueError:
        messages.error(request, _("Held until: give a date."))
        return back
    try:
        services.site_hold(
            actor=user,
            site=site,
            lead=lead,
            until=until,
            reason=request.POST.get("reason", ""),
            override=bool(request.POST.get("override")),
        )
    except ValidationError as exc:  # HoldRefused too: it names who holds the site
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request,
            _("%(site)s is held for %(company)s.")
            % {
                "site": site,
                "company": lead.company,
            },
        )
    return back


@permission_needed("leads.view_lead")
@require_POST
def hold_release(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    hold = get_object_or_404(holds_visible_to(user).select_related("lead"), pk=pk)
    back = _back(request, reverse("leads-detail", args=[hold.lead_id]))
    try:
        services.site_hold_release(actor=user, hold=hold)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The hold is released."))
    return back


@permission_needed("sites.change_parcel")
@require_POST
def hold_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """The held parcel goes to the hold's lead, which has signed: the parcel is transferred
    and every other lead's hold on it ends."""
    user = request_user(request)
    hold = get_object_or_404(
        holds_visible_to(user).select_related("lead", "parcel"), pk=pk, parcel__isnull=False
    )
    back = _back(request, reverse("sites-detail", args=["parcel", hold.parcel_id]))
    try:
        services.site_transfer(
            actor=user, site=hold.parcel, lead=hold.lead, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request,
            _("%(site)s is transferred to %(company)s; other holds on it have ended.")
            % {"site": hold.parcel, "company": hold.lead.company},
        )
    return back
