"""How the audit log shows the inventory's changes: JSON fields (utilities, distances, an
outline) in the reader's language rather than as raw JSON, a photo's file by what it is."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhaoshang.core import audit_display, formatting
from zhaoshang.sites.models import Building, Parcel, Park, SiteDocument, SitePhoto


def _utility_labels() -> dict[str, str]:
    return {
        "power_kva": _("power (kVA)"),
        "substations": _("substations"),
        "water_t_day": _("water (t/day)"),
        "wastewater_t_day": _("wastewater treatment (t/day)"),
        "gas": _("gas"),
        "steam": _("steam"),
    }


def utilities_text(value: Any) -> str:
    if not isinstance(value, dict):
        return str(value)
    labels = _utility_labels()
    parts = []
    for key, item in value.items():
        if isinstance(item, bool):
            shown = _("yes") if item else _("no")
        elif isinstance(item, int | float):
            shown = formatting.format_number(item, places=2)
        else:
            shown = str(item)
        parts.append(f"{labels.get(key, key)}: {shown}")
    return "; ".join(parts)


def distances_text(value: Any) -> str:
    if not isinstance(value, list):
        return str(value)
    parts = []
    for item in value:
        if not isinstance(item, dict):
            continue
        km = item.get("km")
        minutes = item.get("minutes")
        facts = []
        if km is not None:
            facts.append(_("%(km)s km") % {"km": formatting.format_number(km, places=1)})
        if minutes is not None:
            facts.append(_("%(minutes)s min") % {"minutes": formatting.format_count(minutes)})
        parts.append(f"{item.get('place', '')}: {', '.join(facts)}")
    return "; ".join(parts)


def outline_text(value: Any) -> str:
    rings = value.get("coordinates") if isinstance(value, dict) else None
    count = len(rings[0]) if isinstance(rings, list) and rings and isinstance(rings[0], list) else 0
    return _("an outline of %(count)s points") % {"count": formatting.format_count(count)}


def register() -> None:
    audit_display.value_display(Park, "utilities", utilities_text)
    audit_display.value_display(Park, "distances", distances_text)
    for model in (Park, Parcel):
        audit_display.value_display(model, "outline", outline_text)
    audit_display.value_display(SitePhoto, "image", lambda _value: _("a photo"))
    audit_display.hide_fields(SitePhoto, "width", "height")
    audit_display.hide_fields(SiteDocument, "file")
    audit_display.value_display(Parcel, "area_m2", lambda v: formatting.format_area(v, land=True))
    audit_display.value_display(Building, "floor_area_m2", formatting.format_area)
