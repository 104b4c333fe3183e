"""Text that people send: one rule for control characters, for every service and API schema.

A single-line value (a name, a code, a city) refuses every control character; a multi-line
value (a note, a summary, a post body) keeps tab, line feed and carriage return and refuses
the rest. Lone surrogates and the non-characters U+FFFE/U+FFFF are refused too: a database
cannot store the first, an XML feed cannot carry either. Services call ``text_check`` (a
dict of values) or ``instance_text_check`` (a model's text fields) before they write; the
API's schemas use ``SINGLE_LINE_PATTERN`` / ``MULTI_LINE_PATTERN`` and ``text_problem``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

# What neither kind of value may hold; single-line values also refuse \t \n \r.
_NEVER = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff"
_MULTI_LINE_REFUSED = re.compile(f"[{_NEVER}]")
SINGLE_LINE_REFUSED = re.compile(f"[{_NEVER}\t\n\r]")
MULTI_LINE_REFUSED = _MULTI_LINE_REFUSED  # for texts of several lines (a business scope)
# Anything XML 1.0 cannot carry, for writers of stored text (feeds).
_XML_REFUSED = _MULTI_LINE_REFUSED

# The same rules as ECMA/JSON Schema patterns for the OpenAPI description (surrogates
# cannot be written in such a pattern; ``text_problem`` still refuses them).
SINGLE_LINE_PATTERN = r"^[^\u0000-\u001f\u007f]*$"
MULTI_LINE_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$"


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why ``value`` may not be stored, or None when it may."""
    refused = _MULTI_LINE_REFUSED if multiline else SINGLE_LINE_REFUSED
    found = refused.search(value)
    if found is None:
        return None
    return _("must not contain control characters (found U+%(code)04X at position %(at)d)") % {
        "code": ord(found.group()),
        "at": found.start() + 1,
    }


def text_check(values: Mapping[str, Any], *, multiline: Collection[str] = ()) -> None:
    """Raise a ValidationError naming every text value of ``values`` that holds a control
    character (``multiline`` names the fields that may hold tab and line breaks). Lists and
    dicts of text are looked into."""
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        problem = _value_problem(value, multiline=name in multiline)
        if problem:
            errors[name] = [problem]
    if errors:
        raise ValidationError(errors)


def _value_problem(value: Any, *, multiline: bool) -> str | None:
    if isinstance(value, str):
        return text_problem(value, multiline=multiline)
    items: Iterable[Any]
    if isinstance(value, Mapping):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple):
        items = value
    else:
        return None
    for item in items:
        problem = _value_problem(item, multiline=multiline)
        if problem:
            return problem
    return None


def instance_text_check(instance: models.Model, *, exclude: Collection[str] = ()) -> None:
    """``text_check`` over a model's character fields: a TextField is multi-line, any other
    text field single-line."""
    values: dict[str, Any] = {}
    multiline: set[str] = set()
    for field in instance._meta.concrete_fields:
        if field.name in exclude or not isinstance(field, models.CharField | models.TextField):
            continue
        values[field.name] = getattr(instance, field.attname)
        if isinstance(field, models.TextField):
            multiline.add(field.name)
    text_check(values, multiline=multiline)


def xml_safe(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot carry (for text already stored)."""
    return _XML_REFUSED.sub("", value)
