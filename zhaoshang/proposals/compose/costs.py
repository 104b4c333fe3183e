"""What the project would pay: the land or rent of each chosen site, and the tariffs,
wages and social insurance the center keeps for the site's county, side by side with the
place the investor compares with. Every figure keeps its date and source."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from zhaoshang.leads.currency import rate_on
from zhaoshang.proposals.models import WAGE_ITEMS, CostFigure, CostItem, CostPlace
from zhaoshang.sites.models import MU_M2, Building, Parcel

MONTHS = 12

# The demo's figures cite this sentence as their source; proposals show it in the
# reader's language (a source the center types is shown as typed).
ILLUSTRATIVE_SOURCE = gettext_noop(
    "Illustrative figure for the demonstration, not an official tariff"
)


@dataclass(frozen=True)
class CostCell:
    value: Decimal
    currency: str
    valid_from: datetime.date
    source: str


@dataclass(frozen=True)
class CostRow:
    item: str
    site: CostCell | None
    other: CostCell | None


@dataclass(frozen=True)
class SiteCost:
    """The price of a site for the project: a parcel's land price (price per mu × area),
    a building's sale price, or its rent for the space wanted over a year."""

    kind: str  # land, sale, rent
    amount: Decimal  # yuan
    area_m2: Decimal | None = None  # the space a rent is for


@dataclass
class CostTable:
    place: CostPlace | None
    comparison: CostPlace | None
    rows: list[CostRow] = field(default_factory=list)
    # yuan per unit of the comparison's currency, when it is not yuan and a rate is kept
    comparison_rate: Decimal | None = None

    @property
    def illustrative(self) -> bool:
        return any(p is not None and p.illustrative for p in (self.place, self.comparison))

    def labour_cost(self, cell: CostCell | None, insurance: CostCell | None) -> Decimal | None:
        """A month of one employee for the employer, in yuan: wage × (1 + insurance %)."""
        if cell is None:
            return None
        share = insurance.value / 100 if insurance and insurance.currency == "%" else Decimal(0)
        amount = cell.value * (1 + share)
        if cell.currency == "CNY":
            return amount
        if self.comparison_rate is None:
            return None
        return amount * self.comparison_rate


def site_cost(site: Parcel | Building, space_m2: Decimal | None) -> SiteCost | None:
    if isinstance(site, Parcel):
        if site.price_per_mu is None:
            return None
        return SiteCost("land", (site.price_per_mu * site.area_m2 / MU_M2).quantize(Decimal(1)))
    if site.sale_price is not None and site.rent_per_m2_month is None:
        return SiteCost("sale", site.sale_price)
    if site.rent_per_m2_month is not None:
        area = min(space_m2, site.floor_area_m2) if space_m2 else site.floor_area_m2
        return SiteCost("rent", (site.rent_per_m2_month * area * MONTHS).quantize(Decimal(1)), area)
    return None


def place_for_county(county: str) -> CostPlace | None:
    return CostPlace.objects.filter(region_id=county).first() if county else None


def _latest(place: CostPlace | None, as_of: datetime.date) -> dict[str, CostCell]:
    if place is None:
        return {}
    cells: dict[str, CostCell] = {}
    for figure in CostFigure.objects.filter(place=place, valid_from__lte=as_of).order_by(
        "item", "-valid_from"
    ):
        if figure.item not in cells:
            unit = "%" if figure.item == CostItem.SOCIAL_INSURANCE else place.currency
            cells[figure.item] = CostCell(figure.value, unit, figure.valid_from, figure.source)
    return cells


def cost_table(county: str, comparison: CostPlace | None, as_of: datetime.date) -> CostTable:
    place = place_for_county(county)
    mine, theirs = _latest(place, as_of), _latest(comparison, as_of)
    table = CostTable(place=place, comparison=comparison)
    for item in CostItem.values:
        if item in mine or item in theirs:
            table.rows.append(CostRow(item, mine.get(item), theirs.get(item)))
    if comparison is not None and comparison.currency != "CNY":
        try:
            table.comparison_rate = rate_on(comparison.currency, as_of)
        except ValidationError:
            table.comparison_rate = None
    return table


def labour_rows(table: CostTable) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """(wage item, monthly cost in yuan here, there) for each wage both places know."""
    by_item = {row.item: row for row in table.rows}
    insurance = by_item.get(CostItem.SOCIAL_INSURANCE)
    rows = []
    for item in WAGE_ITEMS:
        row = by_item.get(item)
        if row is None:
            continue
        rows.append(
            (
                str(item),
                table.labour_cost(row.site, insurance.site if insurance else None),
                table.labour_cost(row.other, insurance.other if insurance else None),
            )
        )
    return rows
