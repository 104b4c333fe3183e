"""Ready-made queries over a table of enterprises: ids by outcome, the three counts, and each
row's outcome. Each returns ``(sql, params)`` with the values bound (see ``sql.render``)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from sqlglot import exp

from zhaoshang.rules.logic import Outcome
from zhaoshang.rules.parameters import DEFAULT_PARAMETERS, ParameterSet
from zhaoshang.rules.sql import SqlCompiler, render
from zhaoshang.rules.tree import Rule


def outcome_test(predicate: exp.Expr, outcome: Outcome) -> exp.Expr:
    """``(p) IS TRUE`` / ``(p) IS FALSE`` / ``(p) IS NULL``."""
    truth: exp.Expr = {
        Outcome.ELIGIBLE: exp.true(),
        Outcome.NOT_ELIGIBLE: exp.false(),
        Outcome.POSSIBLY_ELIGIBLE: exp.Null(),
    }[outcome]
    return exp.Is(this=exp.Paren(this=predicate), expression=truth)


def outcome_case(predicate: exp.Expr) -> exp.Expr:
    """``CASE WHEN (p) IS TRUE THEN 'eligible' WHEN (p) IS FALSE THEN 'not_eligible'
    ELSE 'possibly_eligible' END``."""
    case = exp.Case()
    for outcome in (Outcome.ELIGIBLE, Outcome.NOT_ELIGIBLE):
        case = case.when(outcome_test(predicate, outcome), exp.Literal.string(outcome.value))
    return case.else_(exp.Literal.string(Outcome.POSSIBLY_ELIGIBLE.value))


def _count_of(test: exp.Expr, alias: str) -> exp.Expr:
    counted = exp.Case().when(test, exp.Literal.number(1))
    return exp.alias_(exp.Count(this=counted), alias)


class _Query:
    def __init__(
        self,
        rule: Rule,
        dialect: str,
        as_of: datetime.date,
        parameters: ParameterSet,
        columns: Mapping[str, str] | None,
        paramstyle: str | None,
    ) -> None:
        self.compiler = SqlCompiler(
            rule, dialect=dialect, as_of=as_of, parameters=parameters, columns=columns, bind=True
        )
        self.predicate = self.compiler.predicate()
        self.dialect = dialect
        self.paramstyle = paramstyle

    def render(self, query: exp.Expr) -> tuple[str, list[Any]]:
        return render(query, self.compiler.values, dialect=self.dialect, paramstyle=self.paramstyle)


def select_ids_sql(
    rule: Rule,
    *,
    dialect: str,
    as_of: datetime.date,
    table: str,
    id_column: str = "id",
    outcome: Outcome = Outcome.ELIGIBLE,
    parameters: ParameterSet = DEFAULT_PARAMETERS,
    columns: Mapping[str, str] | None = None,
    paramstyle: str | None = None,
) -> tuple[str, list[Any]]:
    """``SELECT id FROM table WHERE (p) IS TRUE`` (or IS FALSE / IS NULL for ``outcome``)."""
    query = _Query(rule, dialect, as_of, parameters, columns, paramstyle)
    select = (
        exp.select(exp.column(id_column, quoted=True))
        .from_(exp.to_table(table))
        .where(outcome_test(query.predicate, outcome))
    )
    return query.render(select)


def count_sql(
    rule: Rule,
    *,
    dialect: str,
    as_of: datetime.date,
    table: str,
    parameters: ParameterSet = DEFAULT_PARAMETERS,
    columns: Mapping[str, str] | None = None,
    paramstyle: str | None = None,
) -> tuple[str, list[Any]]:
    """One row: ``eligible, possibly_eligible, total``."""
    query = _Query(rule, dialect, as_of, parameters, columns, paramstyle)
    select = exp.select(
        _count_of(outcome_test(query.predicate, Outcome.ELIGIBLE), "eligible"),
        _count_of(outcome_test(query.predicate, Outcome.POSSIBLY_ELIGIBLE), "possibly_eligible"),
        exp.alias_(exp.Count(this=exp.Star()), "total"),
    ).from_(exp.to_table(table))
    return query.render(select)


def outcomes_sql(
    rule: Rule,
    *,
    dialect: str,
    as_of: datetime.date,
    table: str,
    id_column: str = "id",
    parameters: ParameterSet = DEFAULT_PARAMETERS,
    columns: Mapping[str, str] | None = None,
    paramstyle: str | None = None,
) -> tuple[str, list[Any]]:
    """Every row's ``id, outcome`` (eligible / not_eligible / possibly_eligible)."""
    query = _Query(rule, dialect, as_of, parameters, columns, paramstyle)
    select = exp.select(
        exp.column(id_column, quoted=True), exp.alias_(outcome_case(query.predicate), "outcome")
    ).from_(exp.to_table(table))
    return query.render(select)
