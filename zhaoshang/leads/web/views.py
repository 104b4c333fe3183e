"""Officers' lead pages: the list, the board, a lead's page, new and edit (with the
conflict page when someone saved the lead in between)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads import selectors, services
from zhaoshang.leads.access import lead_visible
from zhaoshang.leads.currency import currencies_known
from zhaoshang.leads.errors import LeadConflict
from zhaoshang.leads.models import Lead
from zhaoshang.leads.stages import BOARD, NEEDS_AMOUNT, NEEDS_REASON, board_neighbour
from zhaoshang.leads.undo import UNDO_SECONDS, lead_move_undo
from zhaoshang.leads.web.forms import (
    ActivityForm,
    ContactForm,
    LeadCreateForm,
    LeadFilterForm,
    LeadForm,
    SavedFilterForm,
    StageForm,
    lead_initial,
)
from zhaoshang.leads.web.shared import errors_to_form
from zhaoshang.leads.web.widgets import lead_card

VIEW = "leads.view_lead"
CHANGE = "leads.change_lead"


def _filters(request: HttpRequest) -> tuple[LeadFilterForm, str]:
    query = request.GET.copy()
    query.pop("page", None)
    form = LeadFilterForm(query or None)
    return form, query.urlencode()


@permission_needed(VIEW)
def lead_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form, query = _filters(request)
    found = selectors.lead_list(user, form.to_filter())
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "leads/lead_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "saved": selectors.saved_filters(user),
            "save_form": SavedFilterForm(),
        },
    )


def _board_context(request: HttpRequest, query: str, form: LeadFilterForm) -> dict[str, Any]:
    columns = selectors.board(request_user(request), form.to_filter())
    link = reverse("leads-detail", args=[0]).removesuffix("0/")
    for column in columns:
        column.html = [lead_card(lead, url=f"{link}{lead.pk}/") for lead in column.cards]
    return {
        "columns": columns,
        "query": query,
        "needs_reason": sorted(NEEDS_REASON),
        "needs_amount": sorted(NEEDS_AMOUNT),
        "board_size": selectors.BOARD_CARDS,
    }


@permission_needed(VIEW)
def lead_board(request: HttpRequest) -> HttpResponse:
    form, query = _filters(request)
    context = _board_context(request, query, form)
    context["form"] = form
    context["stages"] = BOARD
    context["undo_seconds"] = UNDO_SECONDS
    return render(request, "leads/board.html", context)


@permission_needed(CHANGE)
@require_POST
def lead_board_move(request: HttpRequest) -> HttpResponse:
    """Move one card (htmx); answers with the board as it is now."""
    query = request.POST.get("query", "")
    form = StageForm(request.POST)
    error = ""
    try:
        lead = lead_visible(request_user(request), int(request.POST.get("lead", "0")))
    except ValueError:
        return HttpResponse(status=400)
    if form.is_valid():
        try:
            _move(request, lead, form)
        except LeadConflict as exc:
            error = str(exc)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items())
    context = _board_context(request, query, LeadFilterForm(QueryDict(query) or None))
    context["error"] = error
    context["moved"] = lead.pk
    return render(request, "leads/_board.html", context)


@permission_needed(CHANGE)
@require_POST
def lead_board_undo(request: HttpRequest) -> HttpResponse:
    """Undo the officer's last move of one card (htmx); answers with the board."""
    query = request.POST.get("query", "")
    try:
        lead = lead_visible(request_user(request), int(request.POST.get("lead", "0")))
        version = int(request.POST.get("version", "0"))
    except ValueError:
        return HttpResponse(status=400)
    error = ""
    try:
        lead_move_undo(actor=request_user(request), lead=lead, version=version)
    except LeadConflict as exc:
        error = str(exc)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    context = _board_context(request, query, LeadFilterForm(QueryDict(query) or None))
    context["error"] = error
    context["moved"] = lead.pk
    return render(request, "leads/_board.html", context)


def _move(request: HttpRequest, lead: Lead, form: StageForm) -> Lead:
    """Move ``lead`` as the valid stage ``form`` says (LeadConflict, ValidationError)."""
    return services.lead_move(actor=request_user(request), lead=lead, **form.cleaned_data)


@permission_needed("leads.add_lead")
def lead_create(request: HttpRequest) -> HttpResponse:
    form = LeadCreateForm(request.POST or None, initial={"investment_currency": "CNY"})
    if request.method == "POST" and form.is_valid():
        contact = form.contact()
        try:
            lead = services.lead_create(
                actor=request_user(request),
                values=form.lead_values(),
                contacts=[contact] if contact else [],
            )
        except ValidationError as exc:
            errors_to_form(form, _contact_fields(exc))
        else:
            messages.success(request, _("The lead is created."))
            return redirect("leads-detail", pk=lead.pk)
    return render(
        request,
        "leads/lead_form.html",
        {"form": form, "lead": None, "currencies": currencies_known()},
    )


def _contact_fields(exc: ValidationError) -> ValidationError:
    """A contact's errors named as the create form's contact fields."""
    names = {"name", "role", "phone", "email", "wechat"}
    return ValidationError(
        {(f"contact_{k}" if k in names else k): v for k, v in exc.message_dict.items()}
    )


@permission_needed(VIEW)
def lead_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lead = lead_visible(request_user(request), pk)
    return render(request, "leads/lead_detail.html", _detail_context(lead))


def _detail_context(lead: Lead, **forms: Any) -> dict[str, Any]:
    return {
        "lead": lead,
        "officers": lead.officers.order_by("username"),
        "contacts": lead.contacts.all(),
        "timeline": selectors.lead_timeline(lead),
        "enquiries": lead.enquiries.select_related("enquiry"),
        "stage_form": forms.get("stage_form")
        or StageForm(
            initial={
                "version": lead.version,
                "stage": board_neighbour(lead.stage, 1),
                "investment_currency": lead.investment_currency,
            }
        ),
        "activity_form": forms.get("activity_form")
        or ActivityForm(initial={"occurred_on": timezone.localdate()}),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "needs_reason": sorted(NEEDS_REASON),
    }


@permission_needed(CHANGE)
@require_POST
def lead_move(request: HttpRequest, pk: int) -> HttpResponse:
    lead = lead_visible(request_user(request), pk)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            _move(request, lead, form)
        except LeadConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The lead is moved."))
            return redirect("leads-detail", pk=lead.pk)
    return render(
        request, "leads/lead_detail.html", _detail_context(lead, stage_form=form), status=400
    )


@permission_needed(CHANGE)
def lead_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    lead = lead_visible(user, pk)
    form = LeadForm(request.POST or None, initial=lead_initial(lead))
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        try:
            services.lead_update(actor=user, lead=lead, version=version, values=form.lead_values())
        except LeadConflict as exc:
            return _conflict(request, form, exc)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The lead is saved."))
            return redirect("leads-detail", pk=lead.pk)
    return render(
        request,
        "leads/lead_form.html",
        {"form": form, "lead": lead, "currencies": currencies_known()},
    )


def _conflict(request: HttpRequest, form: LeadForm, exc: LeadConflict) -> HttpResponse:
    """Both versions side by side; the form keeps the officer's values, now based on the
    saved version, so saving again overwrites knowingly."""
    saved = lead_initial(exc.saved)
    yours = {**form.cleaned_data}
    yours["enterprise"] = form.data.get("enterprise", "")
    rows = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        mine, theirs = _shown(form, name, yours.get(name)), _shown(form, name, saved.get(name))
        rows.append(
            {"label": field.label, "yours": mine, "saved": theirs, "differs": mine != theirs}
        )
    data = request.POST.copy()
    data["version"] = str(exc.saved.version)
    retry = LeadForm(data)
    retry.is_valid()
    return render(
        request,
        "leads/conflict.html",
        {"lead": exc.saved, "rows": rows, "form": retry, "message": str(exc)},
        status=409,
    )


def _shown(form: LeadForm, name: str, value: Any) -> str:
    field = form.fields[name]
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list | tuple):
        return ", ".join(sorted(str(choices.get(v, v)) for v in value)) or "—"
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if choices:
        return str(choices.get(value, choices.get(str(value), value)))
    return str(value)
