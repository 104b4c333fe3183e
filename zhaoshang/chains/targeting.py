"""Target enterprises for a region: the candidates on a link outside it (in the region's
province), read from the placement facts (``facts.py``: a Parquet file written once per
change of the registry or of the placements) by DuckDB and ranked by the engine
(``engine/snapshot_targets.py``; the score is documented in ``engine/targets.py``); leads
made from them; the ranked list as XLSX.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhaoshang.chains.engine.targets import (
    PARTS,
    Strength,
    Weights,
    explain,
    great_circle_km,
    link_fit,
)
from zhaoshang.chains.facts import facts_path
from zhaoshang.chains.models import Chain, Link
from zhaoshang.chains.selectors import ChainMap, chain_map, province_of, region_counties, spec_of
from zhaoshang.core.models import User
from zhaoshang.leads.models import Lead
from zhaoshang.leads.services import lead_create
from zhaoshang.registry.models import Enterprise, Region

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


def _centres() -> dict[str, tuple[float, float]]:
    return {
        code: (float(lat), float(lon))
        for code, lat, lon in Region.objects.values_list("code", "latitude", "longitude")
        if lat is not None and lon is not None
    }


def _ranked(
    chain: Chain, links: list[Link], region: Region, weights: Weights, limit: int, the_map: ChainMap
) -> dict[int, list[Target]]:
    """The best ``limit`` candidates of each link, ranked over the placement facts."""
    from zhaoshang.chains.engine.snapshot_targets import Snapshot, connect, rank_links

    if not links:
        return {}
    centres = _centres()
    snapshot = Snapshot(enterprises="", placements="", regions=centres, facts=str(facts_path()))
    key_fit = link_fit(spec_of(chain), the_map.strengths())
    fit = {pk: key_fit.get(key, 0.0) for pk, key in chain.links.values_list("pk", "key")}
    centre = region_centre(region)
    con = connect(snapshot)
    try:
        found = rank_links(
            con,
            snapshot,
            [link.pk for link in links],
            region_counties(region.code),
            fit,
            centre or (math.nan, math.nan),
            weights,
            min(limit, MAX_TARGETS),
            within=region_counties(province_of(region).code),
        )
    finally:
        con.close()
    ids = [int(pk) for rows, _ranking in found.values() for pk in rows.tolist()]
    enterprises = Enterprise.objects.select_related("region").in_bulk(ids)
    leads = set(Lead.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", flat=True))
    by_link = {link.pk: link for link in links}
    targets: dict[int, list[Target]] = {}
    for link_id, (rows, ranking) in found.items():
        chosen = []
        for position, pk in enumerate(rows.tolist()):
            enterprise = enterprises.get(int(pk))
            if enterprise is None:  # removed since the facts were written
                continue
            chosen.append(
                Target(
                    enterprise=enterprise,
                    link=by_link[link_id],
                    score=float(ranking.score[position]),
                    parts=explain(ranking, position),
                    distance_km=_distance(enterprise, centre),
                    is_lead=enterprise.pk in leads,
                )
            )
        targets[link_id] = chosen
    return targets


def _distance(enterprise: Enterprise, centre: tuple[float, float] | None) -> float | None:
    where = enterprise.region
    if centre is None or where is None or where.latitude is None or where.longitude is None:
        return None
    return great_circle_km(float(where.latitude), float(where.longitude), *centre)


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
    return _ranked(link.chain, [link], region, weights, limit, the_map).get(link.pk, [])


def gap_targets(
    chain: Chain, region: Region, weights: Weights, *, per_link: int = 10
) -> list[tuple[Link, list[Target]]]:
    """For each link missing in the region, its best candidates (one ranking for all)."""
    the_map = chain_map(chain, region)
    missing = [f.link for f in the_map.links if f.strength is Strength.MISSING]
    ranked = _ranked(chain, missing, region, weights, per_link, the_map)
    return [(link, ranked.get(link.pk, [])) for link in missing]


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
