"""A project's facts as the eligibility engine reads an enterprise's: the figures a lead
gives (industry class, jobs, expected revenue, high-tech status) and the county of the
chosen site, as the engine's columns. Free of Django.

The engine's field registry has no column for a planned investment: it is shown in the
proposal but no rule reads it. What the lead does not give stays missing, so a criterion on
it is "not known" and the policy "may qualify", naming the figure still to be shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# "Above designated size": annual main-business revenue of at least 20 million yuan.
ABOVE_SIZE_WAN = Decimal(2000)
HIGH_TECH_YEARS = 3


@dataclass(frozen=True)
class ProjectFacts:
    industry_code: str = ""  # GB/T 4754 class, four digits
    investment_wan: Decimal | None = None
    jobs: int | None = None
    revenue_wan: Decimal | None = None  # expected yearly main-business revenue
    high_tech: bool = False

    @classmethod
    def from_json(cls, data: Any) -> ProjectFacts:
        data = data if isinstance(data, dict) else {}

        def number(name: str) -> Decimal | None:
            value = data.get(name)
            return None if value in (None, "") else Decimal(str(value))

        jobs = data.get("jobs")
        return cls(
            industry_code=str(data.get("industry_code") or ""),
            investment_wan=number("investment_wan"),
            jobs=None if jobs in (None, "") else int(jobs),
            revenue_wan=number("revenue_wan"),
            high_tech=bool(data.get("high_tech")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "industry_code": self.industry_code,
            "investment_wan": None if self.investment_wan is None else str(self.investment_wan),
            "jobs": self.jobs,
            "revenue_wan": None if self.revenue_wan is None else str(self.revenue_wan),
            "high_tech": self.high_tech,
        }


def rule_facts(facts: ProjectFacts, county: str, as_of: datetime.date) -> dict[str, Any]:
    """The engine's facts for a company not registered yet: a high-tech project counts as
    holding a certificate from ``as_of`` for three years; a company without one holds none
    (a known fact, not a missing one)."""
    above = None if facts.revenue_wan is None else facts.revenue_wan >= ABOVE_SIZE_WAN
    return {
        "uscc": None,
        "region_code": county or None,
        "industry_code": facts.industry_code or None,
        "founded_on": None,
        "registered_capital": None,
        "ownership": None,
        "foreign_country": None,
        "high_tech_issued_on": as_of if facts.high_tech else None,
        "high_tech_expires_on": (
            as_of.replace(year=as_of.year + HIGH_TECH_YEARS) if facts.high_tech else None
        ),
        "specialised_new_on": None,
        "little_giant_on": None,
        "listed_on": None,
        "above_designated_size": above,
        "tax_violation_on": None,
        "year": as_of.year,
        "revenue": facts.revenue_wan,
        "rd_expenditure": None,
        "employees": facts.jobs,
        "taxes_paid": None,
        "export_value": None,
        "output_value": None,
    }
