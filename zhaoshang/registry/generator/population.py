"""Region weights for generated data: prefectures by their resident population in the 2020
census (data/prefecture_population_2020.csv, in 10,000 people; they add up to Guangdong's
126.01 million), shared equally among a prefecture's county-level divisions."""

from __future__ import annotations

import csv
from pathlib import Path

from zhaoshang.registry.domain.reference import enterprise_region_codes, load_regions
from zhaoshang.registry.generator import RegionWeight

DATA = Path(__file__).parent.parent / "data" / "prefecture_population_2020.csv"


def prefecture_populations() -> dict[str, int]:
    with DATA.open(encoding="utf-8") as handle:
        return {row["code"]: int(row["population_10k"]) for row in csv.DictReader(handle)}


def region_weights(within: str = "44") -> list[RegionWeight]:
    """Weights of the enterprise regions whose code starts with ``within``."""
    populations = prefecture_populations()
    allowed = enterprise_region_codes()
    members: dict[str, list[str]] = {}
    for region in load_regions():
        if region.code not in allowed or not region.code.startswith(within):
            continue
        prefecture = region.code if region.code in populations else region.parent_code
        members.setdefault(prefecture, []).append(region.code)
    weights: list[RegionWeight] = []
    for prefecture, codes in members.items():
        share = populations.get(prefecture, 0) / len(codes)
        weights.extend(RegionWeight(code=code, weight=share) for code in codes)
    return weights


SUFFIXES = (" Autonomous County", " District", " County", " City", " Province")


def region_names() -> dict[str, tuple[str, str]]:
    """Every region's Chinese name and short English name ("四会市", "Sihui"), as the
    generator wants them for names and addresses."""
    names = {}
    for region in load_regions():
        english = region.name_en
        for suffix in SUFFIXES:
            if english.endswith(suffix):
                english = english[: -len(suffix)]
                break
        names[region.code] = (region.name_zh, english)
    return names
