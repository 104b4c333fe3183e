"""Reads for matching: a lead's needs, the sites to match them against (as columns), the
best sites for a lead and the leads a site fits. Visibility follows the lead's: whoever may
see a lead may see its matches and holds."""

from __future__ import annotations

import contextlib
import datetime
import functools
import json
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import FloatField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from zhaoshang.core.models import User
from zhaoshang.leads.access import leads_visible_to
from zhaoshang.leads.models import Lead
from zhaoshang.leads.stages import SIGNED_STAGES, Stage
from zhaoshang.sites.matching.engine import M2_PER_MU, Needs, SiteKind, SiteMatch, SiteTable, match
from zhaoshang.sites.models import Building, Parcel, Park, SiteHold

# Sites still to be had: not transferred, not withdrawn.
OPEN_STATUSES = ("available", "reserved", "negotiating")
# Leads still looking for a site.
LOOKING = Q(stage__in=[Stage.LEAD, Stage.CONTACTED, Stage.SITE_VISIT, Stage.NEGOTIATING]) & (
    Q(land_mu__isnull=False) | Q(building_m2__isnull=False)
)


# The open sites as columns, kept per process and kind set. Two numbers in the shared cache
# say what changed: the inventory's version, raised whenever a park, parcel or building is
# saved or deleted, and its rebuild version, raised only by what a patch cannot follow (a
# deletion). A table whose version is behind, or older than TABLE_SECONDS, is patched: the
# sites saved since it was read, and the parcels of the parks saved since (a parcel takes
# its park's power), found by ``updated_at`` with a margin for transactions still open then,
# are read again and replace their old rows. A table whose rebuild version is behind, older
# than REBUILD_SECONDS, or that would take more than PATCH_LIMIT sites or keep more than
# DEAD_LIMIT replaced rows, is read whole again.
VERSION_KEY = "sites:inventory-version"
REBUILD_KEY = "sites:inventory-rebuild"
TABLE_SECONDS = 300.0
REBUILD_SECONDS = 3600.0
PATCH_MARGIN = datetime.timedelta(seconds=60)
PATCH_LIMIT = 2000
DEAD_LIMIT = 20000


@dataclass(frozen=True)
class _Kept:
    version: object
    rebuild: object
    read_at: datetime.datetime  # the database state the table reflects, less in-flight saves
    built: float  # time.monotonic() of the last whole read
    patched: float  # and of the last patch (or read)
    table: SiteTable


_tables: dict[frozenset[SiteKind], _Kept] = {}
# Inside ``inventory_batch()`` saves leave the shared version alone; the batch raises it once.
_batch = threading.local()


@contextlib.contextmanager
def inventory_batch() -> Iterator[None]:
    """Many saves at once (an import's chunk): the inventory's version is raised once, when
    the outermost batch ends (after its transaction, when the batch is around it), not once
    a site: each raise writes the shared cache."""
    depth = getattr(_batch, "depth", 0)
    _batch.depth = depth + 1
    try:
        yield
    finally:
        _batch.depth = depth
        if depth == 0:
            cache.set(VERSION_KEY, time.time_ns(), None)


def inventory_changed(sender: Any = None, instance: Any = None, **_: Any) -> None:
    """A signal receiver: a park, parcel or building was saved; tables read before are
    behind. A save that left ``updated_at`` as it was (the admin,
    ``save(update_fields=...)``) gets it set now, so that the patch finds the site."""
    if isinstance(instance, Park | Parcel | Building):
        now = timezone.now()
        if instance.updated_at is None or instance.updated_at < now - PATCH_MARGIN / 2:
            type(instance)._default_manager.filter(pk=instance.pk).update(updated_at=now)
            instance.updated_at = now
    if not getattr(_batch, "depth", 0):
        cache.set(VERSION_KEY, time.time_ns(), None)


def inventory_replaced(**_: Any) -> None:
    """A signal receiver: a site was deleted; tables are read again."""
    now = time.time_ns()
    cache.set_many({VERSION_KEY: now, REBUILD_KEY: now}, None)


def _versions() -> tuple[object, object]:
    found = cache.get_many([VERSION_KEY, REBUILD_KEY])
    if len(found) < 2:
        now = time.time_ns()
        cache.add(VERSION_KEY, now, None)
        cache.add(REBUILD_KEY, now, None)
        found = cache.get_many([VERSION_KEY, REBUILD_KEY])
    return found.get(VERSION_KEY), found.get(REBUILD_KEY)


def open_sites_table(kinds: frozenset[SiteKind]) -> SiteTable:
    """``sites_table(kinds=kinds)``, kept while the inventory has not changed and patched
    with the sites saved since when it has."""
    version, rebuild = _versions()
    kept = _tables.get(kinds)
    now = time.monotonic()
    if kept is not None and now - kept.built < REBUILD_SECONDS and kept.rebuild == rebuild:
        if kept.version == version and now - kept.patched < TABLE_SECONDS:
            return kept.table
        patched = _patched(kept, kinds)
        if patched is not None:
            _tables[kinds] = _Kept(version, rebuild, patched[0], kept.built, now, patched[1])
            return patched[1]
    read_at = timezone.now() - PATCH_MARGIN
    table = sites_table(kinds=kinds)
    _tables[kinds] = _Kept(version, rebuild, read_at, now, now, table)
    return table


def _patched(kept: _Kept, kinds: frozenset[SiteKind]) -> tuple[datetime.datetime, SiteTable] | None:
    """The kept table with the sites saved since it was read put in, or None when that
    is more than a patch should carry."""
    read_at = timezone.now() - PATCH_MARGIN
    changed: dict[SiteKind, list[int]] = {}
    if "parcel" in kinds:
        parks = list(Park.objects.filter(updated_at__gte=kept.read_at).values_list("pk", flat=True))
        saved = Q(updated_at__gte=kept.read_at) | Q(park_id__in=parks)
        changed["parcel"] = list(
            Parcel.objects.filter(saved).values_list("pk", flat=True)[: PATCH_LIMIT + 1]
        )
    if "building" in kinds:
        changed["building"] = list(
            Building.objects.filter(updated_at__gte=kept.read_at).values_list("pk", flat=True)[
                : PATCH_LIMIT + 1
            ]
        )
    if sum(len(ids) for ids in changed.values()) > PATCH_LIMIT:
        return None
    fresh = sites_table(
        kinds=kinds,
        parcels=Parcel.objects.filter(pk__in=changed.get("parcel", [])),
        buildings=Building.objects.filter(pk__in=changed.get("building", [])),
    )
    table = kept.table.patched(changed, fresh)
    if table.dead > DEAD_LIMIT:
        return None
    return read_at, table


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


def _rows(queryset: QuerySet[Any], *columns: Any) -> list[tuple[Any, ...]]:
    """The rows of ``queryset.values_list(*columns)`` as the database driver gives them:
    numbers are cast to floats in SQL and nothing passes through Django's converters,
    which would cost more than the matching itself on 100,000 sites."""
    query = queryset.values_list(*columns).query
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:  # a filter that cannot match (``pk__in=[]``)
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_float(name: str) -> Cast:
    return Cast(name, FloatField())


@functools.cache
def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value[:10])


def _dates(values: Iterable[Any]) -> list[datetime.date | None]:
    return [
        None if v is None else (v if isinstance(v, datetime.date) else _date(str(v)))
        for v in values
    ]


def _ranges(values: Iterable[Any]) -> list[tuple[str, ...]]:
    parsed: dict[Any, tuple[str, ...]] = {}
    out = []
    for v in values:
        key = v if isinstance(v, str | None) else json.dumps(v)
        if key not in parsed:
            loaded = json.loads(v) if isinstance(v, str) else v
            parsed[key] = tuple(str(x) for x in loaded) if isinstance(loaded, list) else ()
        out.append(parsed[key])
    return out


def sites_table(
    *,
    kinds: frozenset[SiteKind] = frozenset({"parcel", "building"}),
    parcels: QuerySet[Parcel] | None = None,
    buildings: QuerySet[Building] | None = None,
) -> SiteTable:
    """Open parcels and buildings as matching columns (one query per kind, no objects).
    A parcel's power is its park's (``utilities.power_kva``); its price, the price per mu
    times its area."""
    columns: dict[str, list[Any]] = {
        "kinds": [],
        "ids": [],
        "region_codes": [],
        "area_m2": [],
        "power_kva": [],
        "industries_allowed": [],
        "price_yuan": [],
        "rent_per_m2_month": [],
        "available_on": [],
        "smallest_unit_m2": [],
    }
    if "parcel" in kinds:
        queryset = (parcels if parcels is not None else Parcel.objects.all()).filter(
            status__in=OPEN_STATUSES
        )
        rows = _rows(
            queryset.annotate(a=_as_float("area_m2"), p=_as_float("price_per_mu")).order_by(),
            "pk",
            "region_id",
            "a",
            "park_id",
            "industries_allowed",
            "p",
            "available_on",
        )
        park_power = {
            pk: (u.get("power_kva") if isinstance(u, dict) else None)
            for pk, u in Park.objects.values_list("pk", "utilities")
        }
        if rows:
            ids, regions, area, parks, allowed, per_mu, on = zip(*rows, strict=True)
            n = len(rows)
            columns["kinds"] += ["parcel"] * n
            columns["ids"] += ids
            columns["region_codes"] += regions
            columns["area_m2"] += area
            columns["power_kva"] += [
                _number(park_power.get(p)) if p is not None else None for p in parks
            ]
            columns["industries_allowed"] += _ranges(allowed)
            columns["price_yuan"] += [
                None if m is None or a is None else m * a / M2_PER_MU
                for m, a in zip(per_mu, area, strict=True)
            ]
            columns["rent_per_m2_month"] += [None] * n
            columns["available_on"] += _dates(on)
            columns["smallest_unit_m2"] += [None] * n
    if "building" in kinds:
        queryset_b = (buildings if buildings is not None else Building.objects.all()).filter(
            status__in=OPEN_STATUSES
        )
        rows = _rows(
            queryset_b.annotate(
                a=_as_float("floor_area_m2"),
                k=_as_float("power_kva"),
                s=_as_float("sale_price"),
                r=_as_float("rent_per_m2_month"),
                u=_as_float("smallest_unit_m2"),
            ).order_by(),
            "pk",
            "region_id",
            "a",
            "k",
            "s",
            "r",
            "available_on",
            "u",
        )
        if rows:
            ids, regions, area, kva, sale, rent, on, unit = zip(*rows, strict=True)
            n = len(rows)
            columns["kinds"] += ["building"] * n
            columns["ids"] += ids
            columns["region_codes"] += regions
            columns["area_m2"] += area
            columns["power_kva"] += kva
            columns["industries_allowed"] += [()] * n
            columns["price_yuan"] += sale
            columns["rent_per_m2_month"] += rent
            columns["available_on"] += _dates(on)
            columns["smallest_unit_m2"] += unit
    return SiteTable(**columns)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class ShownMatch:
    """A match with its site object, for pages and the API."""

    result: SiteMatch
    site: Parcel | Building
    hold: SiteHold | None


def lead_matches(lead: Lead, *, user: User | None = None, limit: int = 5) -> list[ShownMatch]:
    """The best open sites for ``lead`` with their verdicts and the active hold on each
    (only holds of leads ``user`` may see, when given)."""
    needs = lead_needs(lead)
    results = match(needs, open_sites_table(needs.kinds()), limit=limit)
    if not results:
        return []
    parcel_ids = [r.id for r in results if r.kind == "parcel"]
    building_ids = [r.id for r in results if r.kind == "building"]
    parcels = Parcel.objects.in_bulk(parcel_ids) if parcel_ids else {}
    buildings = Building.objects.in_bulk(building_ids) if building_ids else {}
    active = SiteHold.objects.filter(released_at__isnull=True).filter(
        Q(parcel_id__in=parcel_ids) | Q(building_id__in=building_ids)
    )
    if user is not None:
        active = active.filter(lead__in=leads_visible_to(user).values("pk"))
    holds = {
        (("parcel", h.parcel_id) if h.parcel_id else ("building", h.building_id)): h
        for h in active.select_related("lead", "officer")
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
