"""Telephone and fax numbers: parsed and checked with phonenumbers, kept in E.164."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_REGION = "CN"


def phone_normalise(value: str, *, region: str = DEFAULT_REGION) -> str:
    """``value`` in E.164 (``+867583611228``); an empty value stays empty.

    Raises ValidationError with the reason when the text is not a valid number.
    """
    value = value.strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("“%(value)s” is not a telephone number."), params={"value": value}
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid telephone number."), params={"value": value}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_fields_normalise(values: dict[str, Any], fields: Iterable[str]) -> dict[str, list[str]]:
    """Normalise the number ``fields`` present in ``values`` in place; return the errors
    by field name (empty when every number is valid)."""
    errors: dict[str, list[str]] = {}
    for name in fields:
        if name in values:
            try:
                values[name] = phone_normalise(values[name] or "")
            except ValidationError as exc:
                errors[name] = exc.messages
    return errors


def phone_display(value: str) -> str:
    """An E.164 number in international format (``+86 758 361 1228``)."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
