"""Target enterprises for a region: the candidates on a link outside it, read from the
database into columns and ranked by the engine (``engine/targets.py``, where the score is
documented); leads made from them; the ranked list as XLSX.

The province-scale path (Parquet snapshot and DuckDB) is ``engine/snapshot_targets.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhaoshang.chains.engine.targets import (
    PARTS,
    Candidates,
    Strength,
    Weights,
    explain,
    haversine_km,
    link_fit,
    rank,
)
from zhaoshang.chains.models import Chain, Link, Placement
from zhaoshang.chains.selectors import ChainMap, chain_map, high_tech_q, province_of, spec_of
from zhaoshang.core.models import User
from zhaoshang.leads.models import Lead
from zhaoshang.leads.services import lead_create
from zhaoshang.registry.models import Enterprise, Region, YearlyFigures
from zhaoshang.registry.selectors import in_region

GROWTH_YEARS = 3  # growth is measured over at most this many years before the latest
MAX_TARGETS = 200


@dataclass(frozen=True)
class Target:
    enterprise: Enterprise
    link: Link
    score: float
    parts: list[tuple[str, float]]  # (part, points), largest first
    distance_km: float | None
    is_lead: bool

    def explanation(self) -> str:
        """One line in English for a lead's notes (points of each part)."""
        return "; ".join(f"{name} {points:.1f}" for name, points in self.parts)


def region_centre(region: Region) -> tuple[float, float] | None:
    if region.latitude is not None and region.longitude is not None:
        return region.latitude, region.longitude
    counties = Region.objects.filter(
        Q(parent_id=region.code) | Q(parent__parent_id=region.code), latitude__isnull=False
    ).values_list("latitude", "longitude")
    points = [(float(a), float(b)) for a, b in counties if a is not None and b is not None]
    if not points:
        return None
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


def _candidates(link: Link, region: Region) -> list[Enterprise]:
    """The enterprises on ``link`` in the region's province but outside the region."""
    province = province_of(region)
    return list(
        Enterprise.objects.filter(
            pk__in=Placement.objects.filter(link=link).values("enterprise_id")
        )
        .filter(in_region(province.code))
        .exclude(in_region(region.code))
        .select_related("region")
        .order_by("id")
    )


def _columns(
    found: list[Enterprise], link: Link, the_map: ChainMap, centre: tuple[float, float] | None
) -> Candidates:
    import numpy as np  # imported when targets are ranked, not when the app starts

    ids = [e.pk for e in found]
    latest = {e.pk: e.latest_year for e in found}
    before: dict[int, tuple[int, Decimal]] = {}
    for pk, year, revenue in (
        YearlyFigures.objects.filter(enterprise_id__in=ids, revenue__isnull=False)
        .order_by("enterprise_id", "year")
        .values_list("enterprise_id", "year", "revenue")
    ):
        last = latest.get(pk)
        if (
            revenue is not None
            and last is not None
            and last - GROWTH_YEARS <= year < last
            and pk not in before
        ):
            before[pk] = (year, revenue)
    high_tech = set(
        Enterprise.objects.filter(pk__in=ids).filter(high_tech_q()).values_list("pk", flat=True)
    )
    fit_by_link = link_fit(spec_of(link.chain), the_map.strengths())
    keys_by_enterprise: dict[int, list[str]] = {}
    for pk, key in Placement.objects.filter(
        enterprise_id__in=ids, link__chain_id=link.chain_id
    ).values_list("enterprise_id", "link__key"):
        keys_by_enterprise.setdefault(pk, []).append(key)
    lat = np.array([e.region.latitude if e.region and e.region.latitude else np.nan for e in found])
    lon = np.array(
        [e.region.longitude if e.region and e.region.longitude else np.nan for e in found]
    )
    distance = haversine_km(lat, lon, *centre) if centre else np.full(len(found), np.nan)

    def number(value: Decimal | None) -> float:
        return float(value) if value is not None else math.nan

    return Candidates(
        revenue=np.array([number(e.latest_revenue) for e in found], dtype=float),
        revenue_before=np.array(
            [number(before[e.pk][1]) if e.pk in before else math.nan for e in found]
        ),
        years=np.array(
            [(e.latest_year or 0) - before[e.pk][0] if e.pk in before else 1 for e in found],
            dtype=float,
        ),
        high_tech=np.array([e.pk in high_tech for e in found], dtype=bool),
        specialised_new=np.array([e.specialised_new_on is not None for e in found]),
        little_giant=np.array([e.little_giant_on is not None for e in found]),
        listed=np.array([e.listed_on is not None for e in found]),
        fit=np.array(
            [
                max((fit_by_link.get(k, 0.0) for k in keys_by_enterprise.get(e.pk, [])), default=0)
                for e in found
            ],
            dtype=float,
        ),
        distance_km=distance,
    )


def targets_for_link(
    link: Link,
    region: Region,
    weights: Weights,
    *,
    limit: int = 50,
    the_map: ChainMap | None = None,
) -> list[Target]:
    """The best ``limit`` candidates on ``link`` outside ``region``, best first."""
    the_map = the_map or chain_map(link.chain, region)
    found = _candidates(link, region)
    if not found:
        return []
    centre = region_centre(region)
    columns = _columns(found, link, the_map, centre)
    ranked = rank(columns, weights, min(limit, MAX_TARGETS))
    leads = set(
        Lead.objects.filter(enterprise_id__in=[found[i].pk for i in ranked.order]).values_list(
            "enterprise_id", flat=True
        )
    )
    targets = []
    for position, index in enumerate(ranked.order.tolist()):
        distance = float(columns.distance_km[index])
        targets.append(
            Target(
                enterprise=found[index],
                link=link,
                score=float(ranked.score[position]),
                parts=explain(ranked, position),
                distance_km=None if math.isnan(distance) else distance,
                is_lead=found[index].pk in leads,
            )
        )
    return targets


def gap_targets(
    chain: Chain, region: Region, weights: Weights, *, per_link: int = 10
) -> list[tuple[Link, list[Target]]]:
    """For each link missing in the region, its best candidates."""
    the_map = chain_map(chain, region)
    return [
        (
            figures.link,
            targets_for_link(figures.link, region, weights, limit=per_link, the_map=the_map),
        )
        for figures in the_map.links
        if figures.strength is Strength.MISSING
    ]


def leads_from_targets(
    *, actor: User, region: Region, targets: list[Target]
) -> tuple[list[Lead], list[Enterprise]]:
    """A lead (source "chain targeting") for each target not already a lead, the reason
    kept in its notes; returns (created, skipped). All or nothing."""
    created: list[Lead] = []
    skipped: list[Enterprise] = []
    with transaction.atomic():
        for target in targets:
            enterprise = target.enterprise
            if Lead.objects.filter(enterprise=enterprise).exists():
                skipped.append(enterprise)
                continue
            city = enterprise.region.name if enterprise.region else ""
            notes = _(
                "Chain targeting: %(chain)s / %(link)s, score %(score)s of 100 (%(parts)s)."
            ) % {
                "chain": target.link.chain.name(),
                "link": target.link.name(),
                "score": f"{target.score:.1f}",
                "parts": ", ".join(
                    f"{_part_label(name)} {points:.1f}" for name, points in target.parts
                ),
            }
            lead = lead_create(
                actor=actor,
                values={
                    "company": enterprise.name,
                    "enterprise": enterprise.pk,
                    "origin": "CN",
                    "origin_detail": city[:100],
                    "industry": enterprise.division_id or "",
                    "product": (enterprise.main_products or "")[:200],
                    "source": Lead.Source.CHAIN_TARGETING,
                    "region": region.code,
                    "officers": [actor.pk],
                    "notes": notes,
                },
            )
            created.append(lead)
    return created, skipped


def _part_label(name: str) -> str:
    labels = {
        "size": pgettext("target score", "size"),
        "growth": _("growth"),
        "qualifications": _("qualifications"),
        "fit": _("fit to local anchors"),
        "distance": _("distance"),
    }
    return str(labels.get(name, name))


def part_labels() -> dict[str, str]:
    return {name: _part_label(name) for name in PARTS}


def weights_or_error(values: dict[str, Any]) -> Weights:
    from zhaoshang.chains.engine.targets import weights_from

    try:
        return weights_from(values)
    except ValueError as error:
        name = str(error).split(":", 1)[0]
        field = name if name in PARTS else "weights"
        raise ValidationError(
            {field: _("Enter a weight between 0 and 1000; at least one above 0.")}
        ) from error


def targets_stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")
