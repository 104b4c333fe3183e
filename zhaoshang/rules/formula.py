"""Benefit formulas: a fixed amount (``500``) or an expression over an enterprise's figures
with + - * /, min, max, numbers and percentages: ``min(10% * rd_expenditure, 500)``.

Numbers are exact (Decimal) in ``evaluate`` and double precision in SQL. A figure that is
missing makes the amount unknown (None). A division whose divisor is zero: a constant one is
refused when the formula is parsed; one that depends on a figure raises
``FormulaDivisionByZero`` for that enterprise in ``evaluate``, and is counted (not summed) in
bulk totals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from zhaoshang.rules.errors import TextSyntaxError, position_of
from zhaoshang.rules.fields import ENTERPRISE_FIELDS, FieldRegistry
from zhaoshang.rules.lexer import TokenStream
from zhaoshang.rules.tree import FieldRef

if TYPE_CHECKING:  # SQLGlot is imported when a formula is compiled, not when one is checked
    from sqlglot import exp


class FormulaError(TextSyntaxError):
    """A formula refused (unknown field, syntax, constant division by zero), or a division by
    zero met while evaluating it; located by line and column in the formula's text."""


class FormulaDivisionByZero(FormulaError):
    pass


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Figure:
    ref: FieldRef
    offset: int


@dataclass(frozen=True)
class Operation:
    op: str  # + - * / min max neg
    args: tuple[Term, ...]
    offset: int


Term = Number | Figure | Operation


@dataclass(frozen=True)
class Formula:
    text: str
    root: Term

    @property
    def columns(self) -> tuple[str, ...]:
        found: dict[str, None] = {}

        def visit(term: Term) -> None:
            if isinstance(term, Figure):
                found.setdefault(term.ref.column, None)
            elif isinstance(term, Operation):
                for arg in term.args:
                    visit(arg)

        visit(self.root)
        return tuple(found)

    def evaluate(self, facts: Mapping[str, Any]) -> Decimal | None:
        """The amount for one enterprise; None when a figure it needs is missing."""
        return self._value(self.root, facts)

    def _value(self, term: Term, facts: Mapping[str, Any]) -> Decimal | None:
        if isinstance(term, Number):
            return term.value
        if isinstance(term, Figure):
            raw = facts.get(term.ref.column)
            return (
                None
                if raw is None
                else Decimal(str(raw))
                if isinstance(raw, float)
                else Decimal(raw)
            )
        values = [self._value(arg, facts) for arg in term.args]
        if any(v is None for v in values):
            return None
        known = [v for v in values if v is not None]
        if term.op == "neg":
            return -known[0]
        if term.op == "min":
            return min(known)
        if term.op == "max":
            return max(known)
        left, right = known
        if term.op == "+":
            return left + right
        if term.op == "-":
            return left - right
        if term.op == "*":
            return left * right
        if right == 0:
            line, column = position_of(self.text, term.offset)
            raise FormulaDivisionByZero(
                line, column, f"division by zero: {_describe(term.args[1])} is 0", self.text
            )
        return left / right

    # -- SQL ----------------------------------------------------------------------------------

    def to_sql(
        self, *, columns: Mapping[str, str] | None = None, dialect: str | None = None
    ) -> exp.Expr:
        """The amount as a SQLGlot expression in double precision (NULL when a figure is
        missing or a divisor is zero); ``columns`` maps columns to SQL, as for rules."""
        return self._sql(self.root, columns or {}, dialect)

    def zero_divisor_sql(
        self, *, columns: Mapping[str, str] | None = None, dialect: str | None = None
    ) -> exp.Expr:
        """TRUE for the rows where some divisor is zero (FALSE when the formula divides by
        no figure)."""
        from sqlglot import exp

        tests: list[exp.Expr] = []

        def visit(term: Term) -> None:
            if isinstance(term, Operation):
                if term.op == "/":
                    divisor = self._sql(term.args[1], columns or {}, dialect)
                    tests.append(exp.EQ(this=divisor, expression=exp.Literal.number(0)))
                for arg in term.args:
                    visit(arg)

        visit(self.root)
        return exp.or_(*tests) if tests else exp.false()

    def _sql(self, term: Term, columns: Mapping[str, str], dialect: str | None) -> exp.Expr:
        from sqlglot import exp

        double = exp.DataType.Type.DOUBLE
        if isinstance(term, Number):
            return exp.cast(exp.Literal.number(format(term.value, "f")), double)
        if isinstance(term, Figure):
            name = term.ref.column
            source = (
                exp.maybe_parse(columns[name], dialect=dialect)
                if name in columns
                else exp.column(name, quoted=True)
            )
            return exp.cast(source, double)
        args = [self._sql(arg, columns, dialect) for arg in term.args]
        if term.op == "neg":
            return exp.Neg(this=exp.Paren(this=args[0]))
        if term.op in ("min", "max"):
            return _extreme(args, smallest=term.op == "min")
        left, right = (exp.Paren(this=a) for a in args)
        if term.op == "/":
            return exp.Div(
                this=left, expression=exp.Nullif(this=right, expression=exp.Literal.number(0))
            )
        kind = {"+": exp.Add, "-": exp.Sub, "*": exp.Mul}[term.op]
        return kind(this=left, expression=right)


def _extreme(args: list[exp.Expr], *, smallest: bool) -> exp.Expr:
    """min/max that is NULL when any argument is (LEAST/GREATEST skip NULLs on PostgreSQL)."""
    from sqlglot import exp

    result = args[0]
    for arg in args[1:]:
        keep = exp.LTE if smallest else exp.GTE
        result = (
            exp.Case()
            .when(
                exp.or_(
                    exp.Is(this=result, expression=exp.Null()),
                    exp.Is(this=arg, expression=exp.Null()),
                ),
                exp.Null(),
            )
            .when(keep(this=result, expression=arg), result)
            .else_(arg)
        )
    return result


def _describe(term: Term) -> str:
    if isinstance(term, Figure):
        ref = term.ref
        return ref.name if ref.year is None else f"{ref.name}[{ref.year}]"
    if isinstance(term, Number):
        return format(term.value, "f")
    return "the divisor"


def parse_formula(text: str, *, fields: FieldRegistry = ENTERPRISE_FIELDS) -> Formula:
    """Parse and check a formula. Raises ``FormulaError`` with the line and column."""
    try:
        reader = _FormulaReader(text, fields)
        root = reader.expression()
        if reader.stream.current.kind != "end":
            reader.stream.fail("expected an operator (+ - * /) or the end of the formula")
    except FormulaError:
        raise
    except TextSyntaxError as error:
        raise FormulaError(error.line, error.column, error.message, text) from None
    return Formula(text, root)


class _FormulaReader:
    def __init__(self, text: str, fields: FieldRegistry) -> None:
        self.text = text
        self.stream = TokenStream(text)
        self.fields = fields

    def error(self, offset: int, message: str) -> FormulaError:
        line, column = position_of(self.text, offset)
        return FormulaError(line, column, message, self.text)

    def expression(self) -> Term:
        term = self.product()
        while self.stream.at("+", "-"):
            token = self.stream.advance()
            term = Operation(token.text, (term, self.product()), token.offset)
        return term

    def product(self) -> Term:
        term = self.unary()
        while self.stream.at("*", "/"):
            token = self.stream.advance()
            right = self.unary()
            if token.text == "/" and _constant(right) == 0:
                raise self.error(token.offset, "division by zero: the divisor is always 0")
            term = Operation(token.text, (term, right), token.offset)
        return term

    def unary(self) -> Term:
        if self.stream.at("-"):
            token = self.stream.advance()
            return Operation("neg", (self.unary(),), token.offset)
        return self.atom()

    def atom(self) -> Term:
        stream = self.stream
        token = stream.current
        if token.kind == "number":
            stream.advance()
            value = Decimal(token.text)
            if stream.accept("%"):
                value /= 100
            return Number(value)
        if stream.accept("("):
            inner = self.expression()
            stream.expect(")", "')'")
            return inner
        if token.kind != "name":
            stream.fail("expected a number, a figure, min(...), max(...) or '('")
        stream.advance()
        if token.text.lower() in ("min", "max") and stream.at("("):
            stream.advance()
            args = [self.expression()]
            while stream.accept(","):
                args.append(self.expression())
            stream.expect(")", "',' or ')'")
            return Operation(token.text.lower(), tuple(args), token.offset)
        found = self.fields.get(token.text)
        if found is None:
            raise self.error(token.offset, f"unknown field {token.text!r}")
        if not found.type.numeric:
            raise self.error(token.offset, f"{token.text} is a {found.type}, not a number")
        year = None
        if stream.accept("["):
            year_token = stream.current
            if year_token.kind != "number" or not year_token.text.isdigit() or not found.yearly:
                raise self.error(
                    year_token.offset, f"expected a year of the yearly figure {token.text}"
                )
            stream.advance()
            stream.expect("]", "']'")
            year = int(year_token.text)
        return Figure(FieldRef(token.text, year), token.offset)


def _constant(term: Term) -> Decimal | None:
    """The value of a term without figures, or None."""
    try:
        return Formula("", term).evaluate({}) if not _has_figure(term) else None
    except FormulaDivisionByZero:
        return None


def _has_figure(term: Term) -> bool:
    if isinstance(term, Figure):
        return True
    return isinstance(term, Operation) and any(_has_figure(a) for a in term.args)
