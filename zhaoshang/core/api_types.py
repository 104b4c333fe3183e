"""Bounded, typed inputs shared by every API schema, and the error responses every
operation declares.

Each text input has a maximum length and refuses control characters (the rule of
``core.text``: a pattern in the OpenAPI description, the same check in the validator);
each number has its range, so that no value reaches the database that it cannot hold.
A value outside its bounds answers 422 naming the field.

No ``from __future__ import annotations``: django-ninja and pydantic read these at import.
"""

from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator

from zhaoshang.core.text import MULTI_LINE_PATTERN, SINGLE_LINE_PATTERN, text_problem

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
PAGE_LIMIT_MAX = 500
OFFSET_MAX = 10**9


def _single_line(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _multi_line(value: str) -> str:
    problem = text_problem(value, multiline=True)
    if problem:
        raise ValueError(problem)
    return value


_LINE = AfterValidator(_single_line)
_LINES = AfterValidator(_multi_line)


def _line_field(max_length: int) -> Any:
    return Field(max_length=max_length, json_schema_extra={"pattern": SINGLE_LINE_PATTERN})


def _lines_field(max_length: int) -> Any:
    return Field(max_length=max_length, json_schema_extra={"pattern": MULTI_LINE_PATTERN})


# Single-line text by length: codes and keys, names, titles and addresses, longer lines.
Code = Annotated[str, _line_field(64), _LINE]
Name = Annotated[str, _line_field(200), _LINE]
Line = Annotated[str, _line_field(500), _LINE]
# Multi-line text: notes, summaries, bodies.
Lines = Annotated[str, _lines_field(20_000), _LINES]
LongLines = Annotated[str, _lines_field(200_000), _LINES]

# Numbers a database column holds.
Id = Annotated[int, Field(ge=1, le=INT64_MAX)]
Count = Annotated[int, Field(ge=0, le=INT32_MAX)]
Version = Annotated[int, Field(ge=0, le=INT32_MAX)]
# Money in 10,000 yuan or yuan, areas, power: DecimalField(max_digits=14, decimal_places=2).
Amount = Annotated[
    Decimal, Field(ge=Decimal(0), max_digits=14, decimal_places=2, allow_inf_nan=False)
]
SignedAmount = Annotated[Decimal, Field(max_digits=14, decimal_places=2, allow_inf_nan=False)]


def omitted(**constraints: Any) -> Any:
    """The default of a field that may be left out but is never null: left out, it is not
    in ``payload.dict(exclude_unset=True)``; sent as null, it answers 422."""
    return Field(None, **constraints)


class Pagination(LimitOffsetPagination):
    """ninja's limit/offset pagination with both numbers bounded."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=PAGE_LIMIT_MAX)
        offset: int = Field(0, ge=0, le=OFFSET_MAX)


# An error: an object whose ``detail`` says what went wrong (text, or ninja's list of field
# errors on a 422); some carry more (a 409 carries both versions, the leads API ``errors``
# by field), so the body is described as an object rather than a fixed shape.
ErrorOut = dict[str, Any]


def responses(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """``ok`` and the error statuses an operation may answer (401 always: every operation
    needs a caller)."""
    return {**ok, **dict.fromkeys(sorted({401, *errors}), ErrorOut)}
