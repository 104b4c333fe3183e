"""Parcels and buildings for the matching and holds tests, written straight to the table
(the inventory's own services and factories belong to sites-core's tests)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from zhaoshang.sites.models import Building, Parcel

_serial = itertools.count(1)
SIHUI_CENTRE = (23.3269, 112.7341)


def parcel_make(**values: Any) -> Parcel:
    n = next(_serial)
    fields: dict[str, Any] = {
        "number": f"T-P-{n:05d}",
        "region_id": "441284",
        "area_m2": Decimal("40000"),
        "land_use": "0601",
        "industries_allowed": [],
        "status": "available",
        "lat": SIHUI_CENTRE[0],
        "lng": SIHUI_CENTRE[1],
    }
    fields.update(values)
    if "area_m2" in values:
        fields["area_m2"] = Decimal(str(values["area_m2"]))
    return Parcel.objects.create(**fields)


def building_make(**values: Any) -> Building:
    n = next(_serial)
    fields: dict[str, Any] = {
        "code": f"T-B-{n:05d}",
        "region_id": "441284",
        "kind": "factory",
        "floor_area_m2": Decimal("20000"),
        "floors": 2,
        "status": "available",
        "lat": SIHUI_CENTRE[0],
        "lng": SIHUI_CENTRE[1],
    }
    fields.update(values)
    return Building.objects.create(**fields)
