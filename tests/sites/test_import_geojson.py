"""Importing GeoJSON: a FeatureCollection whose features are parcels or parks, their
properties the fields; a Polygon becomes the outline with its centre derived, a Point the
centre. A file that is not GeoJSON is refused whole; a bad feature alone, by number."""

from __future__ import annotations

import json

import pytest

from tests.sites.import_files import (
    SQUARE,
    feature,
    geojson_bytes,
    point,
    polygon,
    reasons,
    run,
)
from zhaoshang.core.models import AuditEvent
from zhaoshang.sites.geo import coords
from zhaoshang.sites.imports.read import SiteFileError
from zhaoshang.sites.models import Building, Parcel, Park

pytestmark = pytest.mark.django_db


def test_parcels_from_polygons_and_points():
    report = run(
        geojson_bytes(
            feature({"number": "G-1", "region": "四会市", "area_m2": 11000}, polygon()),
            feature(
                {"地块编号": "G-2", "县（市、区）": 441284, "面积（亩）": 3}, point(112.72, 23.34)
            ),
        ),
        name="parcels.geojson",
    )
    assert (report.created, report.refused) == (2, 0), reasons(report)
    g1 = Parcel.objects.get(number="G-1")
    assert g1.outline == polygon()
    assert g1.lat is not None
    assert g1.lng is not None
    assert 23.33 < g1.lat < 23.331  # inside the square
    assert 112.73 < g1.lng < 112.731
    g2 = Parcel.objects.get(number="G-2")
    assert (g2.lat, g2.lng, g2.outline) == (23.34, 112.72, None)


def test_parks_with_their_properties_and_outline():
    properties = {
        "slug": "sihui-south",
        "name_zh_hans": "四会南部园区",
        "Name (English)": "Sihui South Park",
        "region": "Sihui",
        "utilities": {"power_kva": 40000, "gas": True},
        "managing_body": "四会市南部园区管委会",
        "fid": 17,
    }
    report = run(geojson_bytes(feature(properties, polygon())), name="p.geojson", kind="park")
    assert (report.created, report.refused) == (1, 0), reasons(report)
    assert report.ignored == ["fid"]
    park = Park.objects.get(slug="sihui-south")
    assert (park.name_en, park.region_id, park.outline) == ("Sihui South Park", "441284", polygon())
    assert park.utilities == {"power_kva": 40000, "gas": True}
    assert park.lat is not None


def test_a_polygon_in_gcj02_is_converted_and_a_rerun_changes_nothing():
    ring = [list(reversed(coords.from_wgs84(lat, lng, "gcj02"))) for lng, lat in SQUARE]
    data = geojson_bytes(
        feature({"number": "G-C", "region": "441284", "area_m2": 11000}, polygon(ring))
    )
    assert run(data, name="a.geojson", coords="gcj02").created == 1
    outline = Parcel.objects.get(number="G-C").outline
    assert outline is not None
    stored = outline["coordinates"][0]
    for (lng, lat), (want_lng, want_lat) in zip(stored, SQUARE, strict=True):
        assert coords.distance_m(lat, lng, want_lat, want_lng) < 1
    events = AuditEvent.objects.count()
    again = run(data, name="a.geojson", coords="gcj02")
    assert (again.unchanged, again.changed) == (1, 0)
    assert AuditEvent.objects.count() == events


def test_a_single_part_multipolygon_is_an_outline_but_two_parts_are_refused():
    one = {"type": "MultiPolygon", "coordinates": [[SQUARE]]}
    two = {"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE]]}
    report = run(
        geojson_bytes(
            feature({"number": "M-1", "region": "441284", "area_m2": 1}, one),
            feature({"number": "M-2", "region": "441284", "area_m2": 1}, two),
        ),
        name="m.geojson",
    )
    assert report.created == 1
    assert reasons(report) == [
        (2, "geometry", "A site is one polygon; this MultiPolygon has 2 parts.")
    ]


BAD_FEATURES = [
    (polygon([[-74.0, 40.7], [-73.9, 40.7], [-73.9, 40.8], [-74.0, 40.7]]),
     "The point is outside China. (40.70000, -74.00000)"),
    (polygon([[116.68, 23.35], [116.69, 23.35], [116.69, 23.36], [116.68, 23.35]]),
     "The point is outside Sihui City. (23.35000, 116.68000)"),
    (polygon([[112.73, 23.33], [112.74, 23.34], [112.74, 23.33], [112.73, 23.34], [112.73, 23.33]]),
     "The outline crosses itself (Self-intersection[112.735 23.335])."),
    (polygon([[112.73, 23.33], [112.74, 23.33], [112.75, 23.33], [112.73, 23.33]]),
     "The outline crosses itself (Self-intersection[112.74 23.33])."),  # flat: no area
    ({"type": "LineString", "coordinates": [[112.73, 23.33], [112.74, 23.33]]},
     "A LineString geometry cannot place a site: give a Polygon or a Point."),
]  # fmt: skip


@pytest.mark.parametrize(("geometry", "reason"), BAD_FEATURES)
def test_a_bad_geometry_refuses_its_feature_alone(geometry, reason):
    report = run(
        geojson_bytes(
            feature({"number": "OK", "region": "441284", "area_m2": 10}, point(112.73, 23.33)),
            feature({"number": "BAD", "region": "441284", "area_m2": 10}, geometry),
        ),
        name="bad.geojson",
    )
    assert report.created == 1
    assert reasons(report) == [(2, "geometry", reason)]
    assert not Parcel.objects.filter(number="BAD").exists()


def test_bad_properties_are_refused_by_feature_and_field():
    report = run(
        geojson_bytes(
            feature({"number": "P-1", "region": "441284", "area_m2": 0}, point(112.73, 23.33)),
            feature({"number": "P-2", "region": "441284", "area_m2": 9, "price_per_mu": -1,
                     "land_use": "farm"}, point(112.73, 23.33)),
            feature({"number": "P-1", "region": "441284", "area_m2": 5}, point(112.73, 23.33)),
            feature({"number": "P-3", "region": "441284", "area_m2": 0}, point(112.73, 23.33)),
        ),
        name="bad.geojson",
    )  # fmt: skip
    assert report.refused == 4
    assert set(reasons(report)) == {
        (1, "number", "“P-1” is given by features 1, 3; each of them is refused."),
        (3, "number", "“P-1” is given by features 1, 3; each of them is refused."),
        (2, "price_per_mu", "The number cannot be negative."),
        (2, "land_use", "“farm” is not one of: 05, 0601, 0602, 0604."),
        (4, "area_m2", "The area must be more than zero."),
    }
    assert not Parcel.objects.exists()


def test_a_building_is_placed_by_a_point_only():
    report = run(
        geojson_bytes(
            feature(
                {"code": "B-1", "region": "441284", "floor_area_m2": 900}, point(112.73, 23.33)
            ),
            feature({"code": "B-2", "region": "441284", "floor_area_m2": 900}, polygon()),
        ),
        name="b.geojson",
        kind="building",
    )
    assert report.created == 1
    assert reasons(report) == [
        (2, "geometry", "A building is placed by a Point, not by an outline.")
    ]
    assert list(Building.objects.values_list("code", flat=True)) == ["B-1"]


NOT_GEOJSON = [
    (b'{"type": "FeatureCollection", "features": [', "the file is not valid JSON"),
    (b'{"type": "Feature", "geometry": null}',
     'a GeoJSON FeatureCollection is expected, but the file\'s "type" is "Feature"'),
    (b"[1, 2]", 'the file has no "type": a GeoJSON FeatureCollection is expected'),
    (b'{"type": "FeatureCollection"}', 'the FeatureCollection has no "features" list'),
    (geojson_bytes(feature({"number": "A"}, point(112.73, 23.33)), feature({"number": "B"}, None)),
     "feature(s) 2 have no geometry"),
    (geojson_bytes(feature({}, point(112.73, 23.33)), {"type": "Point"}),
     "feature 2 is not a GeoJSON Feature"),
    ("\ufeff{\"type\": \"FeatureCollection\", \"features\": []}".encode("utf-16"),
     "a GeoJSON file is UTF-8 text; this one is not"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "message"), NOT_GEOJSON)
def test_a_file_that_is_not_geojson_is_refused_whole(data, message):
    with pytest.raises(SiteFileError) as refused:
        run(data, name="sites.geojson")
    assert refused.value.message().startswith(message)
    assert not Parcel.objects.exists()


def test_deeply_nested_json_is_refused_not_crashed():
    data = b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(SiteFileError) as refused:
        run(data, name="deep.json")
    assert refused.value.problem in ("not_json", "not_feature")
    json.dumps(refused.value.params)  # a plain message, whatever the nesting
