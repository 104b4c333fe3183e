"""The impact preview: counts, funnel, breakdowns and benefit over the registry snapshot,
and the difference from the published version."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.policies.factories import EnterpriseFactory, PolicyFactory
from zhaoshang.policies.selectors import policy_preview
from zhaoshang.policies.services import policy_publish
from zhaoshang.registry.services import enterprise_save, enterprise_validate
from zhaoshang.rules import parse_text

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2025, 6, 1)


def preview(text: str, **kwargs):
    return policy_preview(
        rule_data=parse_text(text).to_json(),
        scope=kwargs.pop("scope", None),
        benefit_kind=kwargs.pop("benefit_kind", "fixed"),
        benefit_amount=kwargs.pop("benefit_amount", Decimal(10)),
        benefit_formula=kwargs.pop("benefit_formula", ""),
        as_of=AS_OF,
        **kwargs,
    )


@pytest.fixture
def registry():
    for revenue in (2500, 3000, 100):
        EnterpriseFactory.with_figures(revenue=Decimal(revenue), rd_expenditure=Decimal(90))
    EnterpriseFactory.with_figures(revenue=Decimal(9000), industry_code="5191")
    EnterpriseFactory.create()  # no figures


def test_counts_funnel_and_breakdowns(registry):
    result = preview("industry_code within C13..C43 and revenue >= above_size_threshold")
    assert (result.total, result.eligible, result.possibly_eligible) == (5, 2, 1)
    assert [f.remaining for f in result.funnel] == [4, 2]
    assert [(b.key, b.eligible) for b in result.by_region][:2] == [("4412", 2), ("441284", 2)]
    assert result.benefit_total == Decimal(20)


def test_a_formula_benefit_is_totalled_over_the_eligible(registry):
    result = preview(
        "revenue >= above_size_threshold and industry_code within C13..C43",
        benefit_kind="formula",
        benefit_formula="min(10% * rd_expenditure, 5)",
    )
    assert result.benefit_total == Decimal(10)  # two enterprises, 9 capped at 5 each


def test_the_difference_from_the_published_version(registry):
    policy = PolicyFactory.create()
    version = policy_publish(actor=None, policy=policy, as_of=AS_OF)
    wider = preview(
        "revenue >= 50 and industry_code within C13..C43",
        benefit_amount=Decimal(50),
        compare_to=version,
    )
    assert wider.eligible_difference == 1
    assert wider.benefit_difference == Decimal(50)


def test_a_change_to_the_registry_shows_in_the_next_preview(
    registry, django_capture_on_commit_callbacks
):
    before = preview("revenue >= above_size_threshold")
    record = enterprise_validate(
        {
            "uscc": EnterpriseFactory.build().uscc,
            "name": "新企业",
            "region_code": "441284",
            "industry_code": "3971",
            "year": "2025",
            "revenue": "5000",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        enterprise_save(actor=None, record=record)
    assert preview("revenue >= above_size_threshold").eligible == before.eligible + 1
