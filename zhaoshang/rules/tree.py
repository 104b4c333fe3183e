"""The rule tree: immutable nodes, and their JSON form.

A node is a group (``All``, ``Any``, ``Not``) or a criterion (a comparison, a list, a range, a
code containment, a qualification). Every node has an ``id`` unique in its rule, optional
``labels`` in three languages and an optional legal ``reference``.
"""

from __future__ import annotations

import calendar
import datetime
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, TypeAlias

from zhaoshang.rules.codes import IndustryRange
from zhaoshang.rules.fields import FieldRegistry, Labels
from zhaoshang.rules.parameters import ParameterSet

Literal: TypeAlias = Decimal | datetime.date | str | bool


@dataclass(frozen=True)
class FieldRef:
    name: str
    year: int | None = None  # None: the latest year (or a field that is not yearly)

    @property
    def column(self) -> str:
        return FieldRegistry.column(self.name, self.year)

    def to_json(self) -> str | dict[str, Any]:
        return self.name if self.year is None else {"field": self.name, "year": self.year}


@dataclass(frozen=True)
class Ratio:
    """numerator / denominator, never integer division; a zero or missing denominator makes
    the ratio unknown."""

    numerator: FieldRef
    denominator: FieldRef


Operand: TypeAlias = FieldRef | Ratio


@dataclass(frozen=True)
class ParameterRef:
    name: str


@dataclass(frozen=True)
class RelativeDate:
    """The as-of date shifted by whole years, months and days (``as_of - 3 years``)."""

    years: int = 0
    months: int = 0
    days: int = 0

    def on(self, as_of: datetime.date) -> datetime.date:
        months = as_of.year * 12 + (as_of.month - 1) + self.years * 12 + self.months
        year, month = divmod(months, 12)
        day = min(as_of.day, calendar.monthrange(year, month + 1)[1])
        return datetime.date(year, month + 1, day) + datetime.timedelta(days=self.days)


Bound: TypeAlias = Literal | ParameterRef | RelativeDate


def resolve(bound: Bound, as_of: datetime.date, parameters: ParameterSet) -> Literal:
    """A bound's value as of a date: a parameter's value then in force, a shifted date."""
    if isinstance(bound, ParameterRef):
        return parameters.value(bound.name, as_of)
    if isinstance(bound, RelativeDate):
        return bound.on(as_of)
    return bound


@dataclass(frozen=True, kw_only=True)
class Node(ABC):
    id: str
    labels: Labels | None = None
    reference: str | None = None

    def walk(self) -> Iterator[Node]:
        yield self

    def _meta_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id}
        if self.labels is not None:
            data["label"] = self.labels.to_json()
        if self.reference:
            data["reference"] = self.reference
        return data

    @abstractmethod
    def to_json(self) -> dict[str, Any]:
        """The node as the JSON form of a rule."""


@dataclass(frozen=True, kw_only=True)
class Group(Node):
    """``all`` or ``any`` of one or more children."""

    children: tuple[Node, ...]
    keyword: ClassVar[str]

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def to_json(self) -> dict[str, Any]:
        return {self.keyword: [c.to_json() for c in self.children], **self._meta_json()}


@dataclass(frozen=True, kw_only=True)
class All(Group):
    keyword = "all"


@dataclass(frozen=True, kw_only=True)
class Any_(Group):
    keyword = "any"


@dataclass(frozen=True, kw_only=True)
class Not(Node):
    child: Node

    def walk(self) -> Iterator[Node]:
        yield self
        yield from self.child.walk()

    def to_json(self) -> dict[str, Any]:
        return {"not": self.child.to_json(), **self._meta_json()}


GROUPS = (All, Any_, Not)


@dataclass(frozen=True, kw_only=True)
class Criterion(Node):
    """A leaf of the tree."""

    @property
    @abstractmethod
    def fields(self) -> tuple[FieldRef, ...]:
        """The fields this criterion reads (columns of a snapshot)."""


def _operand_json(operand: Operand) -> dict[str, Any]:
    if isinstance(operand, Ratio):
        return {
            "ratio": {
                "numerator": operand.numerator.to_json(),
                "denominator": operand.denominator.to_json(),
            }
        }
    data: dict[str, Any] = {"field": operand.name}
    if operand.year is not None:
        data["year"] = operand.year
    return data


def _operand_fields(operand: Operand) -> tuple[FieldRef, ...]:
    if isinstance(operand, Ratio):
        return (operand.numerator, operand.denominator)
    return (operand,)


def bound_json(bound: Bound) -> Any:
    if isinstance(bound, ParameterRef):
        return {"parameter": bound.name}
    if isinstance(bound, RelativeDate):
        shift = {"years": bound.years, "months": bound.months, "days": bound.days}
        return {"relative": {k: v for k, v in shift.items() if v}}
    if isinstance(bound, bool | str):
        return bound
    if isinstance(bound, datetime.date):
        return bound.isoformat()
    return int(bound) if bound == bound.to_integral_value() else float(bound)


@dataclass(frozen=True, kw_only=True)
class Comparison(Criterion):
    left: Operand
    op: str  # = != < <= > >=
    value: Bound

    @property
    def fields(self) -> tuple[FieldRef, ...]:
        return _operand_fields(self.left)

    def to_json(self) -> dict[str, Any]:
        return {
            **_operand_json(self.left),
            "op": self.op,
            "value": bound_json(self.value),
            **self._meta_json(),
        }


@dataclass(frozen=True, kw_only=True)
class Membership(Criterion):
    left: FieldRef
    negated: bool
    values: tuple[Literal, ...]

    @property
    def fields(self) -> tuple[FieldRef, ...]:
        return (self.left,)

    def to_json(self) -> dict[str, Any]:
        return {
            **_operand_json(self.left),
            "op": "not_in" if self.negated else "in",
            "value": [bound_json(v) for v in self.values],
            **self._meta_json(),
        }


@dataclass(frozen=True, kw_only=True)
class Between(Criterion):
    left: Operand
    low: Bound
    high: Bound

    @property
    def fields(self) -> tuple[FieldRef, ...]:
        return _operand_fields(self.left)

    def to_json(self) -> dict[str, Any]:
        return {
            **_operand_json(self.left),
            "op": "between",
            "value": [bound_json(self.low), bound_json(self.high)],
            **self._meta_json(),
        }


@dataclass(frozen=True, kw_only=True)
class RegionWithin(Criterion):
    left: FieldRef
    prefixes: tuple[str, ...]  # significant digits: "44", "4412", "441284"

    @property
    def fields(self) -> tuple[FieldRef, ...]:
        return (self.left,)

    def to_json(self) -> dict[str, Any]:
        value: Any = self.prefixes[0] if len(self.prefixes) == 1 else list(self.prefixes)
        return {**_operand_json(self.left), "op": "within", "value": value, **self._meta_json()}


@dataclass(frozen=True, kw_only=True)
class IndustryWithin(Criterion):
    left: FieldRef
    ranges: tuple[IndustryRange, ...]

    @property
    def fields(self) -> tuple[FieldRef, ...]:
        return (self.left,)

    def to_json(self) -> dict[str, Any]:
        texts = [str(r) for r in self.ranges]
        value: Any = texts[0] if len(texts) == 1 else texts
        return {**_operand_json(self.left), "op": "within", "value": value, **self._meta_json()}


@dataclass(frozen=True, kw_only=True)
class QualificationValid(Criterion):
    name: str
    since: FieldRef  # the date it was obtained (issued)
    until: FieldRef | None  # the date it expires, if it does
    on: Bound | None = None  # None: the as-of date

    @property
    def fields(self) -> tuple[FieldRef, ...]:
        return (self.since,) if self.until is None else (self.since, self.until)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"qualification": self.name, "op": "valid"}
        if self.on is not None:
            data["value"] = bound_json(self.on)
        return {**data, **self._meta_json()}


@dataclass(frozen=True)
class Rule:
    """A validated rule: build it with ``parse_rule`` or ``parse_text``."""

    root: Node
    fields: FieldRegistry

    @property
    def criteria(self) -> list[Criterion]:
        """The criteria (leaves), in document order."""
        return [n for n in self.root.walk() if isinstance(n, Criterion)]

    @property
    def nodes(self) -> list[Node]:
        return list(self.root.walk())

    def node(self, node_id: str) -> Node:
        return next(n for n in self.root.walk() if n.id == node_id)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every snapshot column the rule reads, in order of first use."""
        seen: dict[str, None] = {}
        for criterion in self.criteria:
            for ref in criterion.fields:
                seen.setdefault(ref.column, None)
        return tuple(seen)

    @property
    def parameters(self) -> tuple[str, ...]:
        names: dict[str, None] = {}
        for criterion in self.criteria:
            for bound in _bounds(criterion):
                if isinstance(bound, ParameterRef):
                    names.setdefault(bound.name, None)
        return tuple(names)

    def to_json(self) -> dict[str, Any]:
        return self.root.to_json()

    def structure(self) -> dict[str, Any]:
        """The JSON form without ids, labels and references: what the rule means."""
        return strip_meta(self.to_json())


def _bounds(criterion: Criterion) -> tuple[Bound, ...]:
    if isinstance(criterion, Comparison):
        return (criterion.value,)
    if isinstance(criterion, Between):
        return (criterion.low, criterion.high)
    if isinstance(criterion, QualificationValid) and criterion.on is not None:
        return (criterion.on,)
    return ()


def strip_meta(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: strip_meta(v) for k, v in data.items() if k not in ("id", "label", "reference")}
    if isinstance(data, list):
        return [strip_meta(v) for v in data]
    return data
