"""How the audit log shows the sites' structured fields: utilities and distances as lines a
person reads, in the reader's language; outlines and photo sizes are left out (a polygon's
numbers say nothing at a glance, and the site's map shows it)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhaoshang.core import audit_display, formatting

_UTILITY_LABELS = {
    "power_kva": lambda: _("Power capacity"),
    "substations": lambda: _("Substations"),
    "water_t_day": lambda: _("Water"),
    "gas": lambda: _("Gas"),
    "steam": lambda: _("Steam"),
    "wastewater_t_day": lambda: _("Wastewater treatment"),
}


def _utility_value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key == "power_kva":
        return _("%(number)s kVA") % {"number": formatting.format_number(value, places=0)}
    if key.endswith("_t_day"):
        return _("%(t)s t a day") % {"t": formatting.format_number(value, places=0)}
    return str(value)


def utilities_text(value: Any) -> str:
    if not isinstance(value, dict) or not value:
        return audit_display.EMPTY
    parts = []
    for key, item in value.items():
        label = _UTILITY_LABELS.get(key)
        parts.append(f"{label() if label else key}: {_utility_value(key, item)}")
    return "; ".join(parts)


def distances_text(value: Any) -> str:
    if not isinstance(value, list) or not value:
        return audit_display.EMPTY
    parts = []
    for row in value:
        if not isinstance(row, dict):
            continue
        place = str(row.get("place", ""))
        bits = []
        if row.get("km") is not None:
            bits.append(_("%(km)s km") % {"km": formatting.format_number(row["km"], places=1)})
        if row.get("minutes") is not None:
            bits.append(
                _("%(minutes)s min")
                % {"minutes": formatting.format_number(row["minutes"], places=0)}
            )
        parts.append(f"{place}: {', '.join(bits)}" if bits else place)
    return "; ".join(parts) or audit_display.EMPTY


def register() -> None:
    from zhaoshang.sites.models import Parcel, Park, SitePhoto

    audit_display.value_display(Park, "utilities", utilities_text)
    audit_display.value_display(Park, "distances", distances_text)
    audit_display.hide_fields(Park, "outline")
    audit_display.hide_fields(Parcel, "outline")
    audit_display.hide_fields(SitePhoto, "width", "height")
