"""Reads for matching: a lead's needs, the sites to match them against (as columns), the
best sites for a lead and the leads a site fits. Visibility follows the lead's: whoever may
see a lead may see its matches and holds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from zhaoshang.core.models import User
from zhaoshang.leads.access import leads_visible_to
from zhaoshang.leads.models import Lead
from zhaoshang.leads.stages import SIGNED_STAGES, Stage
from zhaoshang.sites.matching import M2_PER_MU, Needs, SiteKind, SiteMatch, SiteTable, match
from zhaoshang.sites.models import Building, Parcel, SiteHold

# Sites still to be had: not transferred, not withdrawn.
OPEN_STATUSES = ("available", "reserved", "negotiating")
# Leads still looking for a site.
LOOKING = Q(stage__in=[Stage.LEAD, Stage.CONTACTED, Stage.SITE_VISIT, Stage.NEGOTIATING]) & (
    Q(land_mu__isnull=False) | Q(building_m2__isnull=False)
)


def lead_needs(lead: Lead) -> Needs:
    kind = lead.site_kind if lead.site_kind in ("land", "building", "either") else None
    return Needs(
        land_mu=lead.land_mu,
        building_m2=lead.building_m2,
        power_kva=lead.power_kva,
        industry=lead.industry_id or None,
        counties=tuple(lead.preferred_counties or ()),
        budget_yuan=lead.budget_yuan,
        needed_by=lead.needed_by,
        kind=kind,  # type: ignore[arg-type]
    )


def sites_table(
    *,
    kinds: frozenset[SiteKind] = frozenset({"parcel", "building"}),
    parcels: QuerySet[Parcel] | None = None,
    buildings: QuerySet[Building] | None = None,
) -> SiteTable:
    """Open parcels and buildings as matching columns (one query per kind, no objects)."""
    kind_col: list[SiteKind] = []
    ids: list[int] = []
    regions: list[str | None] = []
    area: list[Decimal | float | None] = []
    power: list[Decimal | float | None] = []
    ranges: list[list[str] | None] = []
    price: list[Decimal | float | None] = []
    rent: list[Decimal | float | None] = []
    available = []
    unit: list[Decimal | float | None] = []
    if "parcel" in kinds:
        rows = (parcels if parcels is not None else Parcel.objects.all()).filter(
            status__in=OPEN_STATUSES
        )
        for pk, region, a, park_power, allowed, per_mu, on in rows.values_list(
            "pk",
            "region_id",
            "area_m2",
            "park__utilities__power_kva",
            "industries_allowed",
            "price_per_mu",
            "available_on",
        ).iterator(chunk_size=5000):
            kind_col.append("parcel")
            ids.append(pk)
            regions.append(region)
            area.append(a)
            power.append(park_power if isinstance(park_power, int | float) else None)
            ranges.append(allowed if isinstance(allowed, list) else None)
            price.append(
                None if per_mu is None or a is None else float(per_mu) * float(a) / M2_PER_MU
            )
            rent.append(None)
            available.append(on)
            unit.append(None)
    if "building" in kinds:
        rows_b = (buildings if buildings is not None else Building.objects.all()).filter(
            status__in=OPEN_STATUSES
        )
        for pk, region, a, kva, sale, per_m2, on, smallest in rows_b.values_list(
            "pk",
            "region_id",
            "floor_area_m2",
            "power_kva",
            "sale_price",
            "rent_per_m2_month",
            "available_on",
            "smallest_unit_m2",
        ).iterator(chunk_size=5000):
            kind_col.append("building")
            ids.append(pk)
            regions.append(region)
            area.append(a)
            power.append(kva)
            ranges.append(None)
            price.append(sale)
            rent.append(per_m2)
            available.append(on)
            unit.append(smallest)
    return SiteTable(
        kinds=kind_col,
        ids=ids,
        region_codes=regions,
        area_m2=area,
        power_kva=power,
        industries_allowed=ranges,
        price_yuan=price,
        rent_per_m2_month=rent,
        available_on=available,
        smallest_unit_m2=unit,
    )


@dataclass(frozen=True)
class ShownMatch:
    """A match with its site object, for pages and the API."""

    result: SiteMatch
    site: Parcel | Building
    hold: SiteHold | None


def lead_matches(lead: Lead, *, limit: int = 5) -> list[ShownMatch]:
    """The best open sites for ``lead`` with their verdicts and any active hold."""
    needs = lead_needs(lead)
    results = match(needs, sites_table(kinds=needs.kinds()), limit=limit)
    parcels = Parcel.objects.in_bulk([r.id for r in results if r.kind == "parcel"])
    buildings = Building.objects.in_bulk([r.id for r in results if r.kind == "building"])
    holds = {
        (("parcel", h.parcel_id) if h.parcel_id else ("building", h.building_id)): h
        for h in SiteHold.objects.filter(released_at__isnull=True)
        .filter(
            Q(parcel_id__in=list(parcels)) | Q(building_id__in=list(buildings)),
        )
        .select_related("lead", "officer")
    }
    shown = []
    for r in results:
        site = parcels.get(r.id) if r.kind == "parcel" else buildings.get(r.id)
        if site is not None:
            shown.append(ShownMatch(r, site, holds.get((r.kind, r.id))))
    return shown


@dataclass(frozen=True)
class FittingLead:
    lead: Lead
    result: SiteMatch


def site_leads(user: User, site: Parcel | Building, *, limit: int = 10) -> list[FittingLead]:
    """Leads ``user`` may see, still looking, that ``site`` meets the hard needs of, best
    fit first."""
    kind: SiteKind = "parcel" if isinstance(site, Parcel) else "building"
    table = sites_table(
        kinds=frozenset({kind}),
        parcels=Parcel.objects.filter(pk=site.pk) if kind == "parcel" else None,
        buildings=Building.objects.filter(pk=site.pk) if kind == "building" else None,
    )
    if not len(table):
        return []
    fitting = []
    leads = leads_visible_to(user).filter(LOOKING).exclude(stage__in=SIGNED_STAGES)
    for lead in leads.only(
        "pk",
        "company",
        "stage",
        "land_mu",
        "building_m2",
        "power_kva",
        "industry_id",
        "preferred_counties",
        "budget_yuan",
        "needed_by",
        "site_kind",
    )[:2000]:
        found = match(lead_needs(lead), table)
        if found and found[0].meets_hard:
            fitting.append(FittingLead(lead, found[0]))
    fitting.sort(key=lambda f: (-f.result.score, f.lead.pk))
    return fitting[:limit]
