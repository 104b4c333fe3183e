"""Printing a rule tree in the text form (see ``textparse`` for the grammar):

revenue >= above_size_threshold and industry_code within C13..C43
and (high_tech valid or rd_expenditure / revenue >= 3%)
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from zhaoshang.rules.tree import (
    All,
    Any_,
    Between,
    Bound,
    Comparison,
    FieldRef,
    IndustryWithin,
    Membership,
    Node,
    Not,
    Operand,
    ParameterRef,
    QualificationValid,
    Ratio,
    RegionWithin,
    RelativeDate,
    Rule,
)


def format_text(rule: Rule) -> str:
    """The rule in the text form; ``parse_text`` reads it back to the same tree (ids and
    labels apart)."""
    return format_node(rule.root)


def format_node(node: Node) -> str:
    if isinstance(node, All | Any_):
        if len(node.children) == 1:  # a group of one: all (x), any (x)
            keyword = "all" if isinstance(node, All) else "any"
            return f"{keyword} ({format_node(node.children[0])})"
        word = " and " if isinstance(node, All) else " or "
        return word.join(_inner(child) for child in node.children)
    if isinstance(node, Not):
        return f"not {_inner(node.child)}"
    return _criterion(node)


def _inner(node: Node) -> str:
    text = format_node(node)
    return f"({text})" if isinstance(node, All | Any_) and len(node.children) > 1 else text


def _criterion(node: Node) -> str:
    if isinstance(node, QualificationValid):
        return f"{node.name} valid" + ("" if node.on is None else f" on {format_bound(node.on)}")
    if isinstance(node, Comparison):
        percent = isinstance(node.left, Ratio)
        return f"{format_operand(node.left)} {node.op} {format_bound(node.value, percent)}"
    if isinstance(node, Between):
        percent = isinstance(node.left, Ratio)
        low, high = format_bound(node.low, percent), format_bound(node.high, percent)
        return f"{format_operand(node.left)} between {low} and {high}"
    if isinstance(node, Membership):
        word = "not in" if node.negated else "in"
        values = ", ".join(format_bound(v) for v in node.values)
        return f"{format_operand(node.left)} {word} [{values}]"
    if isinstance(node, RegionWithin | IndustryWithin):
        items = [str(i) for i in (node.prefixes if isinstance(node, RegionWithin) else node.ranges)]
        value = items[0] if len(items) == 1 else f"[{', '.join(items)}]"
        return f"{format_operand(node.left)} within {value}"
    raise TypeError(f"not a criterion: {node!r}")


def format_operand(operand: Operand) -> str:
    if isinstance(operand, Ratio):
        return f"{format_operand(operand.numerator)} / {format_operand(operand.denominator)}"
    return operand.name if operand.year is None else f"{operand.name}[{operand.year}]"


def format_number(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def format_bound(bound: Bound, percent: bool = False) -> str:
    if isinstance(bound, ParameterRef):
        return bound.name
    if isinstance(bound, RelativeDate):
        text = "as_of"
        for amount, unit in ((bound.years, "year"), (bound.months, "month"), (bound.days, "day")):
            if amount:
                plural = "" if abs(amount) == 1 else "s"
                text += f" {'-' if amount < 0 else '+'} {abs(amount)} {unit}{plural}"
        return text
    if isinstance(bound, bool):
        return "true" if bound else "false"
    if isinstance(bound, str):
        escaped = bound.replace("\\", "\\\\").replace("'", "\\'")
        return f"'{escaped}'"
    if isinstance(bound, datetime.date):
        return bound.isoformat()
    if percent:
        return f"{format_number(bound * 100)}%"
    return format_number(bound)


def describe(ref: FieldRef) -> str:
    return format_operand(ref)
