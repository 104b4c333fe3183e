"""The inventory's filters by industry and region, whichever way the selector takes."""

from __future__ import annotations

import pytest

from tests.sites.factories import DUANZHOU, SIHUI, parcel_make
from zhaoshang.sites import selectors
from zhaoshang.sites.models import Parcel

pytestmark = pytest.mark.django_db


@pytest.fixture
def parcels() -> dict[str, Parcel]:
    return {
        "any": parcel_make(industries_allowed=[]),
        "metal": parcel_make(industries_allowed=["C33-C35"]),
        "vehicles": parcel_make(industries_allowed=["C36"]),
        "chemicals": parcel_make(industries_allowed=["C26"]),
        "manufacturing": parcel_make(industries_allowed=["C13-C43"]),
    }


def _found(**where) -> set[int]:
    return set(
        selectors.parcels_filtered(selectors.SiteFilter(**where)).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("distinct_lists", [200, 1])
def test_industry_filter_admits_the_lists_that_contain_the_class(
    parcels, monkeypatch, distinct_lists
):
    monkeypatch.setattr(selectors, "DISTINCT_LISTS", distinct_lists)  # 1: checked one by one
    expect = {parcels[k].pk for k in ("any", "vehicles", "manufacturing")}
    assert _found(industry="C3611") == expect
    assert _found(industry="C2611") == {
        parcels[k].pk for k in ("any", "chemicals", "manufacturing")
    }
    assert _found(industry="A0111") == {parcels["any"].pk}


def test_region_filter_takes_a_county_its_prefecture_or_the_province():
    sihui = parcel_make(region=SIHUI)
    duanzhou = parcel_make(region=DUANZHOU, lat=23.06, lng=112.47)
    assert _found(region=SIHUI) == {sihui.pk}
    assert _found(region="4412") == {sihui.pk, duanzhou.pk}
    assert _found(region="44") == {sihui.pk, duanzhou.pk}
    assert _found(region="4401") == set()
