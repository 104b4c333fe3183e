"""The leads API's request and response shapes.

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from zhaoshang.core.api_types import Amount, Code, Count, Id, Line, Lines, Name, Version, omitted
from zhaoshang.leads.models import AftercareVisit, Lead, VisitAction
from zhaoshang.leads.models.aftercare import QUESTIONS


class ContactOut(Schema):
    name: str
    role: str
    phone: str
    email: str
    wechat: str


class LeadOut(Schema):
    id: int
    version: int
    company: str
    enterprise: str | None
    origin: str
    origin_detail: str
    industry: str | None
    product: str
    investment_amount: Decimal | None
    investment_currency: str
    investment_rate: Decimal | None
    investment_yuan: Decimal | None
    land_mu: Decimal | None
    building_m2: Decimal | None
    power_kva: Decimal | None
    jobs: int | None
    expected_start: datetime.date | None
    site_kind: str
    preferred_counties: list[str]
    budget_yuan: Decimal | None
    needed_by: datetime.date | None
    source: str
    officers: list[str]
    region: str
    confidential: bool
    notes: str
    stage: str
    stage_changed_at: datetime.datetime
    days_in_stage: int
    stale: bool
    created_at: datetime.datetime
    contacts: list[ContactOut]

    @staticmethod
    def resolve_enterprise(obj: Lead) -> str | None:
        return obj.enterprise.uscc if obj.enterprise else None

    @staticmethod
    def resolve_industry(obj: Lead) -> str | None:
        return obj.industry_id

    @staticmethod
    def resolve_region(obj: Lead) -> str:
        return obj.region_id

    @staticmethod
    def resolve_officers(obj: Lead) -> list[str]:
        return sorted(u.username for u in obj.officers.all())

    @staticmethod
    def resolve_stale(obj: Lead) -> bool:
        return obj.is_stale

    @staticmethod
    def resolve_contacts(obj: Lead) -> Any:
        return list(obj.contacts.all())


class LeadIn(Schema):
    company: Name
    origin: Code
    source: Code
    region: Code
    enterprise: Code | None = None  # credit code
    origin_detail: Name = ""
    industry: Code = ""
    product: Name = ""
    investment_amount: Amount | None = None
    investment_currency: Code = "CNY"
    land_mu: Amount | None = None
    building_m2: Amount | None = None
    power_kva: Amount | None = None
    jobs: Count | None = None
    expected_start: datetime.date | None = None
    site_kind: Code = "either"
    preferred_counties: list[Code] = Field([], max_length=50)
    budget_yuan: Amount | None = None
    needed_by: datetime.date | None = None
    officers: list[Name] = Field([], max_length=50)  # usernames
    confidential: bool = False
    notes: Lines = ""


class ContactIn(Schema):
    name: Name
    role: Name = ""
    phone: Code = ""
    email: Name = ""
    wechat: Code = ""


class LeadCreateIn(LeadIn):
    contacts: list[ContactIn] = Field([], max_length=50)


class LeadPatch(Schema):
    """The fields to change; null clears only what may be empty (link, amounts, dates)."""

    version: Version
    company: Name = omitted()
    origin: Code = omitted()
    source: Code = omitted()
    region: Code = omitted()
    enterprise: Code | None = None
    origin_detail: Name = omitted()
    industry: Code = omitted()
    product: Name = omitted()
    investment_amount: Amount | None = None
    investment_currency: Code = omitted()
    land_mu: Amount | None = None
    building_m2: Amount | None = None
    power_kva: Amount | None = None
    jobs: Count | None = None
    expected_start: datetime.date | None = None
    site_kind: Code = omitted()
    preferred_counties: list[Code] = omitted(max_length=50)
    budget_yuan: Amount | None = None
    needed_by: datetime.date | None = None
    officers: list[Name] = omitted(max_length=50)
    confidential: bool = omitted()
    notes: Lines = omitted()


class StageIn(Schema):
    version: Version
    stage: Code
    reason: Lines = ""
    investment_amount: Amount | None = None
    investment_currency: Code = ""


class LeadFilterIn(Schema):
    q: Name = ""
    stage: list[Code] = Field([], max_length=20)
    officer: Name = ""  # username
    region: Code = ""
    industry: Code = ""
    source: Code = ""
    origin: Code = ""
    amount_min: Amount | None = None  # 10,000 yuan
    amount_max: Amount | None = None
    stale: bool = False


class ActivityOut(Schema):
    id: int
    kind: str
    occurred_on: datetime.date
    participants: str
    summary: str
    next_step: str
    follow_up_on: datetime.date | None
    follow_up_done_at: datetime.datetime | None
    owner: str | None

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return obj.owner.username if obj.owner else None


class ActivityIn(Schema):
    kind: Code
    occurred_on: datetime.date
    summary: Lines
    participants: Line = ""
    next_step: Line = ""
    follow_up_on: datetime.date | None = None


class ActionOut(Schema):
    id: int
    topic: str
    description: str
    owner: str
    due_on: datetime.date
    status: str
    resolution_note: str

    @staticmethod
    def resolve_owner(obj: VisitAction) -> str:
        return obj.owner.username


class VisitOut(Schema):
    id: int
    enterprise: str
    visited_on: datetime.date
    department: str
    officer: str | None
    participants: str
    answers: dict[str, str]
    summary: str
    actions: list[ActionOut]

    @staticmethod
    def resolve_enterprise(obj: AftercareVisit) -> str:
        return obj.enterprise.uscc

    @staticmethod
    def resolve_officer(obj: AftercareVisit) -> str | None:
        return obj.officer.username if obj.officer else None

    @staticmethod
    def resolve_answers(obj: AftercareVisit) -> dict[str, str]:
        return {name: getattr(obj, name) for name, _label in QUESTIONS}

    @staticmethod
    def resolve_actions(obj: AftercareVisit) -> Any:
        return list(obj.actions.select_related("owner").order_by("due_on", "id"))


class ActionIn(Schema):
    topic: Code
    description: Lines
    owner: Name  # username
    due_on: datetime.date


class VisitIn(Schema):
    enterprise: Code  # credit code
    visited_on: datetime.date
    department: Name = ""
    participants: Line = ""
    summary: Lines = ""
    answers: dict[Code, Lines] = Field({}, max_length=len(QUESTIONS))
    actions: list[ActionIn] = Field([], max_length=50)
    confirm_recent: bool = False


class ActionPatch(Schema):
    status: Code
    resolution_note: Lines = ""
    due_on: datetime.date | None = None


class VisitFilterIn(Schema):
    enterprise: Code = ""  # credit code


class LeadPath(Schema):
    lead_id: Id


class ActionPath(Schema):
    action_id: Id
