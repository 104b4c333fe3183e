"""Leads endpoints: leads, their stage moves and activities, aftercare visits and their
actions. The same services check the same rules as the pages, and the same queryset
decides what a caller sees. A stale save answers 409 with both versions.

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from zhaoshang.core.api_errors import validation_detail
from zhaoshang.core.api_types import Pagination, responses
from zhaoshang.core.models import User
from zhaoshang.core.permissions import api_require
from zhaoshang.leads import selectors, services
from zhaoshang.leads.access import lead_visible
from zhaoshang.leads.aftercare.services import visit_action_update, visit_record
from zhaoshang.leads.errors import LeadConflict
from zhaoshang.leads.models import AftercareVisit, VisitAction
from zhaoshang.leads.schemas import (
    ActionOut,
    ActionPatch,
    ActionPath,
    ActivityIn,
    ActivityOut,
    LeadCreateIn,
    LeadFilterIn,
    LeadOut,
    LeadPatch,
    LeadPath,
    StageIn,
    VisitFilterIn,
    VisitIn,
    VisitOut,
)
from zhaoshang.registry.models import Enterprise

router = Router(tags=["leads"])


def _invalid(exc: ValidationError) -> Status:
    return Status(422, {"detail": validation_detail(exc), "errors": exc.message_dict})


def _users(usernames: list[str]) -> list[int] | ValidationError:
    found = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
    missing = sorted(set(usernames) - set(found))
    if missing:
        return ValidationError({"officers": [f"unknown user {name}" for name in missing]})
    return [found[name] for name in usernames]


def _values(payload: dict[str, Any]) -> dict[str, Any]:
    """The API's codes and names as the service's values (ValidationError when unknown)."""
    values = dict(payload)
    if "officers" in values:
        officers = _users(values["officers"] or [])
        if isinstance(officers, ValidationError):
            raise officers
        values["officers"] = officers
    if "enterprise" in values:
        code = (values["enterprise"] or "").strip().upper()
        values["enterprise"] = None
        if code:
            found = Enterprise.objects.filter(uscc=code).values_list("pk", flat=True).first()
            if found is None:
                raise ValidationError({"enterprise": ["no enterprise has this credit code"]})
            values["enterprise"] = found
    return values


def _conflict(exc: LeadConflict, yours: dict[str, Any]) -> Status:
    """409: the caller's values and the lead as saved, so that nothing is lost."""
    saved = LeadOut.from_orm(exc.saved).dict()
    return Status(409, {"detail": str(exc), "yours": yours, "saved": saved})


@router.get(
    "/leads",
    response=responses({200: list[LeadOut]}, 403, 422),
    summary="Leads the caller may see, filtered",
)
@paginate(Pagination)
def lead_list(request: HttpRequest, filters: Query[LeadFilterIn]) -> Any:
    user = api_require(request, "leads.view_lead")
    officer = User.objects.filter(username=filters.officer).first() if filters.officer else None
    where = selectors.LeadFilter(
        text=filters.q,
        stages=tuple(filters.stage),
        officer=officer.pk if officer else (-1 if filters.officer else None),
        region=filters.region,
        industry=filters.industry,
        source=filters.source,
        origin=filters.origin,
        amount_min=filters.amount_min,
        amount_max=filters.amount_max,
        stale=filters.stale,
    )
    return (
        selectors.lead_list(user, where).select_related("enterprise").prefetch_related("contacts")
    )


@router.get(
    "/leads/{lead_id}", response=responses({200: LeadOut}, 403, 404, 422), summary="One lead"
)
def lead_detail(request: HttpRequest, path: Path[LeadPath]) -> Any:
    return lead_visible(api_require(request, "leads.view_lead"), path.lead_id)


@router.post("/leads", response=responses({201: LeadOut}, 400, 403, 422), summary="Add a lead")
def lead_create(request: HttpRequest, payload: LeadCreateIn) -> Any:
    user = api_require(request, "leads.add_lead")
    data = payload.dict()
    contacts = data.pop("contacts")
    try:
        lead = services.lead_create(actor=user, values=_values(data), contacts=contacts)
    except ValidationError as exc:
        return _invalid(exc)
    return Status(201, lead)


@router.patch(
    "/leads/{lead_id}",
    response=responses({200: LeadOut}, 400, 403, 404, 409, 422),
    summary="Change a lead (send the version you read; 409 with both versions if stale)",
)
def lead_update(request: HttpRequest, path: Path[LeadPath], payload: LeadPatch) -> Any:
    user = api_require(request, "leads.change_lead")
    lead = lead_visible(user, path.lead_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    current = services.lead_values_of(lead)
    try:
        values = {**current, **_values(changes)}
        saved = services.lead_update(actor=user, lead=lead, version=version, values=values)
    except LeadConflict as exc:
        return _conflict(exc, payload.dict(exclude_unset=True))
    except ValidationError as exc:
        return _invalid(exc)
    return saved


@router.post(
    "/leads/{lead_id}/stage",
    response=responses({200: LeadOut}, 400, 403, 404, 409, 422),
    summary="Move a lead to another stage",
)
def lead_move(request: HttpRequest, path: Path[LeadPath], payload: StageIn) -> Any:
    user = api_require(request, "leads.change_lead")
    lead = lead_visible(user, path.lead_id)
    try:
        return services.lead_move(actor=user, lead=lead, **payload.dict())
    except LeadConflict as exc:
        return _conflict(exc, payload.dict())
    except ValidationError as exc:
        return _invalid(exc)


@router.get(
    "/leads/{lead_id}/activities",
    response=responses({200: list[ActivityOut]}, 403, 404, 422),
    summary="A lead's activities",
)
@paginate(Pagination)
def activity_list(request: HttpRequest, path: Path[LeadPath]) -> Any:
    lead = lead_visible(api_require(request, "leads.view_lead"), path.lead_id)
    return lead.activities.select_related("owner").order_by("-occurred_on", "-id")


@router.post(
    "/leads/{lead_id}/activities",
    response=responses({201: ActivityOut}, 400, 403, 404, 422),
    summary="Record an activity on a lead",
)
def activity_create(request: HttpRequest, path: Path[LeadPath], payload: ActivityIn) -> Any:
    user = api_require(request, "leads.add_activity")
    lead = lead_visible(user, path.lead_id)
    try:
        activity = services.activity_log(actor=user, lead=lead, **payload.dict())
    except ValidationError as exc:
        return _invalid(exc)
    return Status(201, activity)


@router.get(
    "/visits",
    response=responses({200: list[VisitOut]}, 403, 422),
    summary="Aftercare visits, newest first",
)
@paginate(Pagination)
def visit_list(request: HttpRequest, filters: Query[VisitFilterIn]) -> Any:
    enterprise = filters.enterprise
    api_require(request, "leads.view_aftercarevisit")
    visits = AftercareVisit.objects.select_related("enterprise", "officer").order_by(
        "-visited_on", "-id"
    )
    if enterprise:
        visits = visits.filter(enterprise__uscc=enterprise.strip().upper())
    return visits


@router.post(
    "/visits", response=responses({201: VisitOut}, 400, 403, 404, 422), summary="Record a visit"
)
def visit_create(request: HttpRequest, payload: VisitIn) -> Any:
    user = api_require(request, "leads.add_aftercarevisit")
    enterprise = get_object_or_404(Enterprise, uscc=payload.enterprise.strip().upper())
    owners = {
        u.username: u for u in User.objects.filter(username__in=[a.owner for a in payload.actions])
    }
    try:
        visit = visit_record(
            actor=user,
            enterprise=enterprise,
            visited_on=payload.visited_on,
            department=payload.department,
            participants=payload.participants,
            summary=payload.summary,
            answers=payload.answers,
            actions=[{**a.dict(), "owner": owners.get(a.owner)} for a in payload.actions],
            confirm_recent=payload.confirm_recent,
        )
    except ValidationError as exc:
        return _invalid(exc)
    return Status(201, visit)


@router.patch(
    "/visit-actions/{action_id}",
    response=responses({200: ActionOut}, 400, 403, 404, 422),
    summary="Work an action",
)
def action_update(request: HttpRequest, path: Path[ActionPath], payload: ActionPatch) -> Any:
    user = api_require(request, "leads.change_visitaction")
    action = get_object_or_404(
        VisitAction.objects.select_related("visit", "owner"), pk=path.action_id
    )
    try:
        return visit_action_update(actor=user, action=action, **payload.dict())
    except ValidationError as exc:
        return _invalid(exc)
