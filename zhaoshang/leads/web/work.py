"""The everyday work on leads: activities, follow-ups, contacts and saved filters."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads import selectors, services
from zhaoshang.leads.access import lead_visible, leads_visible_to
from zhaoshang.leads.contacts import contact_add, contact_remove
from zhaoshang.leads.models import Activity, LeadContact, SavedFilter
from zhaoshang.leads.saved_filters import saved_filter_delete, saved_filter_save
from zhaoshang.leads.web.forms import ActivityForm, ContactForm, SavedFilterForm
from zhaoshang.leads.web.shared import errors_to_form
from zhaoshang.leads.web.views import _detail_context

SHOWN = 100  # follow-ups listed per section; the heading counts them all


@permission_needed("leads.add_activity")
@require_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    lead = lead_visible(user, pk)
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.activity_log(actor=user, lead=lead, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The activity is recorded."))
            return redirect("leads-detail", pk=lead.pk)
    return render(
        request, "leads/lead_detail.html", _detail_context(lead, activity_form=form), status=400
    )


@permission_needed("leads.view_lead")
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    activity = get_object_or_404(Activity, pk=pk, lead__in=leads_visible_to(user))
    services.activity_follow_up_done(actor=user, activity=activity)
    messages.success(request, _("The follow-up is done."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("leads-follow-ups")
    return redirect(back)


@permission_needed("leads.change_lead")
@require_POST
def lead_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    lead = lead_visible(user, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            contact_add(actor=user, lead=lead, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The contact is added."))
            return redirect("leads-detail", pk=lead.pk)
    return render(
        request, "leads/lead_detail.html", _detail_context(lead, contact_form=form), status=400
    )


@permission_needed("leads.change_lead")
@require_POST
def lead_contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    contact = get_object_or_404(LeadContact, pk=pk, lead__in=leads_visible_to(user))
    contact_remove(actor=user, contact=contact)
    messages.success(request, _("The contact is removed."))
    return redirect("leads-detail", pk=contact.lead_id)


@permission_needed("leads.view_lead")
def follow_ups(request: HttpRequest) -> HttpResponse:
    """What is due today and overdue, leads going cold, and open visit actions."""
    user = request_user(request)
    today = timezone.localdate()
    due = selectors.follow_ups_due(user, day=today, limit=SHOWN)
    return render(
        request,
        "leads/follow_ups.html",
        {
            "today": today,
            "due": due,
            "stale": selectors.stale_leads(user)[:50],
            "actions": selectors.actions_open(user)[:50],
        },
    )


@permission_needed("leads.view_lead")
@require_POST
def saved_filter_add(request: HttpRequest) -> HttpResponse:
    form = SavedFilterForm(request.POST)
    query = request.POST.get("query", "")
    if form.is_valid():
        try:
            saved_filter_save(
                actor=request_user(request), name=form.cleaned_data["name"], query=query
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The filters are saved."))
    else:
        messages.error(request, _("Give the filter a name."))
    return redirect(f"{reverse('leads-list')}?{query}")


@permission_needed("leads.view_lead")
@require_POST
def saved_filter_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    saved = get_object_or_404(SavedFilter, pk=pk, user=user)
    saved_filter_delete(actor=user, saved=saved)
    messages.success(request, _("The saved filter is deleted."))
    return redirect("leads-list")
