"""A region scope is one more step of the rule's funnel, and prefecture rows are named."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.policies.factories import RULE_TEXT, EnterpriseFactory
from zhaoshang.policies.eligibility import rule_with_scope
from zhaoshang.policies.selectors import policy_preview
from zhaoshang.rules import parse_text
from zhaoshang.rules.tree import All

pytestmark = pytest.mark.django_db


def test_the_scope_joins_the_rules_own_all_list():
    root = rule_with_scope(parse_text(RULE_TEXT).to_json(), "441284").root
    assert isinstance(root, All)
    assert [child.id for child in root.children] == ["region_scope", "c1", "c2"]


def test_a_rule_that_is_not_an_all_list_stays_whole_under_the_scope():
    root = rule_with_scope(parse_text("revenue > 1 or employees > 1").to_json(), "441284").root
    assert isinstance(root, All)
    assert [child.id for child in root.children] == ["region_scope", "g1"]


def test_the_funnel_counts_the_scope_and_each_criterion_and_prefectures_have_names():
    EnterpriseFactory.with_figures(revenue=Decimal(2500))
    EnterpriseFactory.with_figures(revenue=Decimal(2500), region_id="441202")
    preview = policy_preview(
        rule_data=parse_text(RULE_TEXT).to_json(),
        scope="441284",
        benefit_kind="none",
        benefit_amount=None,
        benefit_formula="",
    )
    assert [row.remaining for row in preview.funnel] == [1, 1, 1]
    assert [(b.key, b.name) for b in preview.by_region] == [
        ("4412", "Zhaoqing City"),
        ("441284", "Sihui City"),
    ]
