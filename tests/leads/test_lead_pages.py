"""Officers work leads in pages: the list with filters and saved filters, the board, a
lead's page with its timeline, edits with the conflict page. Query counts stay bounded."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.leads.factories import DUANZHOU, LeadFactory, activity_make
from tests.support import signed_in
from zhaoshang.leads.models import Lead, SavedFilter
from zhaoshang.leads.services import lead_move, lead_update, lead_values_of
from zhaoshang.leads.stages import Stage

pytestmark = pytest.mark.django_db


def form_of(lead: Lead, **changes) -> dict:
    values = lead_values_of(lead)
    data = {
        k: ("" if v is None else v)
        for k, v in values.items()
        if k not in ("officers", "enterprise")
    }
    data["officers"] = values["officers"]
    data["version"] = lead.version
    data["confidential"] = "on" if lead.confidential else ""
    data.update(changes)
    return data


@pytest.fixture
def portfolio(zhaoqing_manager, sihui_officer, usd):
    a = LeadFactory.create(
        company="Wing Fat Metal",
        industry="33",
        source="referral",
        officers=[sihui_officer],
        investment_amount=Decimal(20_000_000),
        investment_currency="CNY",
    )
    b = LeadFactory.create(
        company="Saigon Furniture",
        origin="VN",
        industry="21",
        source="expo",
        investment_amount=Decimal(5_000_000),
        investment_currency="USD",
    )
    c = LeadFactory.create(company="Duanzhou Optics", region=DUANZHOU, industry="39", source="web")
    lead_move(actor=zhaoqing_manager, lead=c, version=c.version, stage=Stage.CONTACTED)
    return a, b, c


def names(response) -> set[str]:
    page = response.content.decode()
    return {
        name for name in ("Wing Fat Metal", "Saigon Furniture", "Duanzhou Optics") if name in page
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Wing Fat Metal", "Saigon Furniture", "Duanzhou Optics"}),
        ("stage=contacted", {"Duanzhou Optics"}),
        ("region=441284", {"Wing Fat Metal", "Saigon Furniture"}),
        ("region=441200", {"Wing Fat Metal", "Saigon Furniture", "Duanzhou Optics"}),
        ("industry=21", {"Saigon Furniture"}),
        ("industry=C", {"Wing Fat Metal", "Saigon Furniture", "Duanzhou Optics"}),
        ("source=referral", {"Wing Fat Metal"}),
        ("origin=VN", {"Saigon Furniture"}),
        ("amount_min=2500&amount_max=3000", {"Saigon Furniture"}),  # 3,550 and 2,000
        ("amount_min=3000", {"Saigon Furniture"}),
        ("q=furniture", {"Saigon Furniture"}),
    ],
)
def test_the_list_filters(zhaoqing_manager, portfolio, query, expected):
    response = signed_in(zhaoqing_manager).get(f"/en/officer/leads/?{query}")
    assert response.status_code == 200
    if query.startswith("amount_min=2500"):
        expected = set()  # 5,000,000 USD is 3,550 × 10,000 yuan; nothing is in 2,500–3,000
    assert names(response) == expected


def test_the_list_filters_by_officer(zhaoqing_manager, sihui_officer, portfolio):
    response = signed_in(zhaoqing_manager).get(f"/en/officer/leads/?officer={sihui_officer.pk}")
    assert names(response) == {"Wing Fat Metal"}


def test_a_bad_amount_range_is_refused_on_the_field(zhaoqing_manager, portfolio):
    page = signed_in(zhaoqing_manager).get("/en/officer/leads/?amount_min=50&amount_max=10")
    assert "The upper bound is below the lower bound." in page.content.decode()


def test_saved_filters_belong_to_their_owner(zhaoqing_manager, sihui_officer, portfolio):
    client = signed_in(zhaoqing_manager)
    client.post("/en/officer/leads/filters/", {"name": "From Vietnam", "query": "origin=VN"})
    saved = SavedFilter.objects.get(user=zhaoqing_manager)
    assert (saved.name, saved.query) == ("From Vietnam", "origin=VN")
    assert 'href="?origin=VN"' in client.get("/en/officer/leads/").content.decode()
    assert "From Vietnam" not in signed_in(sihui_officer).get("/en/officer/leads/").content.decode()
    assert (
        signed_in(sihui_officer).post(f"/en/officer/leads/filters/{saved.pk}/delete/").status_code
        == 404
    )
    client.post(f"/en/officer/leads/filters/{saved.pk}/delete/")
    assert not SavedFilter.objects.exists()


def test_the_board_shows_a_column_per_stage_with_counts(zhaoqing_manager, portfolio):
    page = signed_in(zhaoqing_manager).get("/en/officer/leads/board/").content.decode()
    for stage in Stage:
        assert f'data-stage="{stage.value}"' in page
    assert 'id="col-lead">Lead <span class="count">2</span>' in page


def test_moving_a_card_answers_with_the_updated_board(zhaoqing_manager, portfolio):
    lead = portfolio[1]
    response = signed_in(zhaoqing_manager).post(
        "/en/officer/leads/board/move/",
        {"lead": lead.pk, "stage": "contacted", "version": lead.version, "query": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="board"' in response.content.decode()
    lead.refresh_from_db()
    assert lead.stage == "contacted"


def test_moving_a_card_to_lost_without_reason_tells_why_and_changes_nothing(
    zhaoqing_manager, portfolio
):
    lead = portfolio[2]
    response = signed_in(zhaoqing_manager).post(
        "/en/officer/leads/board/move/", {"lead": lead.pk, "stage": "lost", "version": lead.version}
    )
    assert "Say why the lead is lost." in response.content.decode()
    lead.refresh_from_db()
    assert lead.stage == "contacted"


def test_a_stale_card_move_is_refused(zhaoqing_manager, portfolio):
    lead = portfolio[1]
    old = lead.version
    lead_move(actor=zhaoqing_manager, lead=lead, version=old, stage=Stage.CONTACTED)
    response = signed_in(zhaoqing_manager).post(
        "/en/officer/leads/board/move/", {"lead": lead.pk, "stage": "site_visit", "version": old}
    )
    assert "changed by someone else" in response.content.decode()
    lead.refresh_from_db()
    assert lead.stage == "contacted"


def test_the_lead_page_shows_time_in_stage_and_a_timeline(
    zhaoqing_manager, sihui_officer, portfolio
):
    lead = portfolio[0]
    activity_make(lead, sihui_officer, days_ago=2, summary="Met the owner in Kwun Tong.")
    lead = lead_move(
        actor=sihui_officer, lead=lead, version=lead.version, stage=Stage.ON_HOLD, reason="Lease"
    )
    lead_update(
        actor=sihui_officer,
        lead=lead,
        version=lead.version,
        values={**lead_values_of(lead), "product": "hinges"},
    )
    page = signed_in(zhaoqing_manager).get(f"/en/officer/leads/{lead.pk}/").content.decode()
    assert "for 0 days" in page
    assert "Met the owner in Kwun Tong." in page
    assert "Moved from lead to on hold" in page
    assert "Lease" in page
    assert "Product: <del>∅</del> → <ins>hinges</ins>" in page


def test_creating_a_lead_in_the_form(sihui_officer, usd):
    response = signed_in(sihui_officer).post(
        "/en/officer/leads/new/",
        {
            "company": "Mekong Garment",
            "origin": "VN",
            "industry": "18",
            "source": "expo",
            "region": "441284",
            "investment_amount": "1000000",
            "investment_currency": "USD",
            "officers": [sihui_officer.pk],
            "contact_name": "Tran Thi Lan",
            "contact_phone": "+84 28 3823 4567",
        },
    )
    lead = Lead.objects.get(company="Mekong Garment")
    assert response.status_code == 302
    assert lead.investment_yuan == Decimal("7100000.00")
    assert lead.contacts.get().phone == "+842838234567"


def test_the_form_names_an_unknown_currency(sihui_officer):
    response = signed_in(sihui_officer).post(
        "/en/officer/leads/new/",
        {
            "company": "X",
            "origin": "VN",
            "source": "expo",
            "region": "441284",
            "investment_amount": "10",
            "investment_currency": "ABC",
        },
    )
    assert response.status_code == 200
    assert "There is no exchange rate for “ABC”" in response.content.decode()
    assert not Lead.objects.exists()


def test_two_officers_saving_the_same_lead_get_a_conflict_page_with_both_versions(
    zhaoqing_manager, sihui_officer, portfolio
):
    lead = portfolio[0]
    first, second = signed_in(sihui_officer), signed_in(zhaoqing_manager)
    assert (
        first.post(
            f"/en/officer/leads/{lead.pk}/edit/", form_of(lead, product="door hinges")
        ).status_code
        == 302
    )
    response = second.post(
        f"/en/officer/leads/{lead.pk}/edit/", form_of(lead, product="window locks")
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "door hinges" in page  # the saved version
    assert "window locks" in page  # theirs, nothing lost
    assert 'class="differs"' in page
    lead.refresh_from_db()
    assert (lead.product, lead.version) == ("door hinges", 2)
    # Saving again from the conflict page (now based on version 2) overwrites knowingly.
    retry = second.post(f"/en/officer/leads/{lead.pk}/edit/", form_of(lead, product="window locks"))
    assert retry.status_code == 302
    lead.refresh_from_db()
    assert (lead.product, lead.version) == ("window locks", 3)


def test_query_counts_of_board_list_lead_page_and_follow_ups_stay_bounded(
    zhaoqing_manager, sihui_officer, django_assert_max_num_queries
):
    for n in range(25):
        lead = LeadFactory.create(company=f"Bulk {n}", officers=[sihui_officer])
        activity_make(lead, sihui_officer, days_ago=3, follow_up_in=-(n % 3))
        if n % 2:
            lead_move(actor=sihui_officer, lead=lead, version=lead.version, stage=Stage.CONTACTED)
    client = signed_in(sihui_officer)
    lead = Lead.objects.earliest("id")
    pages = {
        "/en/officer/leads/board/": 14 + len(Stage),  # one query of cards per column
        "/en/officer/leads/": 14,
        # + the best sites: the open sites read as columns (3 queries, then kept until the
        # inventory changes), the sites shown and the holds on them and on the lead;
        # + its signed project with its open warnings counted (one query)
        # + the lead's proposals (one query)
        f"/en/officer/leads/{lead.pk}/": 14 + 5 + 1 + 1,
        "/en/officer/leads/follow-ups/": 13,
    }
    for url, most in pages.items():
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200
