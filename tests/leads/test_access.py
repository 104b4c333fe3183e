"""Who sees which lead: the one queryset behind pages, API and exports, tested directly
and through each of them."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.factories import UserFactory
from tests.leads.factories import DUANZHOU, FOSHAN_NANHAI, SIHUI, LeadFactory, regions_give
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.core.services import api_token_create
from zhaoshang.leads.access import leads_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def leads(sihui_officer):
    """Leads in Sihui (open and confidential), Duanzhou, Foshan, and one of Foshan's
    assigned to the Sihui officer."""
    return {
        "sihui": LeadFactory.create(company="Sihui Open"),
        "secret": LeadFactory.create(company="Sihui Secret", confidential=True),
        "duanzhou": LeadFactory.create(company="Duanzhou Open", region=DUANZHOU),
        "foshan": LeadFactory.create(company="Foshan Open", region=FOSHAN_NANHAI),
        "assigned": LeadFactory.create(
            company="Foshan Assigned",
            region=FOSHAN_NANHAI,
            officers=[sihui_officer],
            confidential=True,
        ),
    }


def seen(user) -> set[str]:
    return set(leads_visible_to(user).values_list("company", flat=True))


def test_an_officer_sees_their_region_and_their_assigned_leads_not_confidential_ones(
    sihui_officer, leads
):
    assert seen(sihui_officer) == {"Sihui Open", "Foshan Assigned"}


def test_an_officer_of_a_prefecture_sees_its_counties(leads):
    officer = regions_give(UserFactory.create(roles=[Role.PROMOTION_OFFICER]), "441200")
    assert seen(officer) == {"Sihui Open", "Duanzhou Open"}


def test_a_manager_sees_every_lead_in_their_region_confidential_too(zhaoqing_manager, leads):
    assert seen(zhaoqing_manager) == {"Sihui Open", "Sihui Secret", "Duanzhou Open"}


def test_the_assigned_officer_sees_a_confidential_lead(leads):
    owner = regions_give(UserFactory.create(roles=[Role.PROMOTION_OFFICER]), FOSHAN_NANHAI)
    leads["secret"].officers.add(owner)
    assert seen(owner) == {"Foshan Open", "Sihui Secret"}


def test_administrators_see_all_and_enterprise_users_none(leads):
    administrator = UserFactory.create(roles=[Role.ADMINISTRATOR])
    enterprise_user = regions_give(UserFactory.create(roles=[Role.ENTERPRISE_USER]), SIHUI)
    assert len(seen(administrator)) == 5
    assert seen(enterprise_user) == set()


def test_a_user_without_a_region_sees_only_what_is_assigned(leads):
    lonely = UserFactory.create(roles=[Role.PROMOTION_OFFICER])
    assert seen(lonely) == set()


def test_pages_hide_leads_out_of_reach(sihui_officer, leads):
    client = signed_in(sihui_officer)
    assert client.get(f"/en/officer/leads/{leads['secret'].pk}/").status_code == 404
    assert client.get(f"/en/officer/leads/{leads['duanzhou'].pk}/edit/").status_code == 404
    assert client.get(f"/en/officer/leads/{leads['assigned'].pk}/").status_code == 200
    listing = client.get("/en/officer/leads/").content.decode()
    board = client.get("/en/officer/leads/board/").content.decode()
    for page in (listing, board):
        assert "Sihui Open" in page
        assert "Sihui Secret" not in page
        assert "Duanzhou Open" not in page


def test_an_officer_cannot_move_a_lead_out_of_reach(sihui_officer, leads):
    lead = leads["duanzhou"]
    response = signed_in(sihui_officer).post(
        f"/en/officer/leads/{lead.pk}/move/", {"stage": "contacted", "version": lead.version}
    )
    assert response.status_code == 404
    lead.refresh_from_db()
    assert lead.stage == "lead"


def test_the_api_uses_the_same_rules(sihui_officer, leads):
    _token, raw = api_token_create(actor=sihui_officer, name="script")
    client = signed_in(sihui_officer)
    client.logout()
    headers = {"Authorization": f"Bearer {raw}"}
    listed = client.get("/api/leads/leads", headers=headers).json()["items"]
    assert {lead["company"] for lead in listed} == {"Sihui Open", "Foshan Assigned"}
    assert client.get(f"/api/leads/leads/{leads['secret'].pk}", headers=headers).status_code == 404


def test_the_report_export_counts_only_visible_leads(zhaoqing_manager, leads):
    response = signed_in(zhaoqing_manager).get("/en/officer/leads/reports/export.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    funnel = list(book["Funnel"].iter_rows(values_only=True))
    assert funnel[1][2] == 3  # reached the first stage: the three Zhaoqing leads
