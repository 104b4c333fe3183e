"""Factories of enterprises with figures, and of policies."""

from __future__ import annotations

import itertools
from decimal import Decimal

import factory

from zhaoshang.policies.models import Policy
from zhaoshang.registry.generator import uscc_for
from zhaoshang.registry.models import Enterprise, YearlyFigures
from zhaoshang.rules import parse_text

_serials = itertools.count(1)


class EnterpriseFactory(factory.django.DjangoModelFactory[Enterprise]):
    class Meta:
        model = Enterprise

    uscc = factory.LazyFunction(lambda: uscc_for("441284", next(_serials)))
    name = factory.Sequence(lambda n: f"四会市测试{n}有限公司")
    region_id = "441284"
    industry_code = "3971"
    division_id = factory.LazyAttribute(lambda o: o.industry_code[:2] or None)

    @classmethod
    def with_figures(cls, *, year: int = 2025, **figures: object) -> Enterprise:
        """An enterprise whose latest year is ``year`` with these figures (万元)."""
        revenue = figures.get("revenue")
        enterprise = cls.create(
            latest_year=year,
            latest_revenue=revenue,
            **{k: v for k, v in figures.items() if k in _ENTERPRISE_FIELDS},
        )
        YearlyFigures.objects.create(
            enterprise=enterprise,
            year=year,
            **{k: v for k, v in figures.items() if k not in _ENTERPRISE_FIELDS},
        )
        return enterprise


_ENTERPRISE_FIELDS = {
    "region_id",
    "industry_code",
    "division_id",
    "high_tech_issued_on",
    "high_tech_expires_on",
    "above_designated_size",
    "name",
}

# Manufacturing in Zhaoqing with revenue at or above the above-size threshold.
RULE_TEXT = "revenue >= above_size_threshold and industry_code within C13..C43"


class PolicyFactory(factory.django.DjangoModelFactory[Policy]):
    class Meta:
        model = Policy

    slug = factory.Sequence(lambda n: f"policy-{n}")
    title_en = factory.Sequence(lambda n: f"Support policy {n}")
    title_zh_hans = factory.Sequence(lambda n: f"扶持政策{n}")
    issuing_body = "四会市人民政府"
    benefit_kind = Policy.BenefitKind.FIXED
    benefit_amount = Decimal(50)
    rule = factory.LazyFunction(lambda: parse_text(RULE_TEXT).to_json())
