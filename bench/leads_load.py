"""Server time of the leads pages with 50,000 leads and 500,000 activities.

Builds a throw-away database (SQLite, and PostgreSQL unless --skip-postgres), generates
the leads of Zhaoqing's counties with their officers, stage changes and activities in
bulk, then requests the board, the list (plain and filtered), lead pages and my
follow-ups through Django's test client as a Sihui officer and as the Zhaoqing manager,
and prints the median and 95th percentile of each.

    .venv/bin/python bench/leads_load.py [--leads 50000] [--activities 500000]
        [--repeat 40] [--skip-postgres] [--keep DIR]

With --keep DIR the databases stay (DIR/bench.sqlite3 and the PostgreSQL database
zhaoshang_leads_bench); running again with the same --keep DIR measures them again
without generating anything.

Goal: each page at most 100 ms server time (median and p95).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DB = "zhaoshang_leads_bench"
COUNTIES = ["441284"] * 6 + ["441202", "441203", "441204", "441223", "441224", "441225", "441226"]
DIVISIONS = ["13", "17", "18", "19", "21", "22", "26", "29", "30", "33", "34", "35", "38", "39"]
ORIGINS = ["HK", "HK", "TW", "VN", "VN", "CN", "CN", "CN", "SG", "JP", "KR", "DE"]
STAGE_WEIGHTS = {
    "lead": 30,
    "contacted": 20,
    "site_visit": 12,
    "negotiating": 10,
    "signed": 5,
    "construction": 4,
    "operating": 6,
    "on_hold": 5,
    "lost": 8,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=50_000)
    parser.add_argument("--activities", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the databases here; reuse them")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="zhaoshang-leads-"))
    work.mkdir(parents=True, exist_ok=True)
    reuse = args.keep is not None and (work / "bench.sqlite3").exists()
    targets = [("SQLite", f"sqlite:///{work / 'bench.sqlite3'}")]
    if not args.skip_postgres:
        if not reuse:
            psql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            psql(f"CREATE DATABASE {BENCH_DB}")
        targets.append(("PostgreSQL", f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_VERSION"}}
    env["ZHAOSHANG_VAR_DIR"] = str(work / "var")
    for label, url in targets:
        command = [sys.executable, __file__, "--child", label]
        command += ["--leads", str(args.leads), "--activities", str(args.activities)]
        command += ["--repeat", str(args.repeat)]
        subprocess.run(command, env={**env, "DATABASE_URL": url}, cwd=ROOT, check=True)
    if not args.skip_postgres and args.keep is None:
        psql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


def psql(command: str) -> None:
    subprocess.run(
        ["psql", POSTGRES_ADMIN, "-q", "-v", "ON_ERROR_STOP=1", "-c", command],
        check=True,
        capture_output=True,
    )


def child(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    override_settings(
        ALLOWED_HOSTS=["testserver"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
    from zhaoshang.core.models import User
    from zhaoshang.leads.models import Activity, Lead

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    if Lead.objects.exists():
        officer, manager = (
            User.objects.get(username="officer0"),
            User.objects.get(username="manager"),
        )
        print(
            f"\n{args.child}: {Lead.objects.count():,} leads, {Activity.objects.count():,} "
            "activities kept from the last run"
        )
    else:
        officer, manager = generate(args.leads, args.activities)
        print(
            f"\n{args.child}: {args.leads:,} leads, {args.activities:,} activities generated "
            f"in {time.monotonic() - started:.0f} s"
        )
    measure(officer, manager, args.repeat)


def generate(lead_count: int, activity_count: int):  # type: ignore[no-untyped-def]
    import datetime
    import random
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from zhaoshang.core.roles import Role
    from zhaoshang.core.services import user_create
    from zhaoshang.leads.matching import company_key
    from zhaoshang.leads.models import Activity, Lead, OfficerRegion, StageChange
    from zhaoshang.leads.stages import PIPELINE, RANK, SIGNED_STAGES

    rng = random.Random(4412)
    officers = []
    for n in range(20):
        user = user_create(
            actor=None,
            username=f"officer{n}",
            password="Sihui-harbour-2026",
            roles=[Role.PROMOTION_OFFICER],
        )
        OfficerRegion.objects.create(user=user, region_id=COUNTIES[n % len(COUNTIES)])
        officers.append(user)
    manager = user_create(
        actor=None, username="manager", password="Sihui-harbour-2026", roles=[Role.MANAGER]
    )
    OfficerRegion.objects.create(user=manager, region_id="441200")
    now = timezone.now()
    today = timezone.localdate()
    stages = list(STAGE_WEIGHTS)
    weights = list(STAGE_WEIGHTS.values())
    leads: list[Lead] = []
    for n in range(lead_count):
        stage = rng.choices(stages, weights)[0]
        created = now - datetime.timedelta(days=rng.uniform(5, 900))
        amount = Decimal(rng.randrange(5, 500) * 1_000_000)
        name = f"{rng.choice(['Pearl', 'Harbour', 'Golden', 'Jade', 'Delta', 'Sun'])} {n} Ltd"
        rank = RANK.get(stage, rng.randrange(1, 4))
        leads.append(
            Lead(
                company=name,
                company_key=company_key(name),
                origin=rng.choice(ORIGINS),
                industry_id=rng.choice(DIVISIONS),
                product="parts",
                investment_amount=amount,
                investment_currency="CNY",
                investment_rate=Decimal(1),
                investment_yuan=amount,
                jobs=rng.randrange(20, 2000),
                source=rng.choice(["web", "referral", "expo", "visit", "call"]),
                region_id=rng.choice(COUNTIES),
                confidential=rng.random() < 0.05,
                stage=stage,
                stage_changed_at=created + (now - created) * rng.uniform(0.3, 1),
                furthest_rank=rank,
                signed_on=today - datetime.timedelta(days=rng.randrange(0, 700))
                if stage in SIGNED_STAGES
                else None,
                created_at=created,
                updated_at=created,
            )
        )
    with transaction.atomic():
        Lead.objects.bulk_create(leads, batch_size=2000)
    ids = list(Lead.objects.order_by("id").values_list("id", "stage", "created_at"))
    through = Lead.officers.through
    assigned = []
    for lead_id, _stage, _created in ids:
        for user in rng.sample(officers, rng.choice([1, 1, 2])):
            assigned.append(through(lead_id=lead_id, user_id=user.pk))
    changes = []
    for lead_id, stage, created in ids:
        path = [s.value for s in PIPELINE[: RANK.get(stage, 2) + 1]]
        if stage not in RANK:
            path.append(stage)
        at = created
        previous = ""
        for step in path:
            later = at + datetime.timedelta(days=rng.uniform(1, 40)) if previous else at
            days = (later - at).total_seconds() / 86400 if previous else None
            changes.append((lead_id, previous, step, later, "", days))
            previous, at = step, later
    with transaction.atomic():
        through.objects.bulk_create(assigned, batch_size=5000)
        insert(
            connection,
            StageChange._meta.db_table,
            ["lead_id", "from_stage", "to_stage", "at", "reason", "days_in_from_stage"],
            changes,
        )
    rows = []
    last: dict[int, datetime.datetime] = {}
    kinds = ["call", "meeting", "site_visit", "email", "note"]
    for _n in range(activity_count):
        lead_id, _stage, created = ids[rng.randrange(len(ids))]
        span = max((today - timezone.localdate(created)).days, 1)
        occurred = today - datetime.timedelta(days=rng.randrange(0, span))
        follow = (
            occurred + datetime.timedelta(days=rng.randrange(1, 30)) if rng.random() < 0.3 else None
        )
        done = now if follow is not None and follow < today and rng.random() < 0.8 else None
        moment = timezone.make_aware(datetime.datetime.combine(occurred, datetime.time(12)))
        last[lead_id] = max(last.get(lead_id, moment), moment)
        owner = officers[lead_id % len(officers)].pk
        rows.append(
            (
                lead_id,
                rng.choice(kinds),
                occurred,
                "",
                "Talked about land and power.",
                "",
                follow,
                done,
                owner,
                moment,
            )
        )
    with transaction.atomic():
        insert(
            connection,
            Activity._meta.db_table,
            [
                "lead_id",
                "kind",
                "occurred_on",
                "participants",
                "summary",
                "next_step",
                "follow_up_on",
                "follow_up_done_at",
                "owner_id",
                "created_at",
            ],
            rows,
        )
        for chunk in chunks(sorted(last.items()), 5000):
            for lead_id, moment in chunk:
                Lead.objects.filter(pk=lead_id).update(last_activity_at=moment)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sihui_officer = next(
        u for n, u in enumerate(officers) if COUNTIES[n % len(COUNTIES)] == "441284"
    )
    return sihui_officer, manager


def insert(connection, table: str, columns: list[str], rows: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for chunk in chunks(rows, 10_000):
            cursor.executemany(sql, chunk)


def chunks(items: list, size: int):  # type: ignore[no-untyped-def]
    for start in range(0, len(items), size):
        yield items[start : start + size]


def measure(officer, manager, repeat: int) -> None:  # type: ignore[no-untyped-def]
    import random

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zhaoshang.leads.access import leads_visible_to

    rng = random.Random(7)
    print(f"{'page':<34}{'user':<9}{'median ms':>10}{'p95 ms':>9}{'queries':>9}")
    for label, user in (("officer", officer), ("manager", manager)):
        client = Client()
        client.force_login(user)
        visible = list(leads_visible_to(user).values_list("pk", flat=True)[:5000])
        pages = {
            "board": lambda: "/en/officer/leads/board/",
            "list": lambda: "/en/officer/leads/",
            "list, page 20": lambda: "/en/officer/leads/?page=20",
            "list, filtered": lambda: (
                "/en/officer/leads/?stage=negotiating&region=441284&industry=C"
            ),
            "lead page": lambda: f"/en/officer/leads/{rng.choice(visible)}/",  # noqa: B023
            "my follow-ups": lambda: "/en/officer/leads/follow-ups/",
        }
        for name, url in pages.items():
            for _ in range(3):  # warm caches
                client.get(url())
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(url())
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url(), response.status_code)
            with CaptureQueriesContext(connection) as queries:
                client.get(url())
            times.sort()
            p95 = times[max(0, round(len(times) * 0.95) - 1)]
            print(
                f"{name:<34}{label:<9}{statistics.median(times):>10.1f}{p95:>9.1f}"
                f"{len(queries.captured_queries):>9}"
            )


if __name__ == "__main__":
    main()
