"""Chains endpoints under /api/chains/: chains and their links, a region's chain map, the
candidates for a link, and placements (list; confirm or reject).

No ``from __future__ import annotations``: django-ninja reads the annotations at import.
"""

from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from zhaoshang.chains import access, selectors, services, targeting
from zhaoshang.chains.engine.targets import Weights
from zhaoshang.chains.models import Chain, Link, Placement
from zhaoshang.core.api_errors import validation_detail
from zhaoshang.core.api_types import Count, Id, Pagination, responses
from zhaoshang.core.permissions import api_require
from zhaoshang.registry.models import Region

router = Router(tags=["chains"])

Key = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")]
RegionCode = Annotated[str, Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$")]
Weight = Annotated[float, Field(ge=0, le=1000)]


class LinkOut(Schema):
    key: str
    stage: str
    name_en: str
    name_zh_hans: str
    name_zh_hant: str
    classes: list[str]
    supplies: list[str]


class ChainOut(Schema):
    key: str
    name_en: str
    name_zh_hans: str
    name_zh_hant: str
    links: list[LinkOut]


class ChainPath(Schema):
    chain: Key


class LinkPath(Schema):
    chain: Key
    link: Key


class RegionIn(Schema):
    region: RegionCode | None = None


class MapLinkOut(Schema):
    key: str
    name: str
    stage: str
    enterprises: Count
    above_size: Count
    high_tech: Count
    specialised_new: Count
    revenue: Decimal  # 10,000 yuan
    province_enterprises: Count
    share_percent: float
    strength: Literal["strong", "weak", "missing"]
    supplies: list[str]


class ChainMapOut(Schema):
    chain: str
    region: str
    province: str
    links: list[MapLinkOut]


class CandidatesIn(Schema):
    region: RegionCode | None = None
    limit: int = Field(20, ge=1, le=200)
    size: Weight = Weights.size
    growth: Weight = Weights.growth
    qualifications: Weight = Weights.qualifications
    fit: Weight = Weights.fit
    distance: Weight = Weights.distance


class PartOut(Schema):
    part: str
    points: float


class CandidateOut(Schema):
    enterprise_id: int
    name: str
    uscc: str
    region: str | None
    score: float
    parts: list[PartOut]
    distance_km: float | None
    is_lead: bool


class PlacementFilterIn(Schema):
    chain: Key | None = None
    link: Key | None = None
    enterprise: Id | None = None
    region: RegionCode | None = None


class PlacementOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    chain: str
    link: str
    source: str
    evidence: str

    @staticmethod
    def resolve_enterprise(obj: Placement) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_chain(obj: Placement) -> str:
        return obj.link.chain.key

    @staticmethod
    def resolve_link(obj: Placement) -> str:
        return obj.link.key


class PlacementPath(Schema):
    placement_id: Id


class DecisionOut(Schema):
    enterprise_id: int
    chain: str
    link: str
    verdict: str
    decided_by: str | None
    decided_at: str


def _region(request: HttpRequest, code: str | None) -> Region:
    user = api_require(request)
    region = Region.objects.filter(code=code or access.home_region(user)).first()
    if region is None:
        from ninja.errors import HttpError

        raise HttpError(422, "region: there is no region with this code.")
    return region


@router.get("/", response=responses({200: list[ChainOut]}, 403), summary="Chains and their links")
def chain_list(request: HttpRequest) -> Any:
    api_require(request, access.VIEW)
    return [
        {
            "key": c.key,
            "name_en": c.name_en,
            "name_zh_hans": c.name_zh_hans,
            "name_zh_hant": c.name_zh_hant,
            "links": list(c.links.order_by("position")),
        }
        for c in selectors.chains().prefetch_related("links")
    ]


@router.get(
    "/{chain}/links",
    response=responses({200: list[LinkOut]}, 403, 404, 422),
    summary="A chain's links",
)
def link_list(request: HttpRequest, path: Path[ChainPath]) -> Any:
    api_require(request, access.VIEW)
    chain = get_object_or_404(Chain, key=path.chain)
    return selectors.chain_links(chain)


@router.get(
    "/{chain}/map",
    response=responses({200: ChainMapOut}, 403, 404, 422),
    summary="A region's chain map (the officer's region unless one is given)",
)
def chain_map(request: HttpRequest, path: Path[ChainPath], where: Query[RegionIn]) -> Any:
    api_require(request, access.VIEW)
    chain = get_object_or_404(Chain, key=path.chain)
    region = _region(request, where.region)
    the_map = selectors.chain_map(chain, region)
    return {
        "chain": chain.key,
        "region": region.code,
        "province": the_map.province.code,
        "links": [
            {
                "key": f.link.key,
                "name": f.link.name(),
                "stage": f.link.stage,
                "enterprises": f.count,
                "above_size": f.above_size,
                "high_tech": f.high_tech,
                "specialised_new": f.specialised_new,
                "revenue": f.revenue,
                "province_enterprises": f.province_count,
                "share_percent": round(f.share, 2),
                "strength": f.strength.value,
                "supplies": f.link.supplies,
            }
            for f in the_map.links
        ],
    }


@router.get(
    "/{chain}/links/{link}/candidates",
    response=responses({200: list[CandidateOut]}, 403, 404, 422),
    summary="Target candidates for a link outside the region, ranked, each score explained",
)
def candidates(request: HttpRequest, path: Path[LinkPath], where: Query[CandidatesIn]) -> Any:
    api_require(request, access.VIEW)
    link = get_object_or_404(
        Link.objects.select_related("chain"), chain__key=path.chain, key=path.link
    )
    region = _region(request, where.region)
    weights = Weights(
        size=where.size,
        growth=where.growth,
        qualifications=where.qualifications,
        fit=where.fit,
        distance=where.distance,
    )
    try:
        weights.normalised()
    except ValueError:
        return Status(422, {"detail": "weights: at least one weight must be above 0."})
    found = targeting.targets_for_link(link, region, weights, limit=where.limit)
    return [
        {
            "enterprise_id": t.enterprise.pk,
            "name": t.enterprise.name,
            "uscc": t.enterprise.uscc,
            "region": t.enterprise.region_id,
            "score": round(t.score, 2),
            "parts": [{"part": name, "points": round(p, 2)} for name, p in t.parts],
            "distance_km": None if t.distance_km is None else round(t.distance_km, 1),
            "is_lead": t.is_lead,
        }
        for t in found
    ]


@router.get(
    "/placements",
    response=responses({200: list[PlacementOut]}, 403, 422),
    summary="Placements of enterprises on links, filtered",
)
@paginate(Pagination)
def placement_list(request: HttpRequest, filters: Query[PlacementFilterIn]) -> Any:
    user = api_require(request, access.VIEW)
    found = access.placements_visible_to(user).select_related("enterprise", "link", "link__chain")
    if filters.chain:
        found = found.filter(link__chain__key=filters.chain)
    if filters.link:
        found = found.filter(link__key=filters.link)
    if filters.enterprise:
        found = found.filter(enterprise_id=filters.enterprise)
    if filters.region:
        from zhaoshang.registry.selectors import in_region

        found = found.filter(in_region(filters.region, "enterprise__region"))
    return found.order_by("id")


def _decide(request: HttpRequest, placement_id: int, verdict: str) -> Any:
    user = api_require(request, access.DECIDE)
    placement = get_object_or_404(
        Placement.objects.select_related("enterprise", "link", "link__chain"), pk=placement_id
    )
    try:
        decision = services.placement_decide(
            actor=user, enterprise=placement.enterprise, link=placement.link, verdict=verdict
        )
    except ValidationError as exc:
        return Status(422, {"detail": validation_detail(exc)})
    return {
        "enterprise_id": decision.enterprise_id,
        "chain": decision.chain_key,
        "link": decision.link_key,
        "verdict": decision.verdict,
        "decided_by": user.get_username(),
        "decided_at": decision.decided_at.isoformat(),
    }


@router.post(
    "/placements/{placement_id}/confirm",
    response=responses({200: DecisionOut}, 403, 404, 422),
    summary="Confirm a placement: it stays even if the classifier drops it",
)
def placement_confirm(request: HttpRequest, path: Path[PlacementPath]) -> Any:
    return _decide(request, path.placement_id, "confirmed")


@router.post(
    "/placements/{placement_id}/reject",
    response=responses({200: DecisionOut}, 403, 404, 422),
    summary="Reject a placement: it is removed and stays hidden after every re-run",
)
def placement_reject(request: HttpRequest, path: Path[PlacementPath]) -> Any:
    return _decide(request, path.placement_id, "rejected")
