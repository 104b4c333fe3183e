"""Importing parcels and buildings from CSV and XLSX: headers in English, Simplified or
Traditional Chinese or by field name; parks and counties by name; every refusal names the
line, the field and the reason and writes nothing for that row; an upsert by key, and a
second run of the same file that changes nothing."""

from __future__ import annotations

import pytest

from tests.sites.factories import building_make, parcel_make, park_make
from tests.sites.import_files import csv_bytes, reasons, run, xlsx_bytes
from zhaoshang.core.models import AuditEvent
from zhaoshang.sites.geo import coords
from zhaoshang.sites.imports.read import SiteFileError
from zhaoshang.sites.models import Building, Parcel

pytestmark = pytest.mark.django_db

HEADERS = {
    "en": ["Parcel number", "County", "Park", "Area (mu)", "Land use", "Price per mu (yuan)",
           "Latitude", "Longitude"],
    "zh-hans": ["地块编号", "县（市、区）", "园区", "面积（亩）", "用地性质", "每亩价格（元）",
                "纬度", "经度"],
    "zh-hant": ["地塊編號", "縣（市、區）", "園區", "面積（畝）", "用地性質", "每畝價格（元）",
                "緯度", "經度"],
    "names": ["number", "region", "park", "area_mu", "land_use", "price_per_mu", "lat", "lng"],
}  # fmt: skip


@pytest.mark.parametrize("language", HEADERS)
def test_headers_in_each_language_and_names_in_any_language(language):
    park = park_make(slug="sihui-ip", name_zh_hans="四会产业园", name_en="Sihui Industrial Park")
    report = run(
        csv_bytes(
            HEADERS[language],
            ["SH-A", "四会市", "四会产业园", "12", "工业用地（0601）", "150000", "23.33", "112.73"],
            ["SH-B", "Sihui City", "Sihui Industrial Park", "3", "0604", "", "23.34", "112.72"],
            ["SH-C", "441284", "sihui-ip", "5", "storage and logistics (0604)", "", "", ""],
        )
    )
    assert (report.created, report.refused) == (3, 0), reasons(report)
    a = Parcel.objects.get(number="SH-A")
    assert (a.region_id, a.park, a.land_use) == ("441284", park, "0601")
    assert str(a.area_m2) == "8000.04"
    assert str(a.price_per_mu) == "150000.00"
    assert Parcel.objects.get(number="SH-C").land_use == "0604"


def test_buildings_from_xlsx_with_a_kind_in_chinese():
    report = run(
        xlsx_bytes(
            ["楼宇编号", "县（市、区）", "类型", "建筑面积（平方米，合计）", "可用电力（千伏安）"],
            ["SHB-X", 441284, "仓库", 8000, 1250],
        ),
        name="buildings.xlsx",
        kind="building",
    )
    assert (report.created, report.refused) == (1, 0), reasons(report)
    building = Building.objects.get(code="SHB-X")
    assert (building.kind, building.floor_area_m2, building.power_kva) == ("warehouse", 8000, 1250)


def test_a_land_use_a_spreadsheet_took_for_a_number_gets_its_zero_back():
    report = run(
        xlsx_bytes(["number", "region", "area_m2", "land_use"], ["SH-N", "441284", 5000, 601]),
        name="parcels.xlsx",
    )
    assert report.created == 1, reasons(report)
    assert Parcel.objects.get(number="SH-N").land_use == "0601"


def test_upsert_by_number_changes_what_differs_and_audits_only_that():
    parcel = parcel_make(number="SH-U", price_per_mu="150000")
    other = parcel_make(number="SH-V", price_per_mu="90000")
    events = AuditEvent.objects.count()
    report = run(
        csv_bytes(
            ["number", "price_per_mu", "status"],
            ["SH-U", "160000", "available"],
            ["SH-V", "90000", "available"],
            ["SH-W-NEW", "", ""],
        )
    )
    assert (report.changed, report.unchanged, report.refused) == (1, 1, 1)
    parcel.refresh_from_db()
    assert str(parcel.price_per_mu) == "160000.00"
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("id").changes["price_per_mu"]["new"] == "160000.00"
    other.refresh_from_db()
    assert str(other.price_per_mu) == "90000.00"
    # The new number without county or area is refused on those fields, not half-created.
    assert {(p.column, p.reason) for p in report.problems if p.place == 4} == {
        ("Area (m²)", "This field is required."),
        ("County", "This field is required."),
    }
    assert not Parcel.objects.filter(number="SH-W-NEW").exists()


def test_running_the_same_file_again_changes_nothing():
    park_make(slug="sihui-ip")
    data = xlsx_bytes(
        ["number", "region", "park", "area_m2", "land_use", "industries_allowed",
         "price_per_mu", "available_on", "lat", "lng", "status"],
        ["SH-R1", "441284", "sihui-ip", 20000, "0601", "C38..C39", 152000.5, "2026-03-01",
         23.3312345, 112.7298765, "reserved"],
        ["SH-R2", "441284", "", 7500, "0604", "", "", "", "", "", ""],
    )  # fmt: skip
    first = run(data, name="parcels.xlsx", coords="gcj02")
    assert first.created == 2, reasons(first)
    before = {p.number: (p.updated_at, p.lat, p.lng) for p in Parcel.objects.all()}
    events = AuditEvent.objects.count()
    again = run(data, name="parcels.xlsx", coords="gcj02")
    assert (again.created, again.changed, again.unchanged, again.refused) == (0, 0, 2, 0)
    assert AuditEvent.objects.count() == events
    assert {p.number: (p.updated_at, p.lat, p.lng) for p in Parcel.objects.all()} == before


def test_points_in_gcj02_are_stored_in_wgs84():
    lat, lng = 23.33, 112.73
    glat, glng = coords.from_wgs84(lat, lng, "gcj02")
    run(
        csv_bytes(["number", "region", "area_m2", "lat", "lng"],
                  ["SH-G", "441284", "100", glat, glng]),
        coords="gcj02",
    )  # fmt: skip
    parcel = Parcel.objects.get(number="SH-G")
    assert parcel.lat is not None
    assert parcel.lng is not None
    assert coords.distance_m(parcel.lat, parcel.lng, lat, lng) < 1
    assert coords.distance_m(glat, glng, lat, lng) > 100  # the offset was real


BAD_ROWS = [
    (["SH-1", "441284", "100", "0601", "", "40.7", "-74.0"], "Latitude",
     "The point is outside China."),
    (["SH-1", "441284", "100", "0601", "", "23.35", "116.68"], "Latitude",
     "The point is outside Sihui City."),
    (["SH-1", "441284", "0", "0601", "", "", ""], "Area (m²)",
     "The area must be more than zero."),
    (["SH-1", "441284", "100", "0601", "-5", "", ""], "Price per mu (yuan)",
     "The number cannot be negative."),
    (["SH-1", "441284", "100", "0701", "", "", ""], "Land use",
     "“0701” is not one of: 05, 0601, 0602, 0604."),
    (["SH-1", "Atlantis", "100", "0601", "", "", ""], "County",
     "There is no county “Atlantis”: give its code or its name."),
]  # fmt: skip


@pytest.mark.parametrize(("row", "column", "reason"), BAD_ROWS)
def test_each_bad_row_is_refused_naming_line_field_and_reason(row, column, reason):
    header = ["Parcel number", "County", "Area (m²)", "Land use", "Price per mu (yuan)",
              "Latitude", "Longitude"]  # fmt: skip
    good = ["SH-OK", "441284", "100", "0601", "", "", ""]
    report = run(csv_bytes(header, good, row))
    assert (report.created, report.refused) == (1, 1)
    assert (3, column, reason) in reasons(report)
    assert not Parcel.objects.filter(number="SH-1").exists()


def test_a_self_crossing_outline_in_a_cell_is_refused():
    bow_tie = '{"type": "Polygon", "coordinates": [[[112.73, 23.33], [112.74, 23.34], [112.74, 23.33], [112.73, 23.34], [112.73, 23.33]]]}'  # noqa: E501
    report = run(
        csv_bytes(["number", "region", "area_m2", "outline"], ["SH-X", "441284", "100", bow_tie])
    )
    ((place, column, reason),) = reasons(report)
    assert (place, column) == (2, "outline")
    assert reason.startswith("The outline crosses itself")
    assert not Parcel.objects.exists()


def test_a_number_given_twice_refuses_every_row_carrying_it():
    report = run(
        csv_bytes(
            ["number", "region", "area_m2"],
            ["SH-D", "441284", "100"],
            ["SH-E", "441284", "100"],
            ["SH-D", "441284", "200"],
        )
    )
    assert (report.created, report.refused) == (1, 2)
    message = "“SH-D” is given on lines 2, 4; each of them is refused."
    assert [(2, "number", message), (4, "number", message)] == reasons(report)
    assert list(Parcel.objects.values_list("number", flat=True)) == ["SH-E"]


def test_an_existing_building_is_changed_by_its_code():
    building_make(code="SHB-7", rent_per_m2_month="14")
    report = run(
        csv_bytes(["Building code", "Rent per m² and month (yuan)"], ["SHB-7", "15.5"]),
        kind="building",
    )
    assert report.changed == 1, reasons(report)
    assert str(Building.objects.get(code="SHB-7").rent_per_m2_month) == "15.50"


def test_a_file_without_the_key_column_or_naming_a_field_twice_is_refused_whole():
    with pytest.raises(SiteFileError) as missing:
        run(csv_bytes(["region", "area_m2"], ["441284", "100"]))
    assert missing.value.message() == (
        "no column gives “Parcel number”: each row is found by it (the template lists the columns)"
    )
    with pytest.raises(SiteFileError) as twice:
        run(csv_bytes(["number", "地块编号", "region"], ["A", "B", "441284"]))
    assert "both give “Parcel number”" in twice.value.message()
    assert not Parcel.objects.exists()


def test_columns_not_recognised_are_listed_not_refused():
    report = run(csv_bytes(["number", "region", "area_m2", "备注2"], ["SH-I", "441284", "1", "x"]))
    assert report.created == 1
    assert report.ignored == ["备注2"]


def test_a_hostile_workbook_is_refused_by_the_registry_bounds():
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(["number"], ["SH-1"])))
    out = io.BytesIO()
    bomb = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "x" * (3 * 2**20) + "</t></is></c></row>"
        "</sheetData></worksheet>"
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = bomb.encode()
            target.writestr(info.filename, data)
    with pytest.raises(SiteFileError) as refused:
        run(out.getvalue(), name="parcels.xlsx")
    assert "compressed more than 200 times" in refused.value.message()
    assert not Parcel.objects.exists()


def test_more_rows_than_the_bound_are_refused_whole(monkeypatch):
    monkeypatch.setattr("zhaoshang.sites.imports.read.MAX_RECORDS", 2)
    rows = [[f"SH-{n}", "441284", "100"] for n in range(3)]
    with pytest.raises(SiteFileError) as refused:
        run(csv_bytes(["number", "region", "area_m2"], *rows))
    assert refused.value.problem == "too_many_records"
    assert not Parcel.objects.exists()


def test_check_only_writes_nothing_but_says_what_would_happen():
    parcel_make(number="SH-K", price_per_mu="1")
    report = run(
        csv_bytes(["number", "region", "area_m2", "price_per_mu"],
                  ["SH-K", "441284", "33333.50", "2"], ["SH-L", "441284", "100", ""]),
        dry_run=True,
    )  # fmt: skip
    assert (report.created, report.changed) == (1, 1)
    assert str(Parcel.objects.get(number="SH-K").price_per_mu) == "1.00"
    assert not Parcel.objects.filter(number="SH-L").exists()
