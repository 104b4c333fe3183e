"""A lead's needs of a site (kind, preferred counties, budget, date needed) through the API,
checked by the service: bad codes and dates are refused naming the field, nothing written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.leads.test_api import NEW, Api
from zhaoshang.leads.models import Lead

pytestmark = pytest.mark.django_db

NEEDS = {
    "site_kind": "land",
    "preferred_counties": ["441284", "441200"],
    "budget_yuan": "30000000",
    "needed_by": (datetime.date.today() + datetime.timedelta(days=180)).isoformat(),
}


def test_site_needs_are_saved_and_read_back(sihui_officer, usd):
    api = Api(sihui_officer)
    created = api.post("/leads", {**NEW, **NEEDS})
    assert created.status_code == 201, created.content
    body = api.get(f"/leads/{created.json()['id']}").json()
    assert body["site_kind"] == "land"
    assert body["preferred_counties"] == ["441284", "441200"]
    assert body["budget_yuan"] == "30000000.00"
    assert body["needed_by"] == NEEDS["needed_by"]


def test_an_unknown_county_is_refused_naming_it_and_nothing_is_written(sihui_officer, usd):
    response = Api(sihui_officer).post("/leads", {**NEW, "preferred_counties": ["449999"]})
    assert response.status_code == 422
    assert "preferred_counties" in str(response.json())
    assert "449999" in str(response.json())
    assert not Lead.objects.exists()


def test_a_wrong_kind_and_a_past_date_are_refused(sihui_officer, usd):
    response = Api(sihui_officer).post(
        "/leads", {**NEW, "site_kind": "castle", "needed_by": "2001-01-01"}
    )
    assert response.status_code == 422
    assert {"site_kind", "needed_by"} <= set(str(response.json()).replace("'", " ").split())
    assert not Lead.objects.exists()


def test_a_patch_changes_only_the_needs_sent(sihui_officer, usd):
    api = Api(sihui_officer)
    lead = api.post("/leads", {**NEW, **NEEDS}).json()
    changed = api.patch(f"/leads/{lead['id']}", {"version": lead["version"], "budget_yuan": "5"})
    assert changed.status_code == 200, changed.content
    assert Decimal(changed.json()["budget_yuan"]) == 5
    assert changed.json()["preferred_counties"] == ["441284", "441200"]
