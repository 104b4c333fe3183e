"""The public pages of the inventory: the map and list (/<lang>/sites/), the map's data
and a page per park, parcel and building. Thin: read the filters, ask map_data, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from zhaoshang.registry.models import Region
from zhaoshang.sites.models import Building, Parcel, Park
from zhaoshang.sites.web import map_data

# The counties offered in the filter and drawn on the map: those of the prefectures the
# center serves (Zhaoqing by default).
SERVED_PREFECTURES = ("441200",)


def _counties() -> list[Region]:
    return list(Region.objects.filter(parent_id__in=SERVED_PREFECTURES, level=Region.Level.COUNTY))


def _map_context(request: HttpRequest, query: str) -> dict[str, Any]:
    counties = [
        {"code": c.code, "name": c.name, "lat": c.latitude, "lng": c.longitude}
        for c in _counties()
        if c.latitude is not None and c.longitude is not None
    ]
    for county in counties:
        county["lat"], county["lng"] = map_data._point(county["lat"], county["lng"])
    return {
        "map_config": {
            "data": reverse("sites-map-json") + (f"?{query}" if query else ""),
            "detail": reverse("sites-public-list"),
            "tiles": settings.MAP_TILES_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
            "counties": counties,
        },
    }


@require_safe
def site_list(request: HttpRequest) -> HttpResponse:
    f = map_data.public_filter(request.GET)
    parcels = map_data.public_parcels(f)
    buildings = map_data.public_buildings(f)
    query = urlencode(f.query_items())
    parks = [] if f.site_type else list(map_data.public_parks(f)[: map_data.LIST_LIMIT + 1])
    parcel_count, more_parcels = map_data.capped_count(parcels)
    building_count, more_buildings = map_data.capped_count(buildings)
    context = {
        "filter": f,
        "parcels": parcels[: map_data.LIST_LIMIT],
        "parcel_count": parcel_count,
        "more_parcels": more_parcels,
        "buildings": buildings[: map_data.LIST_LIMIT],
        "building_count": building_count,
        "more_buildings": more_buildings,
        "parks": [(park, park.name) for park in parks[: map_data.LIST_LIMIT]],
        "more_parks": len(parks) > map_data.LIST_LIMIT,
        "list_limit": map_data.LIST_LIMIT,
        "counties": _counties(),
        "site_types": [
            ("land", _("land")),
            ("factory", Building.Kind.FACTORY.label),
            ("warehouse", Building.Kind.WAREHOUSE.label),
            ("office", Building.Kind.OFFICE.label),
        ],
        **_map_context(request, query),
    }
    return render(request, "sites/public/list.html", context)


@require_safe
def map_json(request: HttpRequest) -> JsonResponse:
    f = map_data.public_filter(request.GET)
    if f.errors:
        return JsonResponse({"errors": f.errors}, status=400)
    return JsonResponse(
        map_data.map_json(f), json_dumps_params={"separators": (",", ":"), "ensure_ascii": False}
    )


def _enquiry_url(kind: str, reference: str) -> str:
    return reverse("portal-enquiry") + "?" + urlencode({"site": f"{kind}:{reference}"})


@require_safe
def park_detail(request: HttpRequest, pk: int) -> HttpResponse:
    park = get_object_or_404(Park.objects.select_related("region"), pk=pk)
    f = map_data.PublicFilter()
    parcels = map_data.public_parcels(f).filter(park=park)
    buildings = map_data.public_buildings(f).filter(park=park)
    return render(
        request,
        "sites/public/park.html",
        {
            "park": park,
            "name": park.name,
            "parcels": parcels,
            "buildings": buildings,
            "photos": park.photos.all(),
            "enquiry_url": _enquiry_url("park", park.slug),
            **_detail_map(park.lat, park.lng, "k", park.pk),
        },
    )


@require_safe
def parcel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    parcel = get_object_or_404(Parcel.objects.select_related("park", "region"), pk=pk)
    if parcel.status not in map_data.PUBLIC_STATUSES:
        raise Http404
    return render(
        request,
        "sites/public/parcel.html",
        {
            "parcel": parcel,
            "park_name": parcel.park.name if parcel.park else "",
            "photos": parcel.photos.all(),
            "enquiry_url": _enquiry_url("parcel", parcel.number),
            **_detail_map(parcel.lat, parcel.lng, "p", parcel.pk),
        },
    )


@require_safe
def building_detail(request: HttpRequest, pk: int) -> HttpResponse:
    building = get_object_or_404(Building.objects.select_related("park", "region"), pk=pk)
    if building.status not in map_data.PUBLIC_STATUSES:
        raise Http404
    return render(
        request,
        "sites/public/building.html",
        {
            "building": building,
            "park_name": building.park.name if building.park else "",
            "photos": building.photos.all(),
            "enquiry_url": _enquiry_url("building", building.code),
            **_detail_map(building.lat, building.lng, "b", building.pk),
        },
    )


def _detail_map(lat: float | None, lng: float | None, kind: str, pk: int) -> dict[str, Any]:
    if lat is None or lng is None:
        return {"map_config": None}
    return {
        "map_config": {
            "point": [kind, pk, *map_data._point(lat, lng), ""],
            "tiles": settings.MAP_TILES_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
            "counties": [],
        }
    }
