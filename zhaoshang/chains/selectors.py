"""Reads of the chains app: chains and links, a region's chain map, a link's page."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from zhaoshang.chains.engine import Chain as ChainSpec
from zhaoshang.chains.engine.targets import Strength, Thresholds, strength
from zhaoshang.chains.facts import facts_path
from zhaoshang.chains.models import Chain, Link, LinkNote, MapSettings, Placement
from zhaoshang.chains.services import chain_spec
from zhaoshang.registry.models import Enterprise, Region
from zhaoshang.registry.selectors import in_region

if TYPE_CHECKING:  # DuckDB and numpy load with the first map, not at start-up
    from zhaoshang.chains.engine.snapshot_targets import LinkTotals


def chains() -> QuerySet[Chain]:
    return Chain.objects.order_by("position", "key")


def chain_links(chain: Chain) -> list[Link]:
    return list(chain.links.order_by("position"))


@lru_cache(maxsize=16)
def _spec(key: str, source: str) -> ChainSpec:
    return chain_spec(source)


def spec_of(chain: Chain) -> ChainSpec:
    """The engine's form of a chain (cached by its text)."""
    return _spec(chain.key, chain.source)


def province_of(region: Region) -> Region:
    found = region
    while found.parent_id is not None:
        found = Region.objects.get(code=found.parent_id)
    return found


def thresholds() -> Thresholds:
    row = MapSettings.current()
    return Thresholds(
        present_min=row.present_min,
        strong_min=row.strong_min,
        strong_share=float(row.strong_share),
        strong_above_size=row.strong_above_size,
    )


@dataclass
class LinkFigures:
    link: Link
    count: int = 0
    above_size: int = 0
    high_tech: int = 0
    specialised_new: int = 0
    revenue: Decimal = Decimal(0)
    province_count: int = 0
    share: float = 0.0  # percent of the province's enterprises on the link
    strength: Strength = Strength.MISSING
    suppliers: list[str] = field(default_factory=list)


@dataclass
class ChainMap:
    chain: Chain
    region: Region
    province: Region
    links: list[LinkFigures]
    limits: Thresholds

    def by_key(self) -> dict[str, LinkFigures]:
        return {figures.link.key: figures for figures in self.links}

    def strengths(self) -> dict[str, Strength]:
        return {figures.link.key: figures.strength for figures in self.links}


def _figures(chain: Chain, regions: list[Region]) -> list[dict[int, LinkTotals]]:
    """For each region, each link of ``chain`` with its enterprises there (read from the
    placement facts, as the targets are: the province's 18 million in well under a second)."""
    import duckdb

    from zhaoshang.chains.engine.snapshot_targets import link_totals

    facts = str(facts_path())
    links = list(chain.links.values_list("pk", flat=True))
    con = duckdb.connect()
    try:
        con.execute("SET threads = 2")
        return [link_totals(con, facts, links, region_counties(r.code)) for r in regions]
    finally:
        con.close()


def region_counties(code: str) -> list[str]:
    """The codes an enterprise's region may have to lie in region ``code`` (the registry's
    one rule, ``in_region``): the region itself and the regions one and two levels below."""
    return list(
        Region.objects.filter(
            Q(pk=code) | Q(parent_id=code) | Q(parent__parent_id=code)
        ).values_list("pk", flat=True)
    )


def chain_map(chain: Chain, region: Region) -> ChainMap:
    """Each link of ``chain`` in ``region``: counts, revenue, share of the province, and
    strength by the administrator's thresholds."""
    from zhaoshang.chains.engine.snapshot_targets import LinkTotals

    province = province_of(region)
    if province.code == region.code:
        local = whole = _figures(chain, [region])[0]
    else:
        local, whole = _figures(chain, [region, province])
    limits = thresholds()
    links = []
    for link in chain_links(chain):
        row = local.get(link.pk, LinkTotals())
        province_count = whole.get(link.pk, LinkTotals()).count
        share = 100.0 * row.count / province_count if province_count else 0.0
        links.append(
            LinkFigures(
                link=link,
                count=row.count,
                above_size=row.above_size,
                high_tech=row.high_tech,
                specialised_new=row.specialised_new,
                revenue=Decimal(str(round(row.revenue, 2))),
                province_count=province_count,
                share=share,
                strength=strength(row.count, share, row.above_size, limits),
            )
        )
    keys = {f.link.key: f for f in links}
    for figures in links:
        for customer in figures.link.supplies:
            if customer in keys:
                keys[customer].suppliers.append(figures.link.key)
    return ChainMap(chain, region, province, links, limits)


def link_enterprises(link: Link, region: Region, *, limit: int = 50) -> QuerySet[Placement]:
    """The link's enterprises in the region, the anchors (largest revenue) first."""
    return (
        Placement.objects.filter(link=link)
        .filter(in_region(region.code, "enterprise__region"))
        .select_related("enterprise", "enterprise__region")
        .order_by("-enterprise__latest_revenue", "enterprise_id")[:limit]
    )


def link_leaders_elsewhere(link: Link, region: Region, *, limit: int = 20) -> QuerySet[Placement]:
    """The province's largest enterprises on the link outside the region."""
    province = province_of(region)
    return (
        Placement.objects.filter(link=link)
        .filter(in_region(province.code, "enterprise__region"))
        .exclude(in_region(region.code, "enterprise__region"))
        .filter(enterprise__latest_revenue__isnull=False)
        .select_related("enterprise", "enterprise__region")
        .order_by("-enterprise__latest_revenue", "enterprise_id")[:limit]
    )


def link_divisions(link: Link) -> list[str]:
    """The GB/T 4754 divisions the link's classes fall in (a lead's industry is one)."""
    divisions: set[str] = set()
    spec = spec_of(link.chain).link(link.key)
    for found in spec.classes:
        low, high = found.low.first[:2], found.high.last[:2]
        divisions.update(f"{n:02d}" for n in range(int(low), int(high) + 1))
    return sorted(divisions)


def link_notes(link: Link) -> QuerySet[LinkNote]:
    return LinkNote.objects.filter(chain_key=link.chain.key, link_key=link.key).select_related(
        "author"
    )


def enterprises_on_link(link_id: int) -> QuerySet[Enterprise]:
    """For the registry's list filter: the enterprises placed on a link."""
    return Enterprise.objects.filter(
        pk__in=Placement.objects.filter(link_id=link_id).values("enterprise_id")
    )
