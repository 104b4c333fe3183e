"""The projects API's request and response shapes, typed and bounded.

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from zhaoshang.core.api_types import Amount, Count, Id, Line

MilestoneKindIn = Literal[
    "land", "construction", "topped_out", "completed", "production", "full_capacity"
]
Year = int  # bounded where it is used
Mu = Decimal


class ProjectPath(Schema):
    project_id: Id


class MilestonePath(Schema):
    project_id: Id
    kind: MilestoneKindIn


class ProjectFilterIn(Schema):
    region: str = Field("", max_length=6, pattern=r"^[0-9]*$")
    stage: Literal["", "signed", "construction", "operating"] = ""
    warning: Literal["", "red", "yellow", "none"] = ""


class MilestoneOut(Schema):
    kind: str
    planned_on: datetime.date | None
    actual_on: datetime.date | None


class ProjectOut(Schema):
    id: int
    lead: int = Field(..., alias="lead_id")
    company: str = Field(..., alias="lead.company")
    region: str = Field(..., alias="lead.region_id")
    stage: str = Field(..., alias="lead.stage")
    contract_on: datetime.date | None
    parties: str
    parcel: int | None = Field(None, alias="parcel_id")
    building: int | None = Field(None, alias="building_id")
    investment_yuan: Decimal | None
    output_yuan: Decimal | None
    tax_yuan: Decimal | None
    jobs: int | None
    intensity_yuan_per_mu: Decimal | None
    tax_per_mu_yuan: Decimal | None
    land_mu: Decimal | None
    is_demo: bool


class ContractIn(Schema):
    contract_on: datetime.date | None = None
    parties: Line = ""
    parcel: Id | None = None
    building: Id | None = None
    investment_yuan: Amount | None = None
    output_yuan: Amount | None = None
    tax_yuan: Amount | None = None
    jobs: Count | None = None
    intensity_yuan_per_mu: Amount | None = None
    tax_per_mu_yuan: Amount | None = None
    land_mu: Amount | None = None
    planned: dict[MilestoneKindIn, datetime.date | None] | None = None


class MilestonePatch(Schema):
    planned_on: datetime.date | None = None
    actual_on: datetime.date | None = None


class FigureRowIn(Schema):
    year: int = Field(..., ge=1990, le=2100)
    quarter: int = Field(..., ge=1, le=4)
    planned_investment: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    actual_investment: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    planned_output: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    actual_output: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    planned_tax: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    actual_tax: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    planned_jobs: int | None = Field(None, ge=-(2**31), le=2**31 - 1)
    actual_jobs: int | None = Field(None, ge=-(2**31), le=2**31 - 1)


class FiguresIn(Schema):
    rows: list[FigureRowIn] = Field(..., max_length=400)


class FigureOut(Schema):
    year: int
    quarter: int
    planned_investment: Decimal | None
    actual_investment: Decimal | None
    planned_output: Decimal | None
    actual_output: Decimal | None
    planned_tax: Decimal | None
    actual_tax: Decimal | None
    planned_jobs: int | None
    actual_jobs: int | None


class PromiseOut(Schema):
    promise: str
    status: str
    plan: str
    actual: str
    explanation: str
    rule_id: int | None
