"""The registry's shipped reference data: Guangdong's regions (GB/T 2260) and the sections and
divisions of GB/T 4754-2017, read from the CSV files in ``data/``. No Django here.

An enterprise carries a county-level region code. Dongguan (441900) and Zhongshan (442000) have
no county level at all (their towns sit directly under the city), so for an enterprise there the
prefecture code itself is the region code; ``enterprise_region_codes`` includes those two.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"  # the registry app's
PROVINCE_CODE = "440000"


@dataclass(frozen=True)
class RegionRow:
    code: str  # six digits, GB/T 2260
    parent_code: str  # empty for the province
    level: str  # "province", "prefecture" or "county"
    name_zh: str
    name_en: str
    latitude: float | None  # decimal degrees, GCJ-02
    longitude: float | None


@dataclass(frozen=True)
class IndustryRow:
    code: str  # a section letter A-T or a two-digit division 01-97
    kind: str  # "section" or "division"
    parent: str  # a division's section letter; empty for a section
    name_zh: str
    name_en: str


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _degrees(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def load_regions() -> tuple[RegionRow, ...]:
    """Every region row, in file order: the province, then each prefecture and its counties."""
    return tuple(
        RegionRow(
            code=row["code"],
            parent_code=row["parent_code"],
            level=row["level"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            latitude=_degrees(row["latitude"]),
            longitude=_degrees(row["longitude"]),
        )
        for row in _read_csv("regions.csv")
    )


@cache
def load_industries() -> tuple[IndustryRow, ...]:
    """The 20 sections, then the 97 divisions, in file order."""
    return tuple(
        IndustryRow(
            code=row["code"],
            kind=row["kind"],
            parent=row["parent"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
        )
        for row in _read_csv("industries.csv")
    )


@cache
def enterprise_region_codes() -> frozenset[str]:
    """The region codes an enterprise may carry: every county-level code, plus each prefecture
    that has no county level (Dongguan and Zhongshan)."""
    regions = load_regions()
    with_counties = {row.parent_code for row in regions if row.level == "county"}
    return frozenset(
        row.code
        for row in regions
        if row.level == "county" or (row.level == "prefecture" and row.code not in with_counties)
    )


@cache
def _section_by_division() -> dict[str, str]:
    return {row.code: row.parent for row in load_industries() if row.kind == "division"}


def division_codes() -> frozenset[str]:
    """The two-digit division codes "01" to "97"."""
    return frozenset(_section_by_division())


def section_of_division(division: str) -> str:
    """The section letter of a division code ("39" -> "C"); KeyError for an unknown division."""
    return _section_by_division()[division]


@cache
def _counties_by_prefecture() -> dict[str, tuple[RegionRow, ...]]:
    counties: dict[str, list[RegionRow]] = {}
    for row in load_regions():
        if row.level == "county":
            counties.setdefault(row.parent_code, []).append(row)
    return {code: tuple(rows) for code, rows in counties.items()}


def _enterprise_code(adcode: object, rest: object, address: str = "") -> str | None:
    """Turn one row of cpca's answer into an enterprise region code, or None."""
    if not isinstance(adcode, str):  # cpca found nothing: pandas gives NaN
        return None
    code = adcode[:6]
    if code in enterprise_region_codes():
        return code
    # cpca's place list is a 2016 snapshot: it stops at the prefecture for districts created
    # since (Shenzhen's Longhua, Pingshan and Guangming) and leaves their names in the rest.
    counties = _counties_by_prefecture().get(code, ())
    if isinstance(rest, str):
        rest = rest.lstrip()
        for county in counties:
            if rest.startswith(county.name_zh):
                return county.code
    # An address that names its city twice (深圳市龙华区民治街道深圳北站) may be read at the
    # later mention, which names no county: take the city's county named first anywhere in
    # the address, the most specific place it gives. Two-character names are too often an
    # ordinary word to be looked for alone.
    found = [
        (at, county.code)
        for county in counties
        if len(county.name_zh) > 2 and (at := address.find(county.name_zh)) >= 0
    ]
    return min(found)[1] if found else None


@cache
def _guangdong_first() -> dict[str, str]:
    """cpca's ``umap``: when an address names a county but no province or city, and the name
    exists elsewhere too (白云区 is also in Guiyang), take Guangdong's. Two-character names such
    as 城区 are left out: they are too often an ordinary word."""
    return {
        row.name_zh: row.code
        for row in load_regions()
        if row.level == "county" and len(row.name_zh) > 2
    }


def region_from_addresses(addresses: Sequence[str]) -> list[str | None]:
    """For each Chinese address, the enterprise region code found in it (see
    ``enterprise_region_codes``), or None when there is none or the place is outside Guangdong.

    Runs cpca once on the whole batch: its first use costs about 0.4 s, then it is fast.
    """
    if len(addresses) == 0:
        return []
    import cpca  # imported here: building its matcher is the slow part

    frame = cpca.transform(list(addresses), umap=_guangdong_first())
    return [
        _enterprise_code(adcode, rest, address)
        for adcode, rest, address in zip(frame["adcode"], frame["地址"], addresses, strict=True)
    ]


def region_from_address(address: str) -> str | None:
    """The enterprise region code found in one Chinese address, or None."""
    return region_from_addresses([address])[0]
