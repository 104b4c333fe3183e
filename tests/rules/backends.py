"""Every evaluator of the engine behind one signature, so tests can demand that they agree:
``outcomes(rule, rows, as_of) -> list[Outcome]`` in the order of ``rows``."""

from __future__ import annotations

import datetime
import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlparse

import duckdb
import pyarrow as pa

from zhaoshang.rules import (
    DEFAULT_PARAMETERS,
    FieldRegistry,
    FieldType,
    Outcome,
    ParameterSet,
    Rule,
    evaluate_snapshot,
    explain,
)
from zhaoshang.rules.queries import outcomes_sql

Rows = Sequence[Mapping[str, Any]]
Backend = Callable[[Rule, Rows, datetime.date, ParameterSet], list[Outcome]]


def snapshot_columns(rule: Rule) -> list[tuple[str, FieldType]]:
    """Every registry field, plus the named-year columns the rule reads."""
    columns = {f.name: f.type for f in rule.fields}
    for column in rule.columns:
        name, _ = FieldRegistry.split_column(column)
        columns.setdefault(column, rule.fields[name].type)
    return list(columns.items())


def explain_outcomes(
    rule: Rule, rows: Rows, as_of: datetime.date, parameters: ParameterSet
) -> list[Outcome]:
    return [explain(rule, row, as_of=as_of, parameters=parameters).outcome for row in rows]


_SQLITE_TYPES = {  # what Django declares on SQLite
    FieldType.NUMBER: "decimal",
    FieldType.INTEGER: "integer",
    FieldType.DATE: "date",
    FieldType.BOOLEAN: "bool",
}
_POSTGRES_TYPES = {
    FieldType.NUMBER: "numeric",
    FieldType.INTEGER: "integer",
    FieldType.DATE: "date",
    FieldType.BOOLEAN: "boolean",
}


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)  # Django's adapter
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return value
    return value


def _create(columns: list[tuple[str, FieldType]], types: Mapping[FieldType, str]) -> str:
    declared = ", ".join(f'"{name}" {types.get(t, "varchar")}' for name, t in columns)
    return f"CREATE TEMPORARY TABLE rules_cases (id integer PRIMARY KEY, {declared})"


def _insert(columns: list[tuple[str, FieldType]], mark: str) -> str:
    names = ", ".join(f'"{name}"' for name, _ in columns)
    marks = ", ".join([mark] * (len(columns) + 1))
    return f"INSERT INTO rules_cases (id, {names}) VALUES ({marks})"


def _by_id(found: list[tuple[Any, Any]], count: int) -> list[Outcome]:
    outcome = {int(i): Outcome(o) for i, o in found}
    return [outcome[i] for i in range(count)]


def sqlite_outcomes(
    rule: Rule, rows: Rows, as_of: datetime.date, parameters: ParameterSet
) -> list[Outcome]:
    columns = snapshot_columns(rule)
    con = sqlite3.connect(":memory:")
    try:
        con.execute(_create(columns, _SQLITE_TYPES))
        con.executemany(
            _insert(columns, "?"),
            [[i, *(_sqlite_value(r.get(c)) for c, _ in columns)] for i, r in enumerate(rows)],
        )
        sql, params = outcomes_sql(
            rule, dialect="sqlite", as_of=as_of, table="rules_cases", parameters=parameters
        )
        return _by_id(con.execute(sql, params).fetchall(), len(rows))
    finally:
        con.close()


_ARROW_TYPES = {
    FieldType.NUMBER: pa.decimal128(18, 2),
    FieldType.INTEGER: pa.int32(),
    FieldType.DATE: pa.date32(),
    FieldType.BOOLEAN: pa.bool_(),
}


def arrow_table(rule: Rule, rows: Rows) -> pa.Table:
    """The rows as a snapshot: ``uscc`` is the row's index, the rest as the generator types
    them (money as decimal(18, 2))."""
    columns = snapshot_columns(rule)
    data: dict[str, pa.Array] = {}
    for name, type_ in columns:
        values = [r.get(name) for r in rows]
        if name == "uscc":
            values = [str(i) for i in range(len(rows))]
        if type_ is FieldType.NUMBER:
            values = [None if v is None else Decimal(str(v)) for v in values]
        data[name] = pa.array(values, type=_ARROW_TYPES.get(type_, pa.string()))
    return pa.table(data)


def duckdb_outcomes(
    rule: Rule, rows: Rows, as_of: datetime.date, parameters: ParameterSet
) -> list[Outcome]:
    con = duckdb.connect()
    try:
        table = arrow_table(rule, rows)
        con.register("incoming", table)
        con.execute(
            "CREATE TABLE rules_cases AS SELECT CAST(uscc AS INTEGER) AS id, * FROM incoming"
        )
        sql, params = outcomes_sql(
            rule, dialect="duckdb", as_of=as_of, table="rules_cases", parameters=parameters
        )
        return _by_id(con.execute(sql, params).fetchall(), len(rows))
    finally:
        con.close()


def columnar_outcomes(
    rule: Rule, rows: Rows, as_of: datetime.date, parameters: ParameterSet
) -> list[Outcome]:
    result = evaluate_snapshot(
        rule, arrow_table(rule, rows), as_of=as_of, parameters=parameters, ids=True
    )
    assert result.ids is not None
    assert result.possibly_ids is not None
    assert (result.eligible, result.possibly_eligible) == (
        len(result.ids),
        len(result.possibly_ids),
    )
    outcomes = [Outcome.NOT_ELIGIBLE] * len(rows)
    for i in result.ids:
        outcomes[int(i)] = Outcome.ELIGIBLE
    for i in result.possibly_ids:
        outcomes[int(i)] = Outcome.POSSIBLY_ELIGIBLE
    return outcomes


def postgres_connection() -> Any:
    """A psycopg connection to the PostgreSQL of ``DATABASE_URL`` when it names one, else to
    127.0.0.1:5432 (database ``ZHAOSHANG_PG_DATABASE``, default ``test``); falls back to the
    ``postgres`` database when the named one does not exist. None when unreachable."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parsed = urlparse(url)
        conninfo: dict[str, Any] = {
            "host": parsed.hostname or "127.0.0.1",
            "port": parsed.port or 5432,
            "user": parsed.username or "postgres",
            "password": parsed.password or "",
            "dbname": parsed.path.lstrip("/") or "postgres",
        }
    else:
        conninfo = {
            "host": "127.0.0.1",
            "port": 5432,
            "user": "postgres",
            "password": "",
            "dbname": os.environ.get("ZHAOSHANG_PG_DATABASE", "test"),
        }
    for dbname in (conninfo["dbname"], "postgres"):
        try:
            return psycopg.connect(
                **{**conninfo, "dbname": dbname}, connect_timeout=2, autocommit=True
            )
        except psycopg.OperationalError as error:
            if "does not exist" not in str(error):
                return None
    return None


def postgres_backend(connection: Any) -> Backend:
    def outcomes(
        rule: Rule, rows: Rows, as_of: datetime.date, parameters: ParameterSet
    ) -> list[Outcome]:
        columns = snapshot_columns(rule)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS pg_temp.rules_cases")
            cursor.execute(_create(columns, _POSTGRES_TYPES))
            cursor.executemany(
                _insert(columns, "%s"),
                [[i, *(r.get(c) for c, _ in columns)] for i, r in enumerate(rows)],
            )
            sql, params = outcomes_sql(
                rule, dialect="postgres", as_of=as_of, table="rules_cases", parameters=parameters
            )
            cursor.execute(sql, params)
            found = cursor.fetchall()
            cursor.execute("DROP TABLE pg_temp.rules_cases")
        return _by_id(found, len(rows))

    return outcomes


BACKENDS: dict[str, Backend] = {
    "explain": explain_outcomes,
    "sqlite": sqlite_outcomes,
    "duckdb": duckdb_outcomes,
    "columnar": columnar_outcomes,
}


def criterion_rule(rule: Rule, criterion_id: str) -> Rule:
    """A rule of one node of ``rule`` alone (to compare criteria across evaluators)."""
    return Rule(rule.node(criterion_id), rule.fields)


__all__ = ["BACKENDS", "DEFAULT_PARAMETERS", "postgres_backend", "postgres_connection"]
