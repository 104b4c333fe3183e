"""Matches and holds under /api/sites/: the best sites for a lead, and holding a site for a
lead (409 naming the lead and officer holding it when it is held already). Both follow the
lead's visibility.

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from zhaoshang.core.api_errors import validation_detail
from zhaoshang.core.api_types import Id, Line, responses
from zhaoshang.core.permissions import api_require
from zhaoshang.leads.access import lead_visible
from zhaoshang.sites.holds import services
from zhaoshang.sites.holds.access import holds_visible_to
from zhaoshang.sites.matching.selectors import lead_matches
from zhaoshang.sites.models import Building, Parcel, SiteHold

router = Router(tags=["sites: matches and holds"])


class VerdictOut(Schema):
    requirement: str
    outcome: str
    observed: str | None
    wanted: str | None
    unit: str
    hard: bool


class HoldOut(Schema):
    id: int
    kind: str
    site_id: int
    lead: int
    company: str
    officer: str
    until: datetime.date
    reason: str
    created_at: datetime.datetime
    released_at: datetime.datetime | None
    ended: str

    @staticmethod
    def resolve_kind(obj: SiteHold) -> str:
        return "parcel" if obj.parcel_id else "building"

    @staticmethod
    def resolve_site_id(obj: SiteHold) -> int:
        return int(obj.parcel_id or obj.building_id or 0)

    @staticmethod
    def resolve_lead(obj: SiteHold) -> int:
        return obj.lead_id

    @staticmethod
    def resolve_company(obj: SiteHold) -> str:
        return obj.lead.company

    @staticmethod
    def resolve_officer(obj: SiteHold) -> str:
        return obj.officer.username


class SiteMatchOut(Schema):
    kind: str
    id: int
    label: str
    score: float
    meets_hard: bool
    verdicts: list[VerdictOut]
    hold: HoldOut | None


class MatchQuery(Schema):
    lead: Id
    limit: int = Field(5, ge=1, le=100)


class HoldIn(Schema):
    lead: Id
    parcel: Id | None = None
    building: Id | None = None
    until: datetime.date
    reason: Line = ""
    override: bool = False


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _invalid(exc: ValidationError) -> Status:
    return Status(422, {"detail": validation_detail(exc), "errors": exc.message_dict})


@router.get(
    "/matches",
    response=responses({200: list[SiteMatchOut]}, 403, 404, 422),
    summary="The best open sites for a lead, with a verdict per requirement",
)
def matches(request: HttpRequest, query: Query[MatchQuery]) -> Any:
    user = api_require(request, "leads.view_lead")
    lead = lead_visible(user, query.lead)
    return [
        {
            "kind": m.result.kind,
            "id": m.result.id,
            "label": str(m.site),
            "score": m.result.score,
            "meets_hard": m.result.meets_hard,
            "verdicts": [
                {
                    "requirement": v.requirement,
                    "outcome": v.outcome,
                    "observed": _text(v.observed),
                    "wanted": _text(v.wanted),
                    "unit": v.unit,
                    "hard": v.hard,
                }
                for v in m.result.verdicts
            ],
            "hold": m.hold,
        }
        for m in lead_matches(lead, user=user, limit=query.limit)
    ]


@router.post(
    "/holds",
    response=responses({201: HoldOut}, 400, 403, 404, 409, 422),
    summary="Hold a parcel or building for a lead (409 if another hold stands)",
)
def hold_create(request: HttpRequest, payload: HoldIn) -> Any:
    user = api_require(request, "leads.change_lead")
    lead = lead_visible(user, payload.lead)
    if (payload.parcel is None) == (payload.building is None):
        return _invalid(ValidationError({"site": ["Give a parcel or a building, not both."]}))
    site: Parcel | Building = (
        get_object_or_404(Parcel, pk=payload.parcel)
        if payload.parcel is not None
        else get_object_or_404(Building, pk=payload.building)
    )
    try:
        hold = services.site_hold(
            actor=user,
            site=site,
            lead=lead,
            until=payload.until,
            reason=payload.reason,
            override=payload.override,
        )
    except services.HoldRefused as exc:
        return Status(409, {"detail": validation_detail(exc)})
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except ValidationError as exc:
        return _invalid(exc)
    return Status(201, hold)


@router.get(
    "/holds",
    response=responses({200: list[HoldOut]}, 403, 422),
    summary="Active holds the caller may see (of one lead with ?lead=)",
)
def hold_list(request: HttpRequest, lead: int | None = None) -> Any:
    user = api_require(request, "leads.view_lead")
    found = holds_visible_to(user).filter(released_at__isnull=True)
    if lead is not None:
        found = found.filter(lead_id=lead)
    return found.select_related("lead", "officer").order_by("until", "id")[:500]


@router.delete(
    "/holds/{hold_id}",
    response=responses({200: HoldOut}, 403, 404, 422),
    summary="Release a hold",
)
def hold_release(request: HttpRequest, hold_id: int) -> Any:
    user = api_require(request, "leads.view_lead")
    hold = get_object_or_404(holds_visible_to(user).select_related("lead", "officer"), pk=hold_id)
    try:
        return services.site_hold_release(actor=user, hold=hold)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except ValidationError as exc:
        return _invalid(exc)


@router.post(
    "/holds/{hold_id}/transfer",
    response=responses({200: HoldOut}, 403, 404, 422),
    summary="Transfer the held parcel to the hold's lead, which has signed; other holds end",
)
def hold_transfer(request: HttpRequest, hold_id: int) -> Any:
    user = api_require(request, "sites.change_parcel")
    hold = get_object_or_404(
        holds_visible_to(user).select_related("lead", "parcel"), pk=hold_id, parcel__isnull=False
    )
    try:
        services.site_transfer(actor=user, site=hold.parcel, lead=hold.lead)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except ValidationError as exc:
        return _invalid(exc)
    hold.refresh_from_db()
    return hold
