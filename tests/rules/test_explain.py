"""Explain for one enterprise: observed values, thresholds as of the date, and speed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from zhaoshang.rules import (
    ENTERPRISE_FIELDS,
    Field,
    FieldType,
    Labels,
    Outcome,
    ParameterError,
    Status,
    explain,
    parse_rule,
    parse_text,
)
from zhaoshang.rules.logic import all_of, any_of, negate

AS_OF = datetime.date(2024, 6, 1)
T, F, U = Status.PASS, Status.FAIL, Status.UNKNOWN


@pytest.mark.parametrize(
    ("a", "b", "conjunction", "disjunction"),
    [
        (T, T, T, T),
        (T, U, U, T),
        (T, F, F, T),
        (U, U, U, U),
        (U, F, F, U),
        (F, F, F, F),
    ],
)
def test_kleene_tables(a, b, conjunction, disjunction):
    assert all_of([a, b]) == all_of([b, a]) == conjunction
    assert any_of([a, b]) == any_of([b, a]) == disjunction


def test_not_swaps_pass_and_fail_and_keeps_unknown():
    assert [negate(s) for s in (T, F, U)] == [F, T, U]


def test_each_criterion_shows_the_observed_value_and_the_resolved_threshold():
    rule = parse_text(
        "revenue >= above_size_threshold and rd_expenditure / revenue >= 3% "
        "and founded_on <= as_of - 2 years and high_tech valid"
    )
    facts = {
        "revenue": Decimal("2500.00"),
        "rd_expenditure": 100.0,
        "founded_on": datetime.date(2020, 3, 1),
        "high_tech_issued_on": datetime.date(2023, 1, 1),
    }
    result = explain(rule, facts, as_of=AS_OF)
    size, ratio, age, tech = result.criteria
    assert (size.status, size.observed, size.threshold) == (T, Decimal("2500.00"), 2000)
    assert (ratio.status, ratio.observed, ratio.threshold) == (T, 0.04, 0.03)
    assert (age.status, age.threshold) == (T, datetime.date(2022, 6, 1))
    assert tech.status is U
    assert tech.observed == {
        "high_tech_issued_on": datetime.date(2023, 1, 1),
        "high_tech_expires_on": None,
    }
    assert result.outcome is Outcome.POSSIBLY_ELIGIBLE
    assert result.missing == ("high_tech_expires_on",)
    assert result.statuses["g1"] is U
    assert size.text == "revenue >= above_size_threshold"


def test_a_missing_parameter_value_is_an_error_naming_it():
    rule = parse_text("revenue >= above_size_threshold")
    with pytest.raises(ParameterError, match="above_size_threshold has no value on 2001-01-01"):
        explain(rule, {"revenue": 1}, as_of=datetime.date(2001, 1, 1))


def test_a_registry_can_be_extended_with_policy_fields():
    investment = Field("investment", FieldType.NUMBER, Labels.same("investment"), unit="万元")
    fields = ENTERPRISE_FIELDS.extended([investment])
    rule = parse_rule({"field": "investment", "op": ">", "value": 100}, fields=fields)
    assert explain(rule, {"investment": 101}, as_of=AS_OF).outcome is Outcome.ELIGIBLE
    with pytest.raises(Exception, match="unknown field 'investment'"):
        parse_rule({"field": "investment", "op": ">", "value": 100})
