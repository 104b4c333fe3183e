"""Matching sites to a lead's needs: verdicts per requirement, hard requirements first, fit."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

from zhaoshang.sites.matching.engine import (
    Needs,
    Site,
    SiteMatch,
    SiteTable,
    Verdict,
    industry_allowed,
    match,
)

SIHUI = "441284"
DUANZHOU = "441202"


def need(site_match: SiteMatch, requirement: str) -> Verdict:
    verdict = site_match.verdict(requirement)
    assert verdict is not None, f"no verdict on {requirement}"
    return verdict


def parcel(id: int, **kw: object) -> Site:
    kw.setdefault("area_m2", D("40000"))  # 60 mu
    kw.setdefault("region_code", SIHUI)
    return Site(kind="parcel", id=id, **kw)  # type: ignore[arg-type]


def building(id: int, **kw: object) -> Site:
    kw.setdefault("area_m2", D("20000"))
    kw.setdefault("region_code", SIHUI)
    return Site(kind="building", id=id, **kw)  # type: ignore[arg-type]


def test_power_shortfall_is_reported_as_data_with_observed_wanted_and_unit() -> None:
    needs = Needs(building_m2=D("10000"), power_kva=D("2000"))
    [result] = match(needs, [building(1, power_kva=D("1800"))])
    power = need(result, "power")
    assert power is not None
    assert (power.outcome, power.observed, power.wanted, power.unit) == (
        "fails",
        D("1800"),
        D("2000"),
        "kVA",
    )
    assert result.meets_hard  # power is not a hard requirement


def test_missing_datum_is_unknown_not_a_failure() -> None:
    needs = Needs(building_m2=D("10000"), power_kva=D("2000"))
    [result] = match(needs, [building(1, power_kva=None)])
    assert need(result, "power").outcome == "unknown"


def test_a_site_failing_a_hard_requirement_ranks_after_every_site_meeting_them() -> None:
    needs = Needs(land_mu=D("50"), power_kva=D("2000"), counties=(SIHUI,), industry="38")
    too_small_but_perfect = parcel(
        1, area_m2=D("20000"), power_kva=D("5000"), industries_allowed=("C38",)
    )
    industry_forbidden = parcel(2, power_kva=D("5000"), industries_allowed=("C13-C20",))
    poor_but_allowed = parcel(
        3, region_code=DUANZHOU, power_kva=D("100"), industries_allowed=("C13-C43",)
    )
    ranked = match(needs, [too_small_but_perfect, industry_forbidden, poor_but_allowed])
    assert next(m.id for m in ranked) == 3
    assert [m.meets_hard for m in ranked] == [True, False, False]
    assert ranked[1].score >= 0
    assert ranked[2].score >= 0
    size = need(next(m for m in ranked if m.id == 1), "size")
    assert size is not None
    assert size.outcome == "fails"
    assert size.unit == "mu"
    assert size.observed == D("30.00")
    assert size.wanted == D("50")


def test_unknown_area_cannot_show_a_hard_requirement_so_ranks_after() -> None:
    needs = Needs(land_mu=D("10"))
    ranked = match(needs, [parcel(1, area_m2=None), parcel(2)])
    assert [(m.id, m.meets_hard) for m in ranked] == [(2, True), (1, False)]
    assert need(ranked[1], "size").outcome == "unknown"


def test_better_fit_ranks_first_among_sites_meeting_hard_requirements() -> None:
    needs = Needs(land_mu=D("50"), power_kva=D("2000"), counties=(SIHUI,))
    elsewhere = parcel(1, region_code=DUANZHOU, power_kva=D("3000"))
    right_county = parcel(2, power_kva=D("3000"))
    weak_power = parcel(3, power_kva=D("1800"))  # 30 + 0 < 13.5 + 20
    assert [m.id for m in match(needs, [elsewhere, right_county, weak_power])] == [2, 3, 1]


def test_a_site_much_larger_than_needed_fits_less_well_unless_divisible() -> None:
    needs = Needs(building_m2=D("5000"))
    huge = building(1, area_m2=D("50000"))
    snug = building(2, area_m2=D("5500"))
    huge_divisible = building(3, area_m2=D("50000"), smallest_unit_m2=D("2000"))
    ranked = match(needs, [huge, snug, huge_divisible])
    assert [m.id for m in ranked] == [3, 2, 1]


def test_a_prefecture_in_preferred_counties_covers_its_counties() -> None:
    needs = Needs(land_mu=D("1"), counties=("441200",))
    [a, b] = match(needs, [parcel(1, region_code="440101"), parcel(2, region_code=SIHUI)])
    assert (a.id, need(a, "county").outcome) == (2, "meets")
    assert need(b, "county").outcome == "fails"


def test_kind_wanted_selects_parcels_or_buildings() -> None:
    sites = [parcel(1), building(2)]
    assert [m.kind for m in match(Needs(land_mu=D("1")), sites)] == ["parcel"]
    assert [m.kind for m in match(Needs(building_m2=D("1")), sites)] == ["building"]
    both = Needs(land_mu=D("1"), building_m2=D("1"))
    assert {m.kind for m in match(both, sites)} == {"parcel", "building"}
    assert [m.kind for m in match(Needs(kind="building"), sites)] == ["building"]


def test_budget_compares_parcel_price_and_a_year_of_rent() -> None:
    needs = Needs(building_m2=D("1000"), budget_yuan=D("200000"))
    cheap_rent = building(1, rent_per_m2_month=D("15"))  # 180,000 a year
    dear_rent = building(2, rent_per_m2_month=D("25"))  # 300,000 a year
    unknown = building(3)
    ranked = {m.id: need(m, "budget") for m in match(needs, [cheap_rent, dear_rent, unknown])}
    assert ranked[1].outcome == "meets"
    assert ranked[2].outcome == "fails"
    assert ranked[2].observed == D("300000")
    assert ranked[3].outcome == "unknown"


def test_date_needed_fails_for_a_site_available_later() -> None:
    by = datetime.date(2027, 6, 1)
    needs = Needs(land_mu=D("1"), needed_by=by)
    later = parcel(1, available_on=datetime.date(2027, 9, 1))
    now = parcel(2)
    on_the_day = parcel(3, available_on=by)
    ranked = match(needs, [later, now, on_the_day])
    assert [m.id for m in ranked] == [2, 3, 1]
    assert need(ranked[2], "date").outcome == "fails"


def test_industry_ranges_in_both_notations_and_empty_means_any() -> None:
    assert industry_allowed("38", ["C13-C43"])
    assert industry_allowed("3841", ["C13..C43"])
    assert industry_allowed("38", [])
    assert industry_allowed("38", ["C38", "C39"])
    assert not industry_allowed("38", ["C39"])
    assert not industry_allowed("38", ["C3841"])  # a single class does not allow the division
    assert industry_allowed("38", ["not a code"]) is None


def test_unstated_needs_judge_nothing_and_order_is_stable() -> None:
    ranked = match(Needs(), [building(2), parcel(5), parcel(1)])
    assert [(m.kind, m.id) for m in ranked] == [("parcel", 1), ("parcel", 5), ("building", 2)]
    assert all(m.verdicts == () and m.meets_hard for m in ranked)


def test_limit_returns_the_best_only_and_a_table_can_be_reused() -> None:
    table = SiteTable.of([parcel(i, power_kva=D(i * 100)) for i in range(1, 50)])
    needs = Needs(land_mu=D("1"), power_kva=D("4000"))
    best = match(needs, table, limit=3)
    assert len(best) == 3
    assert need(best[0], "power").outcome == "meets"
    assert len(match(Needs(land_mu=D("1")), table)) == 49


def test_no_sites_no_matches() -> None:
    assert match(Needs(land_mu=D("1")), []) == []


def test_a_patched_table_matches_the_new_version_of_a_site_and_not_the_old() -> None:
    table = SiteTable.of([parcel(1, area_m2=D("4000")), parcel(2, area_m2=D("40000"))])
    fresh = SiteTable.of(
        [parcel(1, area_m2=D("80000"), region_code=DUANZHOU, industries_allowed=("C38",))]
    )
    patched = table.patched({"parcel": [1]}, fresh)
    found = match(Needs(land_mu=D(50), industry="38", counties=(DUANZHOU,)), patched)
    assert [(m.id, m.meets_hard) for m in found] == [(1, True), (2, True)]
    assert need(found[0], "county").outcome == "meets"
    assert need(found[0], "size").observed == D("120.00")
    assert patched.dead == 1
    assert len(match(Needs(), table)) == 2  # the table patched is left as it was
