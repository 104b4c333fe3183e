"""The shipped region and industry tables, and finding a region code in an address."""

from __future__ import annotations

import pytest

from zhaoshang.registry.domain.reference import (
    PROVINCE_CODE,
    division_codes,
    enterprise_region_codes,
    load_industries,
    load_regions,
    region_from_address,
    region_from_addresses,
    section_of_division,
)

SECTION_RANGES = {
    "A": (1, 5),
    "B": (6, 12),
    "C": (13, 43),
    "D": (44, 46),
    "E": (47, 50),
    "F": (51, 52),
    "G": (53, 60),
    "H": (61, 62),
    "I": (63, 65),
    "J": (66, 69),
    "K": (70, 70),
    "L": (71, 72),
    "M": (73, 75),
    "N": (76, 79),
    "O": (80, 82),
    "P": (83, 83),
    "Q": (84, 85),
    "R": (86, 90),
    "S": (91, 96),
    "T": (97, 97),
}


def test_guangdong_has_21_prefectures_all_under_the_province() -> None:
    prefectures = [row for row in load_regions() if row.level == "prefecture"]
    assert len(prefectures) == 21
    assert {row.parent_code for row in prefectures} == {PROVINCE_CODE}


def test_the_province_is_the_only_row_without_a_parent() -> None:
    roots = [row for row in load_regions() if not row.parent_code]
    assert [(row.code, row.level, row.name_en) for row in roots] == [
        (PROVINCE_CODE, "province", "Guangdong Province")
    ]


def test_there_are_122_county_level_divisions() -> None:
    # 65 districts, 20 county-level cities, 34 counties and 3 autonomous counties.
    assert sum(row.level == "county" for row in load_regions()) == 122


def test_every_county_sits_under_an_existing_prefecture_sharing_its_first_four_digits() -> None:
    levels = {row.code: row.level for row in load_regions()}
    for row in load_regions():
        if row.level == "county":
            assert levels.get(row.parent_code) == "prefecture", row
            assert row.code[:4] == row.parent_code[:4], row


def test_sihui_is_a_county_level_city_under_zhaoqing_inside_guangdong() -> None:
    sihui = next(row for row in load_regions() if row.code == "441284")
    assert (sihui.parent_code, sihui.level) == ("441200", "county")
    assert (sihui.name_zh, sihui.name_en) == ("四会市", "Sihui City")
    assert sihui.latitude is not None
    assert sihui.longitude is not None
    assert 20 < sihui.latitude < 26
    assert 109 < sihui.longitude < 118


def test_region_codes_are_unique() -> None:
    codes = [row.code for row in load_regions()]
    assert len(codes) == len(set(codes))


def test_dongguan_and_zhongshan_have_no_counties() -> None:
    parents = {row.parent_code for row in load_regions() if row.level == "county"}
    assert "441900" not in parents
    assert "442000" not in parents


def test_enterprise_region_codes_are_counties_plus_dongguan_and_zhongshan() -> None:
    codes = enterprise_region_codes()
    assert {"441284", "441900", "442000"} <= codes
    assert "441200" not in codes
    assert PROVINCE_CODE not in codes
    assert len(codes) == 122 + 2


def test_industry_codes_are_unique() -> None:
    codes = [row.code for row in load_industries()]
    assert len(codes) == len(set(codes))


def test_there_are_20_sections_a_to_t() -> None:
    sections = [row for row in load_industries() if row.kind == "section"]
    assert [row.code for row in sections] == list("ABCDEFGHIJKLMNOPQRST")
    assert all(row.parent == "" for row in sections)


def test_there_are_97_divisions_01_to_97_without_gaps() -> None:
    assert division_codes() == {f"{number:02d}" for number in range(1, 98)}
    assert sum(row.kind == "division" for row in load_industries()) == 97


def test_each_division_belongs_to_the_section_whose_range_holds_it() -> None:
    expected = {
        f"{number:02d}": section
        for section, (first, last) in SECTION_RANGES.items()
        for number in range(first, last + 1)
    }
    actual = {row.code: row.parent for row in load_industries() if row.kind == "division"}
    assert actual == expected


def test_manufacturing_is_section_c() -> None:
    names = {row.code: row.name_en for row in load_industries()}
    assert names["C"] == "Manufacturing"
    assert names["39"] == "Manufacture of Computers, Communication and Other Electronic Equipment"


def test_section_of_division_names_the_section_letter() -> None:
    assert section_of_division("39") == "C"
    assert section_of_division("01") == "A"
    assert section_of_division("97") == "T"


@pytest.mark.parametrize("unknown", ["00", "98", "C", "3", "390"])
def test_section_of_an_unknown_division_is_a_key_error(unknown: str) -> None:
    with pytest.raises(KeyError):
        section_of_division(unknown)


def test_a_sihui_address_gives_sihui() -> None:
    assert region_from_address("广东省肇庆市四会市东城街道") == "441284"


def test_a_dongguan_address_gives_the_dongguan_prefecture_code() -> None:
    assert region_from_address("广东省东莞市南城街道鸿福路") == "441900"


def test_an_address_outside_guangdong_gives_none() -> None:
    assert region_from_address("北京市朝阳区建国路") is None


def test_gibberish_gives_none() -> None:
    assert region_from_address("qwerty 12345 !!") is None


def test_an_address_naming_only_a_prefecture_with_counties_gives_none() -> None:
    assert region_from_address("广东省肇庆市") is None


def test_a_district_newer_than_cpcas_data_is_still_found() -> None:
    assert region_from_address("广东省深圳市龙华区民治街道") == "440309"


def test_a_bare_county_name_shared_with_another_province_means_guangdongs() -> None:
    assert region_from_address("白云区同和街道") == "440111"


def test_many_addresses_are_resolved_in_order() -> None:
    addresses = ["中山市石岐街道", "", "北京市朝阳区", "肇庆市端州区"]
    assert region_from_addresses(addresses) == ["442000", None, None, "441202"]
    assert region_from_addresses([]) == []
