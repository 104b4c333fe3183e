"""The leads API's request and response shapes.

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Any

from ninja import Schema

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
    company: str
    origin: str
    source: str
    region: str
    enterprise: str | None = None  # credit code
    origin_detail: str = ""
    industry: str = ""
    product: str = ""
    investment_amount: Decimal | None = None
    investment_currency: str = "CNY"
    land_mu: Decimal | None = None
    building_m2: Decimal | None = None
    power_kva: Decimal | None = None
    jobs: int | None = None
    expected_start: datetime.date | None = None
    officers: list[str] = []  # usernames
    confidential: bool = False
    notes: str = ""


class ContactIn(Schema):
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""
    wechat: str = ""


class LeadCreateIn(LeadIn):
    contacts: list[ContactIn] = []


class LeadPatch(Schema):
    version: int
    company: str | None = None
    origin: str | None = None
    source: str | None = None
    region: str | None = None
    enterprise: str | None = None
    origin_detail: str | None = None
    industry: str | None = None
    product: str | None = None
    investment_amount: Decimal | None = None
    investment_currency: str | None = None
    land_mu: Decimal | None = None
    building_m2: Decimal | None = None
    power_kva: Decimal | None = None
    jobs: int | None = None
    expected_start: datetime.date | None = None
    officers: list[str] | None = None
    confidential: bool | None = None
    notes: str | None = None


class StageIn(Schema):
    version: int
    stage: str
    reason: str = ""
    investment_amount: Decimal | None = None
    investment_currency: str = ""


class LeadFilterIn(Schema):
    q: str = ""
    stage: list[str] = []
    officer: str = ""  # username
    region: str = ""
    industry: str = ""
    source: str = ""
    origin: str = ""
    amount_min: Decimal | None = None  # 10,000 yuan
    amount_max: Decimal | None = None
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
    kind: str
    occurred_on: datetime.date
    summary: str
    participants: str = ""
    next_step: str = ""
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
    topic: str
    description: str
    owner: str  # username
    due_on: datetime.date


class VisitIn(Schema):
    enterprise: str  # credit code
    visited_on: datetime.date
    department: str = ""
    participants: str = ""
    summary: str = ""
    answers: dict[str, str] = {}
    actions: list[ActionIn] = []
    confirm_recent: bool = False


class ActionPatch(Schema):
    status: str
    resolution_note: str = ""
    due_on: datetime.date | None = None
