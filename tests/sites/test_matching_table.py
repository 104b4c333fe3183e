"""The open sites kept as columns between requests follow the inventory: a saved site is
patched in, a transferred or deleted one leaves, a park's power reaches its parcels."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.sites.factories import building_make, parcel_make, park_make
from zhaoshang.sites import services
from zhaoshang.sites.matching.engine import Needs, SiteKind, match
from zhaoshang.sites.matching.selectors import open_sites_table

pytestmark = pytest.mark.django_db

LAND: frozenset[SiteKind] = frozenset({"parcel"})
BOTH: frozenset[SiteKind] = frozenset({"parcel", "building"})


def _matched(needs: Needs, kinds=LAND) -> list[int]:
    return [m.id for m in match(needs, open_sites_table(kinds)) if m.meets_hard]


def test_a_saved_site_is_matched_as_it_is_now():
    small = parcel_make(area_m2="6666.70")  # 10 mu
    assert _matched(Needs(land_mu=D(50))) == []
    services.parcel_save(actor=None, parcel=small, values={"area_m2": "66667"})
    added = parcel_make(area_m2="40000")
    assert sorted(_matched(Needs(land_mu=D(50)))) == sorted([small.pk, added.pk])


def test_a_transferred_or_deleted_site_is_no_longer_matched():
    sold = parcel_make()
    gone = building_make()
    kept = parcel_make()
    assert len(_matched(Needs(), BOTH)) == 3
    services.site_status_change(actor=None, site=sold, status="transferred", note="")
    assert sorted(_matched(Needs(), BOTH)) == sorted([gone.pk, kept.pk])
    gone.delete()
    assert _matched(Needs(), BOTH) == [kept.pk]


def test_a_change_made_outside_the_services_is_followed_too():
    parcel = parcel_make(area_m2="6666.70")
    assert _matched(Needs(land_mu=D(50))) == []
    parcel.area_m2 = D("66667")
    parcel.save(update_fields=["area_m2"])  # as the admin would, without updated_at
    assert _matched(Needs(land_mu=D(50))) == [parcel.pk]


def test_a_parks_power_reaches_its_parcels():
    park = park_make(utilities={"power_kva": 500})
    parcel = parcel_make(park=park.slug)
    assert match(Needs(power_kva=D(2000)), open_sites_table(LAND))[0].verdicts[0].outcome == (
        "fails"
    )
    services.park_save(actor=None, park=park, values={"utilities": {"power_kva": 5000}})
    found = match(Needs(power_kva=D(2000)), open_sites_table(LAND))
    assert [(m.id, m.verdicts[0].outcome) for m in found] == [(parcel.pk, "meets")]


def test_a_patch_with_nothing_new_of_one_kind(monkeypatch):
    from zhaoshang.sites.matching import selectors

    monkeypatch.setattr(selectors, "PATCH_MARGIN", selectors.datetime.timedelta(0))
    parcel = parcel_make(area_m2="6666.70")
    building = building_make()
    assert _matched(Needs(land_mu=D(50)), BOTH) == []
    services.parcel_save(actor=None, parcel=parcel, values={"area_m2": "66667"})
    assert _matched(Needs(land_mu=D(50)), BOTH) == [parcel.pk]
    assert building.pk in _matched(Needs(), BOTH)


def test_sites_imported_are_matched_the_next_time():
    from tests.sites.import_files import csv_bytes, run

    assert _matched(Needs(land_mu=D(50))) == []  # the table is read, and kept
    report = run(
        csv_bytes(
            ["number", "region", "area_mu", "land_use", "lat", "lng"],
            ["IMP-1", "441284", "60", "0601", "23.33", "112.73"],
            ["IMP-2", "441284", "80", "0601", "23.331", "112.731"],
        )
    )
    assert report.created == 2
    assert len(_matched(Needs(land_mu=D(50)))) == 2
