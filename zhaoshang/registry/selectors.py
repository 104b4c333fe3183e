"""Reads of the registry: filtered enterprise lists, one enterprise with its figures."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from zhaoshang.registry.imports.models import ImportMapping
from zhaoshang.registry.models import Enterprise, Industry, Region, YearlyFigures
from zhaoshang.registry.names import name_pinyin

QUALIFICATIONS = ("high_tech", "specialised_new", "little_giant", "listed")


@dataclass(frozen=True)
class EnterpriseFilter:
    text: str = ""  # name (Chinese, English or pinyin) or the start of a credit code
    region: str = ""  # any region: a county, a prefecture (its counties too), the province
    industry: str = ""  # a section letter or a division number
    above_designated_size: bool | None = None
    qualifications: tuple[str, ...] = ()
    revenue_min: Decimal | None = None
    revenue_max: Decimal | None = None


def enterprises(where: EnterpriseFilter) -> QuerySet[Enterprise]:
    found = Enterprise.objects.select_related("region", "division")
    text = where.text.strip()
    if text:
        code = text.replace(" ", "").upper()
        pinyin = name_pinyin(text.replace(" ", "")) or text.lower()
        found = found.filter(
            Q(name__icontains=text)
            | Q(name_en__icontains=text)
            | Q(name_pinyin__contains=pinyin)
            | Q(uscc__startswith=code)
        )
    if where.region:
        found = found.filter(in_region(where.region))
    if where.industry:
        if where.industry.isalpha():
            found = found.filter(division__parent_id=where.industry.upper())
        else:
            found = found.filter(division_id=where.industry)
    if where.above_designated_size is not None:
        found = found.filter(above_designated_size=where.above_designated_size)
    today = timezone.localdate()
    for qualification in where.qualifications:
        if qualification == "high_tech":
            found = found.exclude(high_tech_cert_no="").filter(
                Q(high_tech_expires_on__isnull=True) | Q(high_tech_expires_on__gte=today)
            )
        elif qualification == "specialised_new":
            found = found.filter(specialised_new_on__isnull=False)
        elif qualification == "little_giant":
            found = found.filter(little_giant_on__isnull=False)
        elif qualification == "listed":
            found = found.filter(listed_on__isnull=False)
    if where.revenue_min is not None:
        found = found.filter(latest_revenue__gte=where.revenue_min)
    if where.revenue_max is not None:
        found = found.filter(latest_revenue__lte=where.revenue_max)
    return found.order_by("name", "id")


def enterprise_figures(enterprise: Enterprise) -> QuerySet[YearlyFigures]:
    return enterprise.figures.order_by("-year")


def in_region(code: str, field: str = "region") -> Q:
    """Rows whose ``field`` (a county) lies in the region ``code`` at any level: the county
    itself, a prefecture's counties, the province's. One rule for every region filter."""
    return (
        Q(**{f"{field}_id": code})
        | Q(**{f"{field}__parent_id": code})
        | Q(**{f"{field}__parent__parent_id": code})
    )


def region_filter_choices() -> list[tuple[str, str]]:
    """Every region for a filter, in the reader's language, each after its parent (the
    province, then each prefecture followed by its counties)."""
    return list(_region_filter_choices(translation.get_language() or ""))


@functools.lru_cache(maxsize=8)
def _region_filter_choices(language: str) -> tuple[tuple[str, str], ...]:
    # Reference data, changed only by a release (reference_sync after migrate): read once
    # per language and process.
    regions = list(Region.objects.order_by("code"))
    return tuple(
        (r.code, f"{'· ' if r.level == Region.Level.COUNTY else ''}{r.name} ({r.code})")
        for r in regions
    )


def prefectures() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.PREFECTURE).order_by("code")


def sections() -> QuerySet[Industry]:
    return Industry.objects.filter(kind=Industry.Kind.SECTION).order_by("code")


def divisions() -> QuerySet[Industry]:
    return Industry.objects.filter(kind=Industry.Kind.DIVISION).order_by("code")


# --- import column mappings -------------------------------------------------------------


def import_mappings() -> QuerySet[ImportMapping]:
    return ImportMapping.objects.order_by("name")


def import_mapping_for(signature: str) -> ImportMapping | None:
    """The mapping saved last for files with these columns, to offer preselected."""
    return ImportMapping.objects.filter(signature=signature).order_by("-updated_at").first()
