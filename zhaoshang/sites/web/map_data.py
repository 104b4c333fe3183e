"""The public inventory as the list and the map read it: the filters from a page's query,
the public parks, parcels and buildings they select, and the map's compact JSON.

One parse of the query (``public_filter``) feeds both the server-rendered list and
``map.json``, so the two show the same sites. Only public fields leave here: no officers'
notes, no status history, no holds. Transferred and withdrawn sites are not listed.

The map's JSON is an array per site, ``[kind, id, lat, lng, label]`` (kind ``k`` park,
``p`` parcel, ``b`` building), coordinates already in the tile service's system
(``MAP_TILES_COORDS``; converted here, on the server, so the browser needs no conversion).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zhaoshang.registry.models import Region
from zhaoshang.registry.selectors import in_region
from zhaoshang.sites.geo.coords import from_wgs84
from zhaoshang.sites.models import Building, Parcel, Park, SiteStatus
from zhaoshang.sites.selectors import admitting, in_regions

PUBLIC_STATUSES = (SiteStatus.AVAILABLE, SiteStatus.RESERVED, SiteStatus.NEGOTIATING)
SITE_TYPES = ("land", "factory", "warehouse", "office")
# At most this many sites in one answer of map.json (about 40 bytes each: < 100 KB).
MAP_LIMIT = 2000
# The list shows this many of each kind on a page.
LIST_LIMIT = 50
# The list counts the sites of each kind up to this many and says "more than" past it:
# an exact count of every public site would read the whole table on every page.
COUNT_LIMIT = 1000


@dataclass
class PublicFilter:
    """The public filters: every one optional; ``errors`` names the fields refused."""

    site_type: str = ""
    county: str = ""
    area_min: Decimal | None = None
    area_max: Decimal | None = None
    power_min: Decimal | None = None
    price_max: Decimal | None = None
    rent_max: Decimal | None = None
    available_by: datetime.date | None = None
    industry: str = ""
    bbox: tuple[float, float, float, float] | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as query parameters (without bbox), to carry to map.json."""
        items = [
            ("type", self.site_type),
            ("county", self.county),
            ("area_min", _plain(self.area_min)),
            ("area_max", _plain(self.area_max)),
            ("power_min", _plain(self.power_min)),
            ("price_max", _plain(self.price_max)),
            ("rent_max", _plain(self.rent_max)),
            ("available_by", self.available_by.isoformat() if self.available_by else ""),
            ("industry", self.industry),
        ]
        return [(k, v) for k, v in items if v]


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _decimal(query: Mapping[str, str], name: str, errors: dict[str, str]) -> Decimal | None:
    text = (query.get(name) or "").strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors[name] = _("Enter a number.")
        return None
    if not value.is_finite() or value < 0:
        errors[name] = _("Enter a number of zero or more.")
        return None
    return value


def public_filter(query: Mapping[str, str]) -> PublicFilter:
    """Read the filters from a query; a value that cannot be read is left out and named."""
    errors: dict[str, str] = {}
    f = PublicFilter(errors=errors)
    site_type = (query.get("type") or "").strip()
    if site_type and site_type not in SITE_TYPES:
        errors["type"] = _("Choose a type from the list.")
    elif site_type:
        f.site_type = site_type
    county = (query.get("county") or "").strip()
    if county and not Region.objects.filter(code=county).exists():
        errors["county"] = _("Choose a county from the list.")
    elif county:
        f.county = county
    f.area_min = _decimal(query, "area_min", errors)
    f.area_max = _decimal(query, "area_max", errors)
    f.power_min = _decimal(query, "power_min", errors)
    f.price_max = _decimal(query, "price_max", errors)
    f.rent_max = _decimal(query, "rent_max", errors)
    available_by = (query.get("available_by") or "").strip()
    if available_by:
        try:
            f.available_by = datetime.date.fromisoformat(available_by)
        except ValueError:
            errors["available_by"] = _("Enter a date as YYYY-MM-DD.")
    industry = (query.get("industry") or "").strip().upper()
    if industry and not (industry[0].isalpha() and industry[1:].isdigit() and len(industry) <= 5):
        errors["industry"] = _("Choose an industry from the list.")
    elif industry:
        f.industry = industry
    bbox = (query.get("bbox") or "").strip()
    if bbox:
        try:
            south, west, north, east = (float(x) for x in bbox.split(","))
        except ValueError:
            errors["bbox"] = _("Give the view as south,west,north,east.")
        else:
            f.bbox = (south, west, north, east)
    return f


def _code_allowed(code: str, ranges: Iterable[str]) -> bool:
    """Whether GB/T 4754 ``code`` ("C38", "C3811") falls in one of ``ranges`` ("C13-C43",
    "C38"); an empty list allows every industry."""
    ranges = list(ranges or [])
    if not ranges:
        return True
    for item in ranges:
        low, _sep, high = str(item).upper().partition("-")
        high = high or low
        if low[:1] != code[:1]:
            continue
        width = len(low)
        head = code[:width]
        if len(head) == width and low <= head <= high[:width].ljust(width, "9"):
            return True
    return False


def _common(qs: QuerySet[Any], f: PublicFilter, area_field: str) -> QuerySet[Any]:
    qs = qs.filter(status__in=PUBLIC_STATUSES)
    if f.county:
        qs = qs.filter(in_regions(f.county))
    if f.area_min is not None:
        qs = qs.filter(**{f"{area_field}__gte": f.area_min})
    if f.area_max is not None:
        qs = qs.filter(**{f"{area_field}__lte": f.area_max})
    if f.available_by is not None:
        qs = qs.filter(Q(available_on__isnull=True) | Q(available_on__lte=f.available_by))
    if f.bbox is not None:
        south, west, north, east = f.bbox
        qs = qs.filter(lat__gte=south, lat__lte=north, lng__gte=west, lng__lte=east)
    return qs


def public_parcels(f: PublicFilter) -> QuerySet[Parcel]:
    if f.site_type and f.site_type != "land":
        return Parcel.objects.none()
    qs = _common(Parcel.objects.all(), f, "area_m2")
    if f.price_max is not None:
        qs = qs.filter(price_per_mu__lte=f.price_max)
    if f.power_min is not None:
        qs = qs.filter(park__utilities__power_kva__gte=float(f.power_min))
    if f.industry:
        industry = f.industry
        qs = admitting(qs, lambda ranges: _code_allowed(industry, ranges))
    return qs.select_related("park", "region")


def public_buildings(f: PublicFilter) -> QuerySet[Building]:
    if f.site_type == "land":
        return Building.objects.none()
    qs = _common(Building.objects.all(), f, "floor_area_m2")
    if f.site_type:
        qs = qs.filter(kind=f.site_type)
    if f.rent_max is not None:
        qs = qs.filter(rent_per_m2_month__lte=f.rent_max)
    if f.power_min is not None:
        qs = qs.filter(power_kva__gte=f.power_min)
    return qs.select_related("park", "region")


def public_parks(f: PublicFilter) -> QuerySet[Park]:
    """Parks, in the county chosen; the other filters are about parcels and buildings."""
    qs = Park.objects.all()
    if f.county:
        qs = qs.filter(in_region(f.county))
    if f.bbox is not None:
        south, west, north, east = f.bbox
        qs = qs.filter(lat__gte=south, lat__lte=north, lng__gte=west, lng__lte=east)
    return qs.select_related("region")


def capped_count(qs: QuerySet[Any]) -> tuple[int, bool]:
    """How many rows ``qs`` has, counted up to ``COUNT_LIMIT``, and whether it has more."""
    n = qs.order_by()[: COUNT_LIMIT + 1].count()
    return min(n, COUNT_LIMIT), n > COUNT_LIMIT


def _point(lat: Any, lng: Any) -> list[float]:
    """A stored WGS 84 point in the tile service's system (callers exclude empty ones)."""
    lat, lng = from_wgs84(float(lat), float(lng), settings.MAP_TILES_COORDS)
    return [round(lat, 5), round(lng, 5)]


def _outline(geometry: Any) -> list[list[list[float]]] | None:
    """A park's GeoJSON Polygon as rings of [lat, lng] in the tile service's system."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Polygon":
        return None
    rings = []
    for ring in geometry.get("coordinates") or []:
        rings.append([_point(float(p[1]), float(p[0])) for p in ring])
    return rings


def map_json(f: PublicFilter) -> dict[str, Any]:
    """The map's data for one view: the sites' points, the parks' outlines, whether the
    answer was cut at ``MAP_LIMIT``."""
    sites: list[list[Any]] = []
    outlines: list[list[Any]] = []
    for park in (
        public_parks(f)
        .exclude(lat__isnull=True)
        .only("pk", "lat", "lng", "name_en", "name_zh_hans", "name_zh_hant", "outline", "region")
    ):
        sites.append(["k", park.pk, *_point(park.lat, park.lng), park.name])
        rings = _outline(park.outline)
        if rings:
            outlines.append([park.pk, rings])
    # Read no more than the answer can hold (one more, to know it was cut).
    room = max(0, MAP_LIMIT + 1 - len(sites))
    parcels = public_parcels(f).exclude(lat__isnull=True)
    for pk, lat, lng, number in parcels.values_list("pk", "lat", "lng", "number")[:room]:
        sites.append(["p", pk, *_point(lat, lng), number])
    room = max(0, MAP_LIMIT + 1 - len(sites))
    buildings = public_buildings(f).exclude(lat__isnull=True)
    for pk, lat, lng, code in buildings.values_list("pk", "lat", "lng", "code")[:room]:
        sites.append(["b", pk, *_point(lat, lng), code])
    truncated = len(sites) > MAP_LIMIT
    return {"sites": sites[:MAP_LIMIT], "outlines": outlines, "truncated": truncated}
