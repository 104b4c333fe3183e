"""/api/sites/: parks, parcels, buildings — filters, read, create, change, refusals by
field, permissions."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.sites.factories import DUANZHOU, SIHUI, building_make, parcel_make, park_make
from zhaoshang.core.models import User
from zhaoshang.core.services import api_token_create
from zhaoshang.sites.models import Parcel, StatusChange

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: User) -> None:
        _token, raw = api_token_create(actor=user, name="tests")
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path: str, **params):
        return self.client.get(f"/api/sites{path}", params)

    def post(self, path: str, body: dict):
        return self.client.post(f"/api/sites{path}", body, content_type="application/json")

    def patch(self, path: str, body: dict):
        return self.client.patch(f"/api/sites{path}", body, content_type="application/json")


def test_parcel_list_filters_by_region_area_price_and_industry(officer):
    small = parcel_make(area_m2="5000", price_per_mu="100000")
    big = parcel_make(area_m2="70000", price_per_mu="300000", industries_allowed=["C38"])
    parcel_make(region=DUANZHOU, lat=23.06, lng=112.47)
    parcel_make(status="withdrawn")
    api = Api(officer)
    numbers = lambda **f: [p["number"] for p in api.get("/parcels", **f).json()["items"]]  # noqa: E731
    assert set(numbers(region=SIHUI)) == {small.number, big.number}
    assert set(numbers(region="4412")) == {small.number, big.number} | {
        Parcel.objects.get(region_id=DUANZHOU).number
    }
    assert numbers(region=SIHUI, area_min="20000") == [big.number]
    assert numbers(region=SIHUI, price_max="200000") == [small.number]
    assert set(numbers(region=SIHUI, industry="C3811")) == {small.number, big.number}
    assert numbers(region=SIHUI, industry="C1311") == [small.number]
    assert len(numbers(status="withdrawn")) == 1


def test_building_list_filters_power(officer):
    weak = building_make(power_kva="500")
    strong = building_make(power_kva="2500")
    api = Api(officer)
    codes = [b["code"] for b in api.get("/buildings", power_min="2000").json()["items"]]
    assert codes == [strong.code]
    assert weak.code not in codes


def test_create_read_and_change_a_parcel_keeps_history(officer):
    api = Api(officer)
    park = park_make()
    answer = api.post(
        "/parcels",
        {
            "number": "SH-77",
            "region": SIHUI,
            "area_mu": "30",
            "park": park.slug,
            "lat": 23.33,
            "lng": 112.73,
        },
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["area_mu"] == "30.00"
    assert body["park"] == park.slug
    changed = api.patch(f"/parcels/{body['id']}", {"status": "reserved", "status_note": "ACME"})
    assert changed.status_code == 200
    assert changed.json()["status"] == "reserved"
    assert StatusChange.objects.filter(
        parcel_id=body["id"], to_status="reserved", note="ACME"
    ).exists()
    assert api.get(f"/parcels/{body['id']}").json()["number"] == "SH-77"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"lat": 51.5, "lng": -0.1}, "lat"),
        ({"area_m2": "0"}, "area_m2"),
        ({"region": "441200"}, "region"),
        ({"industries_allowed": ["nonsense"]}, "industries_allowed"),
    ],
)
def test_bad_parcel_answers_422_naming_the_field(officer, body, field):
    base = {"number": "SH-1", "region": SIHUI, "area_m2": "1000", "lat": 23.33, "lng": 112.73}
    answer = Api(officer).post("/parcels", {**base, **body})
    assert answer.status_code == 422
    assert field in answer.json()["errors"]
    assert not Parcel.objects.exists()


def test_negative_price_and_unknown_land_use_are_refused_by_the_schema(officer):
    base = {"number": "SH-1", "region": SIHUI, "area_m2": "1000"}
    api = Api(officer)
    assert api.post("/parcels", {**base, "price_per_mu": "-1"}).status_code == 422
    answer = api.post("/parcels", {**base, "land_use": "9999"})
    assert answer.status_code == 422
    assert "land_use" in answer.content.decode()
    assert not Parcel.objects.exists()


def test_park_with_utilities_and_distances(officer):
    answer = Api(officer).post(
        "/parks",
        {
            "slug": "sihui-hi-tech",
            "name_zh_hans": "四会高新区",
            "region": SIHUI,
            "utilities": {"power_kva": 80000, "gas": True},
            "distances": [{"place": "Guangzhou Baiyun airport", "km": 80, "minutes": 65}],
        },
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["utilities"] == {"power_kva": 80000, "gas": True}


def test_policy_officer_reads_but_cannot_write(db):
    from tests.factories import UserFactory
    from zhaoshang.core.roles import Role

    reader = UserFactory.create(roles=[Role.POLICY_OFFICER])
    api = Api(reader)
    assert api.get("/parcels").status_code == 200
    answer = api.post("/parcels", {"number": "X", "region": SIHUI, "area_m2": "1"})
    assert answer.status_code == 403


def test_enterprise_user_is_refused(enterprise_user):
    assert Api(enterprise_user).get("/parcels").status_code == 403
