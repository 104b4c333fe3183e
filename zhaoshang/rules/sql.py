"""Compiling a rule to a SQL predicate with SQLGlot, for SQLite, PostgreSQL and DuckDB.

The predicate has SQL's NULL logic, which is the Kleene logic of ``explain``: ``(p) IS TRUE``
selects the eligible, ``(p) IS NULL`` the possibly eligible, ``(p) IS FALSE`` the others.
Columns are the snapshot's column names (``revenue``, ``revenue_2023``) unless ``columns``
maps a column to another name or SQL expression (in the target dialect).

Values are never pasted into SQL text: ``compile_predicate`` gives them as SQLGlot literals
(quoted by SQLGlot), and ``to_sql`` and the query helpers bind them as parameters.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import sqlglot
from sqlglot import exp

from zhaoshang.rules.fields import FieldRegistry
from zhaoshang.rules.parameters import DEFAULT_PARAMETERS, ParameterSet
from zhaoshang.rules.tree import (
    All,
    Any_,
    Between,
    Comparison,
    Criterion,
    FieldRef,
    IndustryWithin,
    Literal,
    Membership,
    Node,
    Not,
    Operand,
    QualificationValid,
    Ratio,
    RegionWithin,
    Rule,
    resolve,
)

DIALECTS = ("sqlite", "postgres", "duckdb")
_OPS: dict[str, Callable[..., exp.Expr]] = {
    "=": exp.EQ,
    "!=": exp.NEQ,
    "<": exp.LT,
    "<=": exp.LTE,
    ">": exp.GT,
    ">=": exp.GTE,
}
_PLACEHOLDER = re.compile(r"(?::|\$|%\()zs_p(\d+)(?:\)s)?")


def _paren(expression: exp.Expr) -> exp.Expr:
    return exp.Paren(this=expression)


def _and(*parts: exp.Expr) -> exp.Expr:
    return parts[0] if len(parts) == 1 else _paren(exp.and_(*parts))


def _or(*parts: exp.Expr) -> exp.Expr:
    return parts[0] if len(parts) == 1 else _paren(exp.or_(*parts))


def _not(part: exp.Expr) -> exp.Expr:
    return exp.Not(this=_paren(part))


def _is_null(part: exp.Expr) -> exp.Expr:
    return exp.Is(this=part, expression=exp.Null())


class SqlCompiler:
    """Compiles rule nodes for one dialect, as of one date. With ``bind``, every value is a
    placeholder and ``values`` collects them in the order they were made."""

    def __init__(
        self,
        rule: Rule,
        *,
        dialect: str,
        as_of: datetime.date,
        parameters: ParameterSet = DEFAULT_PARAMETERS,
        columns: Mapping[str, str] | None = None,
        bind: bool = False,
    ) -> None:
        if dialect not in DIALECTS:
            raise ValueError(f"unsupported dialect {dialect!r}; use one of {', '.join(DIALECTS)}")
        self.rule = rule
        self.fields: FieldRegistry = rule.fields
        self.dialect = dialect
        self.as_of = as_of
        self.parameters = parameters
        self.columns = dict(columns or {})
        self.bind = bind
        self.values: list[Any] = []
        self._counter = itertools.count()

    # -- values and columns -------------------------------------------------------------------

    def value(self, value: Literal, *, double: bool = False) -> exp.Expr:
        if self.bind:
            index = next(self._counter)
            self.values.append(self._bound(value, double))
            return exp.Placeholder(this=f"zs_p{index}")
        if isinstance(value, bool):
            return exp.Boolean(this=value)
        if isinstance(value, datetime.date):
            text = exp.Literal.string(value.isoformat())
            return text if self.dialect == "sqlite" else exp.cast(text, exp.DataType.Type.DATE)
        if isinstance(value, Decimal):
            number = exp.Literal.number(format(value, "f"))
            return exp.cast(number, exp.DataType.Type.DOUBLE) if double else number
        return exp.Literal.string(value)

    def _bound(self, value: Literal, double: bool) -> Any:
        if isinstance(value, Decimal):
            if double or self.dialect == "sqlite":
                return int(value) if value == value.to_integral_value() else float(value)
            return value
        if isinstance(value, datetime.date) and self.dialect == "sqlite":
            return value.isoformat()
        return value

    def column(self, ref: FieldRef) -> exp.Expr:
        name = ref.column
        if name in self.columns:
            source = sqlglot.parse_one(self.columns[name], read=self.dialect)
        else:
            source = exp.column(name, quoted=True)
        if self.fields[ref.name].type.textual:
            return exp.Nullif(this=source, expression=exp.Literal.string(""))
        return source

    def operand(self, operand: Operand) -> exp.Expr:
        if isinstance(operand, FieldRef):
            return self.column(operand)
        double = exp.DataType.Type.DOUBLE
        numerator = exp.cast(self.column(operand.numerator), double)
        denominator = exp.cast(self.column(operand.denominator), double)
        zero = exp.Literal.number(0)
        return _paren(
            exp.Div(this=numerator, expression=exp.Nullif(this=denominator, expression=zero))
        )

    def resolved(self, bound: Any, *, double: bool = False) -> exp.Expr:
        return self.value(resolve(bound, self.as_of, self.parameters), double=double)

    # -- nodes ----------------------------------------------------------------------------------

    def node(self, node: Node) -> exp.Expr:
        if isinstance(node, All):
            return _and(*(self.node(c) for c in node.children))
        if isinstance(node, Any_):
            return _or(*(self.node(c) for c in node.children))
        if isinstance(node, Not):
            return _not(self.node(node.child))
        assert isinstance(node, Criterion)
        return self.criterion(node)

    def _nullable(self, operand: Operand) -> bool:
        return isinstance(operand, FieldRef) and self.fields[operand.name].nullable

    def _guard(self, operand: Operand, test: exp.Expr, *, none_passes: bool) -> exp.Expr:
        """A nullable field's "none" is known: it passes != and not in, and fails the rest."""
        if not self._nullable(operand):
            return test
        left = self.operand(operand)
        if none_passes:
            return _or(_is_null(left), test)
        return _and(_not(_is_null(left)), test)

    def criterion(self, node: Criterion) -> exp.Expr:
        if isinstance(node, QualificationValid):
            return self.qualification(node)
        left_ref: Operand = node.left  # type: ignore[attr-defined]
        left = self.operand(left_ref)
        double = isinstance(left_ref, Ratio)
        if isinstance(node, Comparison):
            test = _OPS[node.op](this=left, expression=self.resolved(node.value, double=double))
            return self._guard(left_ref, test, none_passes=node.op == "!=")
        if isinstance(node, Between):
            low = self.resolved(node.low, double=double)
            high = self.resolved(node.high, double=double)
            return self._guard(
                left_ref, exp.Between(this=left, low=low, high=high), none_passes=False
            )
        if isinstance(node, Membership):
            test = exp.In(this=left, expressions=[self.value(v) for v in node.values])
            if node.negated:
                test = _not(test)
            return self._guard(left_ref, test, none_passes=node.negated)
        if isinstance(node, RegionWithin):
            tests: list[exp.Expr] = [
                exp.EQ(
                    this=exp.Substring(
                        this=left,
                        start=exp.Literal.number(1),
                        length=exp.Literal.number(len(prefix)),
                    ),
                    expression=self.value(prefix),
                )
                for prefix in node.prefixes
            ]
            return self._guard(left_ref, _or(*tests), none_passes=False)
        assert isinstance(node, IndustryWithin)
        tests = [
            _and(
                exp.EQ(this=exp.Length(this=left), expression=exp.Literal.number(4)),
                exp.Between(this=left, low=self.value(r.low.first), high=self.value(r.high.last)),
            )
            for r in node.ranges
        ]
        return self._guard(left_ref, _or(*tests), none_passes=False)

    def qualification(self, node: QualificationValid) -> exp.Expr:
        day = self.as_of if node.on is None else resolve(node.on, self.as_of, self.parameters)
        since = self.column(node.since)
        held = self._guard(
            node.since, exp.LTE(this=since, expression=self.value(day)), none_passes=False
        )
        if node.until is None:
            return held
        until = self.column(node.until)
        valid = exp.GTE(this=until, expression=self.value(day))
        return _and(held, self._guard(node.until, valid, none_passes=True))

    def predicate(self) -> exp.Expr:
        return self.node(self.rule.root)

    def surely(self, node: Node) -> exp.Expr:
        """A two-valued predicate: the node is TRUE (never NULL)."""
        return self._two_valued(node, surely=True)

    def possibly(self, node: Node) -> exp.Expr:
        """A two-valued predicate: the node is TRUE or UNKNOWN (never NULL)."""
        return self._two_valued(node, surely=False)

    def _two_valued(self, node: Node, *, surely: bool) -> exp.Expr:
        # Scans filter faster on these than on CASE over the three-valued predicate.
        if isinstance(node, All):
            return _and(*(self._two_valued(c, surely=surely) for c in node.children))
        if isinstance(node, Any_):
            return _or(*(self._two_valued(c, surely=surely) for c in node.children))
        if isinstance(node, Not):
            return _not(self._two_valued(node.child, surely=not surely))
        assert isinstance(node, Criterion)
        test = self.criterion(node)
        left = getattr(node, "left", None)
        if isinstance(left, FieldRef):
            if self.fields[left.name].nullable:
                return test  # already two-valued
            # One column that is not nullable: the test is NULL exactly when it is.
            column = _is_null(self.column(left))
            return _and(_not(column), test) if surely else _or(column, test)
        return exp.func("COALESCE", test, exp.Boolean(this=not surely))


def compile_predicate(
    rule: Rule,
    *,
    dialect: str,
    as_of: datetime.date,
    parameters: ParameterSet = DEFAULT_PARAMETERS,
    columns: Mapping[str, str] | None = None,
) -> exp.Expr:
    """The rule as a SQLGlot boolean expression with its values as literals."""
    compiler = SqlCompiler(
        rule, dialect=dialect, as_of=as_of, parameters=parameters, columns=columns
    )
    return compiler.predicate()


def render(
    expression: exp.Expr, values: list[Any], *, dialect: str, paramstyle: str | None = None
) -> tuple[str, list[Any]]:
    """SQL text with ``?`` (qmark: sqlite3, DuckDB) or ``%s`` (format: psycopg, Django's
    cursors) placeholders, and the values in the order of the placeholders."""
    style = paramstyle or ("format" if dialect == "postgres" else "qmark")
    if style not in ("qmark", "format"):
        raise ValueError(f"unsupported paramstyle {style!r}; use qmark or format")
    text = expression.sql(dialect=dialect)
    ordered: list[Any] = []

    def placeholder(match: re.Match[str]) -> str:
        ordered.append(values[int(match[1])])
        return "?" if style == "qmark" else "%s"

    return _PLACEHOLDER.sub(placeholder, text), ordered


def to_sql(
    rule: Rule,
    *,
    dialect: str,
    as_of: datetime.date,
    parameters: ParameterSet = DEFAULT_PARAMETERS,
    columns: Mapping[str, str] | None = None,
    paramstyle: str | None = None,
) -> tuple[str, list[Any]]:
    """The predicate as SQL text with bound values: ``(sql, params)``."""
    compiler = SqlCompiler(
        rule, dialect=dialect, as_of=as_of, parameters=parameters, columns=columns, bind=True
    )
    return render(compiler.predicate(), compiler.values, dialect=dialect, paramstyle=paramstyle)
