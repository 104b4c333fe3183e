"""Reads of the inventory: parcels and buildings by the filters the public list, the map,
the officers' list, the API and the exports share (``SiteFilter``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from zhaoshang.registry.models import Region
from zhaoshang.registry.selectors import in_region
from zhaoshang.rules.codes import IndustryRange
from zhaoshang.sites.models import MU_M2, Building, Parcel, Park, SiteStatus, StatusChange

# What the public sees: a site that is offered (not transferred or withdrawn).
OFFERED = (SiteStatus.AVAILABLE, SiteStatus.RESERVED, SiteStatus.NEGOTIATING)


@dataclass(frozen=True)
class SiteFilter:
    """Each filter narrows; None (or "") leaves it out.

    - ``kind``: "parcel", "building" or one of the building kinds (factory, warehouse,
      office); the selectors of the other kind return nothing for it;
    - ``region``: a region code at any level (county, prefecture, province);
    - ``area_min`` / ``area_max``: m² (a parcel's area, a building's floor area);
    - ``power_min``: kVA (buildings; parcels do not record power and are left out);
    - ``price_max``: yuan per mu for parcels, rent per m² and month for buildings;
    - ``available_by``: available on that date at the latest (no date = now);
    - ``industry``: a GB/T 4754 class (``C3811`` or ``3811``) the site must allow
      (buildings allow any; parcels with no list allow any);
    - ``statuses``: the statuses shown (the public sees the offered ones).
    """

    kind: str = ""
    region: str = ""
    area_min: Decimal | None = None
    area_max: Decimal | None = None
    power_min: Decimal | None = None
    price_max: Decimal | None = None
    available_by: datetime.date | None = None
    industry: str = ""
    statuses: tuple[str, ...] = OFFERED
    park: int | None = None
    demo: bool | None = None


def in_regions(code: str) -> Q:
    """Sites in the region ``code`` at any level (``registry.selectors.in_region``), as an
    indexed ``IN`` of its counties' codes rather than joins up the region tree, which
    the databases cannot answer from the sites' region index."""
    counties = Region.objects.filter(in_region(code, field="parent") | Q(code=code))
    return Q(region_id__in=list(counties.values_list("code", flat=True)))


def _common(where: SiteFilter) -> Q:
    q = Q()
    if where.region:
        q &= in_regions(region_code(where.region))
    if where.statuses:
        q &= Q(status__in=where.statuses)
    if where.available_by is not None:
        q &= Q(available_on__isnull=True) | Q(available_on__lte=where.available_by)
    if where.park is not None:
        q &= Q(park_id=where.park)
    if where.demo is not None:
        q &= Q(is_demo=where.demo)
    return q


def region_code(code: str) -> str:
    """A region code as the registry keys it: ``4412`` and ``44`` are ``441200``, ``440000``."""
    code = code.strip()
    return code.ljust(6, "0") if code.isdigit() and len(code) in (2, 4) else code


def industry_class(code: str) -> str:
    """The four digits of a GB/T 4754 class written ``C3811`` or ``3811``; "" if it is not
    one."""
    digits = code.strip().upper().lstrip("ABCDEFGHIJKLMNOPQRST")
    return digits if len(digits) == 4 and digits.isdigit() else ""


def allows_industry(ranges: list[str], code: str) -> bool:
    """A parcel's ``industries_allowed`` admits the class ``code`` (an empty list admits
    any)."""
    if not ranges:
        return True
    digits = industry_class(code)
    for text in ranges:
        try:
            if IndustryRange.parse(text).contains(digits):
                return True
        except ValueError:
            continue
    return False


def parcels_filtered(where: SiteFilter) -> QuerySet[Parcel]:
    if where.kind and where.kind != "parcel":
        return Parcel.objects.none()
    if where.power_min is not None:
        return Parcel.objects.none()
    rows = Parcel.objects.select_related("region", "park").filter(_common(where))
    if where.area_min is not None:
        rows = rows.filter(area_m2__gte=where.area_min)
    if where.area_max is not None:
        rows = rows.filter(area_m2__lte=where.area_max)
    if where.price_max is not None:
        rows = rows.filter(price_per_mu__lte=where.price_max)
    if where.industry:
        rows = _allowing(rows, where.industry)
    return rows.order_by("number")


def _allowing(rows: QuerySet[Parcel], code: str) -> QuerySet[Parcel]:
    digits = industry_class(code)
    if not digits:
        return rows.none()
    return admitting(rows, lambda ranges: allows_industry(ranges, digits))


# More distinct lists of industries than this among the parcels filtered, and they are
# checked parcel by parcel instead.
DISTINCT_LISTS = 200


def admitting(rows: QuerySet[Parcel], admits: Callable[[list[str]], bool]) -> QuerySet[Parcel]:
    """The parcels of ``rows`` whose ``industries_allowed`` ``admits`` (an empty list
    admits any industry). Parcels share a few lists (a park's, a zone's), so each distinct
    list is judged once in Python and the parcels are selected by their list in SQL, on
    the side that names fewer lists; with many distinct lists, by id."""
    listing = rows.exclude(industries_allowed=[]).order_by().values_list("industries_allowed")
    distinct = list(listing.distinct()[: DISTINCT_LISTS + 1])
    if len(distinct) > DISTINCT_LISTS:
        admitted = [
            pk
            for pk, ranges in rows.exclude(industries_allowed=[])
            .order_by()
            .values_list("pk", "industries_allowed")
            .iterator(chunk_size=5000)
            if admits(ranges)
        ]
        return rows.filter(Q(industries_allowed=[]) | Q(pk__in=admitted))
    judged = [(ranges, admits(ranges)) for (ranges,) in distinct]
    yes = [ranges for ranges, ok in judged if ok]
    no = [ranges for ranges, ok in judged if not ok]
    if len(no) <= len(yes):
        refused = Q()
        for ranges in no:
            refused |= Q(industries_allowed=ranges)
        return rows.exclude(refused) if no else rows
    allowed = Q(industries_allowed=[])
    for ranges in yes:
        allowed |= Q(industries_allowed=ranges)
    return rows.filter(allowed)


def buildings_filtered(where: SiteFilter) -> QuerySet[Building]:
    if where.kind == "parcel":
        return Building.objects.none()
    rows = Building.objects.select_related("region", "park").filter(_common(where))
    if where.kind and where.kind != "building":
        rows = rows.filter(kind=where.kind)
    if where.area_min is not None:
        rows = rows.filter(floor_area_m2__gte=where.area_min)
    if where.area_max is not None:
        rows = rows.filter(floor_area_m2__lte=where.area_max)
    if where.power_min is not None:
        rows = rows.filter(power_kva__gte=where.power_min)
    if where.price_max is not None:
        rows = rows.filter(rent_per_m2_month__lte=where.price_max)
    return rows.order_by("code")


def parks_filtered(where: SiteFilter) -> QuerySet[Park]:
    rows = Park.objects.select_related("region")
    if where.region:
        rows = rows.filter(in_region(region_code(where.region)))
    if where.demo is not None:
        rows = rows.filter(is_demo=where.demo)
    return rows.order_by("slug")


def status_history(site: Parcel | Building) -> QuerySet[StatusChange]:
    """Officers only."""
    field = "parcel" if isinstance(site, Parcel) else "building"
    return StatusChange.objects.filter(**{field: site}).select_related("actor")


def mu_to_m2(mu: Decimal) -> Decimal:
    return (mu * MU_M2).quantize(Decimal("0.01"))
