"""The sites demo: parks, parcels and buildings in Sihui and Zhaoqing's districts, each
near its county's centre, marked as demonstration data; loading twice changes nothing."""

from __future__ import annotations

import io

import pytest

from zhaoshang.registry.models import Region
from zhaoshang.sites import demo
from zhaoshang.sites.geo import geometry
from zhaoshang.sites.models import Building, Parcel, Park, SitePhoto

pytestmark = pytest.mark.django_db


def test_demo_sites_lie_in_their_county_and_are_marked():
    demo.load(demo_password="x", out=io.StringIO())
    assert Park.objects.count() == 3
    assert Parcel.objects.count() == 12
    assert Building.objects.count() == 8
    assert SitePhoto.objects.count() == 3
    sites: list[Park | Parcel | Building] = [
        *Park.objects.all(),
        *Parcel.objects.all(),
        *Building.objects.all(),
    ]
    for site in sites:
        region = Region.objects.get(code=site.region_id)
        assert region.code.startswith("4412")
        assert site.is_demo
        assert region.latitude is not None
        assert region.longitude is not None
        assert site.lat is not None
        assert site.lng is not None
        centre = geometry.Centre(region.latitude, region.longitude)
        assert geometry.point_problem(site.lat, site.lng, centre) is None
        assert abs(site.lat - region.latitude) < 0.1
        assert abs(site.lng - region.longitude) < 0.1


def test_loading_twice_changes_nothing():
    demo.load(demo_password="x", out=io.StringIO())
    before = sorted(Parcel.objects.values_list("number", "updated_at"))
    demo.load(demo_password="x", out=io.StringIO())
    assert sorted(Parcel.objects.values_list("number", "updated_at")) == before
    assert SitePhoto.objects.count() == 3


def test_three_demo_leads_hold_their_best_match_once():
    from django.core.management import call_command

    from zhaoshang.sites.matching.selectors import lead_matches
    from zhaoshang.sites.models import SiteHold

    call_command("load_demo", demo_password="Sihui-harbour-2026", stdout=io.StringIO())
    holds = list(SiteHold.objects.select_related("lead"))
    assert len(holds) == 3
    assert len({h.lead_id for h in holds}) == 3
    for hold in holds:
        assert hold.lead.needed_by is not None
        assert hold.lead.preferred_counties
        shown = lead_matches(hold.lead, limit=10)
        assert any(m.hold is not None and m.hold.pk == hold.pk for m in shown)
    call_command("load_demo", demo_password="Sihui-harbour-2026", stdout=io.StringIO())
    assert SiteHold.objects.count() == 3
