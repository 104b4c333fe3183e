"""Literal values of rules: converting JSON values to a field type's values, and saying what
was expected when they do not convert."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from zhaoshang.rules.fields import FieldType
from zhaoshang.rules.tree import Bound, Literal, ParameterRef, RelativeDate

OPERATORS = {
    "=": "=",
    "==": "=",
    "!=": "!=",
    "<>": "!=",
    "≠": "!=",
    "<": "<",
    "<=": "<=",
    "≤": "<=",
    ">": ">",
    ">=": ">=",
    "≥": ">=",
    "in": "in",
    "not_in": "not_in",
    "not in": "not_in",
    "between": "between",
    "within": "within",
    "valid": "valid",
}
ORDERING = ("<", "<=", ">", ">=")
ALLOWED_OPS: dict[FieldType, tuple[str, ...]] = {
    FieldType.NUMBER: ("=", "!=", *ORDERING, "in", "not_in", "between"),
    FieldType.INTEGER: ("=", "!=", *ORDERING, "in", "not_in", "between"),
    FieldType.DATE: ("=", "!=", *ORDERING, "in", "not_in", "between"),
    FieldType.TEXT: ("=", "!=", "in", "not_in"),
    FieldType.ENUM: ("=", "!=", "in", "not_in"),
    FieldType.BOOLEAN: ("=", "!="),
    FieldType.REGION: ("within", "=", "!=", "in", "not_in"),
    FieldType.INDUSTRY: ("within", "=", "!=", "in", "not_in"),
}


def kind_of(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return "a number"
    return next((n for t, n in names.items() if isinstance(value, t)), type(value).__name__)


def suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def is_literal(bound: Bound) -> bool:
    return not isinstance(bound, ParameterRef | RelativeDate)


def compatible(a: FieldType, b: FieldType) -> bool:
    return a == b or (a.numeric and b.numeric)


def convert(raw: Any, type_: FieldType) -> Literal | None:
    if type_.numeric:
        if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
            return None
        try:
            number = raw if isinstance(raw, Decimal) else Decimal(repr(raw))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    if type_ is FieldType.BOOLEAN:
        return raw if isinstance(raw, bool) else None
    if not isinstance(raw, str):
        return None
    if type_ is FieldType.DATE:
        try:
            return datetime.date.fromisoformat(raw) if len(raw) == 10 else None
        except ValueError:
            return None
    if type_ is FieldType.REGION:
        return raw if len(raw) == 6 and raw.isascii() and raw.isdigit() else None
    if type_ is FieldType.INDUSTRY:
        return raw if len(raw) == 4 and raw.isascii() and raw.isdigit() else None
    return raw


def expected(type_: FieldType, raw: Any) -> str:
    wanted = {
        FieldType.NUMBER: "a number",
        FieldType.INTEGER: "a number",
        FieldType.BOOLEAN: "true or false",
        FieldType.DATE: "a date YYYY-MM-DD",
        FieldType.REGION: "a 6-digit region code (use within for a prefecture or province)",
        FieldType.INDUSTRY: "a 4-digit industry class (use within for a range)",
        FieldType.TEXT: "a string",
        FieldType.ENUM: "a string",
    }[type_]
    shown = raw if not isinstance(raw, dict | list) else kind_of(raw)
    return f"expected {wanted}, got {shown!r}"
