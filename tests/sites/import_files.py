"""Files for the site import's tests, built in memory."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl

from zhaoshang.sites.imports.pipeline import sites_import
from zhaoshang.sites.imports.report import SiteImportReport

# A square of about 100 m × 110 m near the centre of Sihui, as [lng, lat] pairs.
SQUARE = [[112.73, 23.33], [112.731, 23.33], [112.731, 23.331], [112.73, 23.331], [112.73, 23.33]]


def csv_bytes(*rows: list[Any]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(*rows: list[Any]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def feature(properties: dict[str, Any] | None, geometry: dict[str, Any] | None) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def polygon(ring: list[list[float]] = SQUARE) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [ring]}


def point(lng: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lng, lat]}


def geojson_bytes(*features: dict[str, Any]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def run(data: bytes, name: str = "sites.csv", **options: Any) -> SiteImportReport:
    options.setdefault("kind", "parcel")
    return sites_import(actor=None, stream=io.BytesIO(data), filename=name, **options)


def reasons(report: SiteImportReport) -> list[tuple[int, str, str]]:
    """(place, column, reason) of each problem."""
    return [(p.place, p.column, p.reason) for p in report.problems]
