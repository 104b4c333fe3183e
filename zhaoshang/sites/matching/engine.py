"""Rank land parcels and buildings against a lead's needs (no Django here, like ``rules/``).

Every requirement the lead states gets a verdict per site: it *meets* it, *fails* it (with
what the site offers, what the lead wants and the unit, e.g. 1,800 of the 2,000 kVA needed),
or it is *unknown* because the site lacks the datum. A requirement the lead does not state is
not judged at all.

Which kinds of site are considered: the lead's ``kind`` (land / building / either); with
"either" (or none), a lead that states only land gets parcels, one that states only building
space gets buildings, and one that states both or neither gets both.

Hard requirements — the industry is allowed on the parcel (its GB/T 4754 ranges contain the
lead's whole industry code; an empty list allows any industry) and the site is large enough
(parcel area ≥ the land wanted; building floor area ≥ the space wanted) — put every site that
fails or cannot show one of them after every site that meets them all.

Within each of the two groups, sites rank by a fit score from 0 to 100, the sum of:

==========  ======  ===========================================================
power        30     meets: 30; unknown: 15; fails: 15 × offered / wanted
county       20     in a preferred county: 20; elsewhere: 0; unknown: 10
budget       20     price ≤ budget: 20; unknown: 10; over: 10 × budget / price
date         15     available by the date needed: 15; unknown: 7.5;
                    later: 7.5 × (1 − days late / 365), at least 0
size fit     15     15 × wanted / offered when large enough (a site much larger
                    than needed fits less well; a divisible building whose
                    smallest unit is no larger than the need fits fully);
                    7.5 × offered / wanted when too small; 7.5 when unknown
==========  ======  ===========================================================

A requirement the lead does not state gives its full weight to every site, so scores of two
sites for one lead compare. Ties break by kind (parcels first) and id, so the order is stable.

The price a budget is compared with: a parcel's price per mu × its area in mu; a building's
sale price, or when it is only for rent, its rent for the space wanted over one year.

Speed: the scoring runs on numpy columns (``SiteTable``); only the sites returned (``limit``)
get verdict objects. 100,000 sites score in a few tens of milliseconds.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from zhaoshang.rules.codes import IndustryEndpoint, IndustryRange

M2_PER_MU = 666.67

SiteKind = Literal["parcel", "building"]
KindWanted = Literal["land", "building", "either"]
Outcome = Literal["meets", "fails", "unknown"]

HARD_REQUIREMENTS = ("industry", "size")
WEIGHTS = {"power": 30.0, "county": 20.0, "budget": 20.0, "date": 15.0, "size_fit": 15.0}

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Needs:
    """What a lead asks for; None (or empty) means it does not say."""

    land_mu: Decimal | None = None
    building_m2: Decimal | None = None
    power_kva: Decimal | None = None
    industry: str | None = None  # GB/T 4754 division ("38") or class ("3841")
    counties: tuple[str, ...] = ()  # region codes (GB/T 2260); a prefecture covers its counties
    budget_yuan: Decimal | None = None
    needed_by: datetime.date | None = None
    kind: KindWanted | None = None

    def kinds(self) -> frozenset[SiteKind]:
        if self.kind == "land":
            return frozenset({"parcel"})
        if self.kind == "building":
            return frozenset({"building"})
        if self.land_mu is not None and self.building_m2 is None:
            return frozenset({"parcel"})
        if self.building_m2 is not None and self.land_mu is None:
            return frozenset({"building"})
        return frozenset({"parcel", "building"})


@dataclass(frozen=True)
class Site:
    """The facts of a parcel or building that matching reads; None where unknown."""

    kind: SiteKind
    id: int
    region_code: str = ""
    area_m2: Decimal | None = None  # a parcel's area, a building's total floor area
    power_kva: Decimal | None = None  # a building's own supply, or the park's for a parcel
    industries_allowed: tuple[str, ...] = ()  # GB/T 4754 ranges; empty: any
    price_yuan: Decimal | None = None  # see the module's note on the price
    rent_per_m2_month: Decimal | None = None
    available_on: datetime.date | None = None  # None: available now
    smallest_unit_m2: Decimal | None = None  # None: not divisible


@dataclass(frozen=True)
class Verdict:
    requirement: str  # industry, size, power, county, budget, date
    outcome: Outcome
    observed: object = None
    wanted: object = None
    unit: str = ""
    hard: bool = False


@dataclass(frozen=True)
class SiteMatch:
    kind: SiteKind
    id: int
    score: float
    meets_hard: bool
    verdicts: tuple[Verdict, ...] = field(default=())

    def verdict(self, requirement: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.requirement == requirement), None)

    @property
    def failed(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.outcome == "fails")


_DASH_RANGE = re.compile(r"^\s*([A-Za-z]?\d{0,4})\s*[-–~]\s*([A-Za-z]?\d{0,4})\s*$")


def parse_range(text: str) -> IndustryRange:
    """``C13-C43`` (the sites' notation) or ``C13..C43`` (the rules'), ``C38``, ``C``."""
    dashed = _DASH_RANGE.match(text)
    if dashed and dashed[1] and dashed[2]:
        text = f"{dashed[1]}..{dashed[2]}"
    return IndustryRange.parse(text)


def industry_allowed(code: str, ranges: Sequence[str]) -> bool | None:
    """Whether every class of ``code`` lies in one of ``ranges``; None if a range is unreadable.
    An empty list allows any industry."""
    if not ranges:
        return True
    wanted = IndustryEndpoint.parse(code)
    try:
        parsed = [parse_range(text) for text in ranges]
    except ValueError:
        return None
    return any(r.low.first <= wanted.first and wanted.last <= r.high.last for r in parsed)


def _num(value: Decimal | float | None) -> float:
    return float("nan") if value is None else float(value)


class SiteTable:
    """Sites as columns, for scoring many at once: built from ``Site`` objects (``of``) or
    straight from database rows (``__init__``: one sequence per field, None where unknown),
    which spares making an object per site; ``site(i)`` makes one when it is needed."""

    def __init__(
        self,
        *,
        kinds: Sequence[SiteKind],
        ids: Sequence[int],
        region_codes: Sequence[str | None],
        area_m2: Sequence[Decimal | float | None],
        power_kva: Sequence[Decimal | float | None],
        industries_allowed: Sequence[Sequence[str] | None],
        price_yuan: Sequence[Decimal | float | None],
        rent_per_m2_month: Sequence[Decimal | float | None],
        available_on: Sequence[datetime.date | None],
        smallest_unit_m2: Sequence[Decimal | float | None],
    ) -> None:
        self._kinds, self._ids, self._regions = kinds, ids, region_codes
        self._area, self._power, self._ranges = area_m2, power_kva, industries_allowed
        self._price, self._rent, self._unit = price_yuan, rent_per_m2_month, smallest_unit_m2
        self._available = available_on
        self.is_parcel = np.array([k == "parcel" for k in kinds], dtype=bool)
        self.ids = np.array(ids, dtype=np.int64)
        self.area = np.array(area_m2, dtype=np.float64)
        self.power = np.array(power_kva, dtype=np.float64)
        self.price = np.array(price_yuan, dtype=np.float64)
        self.rent = np.array(rent_per_m2_month, dtype=np.float64)
        self.unit = np.array(smallest_unit_m2, dtype=np.float64)
        self.available = np.array([d.toordinal() if d else 0 for d in available_on], dtype=np.int64)
        regions: dict[str, int] = {}
        self.region_index = np.array(
            [regions.setdefault(code or "", len(regions)) for code in region_codes],
            dtype=np.intp,
        )
        self.regions = list(regions)
        lists: dict[tuple[str, ...], int] = {}
        self.industry_index = np.array(
            [lists.setdefault(tuple(ranges or ()), len(lists)) for ranges in industries_allowed],
            dtype=np.intp,
        )
        self.industry_lists = list(lists)
        # False for a site replaced by a later version of it (``patched``): not matched.
        self.alive = np.ones(len(self.ids), dtype=bool)

    def patched(self, changed: Mapping[SiteKind, Collection[int]], fresh: SiteTable) -> SiteTable:
        """A new table: this one with the sites in ``changed`` (ids per kind) left out of
        matching, and ``fresh`` (their current versions, those still to be matched)
        appended. Nothing is copied site by site: the rows left out stay, marked not
        ``alive``, until the table is built again. This table is not changed."""
        stale = np.zeros(len(self.ids), dtype=bool)
        for kind, ids in changed.items():
            if ids:
                of_kind = self.is_parcel if kind == "parcel" else ~self.is_parcel
                stale |= of_kind & np.isin(self.ids, np.fromiter(ids, dtype=np.int64))
        out = object.__new__(SiteTable)
        out._kinds = [*self._kinds, *fresh._kinds]
        out._ids = [*self._ids, *fresh._ids]
        out._regions = [*self._regions, *fresh._regions]
        out._area = [*self._area, *fresh._area]
        out._power = [*self._power, *fresh._power]
        out._ranges = [*self._ranges, *fresh._ranges]
        out._price = [*self._price, *fresh._price]
        out._rent = [*self._rent, *fresh._rent]
        out._unit = [*self._unit, *fresh._unit]
        out._available = [*self._available, *fresh._available]
        for name in ("is_parcel", "ids", "area", "power", "price", "rent", "unit", "available"):
            setattr(out, name, np.concatenate([getattr(self, name), getattr(fresh, name)]))
        out.alive = np.concatenate([self.alive & ~stale, fresh.alive])
        out.regions, out.region_index = _merged(
            self.regions, self.region_index, fresh.regions, fresh.region_index
        )
        out.industry_lists, out.industry_index = _merged(
            self.industry_lists, self.industry_index, fresh.industry_lists, fresh.industry_index
        )
        return out

    @property
    def dead(self) -> int:
        """How many rows are kept but no longer matched (replaced by ``patched``)."""
        return int(np.count_nonzero(~self.alive))

    @classmethod
    def of(cls, sites: Iterable[Site]) -> SiteTable:
        rows = list(sites)
        return cls(
            kinds=[s.kind for s in rows],
            ids=[s.id for s in rows],
            region_codes=[s.region_code for s in rows],
            area_m2=[s.area_m2 for s in rows],
            power_kva=[s.power_kva for s in rows],
            industries_allowed=[s.industries_allowed for s in rows],
            price_yuan=[s.price_yuan for s in rows],
            rent_per_m2_month=[s.rent_per_m2_month for s in rows],
            available_on=[s.available_on for s in rows],
            smallest_unit_m2=[s.smallest_unit_m2 for s in rows],
        )

    def site(self, i: int) -> Site:
        return Site(
            kind=self._kinds[i],
            id=self._ids[i],
            region_code=self._regions[i] or "",
            area_m2=_decimal(self._area[i]),
            power_kva=_decimal(self._power[i]),
            industries_allowed=tuple(self._ranges[i] or ()),
            price_yuan=_decimal(self._price[i]),
            rent_per_m2_month=_decimal(self._rent[i]),
            available_on=self._available[i],
            smallest_unit_m2=_decimal(self._unit[i]),
        )

    def __len__(self) -> int:
        return len(self.ids)


def _merged(
    values: list[Any],
    index: npt.NDArray[np.intp],
    more: list[Any],
    more_index: npt.NDArray[np.intp],
) -> tuple[list[Any], npt.NDArray[np.intp]]:
    """Two (distinct values, index per row) pairs as one, the first's positions kept."""
    position = {value: i for i, value in enumerate(values)}
    merged = list(values)
    remap = []
    for value in more:
        if value not in position:
            position[value] = len(merged)
            merged.append(value)
        remap.append(position[value])
    mapped = np.array(remap or [0], dtype=np.intp)[more_index]
    return merged, np.concatenate([index, mapped]).astype(np.intp)


def _decimal(value: Decimal | float | None) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _by_group(values: list[bool | None], index: npt.NDArray[np.intp]) -> npt.NDArray[np.int8]:
    """Per-site outcome codes (1 meets, 0 fails, -1 unknown) from per-group results."""
    codes = np.array([-1 if v is None else int(v) for v in values] or [0], dtype=np.int8)
    return codes[index]


def match(
    needs: Needs, sites: Sequence[Site] | SiteTable, *, limit: int | None = None
) -> list[SiteMatch]:
    """Sites of the kinds wanted, best first, each with its verdicts (see the module)."""
    table = sites if isinstance(sites, SiteTable) else SiteTable.of(sites)
    n = len(table)
    if n == 0:
        return []
    kinds = needs.kinds()
    considered = table.alive.copy()
    if "parcel" not in kinds:
        considered &= ~table.is_parcel
    if "building" not in kinds:
        considered &= table.is_parcel

    hard_ok = np.ones(n, bool)
    score = np.zeros(n)

    # Industry (hard, parcels only: a building does not restrict the trade).
    industry = np.ones(n, np.int8)
    if needs.industry:
        per_list = [industry_allowed(needs.industry, lst) for lst in table.industry_lists]
        industry = np.where(table.is_parcel, _by_group(per_list, table.industry_index), 1)
        hard_ok &= industry == 1

    # Size (hard) and how snugly it fits (soft).
    wanted_area = np.where(
        table.is_parcel,
        _num(needs.land_mu) * M2_PER_MU,
        _num(needs.building_m2),
    )
    size_stated = ~np.isnan(wanted_area)
    with np.errstate(invalid="ignore", divide="ignore"):
        big_enough = table.area >= wanted_area
        divisible = (~table.is_parcel) & (table.unit <= wanted_area)
        fit = np.where(
            big_enough,
            np.where(divisible, 1.0, np.minimum(1.0, wanted_area / table.area)),
            0.5 * np.clip(table.area / wanted_area, 0, 1),
        )
    area_known = ~np.isnan(table.area)
    hard_ok &= ~size_stated | (area_known & big_enough)
    weight = WEIGHTS["size_fit"]
    score += np.where(size_stated, np.where(area_known, fit * weight, weight / 2), weight)

    def soft(name: str, meets: BoolArray, known: BoolArray, partial: FloatArray) -> None:
        w = WEIGHTS[name]
        nonlocal score
        score += np.where(known, np.where(meets, w, 0.5 * w * np.clip(partial, 0, 1)), w / 2)

    with np.errstate(invalid="ignore", divide="ignore"):
        if needs.power_kva is not None:
            wanted = float(needs.power_kva)
            known = ~np.isnan(table.power)
            soft("power", table.power >= wanted, known, table.power / wanted)
        else:
            score += WEIGHTS["power"]

        if needs.counties:
            in_county = [any(r.startswith(c) for c in _prefixes(needs)) for r in table.regions]
            meets = _by_group(list(in_county), table.region_index) == 1
            known = np.array([bool(r) for r in table.regions])[table.region_index]
            score += np.where(known, np.where(meets, WEIGHTS["county"], 0.0), WEIGHTS["county"] / 2)
        else:
            score += WEIGHTS["county"]

        if needs.budget_yuan is not None:
            budget = float(needs.budget_yuan)
            price = _prices(table, needs)
            soft("budget", price <= budget, ~np.isnan(price), budget / price)
        else:
            score += WEIGHTS["budget"]

        if needs.needed_by is not None:
            by = needs.needed_by.toordinal()
            late = np.maximum(table.available - by, 0)
            soft("date", late == 0, np.ones(n, bool), 1 - late / 365)
        else:
            score += WEIGHTS["date"]

    order = np.lexsort((table.ids, ~table.is_parcel, -np.round(score, 6), ~hard_ok))
    order = order[considered[order]]
    if limit is not None:
        order = order[:limit]
    found = []
    for i in order.tolist():
        site = table.site(i)
        found.append(
            SiteMatch(
                kind=site.kind,
                id=site.id,
                score=round(float(score[i]), 1),
                meets_hard=bool(hard_ok[i]),
                verdicts=verdicts(needs, site, industry_code=int(industry[i])),
            )
        )
    return found


def _prefixes(needs: Needs) -> list[str]:
    out = []
    for code in needs.counties:
        while len(code) > 2 and code.endswith("00"):
            code = code[:-2]
        out.append(code)
    return out


def _prices(table: SiteTable, needs: Needs) -> FloatArray:
    rent_year = table.rent * 12 * _num(needs.building_m2)
    parcel_price = table.price  # a parcel's price already covers its whole area
    return np.where(
        table.is_parcel,
        parcel_price,
        np.where(np.isnan(table.price), rent_year, table.price),
    )


def site_price(site: Site, needs: Needs) -> Decimal | None:
    if site.price_yuan is not None or site.kind == "parcel":
        return site.price_yuan
    if site.rent_per_m2_month is not None and needs.building_m2 is not None:
        return site.rent_per_m2_month * 12 * needs.building_m2
    return None


def verdicts(needs: Needs, site: Site, *, industry_code: int | None = None) -> tuple[Verdict, ...]:
    """One site's verdicts, requirement by requirement (hard ones first)."""
    out: list[Verdict] = []
    if needs.industry and site.kind == "parcel":
        allowed = (
            industry_allowed(needs.industry, site.industries_allowed)
            if industry_code is None
            else (None if industry_code == -1 else bool(industry_code))
        )
        observed = ", ".join(site.industries_allowed)
        out.append(_verdict("industry", allowed, observed, needs.industry, "", hard=True))
    wanted_area = (
        (needs.land_mu * Decimal(str(M2_PER_MU)) if needs.land_mu is not None else None)
        if site.kind == "parcel"
        else needs.building_m2
    )
    if wanted_area is not None:
        meets = None if site.area_m2 is None else site.area_m2 >= wanted_area
        if site.kind == "parcel":
            mu = Decimal(str(M2_PER_MU))
            area_mu = (
                None if site.area_m2 is None else (site.area_m2 / mu).quantize(Decimal("0.01"))
            )
            out.append(_verdict("size", meets, area_mu, needs.land_mu, "mu", hard=True))
        else:
            out.append(_verdict("size", meets, site.area_m2, wanted_area, "m2", hard=True))
    if needs.power_kva is not None:
        meets = None if site.power_kva is None else site.power_kva >= needs.power_kva
        out.append(_verdict("power", meets, site.power_kva, needs.power_kva, "kVA"))
    if needs.counties:
        code = site.region_code or None
        meets = None if code is None else any(code.startswith(p) for p in _prefixes(needs))
        out.append(_verdict("county", meets, code, ", ".join(needs.counties), "region"))
    if needs.budget_yuan is not None:
        price = site_price(site, needs)
        meets = None if price is None else price <= needs.budget_yuan
        out.append(_verdict("budget", meets, price, needs.budget_yuan, "yuan"))
    if needs.needed_by is not None:
        meets = site.available_on is None or site.available_on <= needs.needed_by
        out.append(_verdict("date", meets, site.available_on, needs.needed_by, "date"))
    return tuple(out)


def _verdict(
    name: str,
    meets: bool | None,
    observed: object,
    wanted: object,
    unit: str,
    *,
    hard: bool = False,
) -> Verdict:
    outcome: Outcome = "unknown" if meets is None else ("meets" if meets else "fails")
    return Verdict(name, outcome, observed, wanted, unit, hard)
