"""Checks on where a site is: a point inside China and near its county, an outline that is a
simple polygon. No Django here, like ``coords.py``; the services turn the problems into
errors on the field.

Where the county is: the registry keeps each county's centre, not its outline (no package
with county outlines carries a licence that lets us ship them), so "inside the county" is
checked in two ways against the centres:

* a generous box around the county's centre, ``COUNTY_REACH_DEG`` degrees each way (about
  80 km north–south: more than the largest county of Guangdong reaches from its centre);
* the centres of the other counties: a point more than ``NEIGHBOUR_FREE_KM`` from its
  county's centre and over ``NEIGHBOUR_RATIO`` times as far from it as from another
  county's centre lies in that other county (a point in Guangzhou's Yuexiu given as Sihui,
  75 km away but inside the box, is refused; a point just over a county line is not, since
  near a border both centres are about as far).

Inside China is China's bounding box (WGS 84).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

# China's bounding box in WGS 84 (Hainan's Zengmu Ansha to Mohe; Pamirs to the Wusuli).
CHINA_LAT = (3.8, 53.6)
CHINA_LNG = (73.5, 135.1)
COUNTY_REACH_DEG = 0.75
NEIGHBOUR_FREE_KM = 12.0
NEIGHBOUR_RATIO = 2.5
# Corners an outline may have; more is refused rather than stored.
MAX_VERTICES = 2000


@dataclass(frozen=True)
class Centre:
    """A county's centre, with the centres of the other counties (to tell which is near)."""

    lat: float
    lng: float
    others: tuple[tuple[float, float], ...] = ()


def _km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Distance in km on an equirectangular projection: within a province, within 0.5%."""
    x = math.radians(lng2 - lng1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def _nearer_elsewhere(lat: float, lng: float, county: Centre) -> bool:
    own = _km(lat, lng, county.lat, county.lng)
    if own <= NEIGHBOUR_FREE_KM or not county.others:
        return False
    nearest = min(_km(lat, lng, o_lat, o_lng) for o_lat, o_lng in county.others)
    return own > NEIGHBOUR_RATIO * nearest


def point_problem(lat: float, lng: float, county: Centre | None) -> str | None:
    """Why (lat, lng) cannot be a site's position in the county whose centre is ``county``
    (None: the registry knows no centre; only China is checked), or None."""
    if not (math.isfinite(lat) and math.isfinite(lng)):
        return "not-a-number"
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return "not-on-earth"
    if not (CHINA_LAT[0] <= lat <= CHINA_LAT[1] and CHINA_LNG[0] <= lng <= CHINA_LNG[1]):
        return "outside-china"
    if county is not None and (
        abs(lat - county.lat) > COUNTY_REACH_DEG
        or abs(lng - county.lng) > COUNTY_REACH_DEG
        or _nearer_elsewhere(lat, lng, county)
    ):
        return "outside-county"
    return None


@dataclass(frozen=True)
class Outline:
    """A checked outline: the GeoJSON geometry to store and its centre (WGS 84)."""

    geometry: dict[str, Any]
    centre: Centre
    area_m2: float


class OutlineProblem(ValueError):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def outline_check(value: Any, county: Centre | None) -> Outline:
    """A GeoJSON Polygon geometry (a Feature's geometry, or the Feature itself), checked:
    one ring or more of [lng, lat] pairs, closed, inside China and the county, not crossing
    itself, with an area. Raises OutlineProblem with a code the services translate."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict) or value.get("type") != "Polygon":
        raise OutlineProblem("not-polygon")
    rings = value.get("coordinates")
    if not isinstance(rings, list) or not rings:
        raise OutlineProblem("not-polygon")
    clean: list[list[list[float]]] = []
    corners = 0
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            raise OutlineProblem("too-few-points")
        points: list[list[float]] = []
        for pair in ring:
            if (
                not isinstance(pair, list | tuple)
                or len(pair) < 2
                or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in pair[:2])
            ):
                raise OutlineProblem("not-polygon")
            try:
                lng, lat = float(pair[0]), float(pair[1])
            except OverflowError:
                raise OutlineProblem("not-on-earth", "") from None
            problem = point_problem(lat, lng, county)
            if problem is not None:
                raise OutlineProblem(problem, f"{lat:.5f}, {lng:.5f}")
            points.append([lng, lat])
        if points[0] != points[-1]:
            raise OutlineProblem("not-closed")
        corners += len(points)
        clean.append(points)
    if corners > MAX_VERTICES:
        raise OutlineProblem("too-many-points")
    geometry = {"type": "Polygon", "coordinates": clean}
    import shapely  # imported when an outline is checked, not by every process
    from shapely.geometry import shape

    polygon = shape(geometry)
    if not shapely.is_valid(polygon):
        raise OutlineProblem("self-crossing", shapely.is_valid_reason(polygon))
    area = polygon_area_m2(clean[0]) - sum(polygon_area_m2(hole) for hole in clean[1:])
    if polygon.area <= 0 or area <= 0:
        raise OutlineProblem("no-area")
    inside = polygon.representative_point()
    return Outline(geometry, Centre(lat=inside.y, lng=inside.x), area)


def polygon_area_m2(ring: list[list[float]]) -> float:
    """The area of a [lng, lat] ring on the ground, in m² (equirectangular projection around
    the ring's mean latitude: within a fraction of a percent for a site's size)."""
    mean_lat = math.radians(sum(p[1] for p in ring) / len(ring))
    metres_lat = 111_132.954
    metres_lng = 111_319.488 * math.cos(mean_lat)
    xs = [p[0] * metres_lng for p in ring]
    ys = [p[1] * metres_lat for p in ring]
    twice = sum(xs[i] * ys[i + 1] - xs[i + 1] * ys[i] for i in range(len(ring) - 1))
    return abs(twice) / 2
