"""Exporting the officers' filtered inventory: an XLSX workbook (a sheet of parcels, a
sheet of buildings) and GeoJSON (one FeatureCollection per kind), both streamed.

Rows are read in chunks of ``CHUNK`` by the site's key (number, code), as plain tuples, and
written as they come, so 100,000 sites take the memory of one chunk. The columns are the
fields the site services take (``services.PARCEL_FIELDS``, ``BUILDING_FIELDS``) under their
model names, so that a file exported here reads back through the import: the park as its
slug, the county as its region code, land use, kind and status as their codes, industries
allowed as the list of ranges.

- XLSX: the headers are the fields' names in the officer's language; numbers and dates are
  numbers and dates; every text goes through ``core.spreadsheets`` (never a formula). The
  outline is not in the workbook (a cell cannot hold a large one): GeoJSON carries it.
- GeoJSON (RFC 7946, WGS 84, longitude first): the outline as a Polygon where there is one,
  else the position as a Point, else no geometry; properties under the model field names,
  numbers as JSON numbers, dates as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from zhaoshang.core.spreadsheets import xlsx_row
from zhaoshang.sites.models import Building, Parcel

CHUNK = 2000

# The columns of each kind, in order: model field names (``park`` is the park's slug,
# ``region`` the county's code). The key comes first.
PARCEL_COLUMNS = (
    "number",
    "park",
    "region",
    "area_m2",
    "land_use",
    "industries_allowed",
    "plot_ratio_min",
    "plot_ratio_max",
    "building_density_min",
    "building_density_max",
    "green_ratio_max",
    "height_limit_m",
    "min_investment_per_mu",
    "min_tax_per_mu",
    "price_per_mu",
    "tenure_years",
    "status",
    "available_on",
    "lat",
    "lng",
    "description_en",
    "description_zh_hans",
    "description_zh_hant",
    "notes",
    "is_demo",
)
BUILDING_COLUMNS = (
    "code",
    "park",
    "region",
    "kind",
    "floor_area_m2",
    "floors",
    "area_per_floor_m2",
    "ceiling_height_m",
    "floor_load_kn_m2",
    "column_spacing_m",
    "crane_tonnes",
    "power_kva",
    "rent_per_m2_month",
    "sale_price",
    "smallest_unit_m2",
    "status",
    "available_on",
    "lat",
    "lng",
    "description_en",
    "description_zh_hans",
    "description_zh_hant",
    "notes",
    "is_demo",
)


def _columns(model: type[Parcel] | type[Building]) -> tuple[str, ...]:
    return PARCEL_COLUMNS if model is Parcel else BUILDING_COLUMNS


def _lookup(name: str) -> str:
    """The ``values_list`` lookup of a column."""
    return {"park": "park__slug", "region": "region_id"}.get(name, name)


def site_rows(
    sites: QuerySet[Parcel] | QuerySet[Building], *, outline: bool = False
) -> Iterator[tuple[Any, ...]]:
    """Every site of ``sites`` as a tuple of its columns (and its outline last when asked),
    in the order of its key, one query per ``CHUNK`` rows (keyset: the key is unique)."""
    model = sites.model
    columns = _columns(model)
    key = columns[0]
    lookups = [_lookup(c) for c in columns] + (["outline"] if outline else [])
    base = sites.order_by(key).values_list(*lookups)
    last: str | None = None
    while True:
        page = base if last is None else base.filter(**{f"{key}__gt": last})
        chunk = list(page[:CHUNK])
        if not chunk:
            return
        last = chunk[-1][0]
        yield from chunk


def header(model: type[Parcel] | type[Building]) -> list[str]:
    """The column headers in the active language: the fields' own names, the park and the
    county said to be given by slug and code."""
    names = []
    for column in _columns(model):
        if column == "park":
            names.append(_("Park (slug)"))
        elif column == "region":
            names.append(_("County (region code)"))
        else:
            field = model._meta.get_field(column)
            names.append(capfirst(str(getattr(field, "verbose_name", column))))
    return names


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def write_xlsx(kinds: Sequence[QuerySet[Parcel] | QuerySet[Building]], out: IO[bytes]) -> list[int]:
    """The workbook, a sheet per queryset (parcels, buildings), written in openpyxl's
    write-only mode (rows are not kept); return how many sites each sheet holds."""
    from openpyxl import Workbook  # imported by an export, not by every process

    book = Workbook(write_only=True)
    counts = []
    for sites in kinds:
        title = _("Land parcels") if sites.model is Parcel else _("Buildings")
        sheet = book.create_sheet(title[:31])
        sheet.append(xlsx_row(sheet, header(sites.model)))
        n = 0
        for row in site_rows(sites):
            sheet.append(xlsx_row(sheet, [_cell(v) for v in row]))
            n += 1
        counts.append(n)
    book.save(out)
    return counts


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _geometry(outline: Any, lat: float | None, lng: float | None) -> dict[str, Any] | None:
    if (
        isinstance(outline, dict)
        and outline.get("type") == "Polygon"
        and outline.get("coordinates")
    ):
        return {"type": "Polygon", "coordinates": outline["coordinates"]}
    if lat is not None and lng is not None:
        return {"type": "Point", "coordinates": [lng, lat]}
    return None


def feature(columns: Sequence[str], row: Sequence[Any], outline: Any = None) -> dict[str, Any]:
    """One site (a row of ``site_rows``) as a GeoJSON Feature."""
    properties = {name: _json_value(value) for name, value in zip(columns, row, strict=False)}
    return {
        "type": "Feature",
        "geometry": _geometry(outline, properties["lat"], properties["lng"]),
        "properties": properties,
    }


def geojson_chunks(sites: QuerySet[Parcel] | QuerySet[Building]) -> Iterator[bytes]:
    """The FeatureCollection in pieces of about ``CHUNK`` features (UTF-8)."""
    columns = _columns(sites.model)
    outlined = sites.model is Parcel  # buildings have a position only
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    yield b'{"type":"FeatureCollection","features":['
    pieces: list[str] = []
    first = True
    for row in site_rows(sites, outline=outlined):
        shown = feature(columns, row, row[-1] if outlined else None)
        pieces.append(("" if first else ",") + dumps(shown))
        first = False
        if len(pieces) >= CHUNK:
            yield "".join(pieces).encode()
            pieces = []
    yield ("".join(pieces) + "]}").encode()
