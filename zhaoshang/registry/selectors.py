"""Reads of the registry: filtered enterprise lists, one enterprise with its figures."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation

from zhaoshang.registry.domain import reference
from zhaoshang.registry.domain.validation import ValueSettings
from zhaoshang.registry.domain.validation_tables import industry_name_key
from zhaoshang.registry.imports.models import ImportMapping
from zhaoshang.registry.models import Enterprise, Industry, Region, YearlyFigures
from zhaoshang.registry.names import name_pinyin

QUALIFICATIONS = ("high_tech", "specialised_new", "little_giant", "listed")
MISSING = ("region", "industry")  # what an officer may have to complete after an import


@dataclass(frozen=True)
class EnterpriseFilter:
    text: str = ""  # name (Chinese, English or pinyin) or the start of a credit code
    region: str = ""  # any region: a county, a prefecture (its counties too), the province
    industry: str = ""  # a section letter or a division number
    above_designated_size: bool | None = None
    qualifications: tuple[str, ...] = ()
    revenue_min: Decimal | None = None
    revenue_max: Decimal | None = None
    missing: str = ""  # "region" or "industry": enterprises imported without it
    link: int | None = None  # a chain link's id: the enterprises placed on it (chains app)


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
    if where.missing == "region":
        found = found.filter(region__isnull=True)
    elif where.missing == "industry":
        found = found.filter(division__isnull=True)
    if where.link is not None:
        found = found.filter(
            pk__in=RawSQL(
                "SELECT enterprise_id FROM chains_placement WHERE link_id = %s", [where.link]
            )
        )
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


def import_value_settings() -> ValueSettings:
    """What reading an import's values needs from the database, loaded once before it: the
    latest currency rate of each currency (as of today), the GB/T 4754 names, and whether
    the site settings refuse rows without a region."""
    from zhaoshang.core.models import SiteSettings
    from zhaoshang.core.selectors import site_settings_current
    from zhaoshang.leads.models import CurrencyRate

    rates: dict[str, Decimal] = {}
    for currency, rate in (
        CurrencyRate.objects.filter(valid_from__lte=timezone.localdate())
        .order_by("currency", "-valid_from")
        .values_list("currency", "yuan_per_unit")
    ):
        rates.setdefault(currency, rate)
    refused = site_settings_current().import_region_missing == SiteSettings.RegionMissing.REFUSE
    return ValueSettings(
        currency_rates=rates, industry_names=industry_names(), region_missing_refused=refused
    )


@functools.cache
def industry_names() -> dict[str, str]:
    """GB/T 4754 names (as ``industry_name_key`` compares them) -> a division code or a
    section letter; a name two entries share is left out, as it names neither for sure."""
    codes: dict[str, set[str]] = {}
    for row in reference.load_industries():
        codes.setdefault(industry_name_key(row.name_zh), set()).add(row.code)
    return {name: next(iter(found)) for name, found in codes.items() if len(found) == 1}


# --- import column mappings -------------------------------------------------------------


def import_mappings() -> QuerySet[ImportMapping]:
    return ImportMapping.objects.order_by("name")


def import_mapping_for(signature: str) -> ImportMapping | None:
    """The mapping saved last for files with these columns, to offer preselected."""
    return ImportMapping.objects.filter(signature=signature).order_by("-updated_at").first()
