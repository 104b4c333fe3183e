"""The officers' side: start a proposal from a lead's page, compose it, preview it exactly
as the investor will see it, send it (the link is shown once), revoke it, start a new
version; the cost tables; the managers' report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.links import absolute_url
from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads.access import lead_visible
from zhaoshang.proposals import attachments, reports, services
from zhaoshang.proposals.access import CHANGE, REPORTS, VIEW, proposal_visible
from zhaoshang.proposals.compose.content import LANGUAGES, TEXT_FIELDS, proposal_content
from zhaoshang.proposals.investor.views import attachment_response, page_context
from zhaoshang.proposals.models import CostFigure, CostItem, CostPlace, Proposal
from zhaoshang.sites.matching.selectors import lead_matches

SUFFIXES = services.SUFFIXES


@permission_needed(CHANGE)
@require_POST
def proposal_new(request: HttpRequest, lead_pk: int) -> HttpResponse:
    user = request_user(request)
    lead = lead_visible(user, lead_pk)
    proposal = services.proposal_create(actor=user, lead=lead)
    return redirect("proposals-edit", pk=proposal.pk)


def _posted(request: HttpRequest) -> dict[str, Any]:
    data = request.POST
    values: dict[str, Any] = {
        key: data.get(key, "")
        for key in (
            "language",
            "industry_code",
            "investment_wan",
            "jobs",
            "revenue_wan",
            "comparison",
            "expires_on",
        )
    }
    values["high_tech"] = data.get("high_tech") == "on"
    values["sites"] = data.getlist("sites")
    for name in TEXT_FIELDS:
        for suffix in SUFFIXES.values():
            values[f"{name}_{suffix}"] = data.get(f"{name}_{suffix}", "")
    values["contacts"] = [
        {k: data.get(f"contacts_{i}_{k}", "") for k in ("name", "role", "phone", "email", "wechat")}
        for i in range(services.CONTACTS_MAX)
    ]
    return values


def _form_values(proposal: Proposal) -> dict[str, Any]:
    values: dict[str, Any] = {**proposal.facts, "language": proposal.language}
    values.update(proposal.texts)
    values["sites"] = [f"{s['kind']}:{s['id']}" for s in proposal.sites]
    values["comparison"] = proposal.comparison_id or ""
    values["expires_on"] = proposal.expires_on.isoformat() if proposal.expires_on else ""
    values["contacts"] = list(proposal.contacts)
    return values


def _composer(
    request: HttpRequest,
    proposal: Proposal,
    values: dict[str, Any],
    errors: Any = None,
    status: int = 200,
) -> HttpResponse:
    lead = proposal.lead
    user = request_user(request)
    matches = lead_matches(lead, user=user, limit=10)
    # Every hold on these sites, whoever's lead it is; the lead is not named.
    held = {
        (m.result.kind, m.result.id): m.hold.until
        for m in lead_matches(lead, limit=10)
        if m.hold is not None and m.hold.lead_id != lead.pk
    }
    chosen = set(values.get("sites") or [])
    contacts = list(values.get("contacts") or [])
    contacts += [{}] * (services.CONTACTS_MAX - len(contacts))
    texts = [
        {
            "name": name,
            "label": label,
            "versions": [
                {"suffix": suffix, "code": code, "value": values.get(f"{name}_{suffix}", "")}
                for code, suffix in SUFFIXES.items()
            ],
        }
        for name, label in (
            ("greeting", _("Greeting")),
            ("summary", _("Summary")),
            ("logistics", _("Logistics")),
            ("next_steps", _("Next steps")),
        )
    ]
    return render(
        request,
        "proposals/officer/compose.html",
        {
            "proposal": proposal,
            "lead": lead,
            "values": values,
            "errors": errors or {},
            "matches": [
                {
                    "match": m,
                    "key": f"{m.result.kind}:{m.result.id}",
                    "chosen": f"{m.result.kind}:{m.result.id}" in chosen,
                    "held_until": held.get((m.result.kind, m.result.id)),
                }
                for m in matches
            ],
            "extra_sites": [
                k for k in chosen if k not in {f"{m.result.kind}:{m.result.id}" for m in matches}
            ],
            "contacts": contacts[: services.CONTACTS_MAX],
            "texts": texts,
            "languages": [(code, name) for code, name in _language_names()],
            "places": CostPlace.objects.filter(region__isnull=True).order_by("slug"),
            "versions": Proposal.objects.filter(lead=lead).order_by("-number"),
            "attachments": proposal.attachments.select_related("file"),
            "attachments_max": attachments.ATTACHMENTS_MAX,
            "attachment_mb": attachments.ATTACHMENT_MAX_BYTES // (1024 * 1024),
        },
        status=status,
    )


def _language_names() -> list[tuple[str, str]]:
    return [("en", "English"), ("zh-hans", "简体中文"), ("zh-hant", "繁體中文")]


@permission_needed(VIEW)
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    proposal = proposal_visible(user, pk)
    if proposal.status != Proposal.Status.DRAFT:
        return redirect("proposals-detail", pk=proposal.pk)
    if request.method == "POST":
        if not user.has_perm(CHANGE):
            return redirect("proposals-detail", pk=proposal.pk)
        values = _posted(request)
        try:
            said = _save(request, user, proposal, values)
        except ValidationError as exc:
            return _composer(request, proposal, values, exc.message_dict, status=400)
        if request.POST.get("then") == "preview":
            return redirect("proposals-preview", pk=proposal.pk)
        messages.success(request, said)
        return redirect(f"{reverse('proposals-edit', args=[proposal.pk])}#{_anchor(request)}")
    return _composer(request, proposal, _form_values(proposal))


def _anchor(request: HttpRequest) -> str:
    attaching = request.FILES.get("attachment") or request.POST.get("remove_attachment")
    return "attachments" if attaching else "composer"


def _save(request: HttpRequest, user: Any, proposal: Proposal, values: dict[str, Any]) -> str:
    """Save the composer's values, with the file given (checked first, so a bad file saves
    nothing) or without the attachment asked to be removed, in one transaction. Returns
    what to tell the officer."""
    upload = request.FILES.get("attachment")
    remove = request.POST.get("remove_attachment", "")
    checked = None
    if upload is not None:
        try:
            checked = attachments.attachment_check(upload, request.POST.get("attachment_title", ""))
        except ValidationError as exc:
            errors = dict(exc.message_dict)
            try:
                services.proposal_values_clean(values)
            except ValidationError as more:
                errors.update(more.message_dict)
            raise ValidationError(errors) from exc
    with transaction.atomic():
        services.proposal_update(actor=user, proposal=proposal, values=values)
        if remove.isdigit():
            attachment = proposal.attachments.filter(pk=int(remove)).first()
            if attachment is not None:
                attachments.proposal_attachment_remove(
                    actor=user, proposal=proposal, attachment=attachment
                )
                return _("The draft is saved and the attachment removed.")
        if checked is not None:
            # Last, so that nothing after it can roll back a file already on disk.
            attachments.proposal_attachment_store(actor=user, proposal=proposal, checked=checked)
            return _("The draft is saved and the file attached.")
    return _("The draft is saved.")


@permission_needed(VIEW)
def proposal_attachment(request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    """An attachment, for the officers who see the proposal's lead."""
    proposal = proposal_visible(request_user(request), pk)
    attachment = get_object_or_404(proposal.attachments.select_related("file"), pk=file_pk)
    return attachment_response(attachment)


@permission_needed(VIEW)
def proposal_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft (or the sent snapshot) as the investor sees it, in the language asked."""
    proposal = proposal_visible(request_user(request), pk)
    snapshot = proposal.snapshot if proposal.status != Proposal.Status.DRAFT else None
    snapshot = snapshot or proposal_content(proposal)
    language = request.GET.get("language") or proposal.language
    if language not in LANGUAGES:
        language = proposal.language
    with translation.override(language):
        content = snapshot["languages"][language]
        context = page_context(snapshot, content, token=None, preview=True, proposal_pk=proposal.pk)
        context.update(
            {"proposal": proposal, "preview_language": language, "languages": _language_names()}
        )
        response = render(request, "proposals/investor/page.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@permission_needed(VIEW)
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_visible(request_user(request), pk)
    return render(
        request,
        "proposals/officer/detail.html",
        {
            "proposal": proposal,
            "lead": proposal.lead,
            "answers": proposal.answers.all()[:50],
            "attachments": proposal.attachments.select_related("file"),
            "link": request.session.pop(f"proposal-link-{proposal.pk}", ""),
            "versions": Proposal.objects.filter(lead=proposal.lead).order_by("-number"),
        },
    )


@permission_needed(CHANGE)
@require_POST
def proposal_send(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    proposal = proposal_visible(user, pk)
    try:
        sent, token = services.proposal_send(actor=user, proposal=proposal)
    except ValidationError as exc:
        return _composer(request, proposal, _form_values(proposal), exc.message_dict, status=400)
    with translation.override(sent.language):
        link = absolute_url(reverse("proposals-investor", args=[token]))
    # Shown once, on the next page: only the token's digest is kept.
    request.session[f"proposal-link-{sent.pk}"] = link
    messages.success(request, _("The proposal is sent. Copy the link now: it is shown only once."))
    return redirect("proposals-detail", pk=sent.pk)


@permission_needed(CHANGE)
@require_POST
def proposal_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    proposal = proposal_visible(user, pk)
    try:
        services.proposal_revoke(actor=user, proposal=proposal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The link is revoked: it now answers that the proposal is withdrawn.")
        )
    return redirect("proposals-detail", pk=proposal.pk)


@permission_needed(CHANGE)
@require_POST
def proposal_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    proposal = proposal_visible(user, pk)
    fresh = services.proposal_create(actor=user, lead=proposal.lead, previous=proposal)
    return redirect("proposals-edit", pk=fresh.pk)


# --- cost tables and the report ------------------------------------------------------


@permission_needed(VIEW)
def cost_tables(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not user.has_perm("proposals.add_costfigure"):
            return redirect("proposals-costs")
        place = get_object_or_404(CostPlace, pk=request.POST.get("place") or 0)
        try:
            services.cost_figure_save(
                actor=user,
                place=place,
                item=request.POST.get("item", ""),
                value=request.POST.get("value", ""),
                valid_from=request.POST.get("valid_from", ""),
                source=request.POST.get("source", ""),
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The figure is saved."))
            return redirect("proposals-costs")
    places = CostPlace.objects.select_related("region").order_by("region_id", "slug")
    figures = CostFigure.objects.select_related("place").order_by(
        "place__slug", "item", "-valid_from"
    )
    by_place: dict[int, list[CostFigure]] = {}
    for figure in figures:
        by_place.setdefault(figure.place_id, []).append(figure)
    return render(
        request,
        "proposals/officer/costs.html",
        {
            "places": [(p, by_place.get(p.pk, [])) for p in places],
            "items": CostItem.choices,
            "errors": errors,
            "values": request.POST if errors else {},
            "may_edit": user.has_perm("proposals.add_costfigure"),
        },
        status=400 if errors else 200,
    )


@permission_needed(REPORTS)
def proposal_report(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "proposals/officer/report.html",
        {"report": reports.proposal_report(request_user(request))},
    )
