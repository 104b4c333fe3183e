"""Totals of a benefit formula over many enterprises ("estimated total benefit"): in a SQL
database, or over a columnar snapshot with DuckDB."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
from sqlglot import exp

from zhaoshang.rules.columnar import Source, absent_columns, open_snapshot
from zhaoshang.rules.formula import Formula
from zhaoshang.rules.parameters import DEFAULT_PARAMETERS, ParameterSet
from zhaoshang.rules.sql import SqlCompiler, render
from zhaoshang.rules.tree import Rule


@dataclass(frozen=True)
class FormulaTotal:
    total: float  # the sum of the amounts that could be computed
    counted: int  # enterprises whose amount was computed
    missing: int  # enterprises whose amount is unknown: a figure it needs is missing
    division_by_zero: int  # enterprises for which a divisor of the formula is zero


def _count(test: exp.Expr) -> exp.Expr:
    return exp.Count(this=exp.Case().when(test, exp.Literal.number(1)))


def formula_total_sql(
    formula: Formula,
    *,
    dialect: str,
    table: str,
    rule: Rule | None = None,
    as_of: datetime.date | None = None,
    parameters: ParameterSet = DEFAULT_PARAMETERS,
    columns: Mapping[str, str] | None = None,
    paramstyle: str | None = None,
) -> tuple[str, list[Any]]:
    """One row ``total, counted, missing, division_by_zero`` over the rows of ``table`` that
    ``rule`` makes eligible as of ``as_of`` (every row when ``rule`` is None)."""
    amount = formula.to_sql(columns=columns, dialect=dialect)
    zero = exp.func(
        "COALESCE", formula.zero_divisor_sql(columns=columns, dialect=dialect), exp.false()
    )
    select = exp.select(
        exp.alias_(exp.func("COALESCE", exp.Sum(this=amount), exp.Literal.number(0)), "total"),
        exp.alias_(exp.Count(this=amount), "counted"),
        exp.alias_(
            _count(exp.and_(exp.Is(this=amount, expression=exp.Null()), exp.Not(this=zero))),
            "missing",
        ),
        exp.alias_(_count(zero), "division_by_zero"),
    ).from_(exp.to_table(table))
    values: list[Any] = []
    if rule is not None:
        if as_of is None:
            raise ValueError("a rule needs the as-of date")
        compiler = SqlCompiler(
            rule, dialect=dialect, as_of=as_of, parameters=parameters, columns=columns, bind=True
        )
        select = select.where(compiler.surely(rule.root))
        values = compiler.values
    return render(select, values, dialect=dialect, paramstyle=paramstyle)


def formula_total(
    formula: Formula,
    source: Source,
    *,
    rule: Rule | None = None,
    as_of: datetime.date | None = None,
    parameters: ParameterSet = DEFAULT_PARAMETERS,
) -> FormulaTotal:
    """The formula's total over a snapshot (Parquet path or pyarrow Table), for the
    enterprises ``rule`` makes eligible as of ``as_of`` (all when no rule). A figure column
    the snapshot lacks counts as missing."""
    con = duckdb.connect()
    try:
        present = open_snapshot(source, con)
        columns = {c: "CAST(NULL AS DOUBLE)" for c in formula.columns if c not in present}
        if rule is not None:
            columns.update(absent_columns(rule, present))
        sql, values = formula_total_sql(
            formula,
            dialect="duckdb",
            table="snapshot",
            rule=rule,
            as_of=as_of,
            parameters=parameters,
            columns=columns,
        )
        row = con.execute(sql, values).fetchone()
    finally:
        con.close()
    assert row is not None
    return FormulaTotal(float(row[0] or 0), int(row[1]), int(row[2]), int(row[3]))
