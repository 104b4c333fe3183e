"""The contract-performance engine alone: rules as data set each promise's status and the
result names the rule."""

from __future__ import annotations

import datetime
from decimal import Decimal

from zhaoshang.projects.performance import engine as e

TODAY = datetime.date(2026, 6, 15)
RULES = [e.Rule(i, p, t, Decimal(v), s) for i, (p, t, v, s) in enumerate(e.DEFAULT_RULES, start=1)]


def _facts(quarters=(), milestones=(), land=Decimal(50), **promised) -> e.ProjectFacts:
    return e.ProjectFacts(
        today=TODAY,
        promised={k: Decimal(v) for k, v in promised.items()},
        land_mu=land,
        quarters=list(quarters),
        milestones=list(milestones),
    )


def _q(year, number, **values) -> e.QuarterFacts:
    planned: dict[str, Decimal | None] = {
        k[8:]: Decimal(v) for k, v in values.items() if k.startswith("planned_")
    }
    actual: dict[str, Decimal | None] = {
        k[7:]: Decimal(v) for k, v in values.items() if k.startswith("actual_")
    }
    return e.QuarterFacts((year, number), planned, actual)


def _result(results, promise) -> e.PromiseResult:
    return next(r for r in results if r.promise == promise)


def test_investment_under_eighty_percent_of_plan_is_behind_by_the_named_rule():
    facts = _facts([_q(2025, 4, planned_investment=100, actual_investment=70)])
    result = _result(e.evaluate(facts, RULES), e.INVESTMENT)
    assert result.status == e.BEHIND
    assert result.rule == RULES[0]
    assert result.observed == Decimal("0.7")


def test_investment_under_half_of_plan_is_breached():
    facts = _facts([_q(2025, 4, planned_investment=100, actual_investment=40)])
    assert _result(e.evaluate(facts, RULES), e.INVESTMENT).status == e.BREACHED


def test_a_quarter_not_yet_ended_does_not_count():
    facts = _facts([_q(2026, 2, planned_investment=100, actual_investment=0)])
    assert _result(e.evaluate(facts, RULES), e.INVESTMENT).status == e.NOT_ASSESSED


def test_tax_per_mu_below_contract_two_years_after_full_capacity_is_breached():
    full = e.MilestoneFacts("full_capacity", None, datetime.date(2022, 10, 1))
    quarters = [_q(y, 4, actual_tax=50 * 900) for y in (2023, 2024, 2025)]
    quarters[0] = _q(2023, 4, actual_tax=50 * 2000)  # 2023 met the contract
    facts = _facts(quarters, [full], tax_per_mu=1000)
    result = _result(e.evaluate(facts, RULES), e.TAX_PER_MU)
    assert (result.status, result.observed) == (e.BREACHED, Decimal(2))


def test_tax_per_mu_below_for_one_year_only_is_behind():
    full = e.MilestoneFacts("full_capacity", None, datetime.date(2024, 3, 1))
    facts = _facts([_q(2025, 1, actual_tax=100)], [full], tax_per_mu=1000)
    assert _result(e.evaluate(facts, RULES), e.TAX_PER_MU).status == e.BEHIND


def test_a_milestone_late_by_more_than_180_days_is_breached_and_named():
    late = e.MilestoneFacts("construction", datetime.date(2025, 11, 1), None)
    result = _result(e.evaluate(_facts(milestones=[late]), RULES), e.MILESTONES)
    assert (result.status, result.subject) == (e.BREACHED, "construction")


def test_with_no_rule_holding_the_promise_is_on_track():
    facts = _facts([_q(2025, 4, planned_output=100, actual_output=95)])
    result = _result(e.evaluate(facts, RULES), e.OUTPUT)
    assert result.status == e.ON_TRACK
    assert result.rule is None
    assert result.checks


def test_a_changed_rule_changes_the_status():
    facts = _facts([_q(2025, 4, planned_output=100, actual_output=95)])
    stricter = [e.Rule(99, e.OUTPUT, e.SHARE_BELOW, Decimal("0.99"), e.BREACHED)]
    assert _result(e.evaluate(facts, stricter), e.OUTPUT).status == e.BREACHED


def test_a_rule_with_the_wrong_test_for_its_promise_is_refused():
    assert e.rule_problems(e.TAX_PER_MU, e.SHARE_BELOW, Decimal("0.8"), e.BEHIND) == {
        "test": "wrong_test"
    }
    assert e.rule_problems(e.MILESTONES, e.DAYS_LATE, Decimal("1.5"), e.BEHIND) == {
        "threshold": "whole_number"
    }
