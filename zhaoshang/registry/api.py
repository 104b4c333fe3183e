"""Registry endpoints: list, read, create and change enterprises, with the same checks as
an imported row.

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from zhaoshang.core.api_errors import validation_detail
from zhaoshang.core.models import User
from zhaoshang.core.permissions import api_require
from zhaoshang.registry import selectors, services
from zhaoshang.registry.models import Enterprise

router = Router(tags=["registry"])


class FiguresOut(Schema):
    year: int
    revenue: Decimal | None
    rd_expenditure: Decimal | None
    employees: int | None
    taxes_paid: Decimal | None
    export_value: Decimal | None
    output_value: Decimal | None


class EnterpriseOut(Schema):
    id: int
    uscc: str
    name: str
    name_en: str
    region_code: str | None
    address: str
    industry_code: str
    founded_on: datetime.date | None
    registered_capital: Decimal | None
    ownership: str
    foreign_country: str
    high_tech_cert_no: str
    high_tech_issued_on: datetime.date | None
    high_tech_expires_on: datetime.date | None
    specialised_new_on: datetime.date | None
    little_giant_on: datetime.date | None
    listed_on: datetime.date | None
    latest_year: int | None
    latest_revenue: Decimal | None
    above_designated_size: bool

    @staticmethod
    def resolve_region_code(obj: Enterprise) -> str | None:
        return obj.region_id


class EnterpriseDetailOut(EnterpriseOut):
    figures: list[FiguresOut]

    @staticmethod
    def resolve_figures(obj: Enterprise) -> Any:
        return list(selectors.enterprise_figures(obj))


class EnterpriseFilterIn(Schema):
    q: str = ""
    region: str = ""
    industry: str = ""
    above_designated_size: bool | None = None
    qualification: list[str] = []
    revenue_min: Decimal | None = None
    revenue_max: Decimal | None = None


class EnterpriseIn(Schema):
    """Values as text or numbers, checked exactly like a row of an import file."""

    uscc: str
    name: str
    name_en: str = ""
    region_code: str = ""
    address: str = ""
    industry_code: str = ""
    founded_on: str = ""
    registered_capital: str = ""
    ownership: str = ""
    foreign_country: str = ""
    high_tech_cert_no: str = ""
    high_tech_issued_on: str = ""
    high_tech_expires_on: str = ""
    specialised_new_on: str = ""
    little_giant_on: str = ""
    listed_on: str = ""
    year: str = ""
    revenue: str = ""
    rd_expenditure: str = ""
    employees: str = ""
    taxes_paid: str = ""
    export_value: str = ""
    output_value: str = ""


class EnterprisePatch(Schema):
    name: str | None = None
    name_en: str | None = None
    region_code: str | None = None
    address: str | None = None
    industry_code: str | None = None
    founded_on: str | None = None
    registered_capital: str | None = None
    ownership: str | None = None
    foreign_country: str | None = None
    high_tech_cert_no: str | None = None
    high_tech_issued_on: str | None = None
    high_tech_expires_on: str | None = None
    specialised_new_on: str | None = None
    little_giant_on: str | None = None
    listed_on: str | None = None
    year: str | None = None
    revenue: str | None = None
    rd_expenditure: str | None = None
    employees: str | None = None
    taxes_paid: str | None = None
    export_value: str | None = None
    output_value: str | None = None


@router.get("/enterprises", response=list[EnterpriseOut], summary="Enterprises, filtered")
@paginate(LimitOffsetPagination)
def enterprise_list(request: HttpRequest, filters: Query[EnterpriseFilterIn]) -> Any:
    api_require(request, "registry.view_enterprise")
    return selectors.enterprises(
        selectors.EnterpriseFilter(
            text=filters.q,
            region=filters.region,
            industry=filters.industry,
            above_designated_size=filters.above_designated_size,
            qualifications=tuple(filters.qualification),
            revenue_min=filters.revenue_min,
            revenue_max=filters.revenue_max,
        )
    )


@router.get("/enterprises/{uscc}", response=EnterpriseDetailOut, summary="One enterprise")
def enterprise_detail(request: HttpRequest, uscc: str) -> Any:
    api_require(request, "registry.view_enterprise")
    return get_object_or_404(Enterprise, uscc=uscc.strip().upper())


def _save(user: User, raw: dict[str, Any]) -> tuple[Enterprise, bool]:
    try:
        record = services.enterprise_validate(raw)
    except ValidationError as exc:
        raise HttpError(422, validation_detail(exc)) from exc
    return services.enterprise_save(actor=user, record=record)


@router.post(
    "/enterprises",
    response={201: EnterpriseDetailOut, 409: dict},
    summary="Add an enterprise (checked like an imported row)",
)
def enterprise_create(request: HttpRequest, payload: EnterpriseIn) -> Any:
    user = api_require(request, "registry.add_enterprise")
    if Enterprise.objects.filter(uscc=payload.uscc.strip().upper()).exists():
        return Status(409, {"detail": "uscc: an enterprise with this code exists; use PATCH"})
    enterprise, _created = _save(user, payload.dict())
    return Status(201, enterprise)


@router.patch(
    "/enterprises/{uscc}",
    response=EnterpriseDetailOut,
    summary="Change an enterprise (checked like an imported row)",
)
def enterprise_update(request: HttpRequest, uscc: str, payload: EnterprisePatch) -> Any:
    user = api_require(request, "registry.change_enterprise")
    enterprise = get_object_or_404(Enterprise, uscc=uscc.strip().upper())
    raw = {**services.enterprise_as_raw(enterprise), **payload.dict(exclude_unset=True)}
    saved, _created = _save(user, raw)
    return saved
