"""An enterprise's fields as people read them: region and industry by name (with the code),
ownership by its label, money in the reader's units, dates and countries in their language.
Used by the enterprise pages, the pending corrections and the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.text import capfirst

from zhaoshang.core import audit_display, formatting
from zhaoshang.registry.domain.schema import DATE_KEYS, MONEY_KEYS
from zhaoshang.registry.models import (
    Enterprise,
    Industry,
    ProfileCorrection,
    Region,
    YearlyFigures,
)


def region_text(code: str | None) -> str:
    """441284 → "四会市 (441284)" / "Sihui (441284)"."""
    if not code:
        return formatting.MISSING
    region = Region.objects.filter(pk=code).first()
    return str(region) if region else str(code)


def industry_text(code: str | None) -> str:
    """3431 → "通用设备制造业 (3431)": the class's division by name, with the class code."""
    if not code:
        return formatting.MISSING
    division = Industry.objects.filter(pk=str(code)[:2], kind=Industry.Kind.DIVISION).first()
    return f"{division.name} ({code})" if division else str(code)


def ownership_text(value: str | None) -> str:
    if not value:
        return formatting.MISSING
    labels = {str(k): str(v) for k, v in Enterprise._meta.get_field("ownership").flatchoices}
    return labels.get(value, value)


def country_text(code: str | None) -> str:
    """An ISO 3166 code by its name in the reader's language: "US" → "美国 (US)"."""
    if not code:
        return formatting.MISSING
    name = formatting.babel_locale().territories.get(code.upper())
    return f"{name} ({code.upper()})" if name else code


def field_label(key: str) -> str:
    """The label of an enterprise's own field (an import column's key), as on its form."""
    from zhaoshang.registry.forms import EnterpriseEditForm

    found = EnterpriseEditForm.base_fields.get(key)
    if found is not None and found.label:
        return str(found.label)
    return capfirst(key.replace("_", " "))


def field_text(key: str, value: Any) -> str:
    """A value of an enterprise's own field (as an import row carries it), as people read it."""
    if value is None or value == "":
        return audit_display.EMPTY
    if key == "region_code":
        return region_text(str(value))
    if key == "industry_code":
        return industry_text(str(value))
    if key == "ownership":
        return ownership_text(str(value))
    if key == "foreign_country":
        return country_text(str(value))
    if key in MONEY_KEYS:
        return formatting.format_wan(value)
    if key in DATE_KEYS:
        return formatting.format_date(str(value))
    return str(value)


def correction_lines(correction: ProfileCorrection) -> list[tuple[str, str, str]]:
    """Each proposed change of ``correction``: (label, value before, value proposed)."""
    before = correction.previous or {}
    return [
        (field_label(key), field_text(key, before.get(key)), field_text(key, value))
        for key, value in (correction.changes or {}).items()
    ]


def _correction_changes(
    olds: Mapping[str, Any], news: Mapping[str, Any]
) -> list[tuple[str, str, str]]:
    """The audit lines of a correction's proposed changes: one per field, old → new."""
    proposed = news.get("changes") or olds.get("changes") or {}
    before = news.get("previous") or olds.get("previous") or {}
    if not isinstance(proposed, dict):
        return []
    return [
        (field_label(key), field_text(key, before.get(key)), field_text(key, value))
        for key, value in proposed.items()
    ]


def register_audit_display() -> None:
    """Teach the audit log the registry's fields (called from the app's ready)."""
    audit_display.value_display(Enterprise, "industry_code", lambda v: industry_text(str(v)))
    audit_display.value_display(Enterprise, "foreign_country", lambda v: country_text(str(v)))
    audit_display.value_display(Enterprise, "registered_capital", formatting.format_wan)
    audit_display.hide_fields(Enterprise, "name_pinyin")
    for key in MONEY_KEYS:
        if key != "registered_capital":
            audit_display.value_display(YearlyFigures, key, formatting.format_wan)
    audit_display.change_expander(ProfileCorrection, "changes", _correction_changes)
    audit_display.hide_fields(ProfileCorrection, "previous")
