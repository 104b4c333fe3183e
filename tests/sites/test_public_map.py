"""The public map and list: filters drive both, map.json is small and public, detail pages
in three languages, and "ask about this site" reaches the enquiry."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from zhaoshang.portal.models import Enquiry
from zhaoshang.sites.models import Building, Parcel, Park

pytestmark = pytest.mark.django_db

SIHUI, DUANZHOU = "441284", "441202"


def _park(**kw):
    values = {
        "slug": "sihui-demo-park",
        "name_en": "Sihui Demo Park",
        "name_zh_hans": "四会示范园",
        "name_zh_hant": "四會示範園",
        "region_id": SIHUI,
        "lat": 23.33,
        "lng": 112.73,
        "utilities": {"power_kva": 5000},
        "is_demo": True,
        "notes": "officer-only park note",
    }
    values.update(kw)
    return Park.objects.create(**values)


def _parcel(number, **kw):
    values = {
        "number": number,
        "region_id": SIHUI,
        "area_m2": Decimal("33333.50"),
        "lat": 23.34,
        "lng": 112.74,
        "price_per_mu": Decimal("250000"),
        "industries_allowed": ["C13-C43"],
        "notes": "officer-only parcel note",
    }
    values.update(kw)
    return Parcel.objects.create(**values)


def _building(code, **kw):
    values = {
        "code": code,
        "region_id": SIHUI,
        "floor_area_m2": Decimal("20000"),
        "power_kva": Decimal("2000"),
        "rent_per_m2_month": Decimal("18"),
        "lat": 23.32,
        "lng": 112.72,
    }
    values.update(kw)
    return Building.objects.create(**values)


def _map(client, **query):
    response = client.get(reverse("sites-map-json"), query)
    assert response.status_code == 200, response.content
    return response.json()


def _keys(data):
    return {f"{kind}{pk}" for kind, pk, *_rest in data["sites"]}


def test_map_json_sends_only_kind_id_point_and_label(client):
    parcel = _parcel("SH-01")
    data = _map(client)
    row = next(r for r in data["sites"] if r[0] == "p")
    assert row[:2] == ["p", parcel.pk]
    assert len(row) == 5
    body = json.dumps(data)
    assert "officer-only" not in body
    assert "250000" not in body  # prices are on the page, not on the map


def test_filters_select_the_same_sites_on_the_map_and_in_the_list(client):
    small = _parcel("SH-SMALL", area_m2=Decimal("3000"))
    big = _parcel("SH-BIG", area_m2=Decimal("60000"))
    factory = _building("B-FAC", floor_area_m2=Decimal("25000"))
    weak = _building("B-WEAK", power_kva=Decimal("500"))
    query = {"area_min": "20000", "power_min": "1000"}
    # Parcels carry their park's power: neither parcel has a park, so power filters them out.
    assert _keys(_map(client, **query)) == {f"b{factory.pk}"}
    page = client.get(reverse("sites-public-list"), query).content.decode()
    assert "B-FAC" in page
    for absent in (small, big):
        assert absent.number not in page
    assert weak.code not in page
    # Land only, with an area: the big parcel alone, in both.
    query = {"type": "land", "area_min": "20000"}
    assert _keys(_map(client, **query)) == {f"p{big.pk}"}
    page = client.get(reverse("sites-public-list"), query).content.decode()
    assert "SH-BIG" in page
    assert "SH-SMALL" not in page
    assert "B-FAC" not in page


def test_industry_available_by_county_and_bbox_filters(client):
    chem = _parcel("SH-CHEM", industries_allowed=["C26"])
    anyone = _parcel("SH-ANY", industries_allowed=[])
    later = _parcel("SH-LATER", available_on=datetime.date(2031, 1, 1))
    elsewhere = _parcel("DZ-01", region_id=DUANZHOU, lat=23.05, lng=112.48)
    assert _keys(_map(client, industry="C38")) == {
        f"p{anyone.pk}",
        f"p{later.pk}",
        f"p{elsewhere.pk}",
    }
    assert f"p{chem.pk}" in _keys(_map(client, industry="C26"))
    assert f"p{later.pk}" not in _keys(_map(client, available_by="2030-01-01"))
    assert _keys(_map(client, county=DUANZHOU)) == {f"p{elsewhere.pk}"}
    assert f"p{elsewhere.pk}" in _keys(_map(client, county="441200"))  # the prefecture
    assert _keys(_map(client, bbox="23.0,112.4,23.1,112.5")) == {f"p{elsewhere.pk}"}


def test_transferred_and_withdrawn_sites_are_not_public(client):
    gone = _parcel("SH-GONE", status="transferred")
    hidden = _building("B-OUT", status="withdrawn")
    assert _keys(_map(client)) == set()
    assert client.get(reverse("sites-public-parcel", args=[gone.pk])).status_code == 404
    assert client.get(reverse("sites-public-building", args=[hidden.pk])).status_code == 404


def test_bad_filter_is_refused_by_name(client):
    response = client.get(reverse("sites-map-json"), {"area_min": "lots", "county": "999999"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"area_min", "county"}


def test_a_view_of_the_whole_province_stays_under_100_kb(client):
    Parcel.objects.bulk_create(
        Parcel(
            number=f"GD-{i:05d}",
            region_id=SIHUI,
            area_m2=Decimal("6666.70") + i,
            lat=23.0 + i / 10000,
            lng=112.5 + i / 10000,
        )
        for i in range(3000)
    )
    response = client.get(reverse("sites-map-json"))
    assert len(response.content) <= 100 * 1024
    data = response.json()
    assert data["truncated"] is True
    assert len(data["sites"]) > 1000


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_pages_in_each_language_show_facts_and_mark_demo_data(client, language):
    park = _park()
    parcel = _parcel("SH-02", park=park, is_demo=True)
    building = _building("B-02", park=park)
    with translation.override(language):
        list_url = reverse("sites-public-list")
        urls = [
            reverse("sites-public-park", args=[park.pk]),
            reverse("sites-public-parcel", args=[parcel.pk]),
            reverse("sites-public-building", args=[building.pk]),
        ]
    assert list_url.startswith(f"/{language}/")
    page = client.get(list_url).content.decode()
    assert "SH-02" in page
    assert "B-02" in page
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert "officer-only" not in response.content.decode()
    parcel_page = client.get(urls[1]).content.decode()
    assert {"en": "50 mu", "zh-hans": "50亩", "zh-hant": "50畝"}[language] in parcel_page
    assert 'class="site-demo"' in parcel_page
    assert "?site=parcel%3ASH-02" in parcel_page
    park_page = client.get(urls[0]).content.decode()
    expected = {"en": "Sihui Demo Park", "zh-hans": "四会示范园", "zh-hant": "四會示範園"}
    assert expected[language] in park_page


def test_enquiry_keeps_the_site_asked_about(client):
    parcel = _parcel("SH-ASK")
    url = reverse("portal-enquiry")
    page = client.get(url, {"site": "parcel:SH-ASK"}).content.decode()
    assert "SH-ASK" in page
    response = client.post(
        url,
        {
            "name": "Chen",
            "email": "chen@example.com",
            "origin": "HK",
            "message": "Is the parcel still free?",
            "consent": "on",
            "site": "parcel:SH-ASK",
        },
    )
    assert response.status_code == 302, response.content
    assert Enquiry.objects.get().site == f"parcel:{parcel.number}"


def test_enquiry_about_a_site_no_longer_offered_is_refused(client):
    _parcel("SH-SOLD", status="transferred")
    response = client.post(
        reverse("portal-enquiry"),
        {
            "name": "Chen",
            "email": "chen@example.com",
            "origin": "HK",
            "message": "Hello",
            "consent": "on",
            "site": "parcel:SH-SOLD",
        },
    )
    assert response.status_code == 200
    assert not Enquiry.objects.exists()
    assert "no longer offered" in response.content.decode()


def test_tiles_configured_in_gcj02_move_the_markers(client, settings):
    _parcel("SH-GCJ")
    plain = _map(client)["sites"][0]
    settings.MAP_TILES_COORDS = "gcj02"
    moved = _map(client)["sites"][0]
    assert plain[2:4] == [23.34, 112.74]
    assert moved[2:4] != plain[2:4]
    assert abs(moved[2] - plain[2]) < 0.01
    assert abs(moved[3] - plain[3]) < 0.01


def test_list_counts_up_to_a_limit_and_says_more(client, monkeypatch):
    from zhaoshang.sites.web import map_data

    monkeypatch.setattr(map_data, "COUNT_LIMIT", 2)
    monkeypatch.setattr(map_data, "LIST_LIMIT", 2)
    for n in range(3):
        _parcel(f"SH-C{n}")
        _park(slug=f"park-{n}")
    _building("SHB-ONE")
    with translation.override("en"):
        text = client.get(reverse("sites-public-list")).content.decode()
    assert "More than 2 land parcels" in text
    assert "1 building<" in text
    assert "The first 2 parks are shown" in text
    assert text.count('data-site="k') == 2
