"""Holds: one active hold per site, refused naming who holds it, a manager's override
audited, lapsing by the worker with a warning first, transfer closing the other holds, and
the API and pages following the lead's visibility."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import DUANZHOU, SIHUI, ZHAOQING, LeadFactory, regions_give
from tests.leads.test_api import Api
from tests.sites.match_factories import building_make, parcel_make
from zhaoshang.core.models import AuditEvent, Notification
from zhaoshang.core.roles import Role
from zhaoshang.sites.holds.services import (
    HoldRefused,
    holds_close_for_transfer,
    holds_lapse,
    holds_warn,
    site_hold,
    site_hold_release,
)
from zhaoshang.sites.models import SiteHold

pytestmark = pytest.mark.django_db


def soon(days: int = 30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def sihui_officer(db):
    return regions_give(
        UserFactory.create(username="wei", first_name="Wei", roles=[Role.PROMOTION_OFFICER]), SIHUI
    )


@pytest.fixture
def zhaoqing_manager(db):
    return regions_give(
        UserFactory.create(username="meng", first_name="Meng", roles=[Role.MANAGER]), ZHAOQING
    )


@pytest.fixture
def other_officer(db):
    return regions_give(
        UserFactory.create(username="fang", first_name="Fang", roles=[Role.PROMOTION_OFFICER]),
        SIHUI,
    )


def test_a_second_hold_is_refused_naming_the_lead_and_officer_holding_it(
    sihui_officer, other_officer
):
    site = parcel_make()
    first = LeadFactory.create(company="Harbour Optics Ltd")
    second = LeadFactory.create(company="Delta Motors Ltd")
    site_hold(actor=sihui_officer, site=site, lead=first, until=soon())
    with pytest.raises(HoldRefused) as refused:
        site_hold(actor=other_officer, site=site, lead=second, until=soon())
    message = str(refused.value.message_dict["site"])
    assert "Harbour Optics Ltd" in message
    assert "Wei" in message
    assert SiteHold.objects.filter(released_at__isnull=True).get().lead == first


def test_a_manager_overrides_and_the_override_is_audited(sihui_officer, zhaoqing_manager):
    site = building_make()
    first = LeadFactory.create()
    second = LeadFactory.create()
    old = site_hold(actor=sihui_officer, site=site, lead=first, until=soon())
    new = site_hold(actor=zhaoqing_manager, site=site, lead=second, until=soon(), override=True)
    old.refresh_from_db()
    assert old.ended == SiteHold.Ended.OVERRIDDEN
    assert old.overridden_by == zhaoqing_manager
    assert new.is_active
    assert AuditEvent.objects.filter(
        object_id=str(old.pk), actor=zhaoqing_manager, action=AuditEvent.Action.UPDATE
    ).exists()


def test_an_officer_may_not_override(sihui_officer, other_officer):
    site = parcel_make()
    site_hold(actor=sihui_officer, site=site, lead=LeadFactory.create(), until=soon())
    with pytest.raises(PermissionDenied):
        site_hold(
            actor=other_officer, site=site, lead=LeadFactory.create(), until=soon(), override=True
        )
    assert SiteHold.objects.count() == 1


def test_bad_dates_are_refused_naming_the_field(sihui_officer):
    site, lead = parcel_make(), LeadFactory.create()
    for until in (soon(-1), soon(400)):
        with pytest.raises(ValidationError) as refused:
            site_hold(actor=sihui_officer, site=site, lead=lead, until=until)
        assert "until" in refused.value.message_dict
    assert not SiteHold.objects.exists()


def test_a_hold_on_a_lead_the_officer_cannot_see_is_refused(sihui_officer):
    hidden = LeadFactory.create(region=DUANZHOU)
    with pytest.raises(PermissionDenied):
        site_hold(actor=sihui_officer, site=parcel_make(), lead=hidden, until=soon())


def test_released_and_lapsed_holds_free_the_site(sihui_officer, other_officer):
    site = parcel_make()
    hold = site_hold(actor=sihui_officer, site=site, lead=LeadFactory.create(), until=soon(1))
    site_hold_release(actor=sihui_officer, hold=hold)
    again = site_hold(actor=other_officer, site=site, lead=LeadFactory.create(), until=soon(2))
    assert holds_lapse(day=soon(3)) == 1
    again.refresh_from_db()
    assert again.ended == SiteHold.Ended.LAPSED
    assert not SiteHold.objects.filter(released_at__isnull=True).exists()


def test_the_officer_is_warned_once_a_few_days_before_a_hold_lapses(sihui_officer):
    site_hold(actor=sihui_officer, site=parcel_make(), lead=LeadFactory.create(), until=soon(10))
    assert holds_warn(day=soon(0)) == 0
    assert holds_warn(day=soon(8)) == 1
    assert holds_warn(day=soon(9)) == 0
    note = Notification.objects.get(user=sihui_officer)
    assert "ends on" in note.title


def test_transfer_closes_the_other_leads_holds(sihui_officer, other_officer):
    site = parcel_make()
    signed = LeadFactory.create()
    hold = site_hold(actor=sihui_officer, site=site, lead=LeadFactory.create(), until=soon())
    assert holds_close_for_transfer(site, signed) == 1
    hold.refresh_from_db()
    assert hold.ended == SiteHold.Ended.TRANSFERRED


def test_the_api_holds_refuses_with_409_and_releases(sihui_officer, other_officer):
    site = parcel_make()
    lead = LeadFactory.create(company="Harbour Optics Ltd")
    api = Api(sihui_officer).client
    body = {"lead": lead.pk, "parcel": site.pk, "until": soon().isoformat()}
    created = api.post("/api/sites/holds", body, content_type="application/json")
    assert created.status_code == 201, created.content
    second = Api(other_officer).client.post(
        "/api/sites/holds",
        {**body, "lead": LeadFactory.create().pk},
        content_type="application/json",
    )
    assert second.status_code == 409
    assert "Harbour Optics Ltd" in second.json()["detail"]
    released = api.delete(f"/api/sites/holds/{created.json()['id']}")
    assert released.status_code == 200
    assert released.json()["ended"] == "released"


def test_holds_and_matches_of_a_hidden_lead_are_not_shown(sihui_officer, zhaoqing_manager):
    hidden = LeadFactory.create(region=DUANZHOU, land_mu="10")
    site_hold(actor=zhaoqing_manager, site=parcel_make(), lead=hidden, until=soon())
    api = Api(sihui_officer).client
    assert api.get("/api/sites/holds").json() == []
    assert api.get(f"/api/sites/matches?lead={hidden.pk}").status_code == 404


def test_the_lead_page_shows_matches_with_verdicts(sihui_officer):
    lead = LeadFactory.create(land_mu="50", power_kva="2000")
    parcel_make(number="SH-2026-001", area_m2="40000")
    client = Client()
    client.force_login(sihui_officer)
    page = client.get(f"/en/officer/leads/{lead.pk}/").content.decode()
    assert "SH-2026-001" in page
    assert "of the 50" in page


def test_a_site_saved_after_a_match_is_matched_next_time(sihui_officer):
    lead = LeadFactory.create(land_mu="10")
    api = Api(sihui_officer).client
    first = parcel_make(number="SH-A")
    assert [m["label"] for m in api.get(f"/api/sites/matches?lead={lead.pk}").json()] == ["SH-A"]
    parcel_make(number="SH-B")
    first.status = "withdrawn"
    first.save()
    assert [m["label"] for m in api.get(f"/api/sites/matches?lead={lead.pk}").json()] == ["SH-B"]


def test_transferring_a_parcel_to_a_signed_lead_ends_every_hold_on_it(sihui_officer, other_officer):
    from zhaoshang.leads.services import lead_move
    from zhaoshang.sites.holds.services import site_transfer

    site = parcel_make()
    signed = LeadFactory.create(investment_amount="1000000")
    other = site_hold(actor=other_officer, site=site, lead=LeadFactory.create(), until=soon())
    for stage in ("contacted", "site_visit", "negotiating", "signed"):
        signed = lead_move(actor=sihui_officer, lead=signed, stage=stage, version=signed.version)
    with pytest.raises(ValidationError):
        site_transfer(actor=sihui_officer, site=site, lead=LeadFactory.create())
    site_transfer(actor=sihui_officer, site=site, lead=signed)
    other.refresh_from_db()
    site.refresh_from_db()
    assert other.ended == SiteHold.Ended.TRANSFERRED
    assert site.status == "transferred"


def test_the_site_page_shows_its_hold_to_officers_who_see_the_lead(sihui_officer, other_officer):
    from django.urls import reverse

    from tests.support import signed_in

    site = parcel_make()
    lead = LeadFactory.create(
        company="Harbour Optics Ltd", region=SIHUI, confidential=True, officers=[sihui_officer]
    )
    site_hold(actor=sihui_officer, site=site, lead=lead, until=soon())
    url = reverse("sites-detail", args=["parcel", site.pk])
    assert "Harbour Optics Ltd" in signed_in(sihui_officer).get(url).content.decode()
    page = signed_in(other_officer).get(url)
    assert page.status_code == 200
    assert "Harbour Optics Ltd" not in page.content.decode()


def test_the_site_page_transfers_a_held_parcel_to_its_signed_lead(sihui_officer, other_officer):
    from zhaoshang.leads.services import lead_move

    site = parcel_make()
    lead = LeadFactory.create(investment_amount="1000000")
    hold = site_hold(actor=sihui_officer, site=site, lead=lead, until=soon())
    client = Client()
    client.force_login(sihui_officer)
    page = client.get(f"/en/officer/sites/parcel/{site.pk}/")
    assert b"Transfer the parcel to this lead" not in page.content  # not signed yet
    for stage in ("contacted", "site_visit", "negotiating", "signed"):
        lead = lead_move(actor=sihui_officer, lead=lead, stage=stage, version=lead.version)
    page = client.get(f"/en/officer/sites/parcel/{site.pk}/")
    assert b"Transfer the parcel to this lead" in page.content
    # An officer who cannot see the lead cannot transfer through its hold.
    outsider = Client()
    outsider.force_login(UserFactory.create(roles=[Role.PROMOTION_OFFICER]))
    assert outsider.post(f"/en/officer/sites/holds/{hold.pk}/transfer/").status_code == 404
    client.post(f"/en/officer/sites/holds/{hold.pk}/transfer/")
    site.refresh_from_db()
    hold.refresh_from_db()
    assert site.status == "transferred"
    assert hold.ended == SiteHold.Ended.TRANSFERRED


def test_the_api_transfers_a_held_parcel_only_to_a_signed_lead(sihui_officer):
    from zhaoshang.leads.services import lead_move

    site = parcel_make()
    lead = LeadFactory.create(investment_amount="1000000")
    hold = site_hold(actor=sihui_officer, site=site, lead=lead, until=soon())
    api = Api(sihui_officer).client
    refused = api.post(f"/api/sites/holds/{hold.pk}/transfer")
    assert refused.status_code == 422
    assert "signed lead" in refused.content.decode()
    for stage in ("contacted", "site_visit", "negotiating", "signed"):
        lead = lead_move(actor=sihui_officer, lead=lead, stage=stage, version=lead.version)
    done = api.post(f"/api/sites/holds/{hold.pk}/transfer")
    assert done.status_code == 200, done.content
    assert done.json()["ended"] == "transferred"
    site.refresh_from_db()
    assert site.status == "transferred"
