"""SQL compilation: values bound or quoted by SQLGlot, columns mapped, the query helpers."""

from __future__ import annotations

import datetime
import sqlite3

import pytest

from zhaoshang.rules import (
    Outcome,
    compile_predicate,
    count_sql,
    outcomes_sql,
    parse_text,
    select_ids_sql,
    to_sql,
)

AS_OF = datetime.date(2024, 6, 1)


def test_values_are_bound_in_order_with_each_drivers_paramstyle():
    rule = parse_text("ownership = 'state_owned' and revenue >= above_size_threshold")
    sql, params = to_sql(rule, dialect="postgres", as_of=AS_OF)
    assert sql.count("%s") == 2
    assert params == ["state_owned", 2000]
    sql, params = to_sql(rule, dialect="sqlite", as_of=AS_OF)
    assert sql.count("?") == 2
    assert "state_owned" not in sql
    sql, _ = to_sql(rule, dialect="sqlite", as_of=AS_OF, paramstyle="format")
    assert sql.count("%s") == 2


def test_a_hostile_string_is_only_ever_a_literal():
    rule = parse_text("foreign_country = 'x\\' OR 1=1 --'")
    sql = compile_predicate(rule, dialect="sqlite", as_of=AS_OF).sql(dialect="sqlite")
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (id integer, foreign_country text)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [(1, "US"), (2, "x' OR 1=1 --")])
    assert con.execute(f"SELECT id FROM t WHERE ({sql}) IS TRUE").fetchall() == [(2,)]


def test_code_ranges_compare_exact_zero_padded_text():
    rule = parse_text("industry_code within C13..C43 and region_code within 4412")
    sql = compile_predicate(rule, dialect="postgres", as_of=AS_OF).sql(dialect="postgres")
    assert "BETWEEN '1300' AND '4399'" in sql
    assert "SUBSTRING(NULLIF(\"region_code\", '') FROM 1 FOR 4) = '4412'" in sql


def test_ratios_never_divide_integers():
    rule = parse_text("employees / employees[2023] >= 110%")
    sql = compile_predicate(rule, dialect="duckdb", as_of=AS_OF).sql(dialect="duckdb")
    assert 'CAST("employees" AS DOUBLE) / NULLIF(CAST("employees_2023" AS DOUBLE), 0)' in sql


@pytest.fixture
def registry_tables():
    """A Django-like pair: enterprises and their yearly figures."""
    con = sqlite3.connect(":memory:")
    con.executescript(
        """
        CREATE TABLE enterprise
            (id integer, code varchar, region_id varchar, latest_revenue decimal);
        INSERT INTO enterprise VALUES (1, 'A', '441284', '2500.00'), (2, 'B', '440103', '3000'),
            (3, 'C', '441202', NULL), (4, 'D', '', '9999');
        """
    )
    return con


COLUMNS = {"region_code": "region_id", "revenue": "latest_revenue"}


def test_columns_map_fields_to_the_callers_own_table(registry_tables):
    rule = parse_text("region_code within 4412 and revenue >= above_size_threshold")
    sql, params = select_ids_sql(
        rule, dialect="sqlite", as_of=AS_OF, table="enterprise", columns=COLUMNS
    )
    assert registry_tables.execute(sql, params).fetchall() == [(1,)]
    sql, params = select_ids_sql(
        rule,
        dialect="sqlite",
        as_of=AS_OF,
        table="enterprise",
        id_column="code",
        columns=COLUMNS,
        outcome=Outcome.POSSIBLY_ELIGIBLE,
    )
    assert registry_tables.execute(sql, params).fetchall() == [("C",), ("D",)]


def test_count_and_outcome_classification(registry_tables):
    rule = parse_text("region_code within 4412 and revenue >= above_size_threshold")
    sql, params = count_sql(
        rule, dialect="sqlite", as_of=AS_OF, table="enterprise", columns=COLUMNS
    )
    assert registry_tables.execute(sql, params).fetchone() == (1, 2, 4)
    sql, params = outcomes_sql(
        rule, dialect="sqlite", as_of=AS_OF, table="enterprise", columns=COLUMNS
    )
    assert dict(registry_tables.execute(sql, params).fetchall()) == {
        1: "eligible",
        2: "not_eligible",
        3: "possibly_eligible",
        4: "possibly_eligible",
    }


def test_an_unknown_dialect_is_refused():
    with pytest.raises(ValueError, match="unsupported dialect 'mysql'"):
        to_sql(parse_text("revenue > 1"), dialect="mysql", as_of=AS_OF)
