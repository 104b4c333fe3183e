"""Evaluating a rule over a columnar snapshot (Parquet, or a pyarrow Table) with DuckDB.

The same SQLGlot predicate as the database path runs over the snapshot in one scan for the
counts and the funnel; ids and breakdowns take one scan each. A column the rule reads but
the snapshot lacks (``tax_violation_on`` in the generator's files, a named year) is treated
as all missing: every value NULL, with the same meaning as in ``explain``.

The funnel: for a rule whose root is ``all``, how many enterprises pass the first child, the
first two, ... (each step's children all TRUE); for a root ``any``, how many pass at least
one of the first child, the first two, ...; for any other root, one step: the rule itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
from sqlglot import exp

from zhaoshang.rules.codes import section_of
from zhaoshang.rules.fields import FieldRegistry, FieldType
from zhaoshang.rules.parameters import DEFAULT_PARAMETERS, ParameterSet
from zhaoshang.rules.sql import SqlCompiler, render
from zhaoshang.rules.tree import All, Any_, Rule

_SQL_TYPES = {
    FieldType.NUMBER: "DOUBLE",
    FieldType.INTEGER: "INTEGER",
    FieldType.DATE: "DATE",
    FieldType.BOOLEAN: "BOOLEAN",
}
UNKNOWN_KEY = "unknown"  # the breakdown key of enterprises without a region or industry


class Counts(NamedTuple):
    eligible: int
    possibly_eligible: int


class FunnelStep(NamedTuple):
    criterion: str  # the id of the node this step adds
    remaining: int  # enterprises for which every node so far is TRUE (any: at least one)


@dataclass(frozen=True)
class BulkResult:
    total: int
    eligible: int
    possibly_eligible: int
    funnel: tuple[FunnelStep, ...] = ()
    # keys: 4-digit prefecture codes and 6-digit county codes ("unknown" when missing)
    by_region: Mapping[str, Counts] = field(default_factory=dict)
    # keys: section letters and 2-digit divisions ("unknown" when missing)
    by_industry: Mapping[str, Counts] = field(default_factory=dict)
    ids: tuple[str, ...] | None = None  # eligible, in snapshot order
    possibly_ids: tuple[str, ...] | None = None

    @property
    def not_eligible(self) -> int:
        return self.total - self.eligible - self.possibly_eligible

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "total": self.total,
            "eligible": self.eligible,
            "possibly_eligible": self.possibly_eligible,
            "not_eligible": self.not_eligible,
        }
        if self.funnel:
            data["funnel"] = [
                {"criterion": s.criterion, "remaining": s.remaining} for s in self.funnel
            ]
        if self.by_region:
            data["by_region"] = {k: c._asdict() for k, c in self.by_region.items()}
        if self.by_industry:
            data["by_industry"] = {k: c._asdict() for k, c in self.by_industry.items()}
        if self.ids is not None:
            data["ids"] = list(self.ids)
        if self.possibly_ids is not None:
            data["possibly_ids"] = list(self.possibly_ids)
        return data


Source = str | Path | Any  # a Parquet file or directory, or a pyarrow Table


def open_snapshot(source: Source, connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Make the view ``snapshot`` over the source; returns its column names."""
    if isinstance(source, str | Path):
        path = Path(source)
        pattern = str(path / "*.parquet") if path.is_dir() else str(path)
        connection.read_parquet(pattern).create_view("snapshot", replace=True)
    else:
        connection.register("snapshot_arrow", source)
        connection.execute("CREATE OR REPLACE VIEW snapshot AS SELECT * FROM snapshot_arrow")
    return [row[0] for row in connection.execute("DESCRIBE snapshot").fetchall()]


def absent_columns(rule: Rule, present: list[str], *extra: str) -> dict[str, str]:
    """A NULL of the right type for every column the rule needs that the snapshot lacks."""
    mapping = {}
    for column in (*rule.columns, *extra):
        if column not in present:
            name, _ = FieldRegistry.split_column(column)
            found = rule.fields.get(name) or rule.fields.get(column)
            sql_type = _SQL_TYPES.get(found.type, "VARCHAR") if found else "VARCHAR"
            mapping[column] = f"CAST(NULL AS {sql_type})"
    return mapping


def _steps(rule: Rule) -> tuple[str, list[str]]:
    root = rule.root
    if isinstance(root, All):
        return "all", [c.id for c in root.children]
    if isinstance(root, Any_):
        return "any", [c.id for c in root.children]
    return "one", [root.id]


def evaluate_snapshot(
    rule: Rule,
    source: Source,
    *,
    as_of: datetime.date,
    parameters: ParameterSet = DEFAULT_PARAMETERS,
    funnel: bool = False,
    ids: bool = False,
    breakdowns: bool = False,
    id_column: str = "uscc",
    connection: duckdb.DuckDBPyConnection | None = None,
) -> BulkResult:
    """Counts (always), and on request the funnel, the ids and the breakdowns."""
    con = connection or duckdb.connect()
    present = open_snapshot(source, con)
    columns = absent_columns(rule, present, "region_code", "industry_code")
    compiler = SqlCompiler(
        rule, dialect="duckdb", as_of=as_of, parameters=parameters, columns=columns, bind=True
    )
    kind, step_ids = _steps(rule)
    total = _total(con)
    children = list(rule.root.children) if kind != "one" else []  # type: ignore[attr-defined]
    surely, possibly = compiler.surely(rule.root), compiler.possibly(rule.root)
    # One scan: rows that could pass the rule (or, for an "all" funnel, its first step).
    scope = compiler.possibly(children[0]) if funnel and kind == "all" else possibly

    def counted(test: exp.Expr, alias: str) -> exp.Expr:
        return exp.alias_(exp.Count(this=exp.Case().when(test, exp.Literal.number(1))), alias)

    outer = [counted(surely, "eligible"), counted(possibly, "possibly")]
    if funnel and kind != "one":
        tests = [compiler.surely(child) for child in children]
        for i in range(len(children)):
            joined = _and_all(tests[: i + 1]) if kind == "all" else _or_all(tests[: i + 1])
            outer.append(counted(joined, f"f{i}"))
    result = BulkResult(total, 0, 0)
    # The ids and the breakdowns give the counts too; a scan of its own only when needed.
    if funnel or not (ids or breakdowns):
        query = exp.select(*outer).from_("snapshot").where(scope)
        sql, values = render(query, compiler.values, dialect="duckdb")
        row = con.execute(sql, values).fetchone()
        assert row is not None
        eligible, possibly_count = int(row[0]), int(row[1]) - int(row[0])
        steps: tuple[FunnelStep, ...] = ()
        if funnel:
            if kind == "one":
                steps = (FunnelStep(step_ids[0], eligible),)
            else:
                steps = tuple(FunnelStep(s, int(row[2 + i])) for i, s in enumerate(step_ids))
        result = BulkResult(total, eligible, possibly_count, steps)
    if ids:
        result = _with_ids(result, con, compiler, id_column)
    if breakdowns:
        result = _with_breakdowns(result, con, compiler)
    if connection is None:
        con.close()
    return result


def _total(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT COUNT(*) FROM snapshot").fetchone()
    assert row is not None
    return int(row[0])


def _and_all(tests: list[exp.Expr]) -> exp.Expr:
    return tests[0] if len(tests) == 1 else exp.and_(*tests)


def _or_all(tests: list[exp.Expr]) -> exp.Expr:
    return tests[0] if len(tests) == 1 else exp.or_(*tests)


def _with_ids(
    result: BulkResult, con: duckdb.DuckDBPyConnection, compiler: SqlCompiler, id_column: str
) -> BulkResult:
    root = compiler.rule.root
    query = (
        exp.select(
            exp.column(id_column, quoted=True), exp.alias_(compiler.surely(root), "eligible")
        )
        .from_("snapshot")
        .where(compiler.possibly(root))
    )
    sql, values = render(query, compiler.values, dialect="duckdb")
    found = con.execute(sql, values).fetchnumpy()
    codes, flags = found[id_column], found["eligible"].astype(bool)
    eligible = tuple(str(code) for code in codes[flags].tolist())
    possibly = tuple(str(code) for code in codes[~flags].tolist())
    return replace(
        result,
        eligible=len(eligible),
        possibly_eligible=len(possibly),
        ids=eligible,
        possibly_ids=possibly,
    )


def _with_breakdowns(
    result: BulkResult, con: duckdb.DuckDBPyConnection, compiler: SqlCompiler
) -> BulkResult:
    root = compiler.rule.root
    region = compiler.column(_ref("region_code"))
    division = exp.Substring(
        this=compiler.column(_ref("industry_code")),
        start=exp.Literal.number(1),
        length=exp.Literal.number(2),
    )
    query = (
        exp.select(
            exp.alias_(region, "region"),
            exp.alias_(division, "division"),
            exp.alias_(
                exp.Count(this=exp.Case().when(compiler.surely(root), exp.Literal.number(1))),
                "eligible",
            ),
            exp.alias_(exp.Count(this=exp.Star()), "candidates"),
        )
        .from_("snapshot")
        .where(compiler.possibly(root))
        .group_by(exp.column("region"), exp.column("division"))
    )
    sql, values = render(query, compiler.values, dialect="duckdb")
    by_region: dict[str, list[int]] = {}
    by_industry: dict[str, list[int]] = {}
    every = [0, 0]
    for code, div, eligible, candidates in con.execute(sql, values).fetchall():
        counts = (int(eligible), int(candidates) - int(eligible))
        every[0] += counts[0]
        every[1] += counts[1]
        region_keys = [code[:4], code] if code else [UNKNOWN_KEY]
        section = section_of(div) if div else None
        industry_keys = [section, div] if section else [UNKNOWN_KEY]
        for target, keys in ((by_region, region_keys), (by_industry, industry_keys)):
            for key in dict.fromkeys(keys):
                total = target.setdefault(key, [0, 0])
                total[0] += counts[0]
                total[1] += counts[1]
    return replace(
        result,
        eligible=every[0],
        possibly_eligible=every[1],
        by_region={k: Counts(*v) for k, v in sorted(by_region.items())},
        by_industry={k: Counts(*v) for k, v in sorted(by_industry.items())},
    )


def _ref(column: str) -> Any:
    from zhaoshang.rules.tree import FieldRef

    return FieldRef(column)
