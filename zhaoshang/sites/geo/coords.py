"""Coordinates between WGS 84 and the two systems Chinese map services draw in.

Sites are stored in WGS 84 (what GPS and the GeoJSON standard use). AMap and Tencent
draw in GCJ-02, a deliberately offset system ("Mars coordinates"); Baidu draws in BD-09,
a further offset of GCJ-02. Officers and imports may enter any of the three; the map
converts for the tile service configured.

The forward formulas (WGS 84 → GCJ-02, GCJ-02 ⇄ BD-09) are the published ones. GCJ-02 →
WGS 84 has no closed form: it is inverted by iterating the forward transform until the
error is below a millimetre. GCJ-02 applies inside mainland China only (the usual bounding
box); outside it a WGS 84 point is its own GCJ-02 point, as the services draw it.

No Django here, like `rules/`: tested against the public-domain `prcoords` library
(tests/sites/test_coords.py).
"""

from __future__ import annotations

import math
from enum import StrEnum


class CoordSystem(StrEnum):
    WGS84 = "wgs84"
    GCJ02 = "gcj02"
    BD09 = "bd09"


# Krasovsky 1940, the ellipsoid the GCJ-02 formula uses.
_A = 6378245.0
_EE = 0.00669342162296594323
_BD_PI = math.pi * 3000.0 / 180.0


def in_china(lat: float, lng: float) -> bool:
    """Whether GCJ-02 applies: the rough mainland box the services use."""
    return 0.8293 <= lat <= 55.8271 and 72.004 <= lng <= 137.8347


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if not in_china(lat, lng):
        return lat, lng
    dlat = _transform_lat(lng - 105.0, lat - 35.0)
    dlng = _transform_lng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lat + dlat, lng + dlng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """Invert the forward transform by fixed-point iteration (converges to < 1 mm)."""
    if not in_china(lat, lng):
        return lat, lng
    wlat, wlng = lat, lng
    for _ in range(30):
        glat, glng = wgs84_to_gcj02(wlat, wlng)
        dlat, dlng = glat - lat, glng - lng
        wlat, wlng = wlat - dlat, wlng - dlng
        if abs(dlat) < 1e-9 and abs(dlng) < 1e-9:
            break
    return wlat, wlng


def gcj02_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * _BD_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _BD_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _BD_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _BD_PI)
    return z * math.sin(theta), z * math.cos(theta)


def to_wgs84(lat: float, lng: float, system: str | CoordSystem) -> tuple[float, float]:
    """A point given in `system` as WGS 84 (lat, lng)."""
    system = CoordSystem(system)
    if system is CoordSystem.GCJ02:
        return gcj02_to_wgs84(lat, lng)
    if system is CoordSystem.BD09:
        return gcj02_to_wgs84(*bd09_to_gcj02(lat, lng))
    return lat, lng


def from_wgs84(lat: float, lng: float, system: str | CoordSystem) -> tuple[float, float]:
    """A WGS 84 point as (lat, lng) in `system`."""
    system = CoordSystem(system)
    if system is CoordSystem.GCJ02:
        return wgs84_to_gcj02(lat, lng)
    if system is CoordSystem.BD09:
        return gcj02_to_bd09(*wgs84_to_gcj02(lat, lng))
    return lat, lng


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))
