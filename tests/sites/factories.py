"""The inventory for tests, written through the services (so every factory site passes the
same checks an officer's would)."""

from __future__ import annotations

import itertools
from typing import Any

from zhaoshang.sites import services
from zhaoshang.sites.models import Building, Parcel, Park

_serial = itertools.count(1)
SIHUI = "441284"
DUANZHOU = "441202"
# Near the centre of Sihui and of Duanzhou (WGS 84).
SIHUI_POINT = (23.33, 112.73)
DUANZHOU_POINT = (23.06, 112.47)


def park_make(**values: Any) -> Park:
    n = next(_serial)
    fields: dict[str, Any] = {
        "slug": f"park-{n}",
        "name_zh_hans": f"测试园区{n}",
        "name_en": f"Test park {n}",
        "region": SIHUI,
        "lat": SIHUI_POINT[0],
        "lng": SIHUI_POINT[1],
    }
    return services.park_save(actor=None, values={**fields, **values})


def parcel_make(**values: Any) -> Parcel:
    n = next(_serial)
    fields: dict[str, Any] = {
        "number": f"SH-{n:04d}",
        "region": SIHUI,
        "area_m2": "33333.50",
        "land_use": "0601",
        "price_per_mu": "150000",
        "lat": SIHUI_POINT[0],
        "lng": SIHUI_POINT[1],
    }
    return services.parcel_save(actor=None, values={**fields, **values})


def building_make(**values: Any) -> Building:
    n = next(_serial)
    fields: dict[str, Any] = {
        "code": f"SHB-{n:04d}",
        "region": SIHUI,
        "kind": "factory",
        "floor_area_m2": "12000",
        "floors": 3,
        "power_kva": "1600",
        "rent_per_m2_month": "14",
        "lat": SIHUI_POINT[0],
        "lng": SIHUI_POINT[1],
    }
    return services.building_save(actor=None, values={**fields, **values})
