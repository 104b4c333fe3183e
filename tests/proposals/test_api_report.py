"""The API and the managers' report."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.leads.factories import GAOYAO, regions_give
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_create_send_list_and_read_by_token(wei_client, lead, parcel, policy, costs):
    created = wei_client.post(
        f"/api/proposals/leads/{lead.pk}/proposals",
        {"greeting": "Welcome", "sites": [f"parcel:{parcel.pk}"], "jobs": 150},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    sent = wei_client.post(f"/api/proposals/proposals/{pk}/send")
    assert sent.status_code == 200, sent.content
    token = sent.json()["link"].rstrip("/").rsplit("/", 1)[1]
    listed = wei_client.get(f"/api/proposals/leads/{lead.pk}/proposals").json()
    assert [p["status"] for p in listed] == ["sent"]
    public = Client().get(f"/api/proposals/public/{token}?language=zh-hans")
    assert public.status_code == 200
    assert public.json()["content"]["policies"][0]["title"] == "就业补贴"
    assert Client().get("/api/proposals/public/unknown-token").status_code == 404
    assert wei_client.post(f"/api/proposals/proposals/{pk}/revoke").status_code == 200
    assert Client().get(f"/api/proposals/public/{token}").status_code == 410


def test_the_api_refuses_a_lead_the_caller_cannot_see(draft):
    stranger = regions_give(
        UserFactory.create(username="gao", roles=[Role.PROMOTION_OFFICER]), GAOYAO
    )
    client = signed_in(stranger)
    assert client.post(f"/api/proposals/proposals/{draft.pk}/send").status_code == 404
    assert (
        client.post(
            f"/api/proposals/leads/{draft.lead_id}/proposals", {}, content_type="application/json"
        ).status_code
        == 404
    )
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.DRAFT


def test_bad_values_answer_422_and_leave_no_draft(wei_client, lead):
    response = wei_client.post(
        f"/api/proposals/leads/{lead.pk}/proposals",
        {"sites": ["parcel:999999"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "sites" in response.json()["errors"]
    assert not Proposal.objects.exists()


def test_the_report_compares_leads_with_and_without_a_proposal(sent, lead, wei):
    from tests.leads.factories import LeadFactory

    LeadFactory.create(company="No Proposal Ltd", officers=[wei])
    manager = regions_give(UserFactory.create(username="meng", roles=[Role.MANAGER]), "441200")
    response = signed_in(manager).get("/en/officer/proposals/report/")
    assert response.status_code == 200
    report = response.context["report"]
    assert report.sent == 1
    assert report.with_proposal.leads == 1
    assert report.without_proposal.leads == 1


def test_officers_do_not_see_the_report(wei_client):
    assert wei_client.get("/en/officer/proposals/report/").status_code == 403
