"""Runs every case of cases.yaml through every evaluator."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.rules.backends import BACKENDS, Backend, criterion_rule, postgres_backend
from zhaoshang.rules import DEFAULT_PARAMETERS, Outcome, Rule, explain, parse_rule, parse_text

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))
STATUS_OF = {
    Outcome.ELIGIBLE: "pass",
    Outcome.NOT_ELIGIBLE: "fail",
    Outcome.POSSIBLY_ELIGIBLE: "unknown",
}


def _rule(case: dict[str, Any]) -> Rule:
    source = case["rule"]
    return parse_text(source) if isinstance(source, str) else parse_rule(source)


def _check(case: dict[str, Any], backend: Backend) -> None:
    rule, as_of = _rule(case), case["as_of"]
    assert isinstance(as_of, datetime.date)
    expected = case["expected"]
    facts = case["enterprise"]
    [outcome] = backend(rule, [facts], as_of, DEFAULT_PARAMETERS)
    assert outcome == expected["outcome"], case["name"]
    for criterion_id, status in expected["criteria"].items():
        [alone] = backend(criterion_rule(rule, criterion_id), [facts], as_of, DEFAULT_PARAMETERS)
        assert STATUS_OF[alone] == status, f"{case['name']}: {criterion_id}"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_explain_gives_each_criterion_the_outcome_and_the_missing_fields(case):
    rule = _rule(case)
    result = explain(rule, case["enterprise"], as_of=case["as_of"])
    expected = case["expected"]
    assert result.outcome == expected["outcome"]
    assert {c.id: c.status.value for c in result.criteria} == expected["criteria"]
    assert list(result.missing) == expected["missing"]


@pytest.mark.parametrize("backend", ["sqlite", "duckdb", "columnar"])
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_evaluator_agrees_with_the_case(case, backend):
    _check(case, BACKENDS[backend])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_postgres_agrees_with_the_case(case, postgres):
    _check(case, postgres_backend(postgres))
