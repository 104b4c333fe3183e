"""Matching and the site pages with 100,000 parcels and buildings across Guangdong.

Builds a throw-away database (SQLite, and PostgreSQL unless --skip-postgres), generates
parks, parcels and buildings in every county of Guangdong (deterministic by --seed, written
with bulk_create), then times:

- matching one lead against all of them (reading the open sites as columns and ranking
  them: ``sites.match_selectors.lead_matches``), for leads with different needs;
- the public list with filters and the map's data for the whole province, and the map's
  data for one view, when those pages exist (sites-map), through Django's test client.

    .venv/bin/python bench/sites_load.py [--sites 100000] [--repeat 30] [--seed 15]
        [--skip-postgres] [--skip-sqlite] [--postgres URL] [--keep DIR]

Goals: matching ≤ 200 ms; the list and the map data ≤ 150 ms server time (median); the
map data for one view ≤ 100 KB.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchkit import ROOT, bench_databases, child_env, django_child  # beside this script

BENCH_DB = "postgres://postgres@127.0.0.1:5432/zhaoshang_sites_bench"
# Guangdong: about 21° to 25.5° N, 109.7° to 117.3° E.
LAT, LNG = (20.3, 25.4), (109.8, 117.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--postgres", default=BENCH_DB, help="the PostgreSQL database to fill (dropped first)"
    )
    parser.add_argument("--keep", type=Path, help="keep the databases here; reuse them")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with bench_databases(
        "zhaoshang-sites-",
        args.postgres,
        keep=args.keep,
        skip_sqlite=args.skip_sqlite,
        skip_postgres=args.skip_postgres,
    ) as (work, targets):
        for label, url in targets:
            command = [sys.executable, __file__, "--child", label, "--seed", str(args.seed)]
            command += ["--sites", str(args.sites), "--repeat", str(args.repeat)]
            subprocess.run(command, env=child_env(work, url), cwd=ROOT, check=True)


def child(args: argparse.Namespace) -> None:
    django_child()
    from django.core.management import call_command

    from zhaoshang.sites.models import Building, Parcel

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    if Parcel.objects.exists():
        print(f"\n{args.child}: sites kept from the last run")
    else:
        generate(args.sites, args.seed)
        print(f"\n{args.child}: generated in {time.monotonic() - started:.0f} s")
    print(
        f"{args.child}: {Parcel.objects.count():,} parcels, {Building.objects.count():,} buildings"
    )
    measure_matching(args.repeat)
    measure_pages(args.repeat)


def generate(count: int, seed: int) -> None:
    import datetime
    import random
    from decimal import Decimal

    from django.db import connection, transaction

    from zhaoshang.registry.models import Region
    from zhaoshang.sites.models import Building, Parcel, Park

    rng = random.Random(seed)
    counties = list(
        Region.objects.filter(level=Region.Level.COUNTY, code__startswith="44").values_list(
            "code", flat=True
        )
    )
    assert counties, "no Guangdong counties: load the regions first"
    ranges = [[], [], ["C13-C43"], ["C26-C29"], ["C33-C40"], ["C38", "C39"], ["C13-C20"]]
    today = datetime.date.today()
    parks = [
        Park(
            slug=f"bench-park-{n}",
            name_en=f"Bench Park {n}",
            name_zh_hans=f"测试园区{n}",
            name_zh_hant=f"測試園區{n}",
            region_id=rng.choice(counties),
            lat=rng.uniform(*LAT),
            lng=rng.uniform(*LNG),
            utilities={"power_kva": rng.choice([None, 5000, 20000, 80000])},
            distances=[],
        )
        for n in range(400)
    ]
    with transaction.atomic():
        Park.objects.bulk_create(parks, batch_size=1000)
    park_ids = list(Park.objects.values_list("pk", "region_id"))
    parcels, buildings = [], []
    for n in range(count):
        park_id, region = rng.choice(park_ids) if rng.random() < 0.7 else (None, None)
        region = region or rng.choice(counties)
        available = (
            None if rng.random() < 0.6 else today + datetime.timedelta(days=rng.randrange(600))
        )
        status = rng.choices(
            ["available", "reserved", "negotiating", "transferred", "withdrawn"],
            [70, 8, 7, 10, 5],
        )[0]
        lat, lng = rng.uniform(*LAT), rng.uniform(*LNG)
        if n % 2 == 0:
            area = Decimal(rng.randrange(3, 400)) * Decimal("666.67")
            parcels.append(
                Parcel(
                    number=f"BENCH-{n:07d}",
                    park_id=park_id,
                    region_id=region,
                    area_m2=area.quantize(Decimal("0.01")),
                    land_use=LAND_USE,
                    industries_allowed=rng.choice(ranges),
                    price_per_mu=Decimal(rng.randrange(80, 600) * 1000),
                    tenure_years=50,
                    status=status,
                    available_on=available,
                    lat=lat,
                    lng=lng,
                )
            )
        else:
            floors = rng.randrange(1, 7)
            per_floor = Decimal(rng.randrange(500, 12_000))
            buildings.append(
                Building(
                    code=f"BENCH-B{n:07d}",
                    park_id=park_id,
                    region_id=region,
                    kind=rng.choice(["factory", "factory", "warehouse", "office"]),
                    floor_area_m2=per_floor * floors,
                    floors=floors,
                    area_per_floor_m2=per_floor,
                    power_kva=None if rng.random() < 0.1 else Decimal(rng.randrange(100, 8000)),
                    rent_per_m2_month=Decimal(rng.randrange(12, 40)),
                    sale_price=None
                    if rng.random() < 0.7
                    else Decimal(rng.randrange(2000, 6000)) * per_floor * floors,
                    smallest_unit_m2=None if rng.random() < 0.6 else per_floor,
                    status=status,
                    available_on=available,
                    lat=lat,
                    lng=lng,
                )
            )
    with transaction.atomic():
        Parcel.objects.bulk_create(parcels, batch_size=2000)
        Building.objects.bulk_create(buildings, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


LAND_USE = "0601"


def needs_of_bench():  # type: ignore[no-untyped-def]
    import datetime
    from decimal import Decimal

    from zhaoshang.sites.matching.engine import Needs

    later = datetime.date.today() + datetime.timedelta(days=180)
    return [
        (
            "50 mu or 20,000 m², 2,000 kVA, C38",
            Needs(
                land_mu=Decimal(50),
                building_m2=Decimal(20000),
                power_kva=Decimal(2000),
                industry="38",
                counties=("4412", "4401"),
                budget_yuan=Decimal(30_000_000),
                needed_by=later,
            ),
        ),
        ("land only, 120 mu, C26", Needs(land_mu=Decimal(120), industry="26", kind="land")),
        (
            "buildings only, 5,000 m², rent",
            Needs(
                building_m2=Decimal(5000),
                power_kva=Decimal(800),
                budget_yuan=Decimal(1_500_000),
                kind="building",
            ),
        ),
    ]


def measure_matching(repeat: int) -> None:
    """Cold: the first match after the inventory changed, either one site saved (the kept
    columns are patched) or a site deleted or a park changed (the columns are read whole);
    warm: the columns kept between requests."""
    from django.utils import timezone

    from zhaoshang.sites.matching.engine import match
    from zhaoshang.sites.matching.selectors import (
        inventory_changed,
        inventory_replaced,
        open_sites_table,
    )
    from zhaoshang.sites.models import Parcel

    print(f"{'matching one lead against all':<52}{'median ms':>10}{'p95 ms':>9}")
    some = list(Parcel.objects.filter(status="available").order_by("pk")[:repeat])
    for label, needs in needs_of_bench():
        size = len(open_sites_table(needs.kinds()))
        print(f"{label} ({size:,} sites)")
        for cold, change in (("one site saved", "save"), ("a site deleted: read whole", "replace")):
            times = []
            for n in range(repeat):
                if change == "save":
                    parcel = some[n % len(some)]
                    Parcel.objects.filter(pk=parcel.pk).update(
                        price_per_mu=(parcel.price_per_mu or 0) + n, updated_at=timezone.now()
                    )
                    inventory_changed(instance=parcel)
                else:
                    inventory_replaced()
                started = time.perf_counter()
                found = match(needs, open_sites_table(needs.kinds()), limit=5)
                times.append((time.perf_counter() - started) * 1000)
                assert found
            report(f"  cold, {cold}", times)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            found = match(needs, open_sites_table(needs.kinds()), limit=5)
            times.append((time.perf_counter() - started) * 1000)
        report("  warm (columns kept)", times)


def report(label: str, times: list[float], extra: str = "") -> None:
    times.sort()
    p95 = times[max(0, round(len(times) * 0.95) - 1)]
    print(f"{label:<52}{statistics.median(times):>10.1f}{p95:>9.1f}{extra}")


# The public list and the map's data with typical filters (the public query parameters:
# type, county, area_min, power_min, rent_max, price_max, available_by, industry, bbox).
PAGES = (
    ("list", "sites-public-list", ""),
    (
        "list, land in Sihui ≥ 20,000 m²",
        "sites-public-list",
        "type=land&county=441284&area_min=20000",
    ),
    (
        "list, factories ≥ 1,000 kVA, rent ≤ 30",
        "sites-public-list",
        "type=factory&power_min=1000&rent_max=30",
    ),
    (
        "list, industry C3811, by 2027-06-01",
        "sites-public-list",
        "industry=C3811&available_by=2027-06-01",
    ),
    (
        "list, land ≤ 200,000 yuan/mu",
        "sites-public-list",
        "type=land&price_max=200000",
    ),
    ("map.json, province", "sites-map-json", ""),
    ("map.json, province, land ≥ 50,000 m²", "sites-map-json", "type=land&area_min=50000"),
    ("map.json, one county view (Sihui)", "sites-map-json", "bbox=23.2,112.4,23.6,112.9"),
    ("map.json, one city view (Guangzhou)", "sites-map-json", "bbox=22.5,112.9,23.9,114.1"),
)


def measure_pages(repeat: int) -> None:
    """The public list and map data through Django's test client (the whole request:
    middleware, query, template or JSON), in English."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    client = Client()
    print(f"{'page':<52}{'median ms':>10}{'p95 ms':>9}{'bytes':>10}")
    for label, name, query in PAGES:
        with translation.override("en"):
            url = reverse(name) + (f"?{query}" if query else "")
        for _ in range(2):
            client.get(url)
        times = []
        size = 0
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
        report(label[:51], times, f"{size:>10,}")


if __name__ == "__main__":
    main()
