"""The evaluators must agree: Explain, SQLite, DuckDB, the columnar snapshot and PostgreSQL
(when reachable) give every random enterprise the same outcome under every random rule, and
the funnel counts agree with Explain's statuses."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.rules.backends import (
    arrow_table,
    duckdb_outcomes,
    explain_outcomes,
    postgres_backend,
    sqlite_outcomes,
)
from tests.rules.strategies import AS_OF, enterprises, rules
from zhaoshang.rules import (
    DEFAULT_PARAMETERS,
    Status,
    evaluate_snapshot,
    explain,
    format_text,
    parse_rule,
    parse_text,
)
from zhaoshang.rules.tree import All, Any_

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
companies = st.lists(enterprises(), min_size=1, max_size=12)


@FAST
@given(rules(), companies)
def test_sql_evaluators_agree_with_explain(data: dict[str, Any], rows):
    rule = parse_rule(data)
    expected = explain_outcomes(rule, rows, AS_OF, DEFAULT_PARAMETERS)
    assert sqlite_outcomes(rule, rows, AS_OF, DEFAULT_PARAMETERS) == expected
    assert duckdb_outcomes(rule, rows, AS_OF, DEFAULT_PARAMETERS) == expected


@FAST
@given(rules(), companies)
def test_snapshot_counts_ids_and_funnel_agree_with_explain(data: dict[str, Any], rows):
    rule = parse_rule(data)
    explained = [explain(rule, row, as_of=AS_OF) for row in rows]
    result = evaluate_snapshot(rule, arrow_table(rule, rows), as_of=AS_OF, funnel=True, ids=True)
    outcomes = [e.outcome.value for e in explained]
    assert result.total == len(rows)
    assert result.eligible == outcomes.count("eligible")
    assert result.possibly_eligible == outcomes.count("possibly_eligible")
    assert result.ids == tuple(str(i) for i, o in enumerate(outcomes) if o == "eligible")
    root = rule.root
    if isinstance(root, All | Any_):
        combine = all if isinstance(root, All) else any
        steps = [
            sum(
                combine(e.statuses[c.id] is Status.PASS for c in root.children[: i + 1])
                for e in explained
            )
            for i in range(len(root.children))
        ]
        assert [s.remaining for s in result.funnel] == steps
    else:
        assert [s.remaining for s in result.funnel] == [result.eligible]


@settings(max_examples=40, deadline=None)
@given(rules(), companies)
def test_postgres_agrees_with_explain(postgres, data: dict[str, Any], rows):
    rule = parse_rule(data)
    expected = explain_outcomes(rule, rows, AS_OF, DEFAULT_PARAMETERS)
    assert postgres_backend(postgres)(rule, rows, AS_OF, DEFAULT_PARAMETERS) == expected


@settings(max_examples=150, deadline=None)
@given(rules())
def test_text_form_round_trips(data: dict[str, Any]):
    rule = parse_rule(data)
    again = parse_text(format_text(rule))
    assert again.structure() == rule.structure()
    assert parse_rule(rule.to_json()) == rule
