"""Inventory endpoints under /api/sites/: parks, parcels and buildings — list with the
filters of the public list, read, create, change. The services check every value and a
refusal answers 422 with the reasons by field. Matches and holds are in ``matching/api.py``.

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

import tempfile
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from zhaoshang.core.api_errors import validation_detail
from zhaoshang.core.api_types import Pagination, responses
from zhaoshang.core.permissions import api_require
from zhaoshang.sites import exporting, selectors, services
from zhaoshang.sites.models import Building, Parcel, Park
from zhaoshang.sites.schemas import (
    BuildingIn,
    BuildingOut,
    ParcelIn,
    ParcelOut,
    ParkIn,
    ParkOut,
    SiteExportIn,
    SiteFilterIn,
    SitePath,
)

router = Router(tags=["sites: inventory"])


def _invalid(exc: ValidationError) -> Status:
    return Status(422, {"detail": validation_detail(exc), "errors": exc.message_dict})


def _where(filters: SiteFilterIn) -> selectors.SiteFilter | None:
    park = None
    if filters.park:
        park = Park.objects.filter(slug=filters.park).values_list("pk", flat=True).first()
        if park is None:
            return None
    return selectors.SiteFilter(
        kind=filters.kind,
        region=filters.region,
        area_min=filters.area_min,
        area_max=filters.area_max,
        power_min=filters.power_min,
        price_max=filters.price_max,
        available_by=filters.available_by,
        industry=filters.industry,
        statuses=tuple(filters.status) or selectors.OFFERED,
        park=park,
    )


def _export(
    filters: SiteExportIn, sites: QuerySet[Parcel] | QuerySet[Building], kind: str
) -> HttpResponseBase:
    """The sites as a streamed GeoJSON FeatureCollection or an XLSX workbook (spooled to a
    temporary file, not kept in memory)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if filters.format == "xlsx":
        spool = tempfile.TemporaryFile()  # noqa: SIM115
        exporting.write_xlsx([sites], spool)
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=f"{kind}-{stamp}.xlsx")
    response = StreamingHttpResponse(
        exporting.geojson_chunks(sites), content_type="application/geo+json"
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.geojson"'
    return response


EXPORT_CONTENT = {
    "responses": {
        200: {
            "description": "The file",
            "content": {
                "application/geo+json": {"schema": {"type": "object"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    }
}


def _values(payload: ParkIn | ParcelIn | BuildingIn) -> dict[str, Any]:
    values = payload.dict(exclude_unset=True)
    if isinstance(values.get("utilities"), dict):
        values["utilities"] = {k: v for k, v in values["utilities"].items() if v is not None}
    if isinstance(values.get("distances"), list):
        values["distances"] = [
            {k: v for k, v in item.items() if v is not None} for item in values["distances"]
        ]
    return values


@router.get("/parks", response=responses({200: list[ParkOut]}, 403, 422), summary="Parks, filtered")
@paginate(Pagination)
def park_list(request: HttpRequest, filters: Query[SiteFilterIn]) -> Any:
    api_require(request, "sites.view_park")
    return selectors.parks_filtered(selectors.SiteFilter(region=filters.region))


@router.get(
    "/parks/{site_id}", response=responses({200: ParkOut}, 403, 404, 422), summary="One park"
)
def park_detail(request: HttpRequest, path: Path[SitePath]) -> Any:
    api_require(request, "sites.view_park")
    return get_object_or_404(Park.objects.select_related("region"), pk=path.site_id)


@router.post("/parks", response=responses({201: ParkOut}, 400, 403, 422), summary="Add a park")
def park_create(request: HttpRequest, payload: ParkIn) -> Any:
    user = api_require(request, "sites.add_park")
    try:
        return Status(201, services.park_save(actor=user, values=_values(payload)))
    except ValidationError as exc:
        return _invalid(exc)


@router.patch(
    "/parks/{site_id}",
    response=responses({200: ParkOut}, 400, 403, 404, 422),
    summary="Change a park (the fields sent)",
)
def park_update(request: HttpRequest, path: Path[SitePath], payload: ParkIn) -> Any:
    user = api_require(request, "sites.change_park")
    park = get_object_or_404(Park, pk=path.site_id)
    try:
        return services.park_save(actor=user, park=park, values=_values(payload))
    except ValidationError as exc:
        return _invalid(exc)


@router.get(
    "/parcels",
    response=responses({200: list[ParcelOut]}, 403, 422),
    summary="Land parcels, filtered (the offered ones unless status says)",
)
@paginate(Pagination)
def parcel_list(request: HttpRequest, filters: Query[SiteFilterIn]) -> Any:
    api_require(request, "sites.view_parcel")
    where = _where(filters)
    return Parcel.objects.none() if where is None else selectors.parcels_filtered(where)


@router.get(
    "/parcels/export",
    response=responses({}, 403, 422),
    summary="Land parcels, filtered as the list, as GeoJSON or XLSX",
    openapi_extra=EXPORT_CONTENT,
)
def parcel_export(request: HttpRequest, filters: Query[SiteExportIn]) -> Any:
    api_require(request, "sites.import_sites")
    where = _where(filters)
    return _export(
        filters,
        Parcel.objects.none() if where is None else selectors.parcels_filtered(where),
        "parcels",
    )


@router.get(
    "/parcels/{site_id}",
    response=responses({200: ParcelOut}, 403, 404, 422),
    summary="One land parcel",
)
def parcel_detail(request: HttpRequest, path: Path[SitePath]) -> Any:
    api_require(request, "sites.view_parcel")
    return get_object_or_404(Parcel.objects.select_related("region", "park"), pk=path.site_id)


@router.post(
    "/parcels", response=responses({201: ParcelOut}, 400, 403, 422), summary="Add a land parcel"
)
def parcel_create(request: HttpRequest, payload: ParcelIn) -> Any:
    user = api_require(request, "sites.add_parcel")
    try:
        return Status(201, services.parcel_save(actor=user, values=_values(payload)))
    except ValidationError as exc:
        return _invalid(exc)


@router.patch(
    "/parcels/{site_id}",
    response=responses({200: ParcelOut}, 400, 403, 404, 422),
    summary="Change a land parcel (the fields sent; a new status is kept in its history)",
)
def parcel_update(request: HttpRequest, path: Path[SitePath], payload: ParcelIn) -> Any:
    user = api_require(request, "sites.change_parcel")
    parcel = get_object_or_404(Parcel, pk=path.site_id)
    try:
        return services.parcel_save(actor=user, parcel=parcel, values=_values(payload))
    except ValidationError as exc:
        return _invalid(exc)


@router.get(
    "/buildings",
    response=responses({200: list[BuildingOut]}, 403, 422),
    summary="Buildings, filtered (the offered ones unless status says)",
)
@paginate(Pagination)
def building_list(request: HttpRequest, filters: Query[SiteFilterIn]) -> Any:
    api_require(request, "sites.view_building")
    where = _where(filters)
    return Building.objects.none() if where is None else selectors.buildings_filtered(where)


@router.get(
    "/buildings/export",
    response=responses({}, 403, 422),
    summary="Buildings, filtered as the list, as GeoJSON or XLSX",
    openapi_extra=EXPORT_CONTENT,
)
def building_export(request: HttpRequest, filters: Query[SiteExportIn]) -> Any:
    api_require(request, "sites.import_sites")
    where = _where(filters)
    return _export(
        filters,
        Building.objects.none() if where is None else selectors.buildings_filtered(where),
        "buildings",
    )


@router.get(
    "/buildings/{site_id}",
    response=responses({200: BuildingOut}, 403, 404, 422),
    summary="One building",
)
def building_detail(request: HttpRequest, path: Path[SitePath]) -> Any:
    api_require(request, "sites.view_building")
    return get_object_or_404(Building.objects.select_related("region", "park"), pk=path.site_id)


@router.post(
    "/buildings", response=responses({201: BuildingOut}, 400, 403, 422), summary="Add a building"
)
def building_create(request: HttpRequest, payload: BuildingIn) -> Any:
    user = api_require(request, "sites.add_building")
    try:
        return Status(201, services.building_save(actor=user, values=_values(payload)))
    except ValidationError as exc:
        return _invalid(exc)


@router.patch(
    "/buildings/{site_id}",
    response=responses({200: BuildingOut}, 400, 403, 404, 422),
    summary="Change a building (the fields sent; a new status is kept in its history)",
)
def building_update(request: HttpRequest, path: Path[SitePath], payload: BuildingIn) -> Any:
    user = api_require(request, "sites.change_building")
    building = get_object_or_404(Building, pk=path.site_id)
    try:
        return services.building_save(actor=user, building=building, values=_values(payload))
    except ValidationError as exc:
        return _invalid(exc)
