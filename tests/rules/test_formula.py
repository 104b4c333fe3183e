"""Benefit formulas: evaluation, refusals with positions, totals in bulk."""

from __future__ import annotations

import datetime
import sqlite3
from decimal import Decimal
from typing import Any

import pytest

from tests.rules.backends import arrow_table
from zhaoshang.rules import (
    FormulaDivisionByZero,
    FormulaError,
    formula_total,
    formula_total_sql,
    parse_formula,
    parse_text,
)


def test_a_capped_share_of_a_figure():
    formula = parse_formula("min(10% * rd_expenditure, 500)")
    assert formula.evaluate({"rd_expenditure": Decimal(1200)}) == Decimal(120)
    assert formula.evaluate({"rd_expenditure": 9000}) == 500
    assert formula.evaluate({}) is None
    assert formula.columns == ("rd_expenditure",)


def test_a_fixed_amount_and_arithmetic_with_precedence():
    assert parse_formula("500").evaluate({}) == 500
    formula = parse_formula("-(revenue - taxes_paid) / 2 + max(1, employees[2023] * 3)")
    value = formula.evaluate({"revenue": 10, "taxes_paid": 4, "employees_2023": 2})
    assert value == Decimal(3)


def test_dividing_by_a_zero_figure_is_an_error_for_that_enterprise():
    formula = parse_formula("rd_expenditure / revenue * 100")
    with pytest.raises(FormulaDivisionByZero) as caught:
        formula.evaluate({"rd_expenditure": 1, "revenue": 0})
    assert (caught.value.line, caught.value.column) == (1, 16)
    assert caught.value.message == "division by zero: revenue is 0"


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("10 * investment", 6, "unknown field 'investment'"),
        ("revenue / (2 - 2)", 9, "division by zero: the divisor is always 0"),
        ("min(revenue, ", 14, "expected a number"),
        ("revenue +* 2", 10, "expected a number"),
        ("region_code * 2", 1, "region_code is a region, not a number"),
    ],
)
def test_refusals_give_the_position(text, column, message):
    with pytest.raises(FormulaError) as caught:
        parse_formula(text)
    assert caught.value.column == column
    assert message in caught.value.message


ROWS: list[dict[str, Any]] = [
    {"revenue": Decimal(2500), "rd_expenditure": Decimal(100)},
    {"revenue": Decimal(3000), "rd_expenditure": None},
    {"revenue": Decimal(0), "rd_expenditure": Decimal(5)},
    {"revenue": Decimal(100), "rd_expenditure": Decimal(50)},
]


def test_totals_over_a_snapshot_count_missing_and_zero_divisors():
    formula = parse_formula("min(rd_expenditure / revenue * 1000, 30)")
    rule = parse_text("revenue >= 0")
    total = formula_total(
        formula, arrow_table(rule, ROWS), rule=rule, as_of=datetime.date(2024, 1, 1)
    )
    assert (total.counted, total.missing, total.division_by_zero) == (2, 1, 1)
    assert total.total == pytest.approx(30 + 30)  # min(40, 30) and min(500, 30)


def test_totals_in_sql_are_the_same_as_over_the_snapshot():
    formula = parse_formula("min(rd_expenditure / revenue * 1000, 30)")
    rule = parse_text("revenue >= 1000")
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE e (revenue decimal, rd_expenditure decimal)")
    con.executemany(
        "INSERT INTO e VALUES (?, ?)",
        [
            (str(r["revenue"]), None if r["rd_expenditure"] is None else str(r["rd_expenditure"]))
            for r in ROWS
        ],
    )
    sql, params = formula_total_sql(
        formula, dialect="sqlite", table="e", rule=rule, as_of=datetime.date(2024, 1, 1)
    )
    assert con.execute(sql, params).fetchone() == (pytest.approx(30), 1, 1, 0)
