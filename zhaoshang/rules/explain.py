"""Explain one enterprise: each criterion passes, fails or is unknown (a value it needs is
missing), with the value observed and the threshold as of the date; the outcome follows by
Kleene logic, exactly as SQL's NULL logic gives it.

Facts are a plain mapping of snapshot column -> value: dates as ``datetime.date``, money as
``Decimal`` (or float), ``None`` or an absent key for a missing value; for a text, code or
choice field an empty string is missing too.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zhaoshang.rules.codes import region_contains
from zhaoshang.rules.fields import FieldRegistry, FieldType, Labels
from zhaoshang.rules.logic import Outcome, Status, all_of, any_of, negate, of_bool
from zhaoshang.rules.parameters import DEFAULT_PARAMETERS, ParameterSet
from zhaoshang.rules.textprint import format_node
from zhaoshang.rules.tree import (
    All,
    Any_,
    Between,
    Comparison,
    Criterion,
    FieldRef,
    IndustryWithin,
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


@dataclass(frozen=True)
class CriterionResult:
    id: str
    labels: Labels | None
    reference: str | None
    text: str  # the criterion in the text form
    status: Status
    observed: Any  # the value read (a ratio's value; a qualification's dates as a dict)
    threshold: Any  # the value compared with, parameters resolved as of the date
    missing: tuple[str, ...]  # the columns whose missing value made it unknown


@dataclass(frozen=True)
class Explanation:
    outcome: Outcome
    criteria: tuple[CriterionResult, ...]  # in document order
    missing: tuple[str, ...]  # every column missing for a criterion that is unknown
    statuses: Mapping[str, Status]  # every node's status by id, groups included
    as_of: datetime.date

    def criterion(self, criterion_id: str) -> CriterionResult:
        return next(c for c in self.criteria if c.id == criterion_id)


def explain(
    rule: Rule,
    facts: Mapping[str, Any],
    *,
    as_of: datetime.date,
    parameters: ParameterSet = DEFAULT_PARAMETERS,
) -> Explanation:
    """Evaluate ``rule`` for one enterprise's ``facts`` as of a date."""
    results: dict[str, CriterionResult] = {}
    statuses: dict[str, Status] = {}
    checker = _Checker(rule.fields, facts, as_of, parameters)

    def visit(node: Node) -> Status:
        if isinstance(node, All):
            status = all_of([visit(child) for child in node.children])
        elif isinstance(node, Any_):
            status = any_of([visit(child) for child in node.children])
        elif isinstance(node, Not):
            status = negate(visit(node.child))
        else:
            assert isinstance(node, Criterion)
            result = checker.criterion(node)
            results[node.id] = result
            status = result.status
        statuses[node.id] = status
        return status

    overall = visit(rule.root)
    criteria = tuple(results[c.id] for c in rule.criteria)
    missing: dict[str, None] = {}
    for result in criteria:
        if result.status is Status.UNKNOWN:
            missing.update(dict.fromkeys(result.missing))
    return Explanation(Outcome.of(overall), criteria, tuple(missing), statuses, as_of)


def _number(value: Any) -> Decimal | float:
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal):
        return value
    return Decimal(value)


def _float(value: Any) -> Any:
    return float(value)


def _compare(left: Any, op: str, right: Any) -> bool:
    if isinstance(left, float) or isinstance(right, float):
        left, right = float(left), float(right)
    if op == "=":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)


# What a criterion on a nullable field's "none" value gives: none equals nothing, has no
# order, lies in no list, range or code.
_NONE_STATUS = {"!=": Status.PASS, "not_in": Status.PASS}


class _Checker:
    def __init__(
        self,
        fields: FieldRegistry,
        facts: Mapping[str, Any],
        as_of: datetime.date,
        parameters: ParameterSet,
    ) -> None:
        self.fields = fields
        self.facts = facts
        self.as_of = as_of
        self.parameters = parameters

    def value(self, ref: FieldRef) -> Any:
        value = self.facts.get(ref.column)
        type_ = self.fields[ref.name].type
        if value is None:
            return None
        if type_.textual:
            value = str(value)
            return value or None
        if type_.numeric:
            return _number(value)
        if type_ is FieldType.DATE:
            if isinstance(value, datetime.datetime):
                return value.date()
            return datetime.date.fromisoformat(value) if isinstance(value, str) else value
        if type_ is FieldType.BOOLEAN:
            return bool(value)
        return value

    def operand(self, operand: Operand) -> tuple[Any, tuple[str, ...]]:
        """The operand's value (None when unknown) and the columns missing for it."""
        if isinstance(operand, FieldRef):
            value = self.value(operand)
            nullable = self.fields[operand.name].nullable
            return value, () if value is not None or nullable else (operand.column,)
        numerator, denominator = self.value(operand.numerator), self.value(operand.denominator)
        missing = tuple(
            ref.column
            for ref, v in ((operand.numerator, numerator), (operand.denominator, denominator))
            if v is None
        )
        if numerator is None or denominator is None or denominator == 0:
            return None, missing
        return float(numerator) / float(denominator), ()

    def criterion(self, node: Criterion) -> CriterionResult:
        status, observed, threshold, missing = self._check(node)
        return CriterionResult(
            node.id,
            node.labels,
            node.reference,
            format_node(node),
            status,
            observed,
            threshold,
            missing if status is Status.UNKNOWN else (),
        )

    def _check(self, node: Criterion) -> tuple[Status, Any, Any, tuple[str, ...]]:
        if isinstance(node, QualificationValid):
            return self._qualification(node)
        left = node.left  # type: ignore[attr-defined]
        observed, missing = self.operand(left)
        is_ratio = isinstance(left, Ratio)
        if isinstance(node, Comparison):
            threshold: Any = resolve(node.value, self.as_of, self.parameters)
            if is_ratio:
                threshold = float(threshold)
            if observed is None:
                return self._none(node.op, missing, is_ratio), observed, threshold, missing
            return of_bool(_compare(observed, node.op, threshold)), observed, threshold, ()
        if isinstance(node, Between):
            low = resolve(node.low, self.as_of, self.parameters)
            high = resolve(node.high, self.as_of, self.parameters)
            if is_ratio:
                low, high = _float(low), _float(high)
            if observed is None:
                status = self._none("between", missing, is_ratio)
                return status, observed, (low, high), missing
            inside = _compare(observed, ">=", low) and _compare(observed, "<=", high)
            return of_bool(inside), observed, (low, high), ()
        if isinstance(node, Membership):
            op = "not_in" if node.negated else "in"
            if observed is None:
                return self._none(op, missing), observed, node.values, missing
            found = any(_compare(observed, "=", v) for v in node.values)
            return of_bool(found != node.negated), observed, node.values, ()
        if isinstance(node, RegionWithin):
            if observed is None:
                return self._none("within", missing), observed, node.prefixes, missing
            inside = any(region_contains(p, observed) for p in node.prefixes)
            return of_bool(inside), observed, node.prefixes, ()
        assert isinstance(node, IndustryWithin)
        ranges = tuple(str(r) for r in node.ranges)
        if observed is None:
            return self._none("within", missing), observed, ranges, missing
        inside = any(r.contains(observed) for r in node.ranges)
        return of_bool(inside), observed, ranges, ()

    @staticmethod
    def _none(op: str, missing: tuple[str, ...], ratio: bool = False) -> Status:
        """A missing value is unknown (so is a ratio over zero); a nullable field's "none"
        is a known value."""
        if missing or ratio:
            return Status.UNKNOWN
        return _NONE_STATUS.get(op, Status.FAIL)

    def _qualification(self, node: QualificationValid) -> tuple[Status, Any, Any, tuple[str, ...]]:
        day = self.as_of if node.on is None else resolve(node.on, self.as_of, self.parameters)
        since, since_missing = self.operand(node.since)
        observed = {node.since.column: since}
        statuses = [
            Status.UNKNOWN
            if since is None and since_missing
            else of_bool(since is not None and since <= day)
        ]
        missing = list(since_missing)
        if node.until is not None:
            until, until_missing = self.operand(node.until)
            observed[node.until.column] = until
            missing += until_missing
            if until is None:
                statuses.append(Status.UNKNOWN if until_missing else Status.PASS)
            else:
                statuses.append(of_bool(until >= day))
        return all_of(statuses), observed, day, tuple(missing)
