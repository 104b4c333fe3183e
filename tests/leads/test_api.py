"""The leads API: the same rules and permissions as the pages; 409 with both versions on a
stale save, 422 naming the field on bad input, and nothing changed either way."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.leads.factories import LeadFactory, enterprise_make
from zhaoshang.core.models import User
from zhaoshang.core.services import api_token_create
from zhaoshang.leads.models import AftercareVisit, Lead

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: User) -> None:
        _token, raw = api_token_create(actor=user, name="tests")
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path: str):
        return self.client.get(f"/api/leads{path}")

    def post(self, path: str, body: dict):
        return self.client.post(f"/api/leads{path}", body, content_type="application/json")

    def patch(self, path: str, body: dict):
        return self.client.patch(f"/api/leads{path}", body, content_type="application/json")


NEW = {
    "company": "Hsin Yuan Machinery",
    "origin": "TW",
    "source": "expo",
    "region": "441284",
    "industry": "34",
    "investment_amount": "18000000",
    "investment_currency": "USD",
    "officers": ["wei"],
    "contacts": [{"name": "Lin Chih-hao", "phone": "+886 4 2222 3333"}],
}


def test_a_lead_is_created_and_read_back(sihui_officer, usd):
    api = Api(sihui_officer)
    created = api.post("/leads", NEW)
    assert created.status_code == 201
    body = created.json()
    assert body["investment_yuan"] == "127800000.00"
    assert body["officers"] == ["wei"]
    assert body["contacts"][0]["phone"] == "+886422223333"
    assert api.get(f"/leads/{body['id']}").json()["company"] == "Hsin Yuan Machinery"


def test_an_unknown_currency_is_refused_with_the_field(sihui_officer):
    response = Api(sihui_officer).post("/leads", {**NEW, "investment_currency": "XYZ"})
    assert response.status_code == 422
    assert "investment_currency" in response.json()["errors"]
    assert not Lead.objects.exists()


def test_a_stale_patch_answers_409_with_both_versions(sihui_officer, zhaoqing_manager):
    lead = LeadFactory.create(product="valves", officers=[sihui_officer])
    assert (
        Api(zhaoqing_manager)
        .patch(f"/leads/{lead.pk}", {"version": 1, "product": "pumps"})
        .status_code
        == 200
    )
    response = Api(sihui_officer).patch(f"/leads/{lead.pk}", {"version": 1, "product": "gears"})
    assert response.status_code == 409
    body = response.json()
    assert body["yours"]["product"] == "gears"
    assert body["saved"]["product"] == "pumps"
    assert body["saved"]["version"] == 2
    lead.refresh_from_db()
    assert lead.product == "pumps"


def test_moving_to_lost_without_a_reason_is_422_and_changes_nothing(sihui_officer):
    lead = LeadFactory.create(officers=[sihui_officer])
    response = Api(sihui_officer).post(f"/leads/{lead.pk}/stage", {"version": 1, "stage": "lost"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["reason"]
    lead.refresh_from_db()
    assert (lead.stage, lead.version) == ("lead", 1)
    moved = Api(sihui_officer).post(
        f"/leads/{lead.pk}/stage", {"version": 1, "stage": "lost", "reason": "Chose Vietnam"}
    )
    assert moved.json()["stage"] == "lost"


def test_activities_keep_their_dates_in_order(sihui_officer):
    lead = LeadFactory.create(officers=[sihui_officer])
    api = Api(sihui_officer)
    today = timezone.localdate()
    bad = api.post(
        f"/leads/{lead.pk}/activities",
        {
            "kind": "call",
            "occurred_on": str(today),
            "summary": "x",
            "follow_up_on": str(today - datetime.timedelta(days=1)),
        },
    )
    assert bad.status_code == 422
    assert "follow_up_on" in bad.json()["errors"]
    good = api.post(
        f"/leads/{lead.pk}/activities",
        {"kind": "call", "occurred_on": str(today), "summary": "Called"},
    )
    assert good.status_code == 201
    assert [a["summary"] for a in api.get(f"/leads/{lead.pk}/activities").json()["items"]] == [
        "Called"
    ]


def test_visits_are_recorded_with_actions_and_warned_about_recent_ones(sihui_officer):
    firm = enterprise_make()
    api = Api(sihui_officer)
    today = str(timezone.localdate())
    body = {
        "enterprise": firm.uscc,
        "visited_on": today,
        "answers": {"financing": "Needs a loan for new presses"},
        "actions": [
            {
                "topic": "financing",
                "description": "Introduce the bank",
                "owner": "wei",
                "due_on": today,
            }
        ],
    }
    assert api.post("/visits", body).status_code == 201
    again = api.post("/visits", body)
    assert again.status_code == 422
    assert "confirm_recent" in again.json()["errors"]
    assert AftercareVisit.objects.count() == 1
    action_id = api.get(f"/visits?enterprise={firm.uscc}").json()["items"][0]["actions"][0]["id"]
    resolved = api.patch(f"/visit-actions/{action_id}", {"status": "resolved"})
    assert resolved.status_code == 422
    assert "resolution_note" in resolved.json()["errors"]


def test_no_token_no_answer(db):
    assert Client().get("/api/leads/leads").status_code == 401
