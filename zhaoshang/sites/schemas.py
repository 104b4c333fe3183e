"""The inventory API's shapes. Every input is bounded (``core.api_types``); the services
check the rest and answer 422 naming the field.

One input schema per kind serves create (POST) and change (PATCH): what is sent is set,
what is left out is kept; null clears a field that may be empty. Coordinates are WGS 84
unless ``coords_system`` says GCJ-02 or BD-09; areas in m² (a parcel's may be sent in mu);
money in yuan.

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from zhaoshang.core.api_types import Amount, Code, Id, Lines, Name

Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Ratio = Annotated[Decimal, Field(ge=Decimal(0), max_digits=5, decimal_places=2)]
Small = Annotated[int, Field(ge=0, le=32767)]
Measure = Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)]
Status = Literal["available", "reserved", "negotiating", "transferred", "withdrawn"]
LandUseCode = Literal["0601", "0602", "0604", "05"]
Kind = Literal["factory", "warehouse", "office"]
CoordSystemName = Literal["wgs84", "gcj02", "bd09"]
Position = Annotated[list[float], Field(min_length=2, max_length=3)]


class Polygon(Schema):
    """A GeoJSON Polygon geometry: rings of [longitude, latitude]."""

    type: Literal["Polygon"]
    coordinates: list[Annotated[list[Position], Field(max_length=2000)]] = Field(
        ..., min_length=1, max_length=20
    )


class Utilities(Schema):
    power_kva: Measure | None = None
    substations: Small | None = None
    water_t_day: Measure | None = None
    gas: bool | None = None
    steam: bool | None = None
    wastewater_t_day: Measure | None = None


class Distance(Schema):
    place: Name
    km: Measure | None = None
    minutes: Measure | None = None


class _Common(Schema):
    region: Code | None = Field(None, description="county code (GB/T 2260), e.g. 441284")
    lat: Latitude | None = None
    lng: Longitude | None = None
    coords_system: CoordSystemName = "wgs84"
    description_en: Lines | None = None
    description_zh_hans: Lines | None = None
    description_zh_hant: Lines | None = None
    notes: Lines | None = None
    is_demo: bool | None = None


class ParkIn(_Common):
    slug: Code | None = None
    name_en: Name | None = None
    name_zh_hans: Name | None = None
    name_zh_hant: Name | None = None
    outline: Polygon | None = None
    managing_body: Name | None = None
    contact_phone: Code | None = None
    contact_email: Name | None = None
    utilities: Utilities | None = None
    distances: list[Distance] | None = Field(None, max_length=50)


class _Site(_Common):
    park: Code | None = Field(None, description="the park's slug")
    status: Status | None = None
    status_note: Lines | None = None
    available_on: datetime.date | None = None


class ParcelIn(_Site):
    number: Code | None = None
    area_m2: Amount | None = None
    area_mu: Amount | None = None
    land_use: LandUseCode | None = None
    industries_allowed: list[Code] | None = Field(
        None, max_length=50, description="GB/T 4754 ranges, e.g. C13..C43 or C13-C43"
    )
    plot_ratio_min: Ratio | None = None
    plot_ratio_max: Ratio | None = None
    building_density_min: Ratio | None = None
    building_density_max: Ratio | None = None
    green_ratio_max: Ratio | None = None
    height_limit_m: Amount | None = None
    min_investment_per_mu: Amount | None = None
    min_tax_per_mu: Amount | None = None
    price_per_mu: Amount | None = None
    tenure_years: Small | None = None
    outline: Polygon | None = None


class BuildingIn(_Site):
    code: Code | None = None
    kind: Kind | None = None
    floor_area_m2: Amount | None = None
    floors: Small | None = None
    area_per_floor_m2: Amount | None = None
    ceiling_height_m: Ratio | None = None
    floor_load_kn_m2: Ratio | None = None
    column_spacing_m: Code | None = None
    crane_tonnes: Ratio | None = None
    power_kva: Amount | None = None
    rent_per_m2_month: Amount | None = None
    sale_price: Amount | None = None
    smallest_unit_m2: Amount | None = None


class _Out(Schema):
    id: int
    region: str
    lat: float | None
    lng: float | None
    description_en: str
    description_zh_hans: str
    description_zh_hant: str
    is_demo: bool

    @staticmethod
    def resolve_region(obj: Any) -> str:
        return str(obj.region_id)


class ParkOut(_Out):
    slug: str
    name_en: str
    name_zh_hans: str
    name_zh_hant: str
    outline: dict[str, Any] | None
    managing_body: str
    contact_phone: str
    contact_email: str
    utilities: dict[str, Any]
    distances: list[dict[str, Any]]


class _SiteOut(_Out):
    park: str | None
    status: str
    available_on: datetime.date | None

    @staticmethod
    def resolve_park(obj: Any) -> str | None:
        return obj.park.slug if obj.park_id else None


class ParcelOut(_SiteOut):
    number: str
    area_m2: Decimal
    area_mu: Decimal
    land_use: str
    industries_allowed: list[str]
    plot_ratio_min: Decimal | None
    plot_ratio_max: Decimal | None
    building_density_min: Decimal | None
    building_density_max: Decimal | None
    green_ratio_max: Decimal | None
    height_limit_m: Decimal | None
    min_investment_per_mu: Decimal | None
    min_tax_per_mu: Decimal | None
    price_per_mu: Decimal | None
    tenure_years: int | None
    outline: dict[str, Any] | None


class BuildingOut(_SiteOut):
    code: str
    kind: str
    floor_area_m2: Decimal
    floors: int | None
    area_per_floor_m2: Decimal | None
    ceiling_height_m: Decimal | None
    floor_load_kn_m2: Decimal | None
    column_spacing_m: str
    crane_tonnes: Decimal | None
    power_kva: Decimal | None
    rent_per_m2_month: Decimal | None
    sale_price: Decimal | None
    smallest_unit_m2: Decimal | None


class SiteFilterIn(Schema):
    region: Code = ""
    kind: Literal["", "parcel", "building", "factory", "warehouse", "office"] = ""
    area_min: Amount | None = None
    area_max: Amount | None = None
    power_min: Amount | None = None
    price_max: Amount | None = None
    available_by: datetime.date | None = None
    industry: Code = Field("", description="a GB/T 4754 class the site must allow, e.g. C3811")
    status: list[Status] = Field([], max_length=5, description="default: the offered ones")
    park: Code = Field("", description="a park's slug")


class SitePath(Schema):
    site_id: Id


class SiteExportIn(SiteFilterIn):
    format: Literal["geojson", "xlsx"] = Field(
        "geojson", description="geojson (a FeatureCollection, WGS 84) or xlsx"
    )
