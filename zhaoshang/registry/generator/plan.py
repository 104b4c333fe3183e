"""The generator's plan: the reference data of one run (regions and their names, divisions
and their profiles, ownerships, name tables) turned into arrays once, so that every block only
indexes them. No Django here.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zhaoshang.registry.domain.schema import INDUSTRIAL_SECTIONS
from zhaoshang.registry.generator.profiles import (
    FOREIGN,
    FOREIGN_SOURCES,
    HMT,
    HMT_SOURCES,
    OWNERSHIPS,
    PARKS,
    PROFILES,
    ROADS,
    STATE,
    SYLLABLES,
    DivisionWeight,
    RegionWeight,
    default_division_weights,
    fallback_profile,
)
from zhaoshang.registry.generator.text import TextTables

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def _cumulative(weights: Sequence[float], what: str) -> Floats:
    array = np.asarray(weights, dtype=np.float64)
    if len(array) == 0 or not np.all(np.isfinite(array)) or np.any(array < 0) or array.sum() <= 0:
        raise ValueError(f"{what}: weights must be finite, not negative, and not all zero")
    cumulative: Floats = np.cumsum(array) / array.sum()
    return cumulative


def pick(cumulative: Floats, u: Floats) -> Ints:
    picked: Ints = np.minimum(np.searchsorted(cumulative, u, side="right"), len(cumulative) - 1)
    return picked


def epoch_days(day: datetime.date) -> int:
    return (day - datetime.date(1970, 1, 1)).days


def _short_name(name: str) -> str:
    """四会市 → 四会, 连南瑶族自治县 → 连南; a two-character name stays whole."""
    if "族" in name:
        return name[: name.index("族") - 1]
    return name[:-1] if len(name) > 2 else name


class Plan:
    """Everything a block needs that does not depend on the block."""

    def __init__(
        self,
        *,
        seed: int,
        regions: Sequence[RegionWeight],
        divisions: Sequence[DivisionWeight] | None,
        year: int,
        region_names: Mapping[str, tuple[str, str]] | None,
    ) -> None:
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ValueError(f"seed: {seed!r} is not a non-negative integer")
        if not 1981 <= year <= 2100:
            raise ValueError(f"year: {year} is not between 1981 and 2100")
        self.seed, self.year = seed, year
        self.year_end = epoch_days(datetime.date(year, 12, 31))
        self.first_day = epoch_days(datetime.date(1980, 1, 1))

        self.region_cum = _cumulative([r.weight for r in regions], "regions")
        codes = [r.code for r in regions]
        for code in codes:
            if len(code) != 6 or not code.isascii() or not code.isdigit():
                raise ValueError(f"regions: {code!r} is not a 6-digit region code")
        self.region_digits = np.frombuffer("".join(codes).encode(), np.uint8).reshape(-1, 6)
        self.region_codes = pa.array(codes)
        names = region_names or {}
        prefix_zh: list[str] = []
        prefix_en: list[str] = []
        short_zh: list[str] = []
        address: list[str | None] = []
        for code in codes:
            if code not in names:
                prefix_zh.append("广东")
                prefix_en.append("Guangdong")
                short_zh.append("广东")
                address.append(None)
                continue
            zh, en = names[code]
            city_code = code[:4] + "00"
            city = names.get(city_code) if city_code != code else None
            place_zh, place_en = city if city and zh.endswith("区") else (zh, en)
            prefix_zh.append(place_zh)
            prefix_en.append(place_en)
            short_zh.append(_short_name(place_zh))
            address.append("广东省" + (city[0] if city else "") + zh)
        self.prefix_zh, self.prefix_en = pa.array(prefix_zh), pa.array(prefix_en)
        self.short_zh, self.address = pa.array(short_zh), pa.array(address, pa.string())

        chosen = default_division_weights() if divisions is None else tuple(divisions)
        self.division_cum = _cumulative([d.weight for d in chosen], "divisions")
        profiles = []
        for d in chosen:
            if len(d.division) != 2 or not d.division.isdigit():
                raise ValueError(f"divisions: {d.division!r} is not a 2-digit division")
            profiles.append(PROFILES.get(d.division) or fallback_profile(d.division, d.section))
        sections = [d.section for d in chosen]
        self.text_tables = TextTables([d.division for d in chosen])

        def column(values: Sequence[float]) -> Floats:
            return np.asarray(values, dtype=np.float64)

        self.log_median = np.log(column([p.revenue for p in profiles]))
        self.sigma = column([p.sigma for p in profiles])
        self.log_per_employee = np.log(column([p.per_employee for p in profiles]))
        self.tech = column([p.tech for p in profiles])
        self.export = column([p.export for p in profiles])
        self.rd = column([p.rd for p in profiles])
        self.tax = column([p.tax for p in profiles])
        self.industrial = np.array([s in INDUSTRIAL_SECTIONS for s in sections])
        self.manufacturing = np.array([s == "C" for s in sections])
        self.state = column([STATE.get(s, 1.0) for s in sections])
        self.hmt = column([HMT.get(s, 0.6) for s in sections])
        self.foreign = column([FOREIGN.get(s, 0.6) for s in sections])

        line_zh, line_en, line_count, class_count, classes = [], [], [], [], []
        for p in profiles:
            line_count.append(len(p.lines))
            for zh, en, codes_text in p.lines:
                line_zh.append(zh)
                line_en.append(en)
                class_count.append(len(codes_text.split()))
                classes.extend(codes_text.split())
        self.line_count = np.array(line_count, dtype=np.int64)
        self.line_start = np.concatenate([[0], np.cumsum(self.line_count)[:-1]]).astype(np.int64)
        self.class_count = np.array(class_count, dtype=np.int64)
        self.class_start = np.concatenate([[0], np.cumsum(self.class_count)[:-1]]).astype(np.int64)
        self.line_zh, self.line_en, self.classes = (
            pa.array(line_zh),
            pa.array(line_en),
            pa.array(classes),
        )

        zh_syllables = [s[0] for s in SYLLABLES]
        en_syllables = [s[1:] for s in SYLLABLES]
        self.syllable_zh = pa.array([*zh_syllables, ""])
        self.syllable_first = pa.array([s.capitalize() for s in en_syllables])
        self.syllable_next = pa.array(
            [("'" + s if s[0] in "aoe" else s) for s in en_syllables] + [""]
        )
        self.roads, self.parks = pa.array(ROADS), pa.array([*PARKS, ""])
        self.ownerships = pa.array([o.value for o in OWNERSHIPS])
        sources = [*HMT_SOURCES, *FOREIGN_SOURCES]
        self.countries = pa.array([c for c, _ in sources])
        self.hmt_cum = _cumulative([w for _, w in HMT_SOURCES], "sources")
        self.foreign_cum = _cumulative([w for _, w in FOREIGN_SOURCES], "sources")
        self.window_start = epoch_days(datetime.date(year - 2, 1, 1))  # certificates last 3 years
        # The Shanghai Stock Exchange opens:
        self.listing_start = epoch_days(datetime.date(1990, 12, 19))
