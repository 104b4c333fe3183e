"""The targets dashboards and the daily warnings with the whole province's projects.

Builds a throw-away database (SQLite, and PostgreSQL unless --skip-postgres) and fills it
with bulk inserts, deterministically by --seed: every county of Guangdong (21 prefectures,
122 counties), 100,000 signed projects (leads signed 2023-2026, six milestones each, 10
quarters of planned and actual figures), 71,000 enterprises above designated size with
30,000 transformation projects, and targets for every region for two years. Then times:

- the daily warnings for the whole province (``warnings_compute``, what the worker's
  ``projects.daily_watch`` runs), and the rollup's first build (``actuals_rebuild``);
- the dashboard of the province (a province manager) and of a county (its manager)
  through Django's test client (the whole request), median and p95 of --repeat runs;
- the same dashboards right after one figure is written (the county's rollup is rebuilt
  on that read), and the Excel export of the province.

    .venv/bin/python bench/projects_dashboard.py [--projects 100000] [--repeat 30]
        [--seed 17] [--skip-postgres] [--skip-sqlite] [--postgres URL] [--keep DIR]

Goals: each dashboard ≤ 200 ms server time (median) on SQLite and PostgreSQL; the
province's warnings computed in ≤ 30 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchkit import ROOT, bench_databases, child_env, django_child  # beside this script

BENCH_DB = "postgres://postgres@127.0.0.1:5432/zhaoshang_targets_bench"
COUNTY = "441284"  # Sihui
PROVINCE = "440000"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--enterprises", type=int, default=71_000)
    parser.add_argument("--transformation", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--postgres", default=BENCH_DB, help="the PostgreSQL database (dropped)")
    parser.add_argument("--keep", type=Path, help="keep the databases here; reuse them")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with bench_databases(
        "zhaoshang-targets-",
        args.postgres,
        keep=args.keep,
        skip_sqlite=args.skip_sqlite,
        skip_postgres=args.skip_postgres,
    ) as (work, targets):
        for label, url in targets:
            command = [sys.executable, __file__, "--child", label, "--seed", str(args.seed)]
            command += ["--projects", str(args.projects), "--repeat", str(args.repeat)]
            command += ["--enterprises", str(args.enterprises)]
            command += ["--transformation", str(args.transformation)]
            subprocess.run(command, env=child_env(work, url), cwd=ROOT, check=True)


def child(args: argparse.Namespace) -> None:
    django_child()
    from django.core.management import call_command

    from zhaoshang.projects.models import (
        Project,
        ProjectWarning,
        QuarterFigure,
        TransformationProject,
    )
    from zhaoshang.projects.oversight.warnings import warnings_compute
    from zhaoshang.projects.targets.actuals import actuals_rebuild

    label = args.child
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    from django.db import connection

    if Project.objects.exists():
        print(f"\n{label}: data kept from the last run")
        ProjectWarning.objects.all().delete()  # so that the first computation raises all
    else:
        generate(args)
        print(f"\n{label}: generated in {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:  # the planner's statistics, as after a real load
        cursor.execute("ANALYZE")
    print(
        f"{label}: {Project.objects.count():,} projects, "
        f"{QuarterFigure.objects.count():,} quarterly figures, "
        f"{TransformationProject.objects.count():,} transformation projects"
    )
    started = time.perf_counter()
    report = warnings_compute(notify=False)
    print(
        f"{label}: warnings for the province in {time.perf_counter() - started:.1f} s "
        f"({report.open:,} open, {report.raised:,} raised, {report.cleared:,} cleared)"
    )
    started = time.perf_counter()
    again = warnings_compute(notify=False)
    print(
        f"{label}: the same again in {time.perf_counter() - started:.1f} s "
        f"({again.raised:,} raised)"
    )
    started = time.perf_counter()
    cells = actuals_rebuild()
    print(f"{label}: rollup built whole in {time.perf_counter() - started:.1f} s ({cells:,} cells)")
    measure_pages(args.repeat)


def generate(args: argparse.Namespace) -> None:
    import datetime
    import random
    from decimal import Decimal

    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from zhaoshang.core.models import User
    from zhaoshang.core.roles import Role
    from zhaoshang.leads.models import Lead, OfficerRegion
    from zhaoshang.projects.milestones import ORDER
    from zhaoshang.projects.models import (
        MaturityLevel,
        Milestone,
        Project,
        QuarterFigure,
        Target,
        TransformationProject,
    )
    from zhaoshang.projects.targets.measures import MEASURES, is_money
    from zhaoshang.registry.models import Enterprise, Region

    rng = random.Random(args.seed)
    today = timezone.localdate()
    counties = list(
        Region.objects.filter(level=Region.Level.COUNTY)
        .order_by("code")
        .values_list("code", flat=True)
    )
    assert len(counties) == 122, len(counties)
    managers = Group.objects.get(name=Role.MANAGER.value)
    for username, region in (("province", PROVINCE), ("county", COUNTY)):
        user = User.objects.create_user(username, password="bench-password-2026")
        user.groups.add(managers)
        OfficerRegion.objects.create(user=user, region_id=region)
    now = timezone.now()
    start = datetime.date(2023, 1, 1)
    span = (today - start).days
    quarters = [(2024, 2), (2024, 3), (2024, 4), (2025, 1), (2025, 2), (2025, 3), (2025, 4)]
    quarters += [(2026, 1), (2026, 2), (2026, 3)]
    chunk = 5000
    for first in range(0, args.projects, chunk):
        size = min(chunk, args.projects - first)
        with transaction.atomic():
            leads = []
            for n in range(first, first + size):
                signed = start + datetime.timedelta(days=rng.randrange(span))
                stage = rng.choice(["signed", "construction", "construction", "operating"])
                investment = Decimal(rng.randint(10, 2000) * 1_000_000)
                leads.append(
                    Lead(
                        company=f"Bench Company {n}",
                        company_key=f"bench company {n}",
                        origin="CN",
                        source="visit",
                        region_id=rng.choice(counties),
                        stage=stage,
                        signed_on=signed,
                        investment_amount=investment,
                        investment_yuan=investment,
                        furthest_rank=5,
                        stage_changed_at=now,
                    )
                )
            Lead.objects.bulk_create(leads, batch_size=2000)
            projects = Project.objects.bulk_create(
                [
                    Project(
                        lead=lead,
                        contract_on=lead.signed_on,
                        investment_yuan=lead.investment_yuan,
                        land_mu=Decimal(rng.randint(10, 300)),
                    )
                    for lead in leads
                ],
                batch_size=2000,
            )
            milestones, figures = [], []
            for project, lead in zip(projects, leads, strict=True):
                assert lead.signed_on is not None
                signed = lead.signed_on
                reached = {"signed": 1, "construction": 3, "operating": 5}[lead.stage]
                late = rng.random() < 0.3
                for index, kind in enumerate(ORDER):
                    planned = signed + datetime.timedelta(days=60 + 120 * index)
                    actual = None
                    if index < reached:
                        actual = planned + datetime.timedelta(
                            days=rng.randint(0, 90) if late else 0
                        )
                        actual = min(actual, today)
                    milestones.append(
                        Milestone(project=project, kind=kind, planned_on=planned, actual_on=actual)
                    )
                per_quarter = project.investment_yuan / 10
                for year, quarter in quarters:
                    made = per_quarter * Decimal(rng.choice([0.4, 0.8, 1, 1, 1.1]))
                    figures.append(
                        QuarterFigure(
                            project=project,
                            year=year,
                            quarter=quarter,
                            planned_investment=per_quarter,
                            actual_investment=made.quantize(Decimal("0.01")),
                            planned_output=per_quarter * 2,
                            actual_output=(per_quarter * 2 * Decimal("0.9")).quantize(Decimal("1")),
                            planned_tax=per_quarter / 10,
                            actual_tax=(per_quarter / 12).quantize(Decimal("0.01")),
                        )
                    )
            Milestone.objects.bulk_create(milestones, batch_size=5000)
            QuarterFigure.objects.bulk_create(figures, batch_size=5000)
    levels = list(MaturityLevel.objects.order_by("rank"))
    enterprise_ids: list[int] = []
    for first in range(0, args.enterprises, chunk):
        size = min(chunk, args.enterprises - first)
        with transaction.atomic():
            made_enterprises = Enterprise.objects.bulk_create(
                [
                    Enterprise(
                        uscc=f"91{n:016d}",
                        name=f"Bench Enterprise {n}",
                        region_id=rng.choice(counties),
                        above_designated_size=True,
                        latest_revenue=Decimal(rng.randint(2000, 90000)),
                    )
                    for n in range(first, first + size)
                ],
                batch_size=2000,
            )
            enterprise_ids += [e.pk for e in made_enterprises]
    projects_t = []
    for _n in range(args.transformation):
        kind = rng.choice(["tech", "digital"])
        began = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(900))
        end = began + datetime.timedelta(days=rng.randint(60, 400))
        projects_t.append(
            TransformationProject(
                enterprise_id=rng.choice(enterprise_ids),
                kind=kind,
                title="Bench transformation",
                investment_yuan=Decimal(rng.randint(1, 500) * 100_000),
                started_on=began,
                completed_on=end if end <= today else None,
                status="confirmed",
                level_before=levels[0] if kind == "digital" else None,
                level_after=levels[2] if kind == "digital" else None,
            )
        )
    TransformationProject.objects.bulk_create(projects_t, batch_size=5000)
    regions = list(Region.objects.values_list("code", "level"))
    Target.objects.bulk_create(
        [
            Target(
                region_id=code,
                year=year,
                measure=measure,
                value=Decimal(rng.randint(1, 100) * (10**8 if is_money(measure) else 10)),
            )
            for code, level in regions
            if level != "province"
            for year in (today.year - 1, today.year)
            for measure in MEASURES
        ],
        batch_size=5000,
    )


def report(label: str, times: list[float], extra: str = "") -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"{label:<52}{statistics.median(times):>10.1f}{p95:>9.1f}{extra}")


def measure_pages(repeat: int) -> None:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone, translation

    from zhaoshang.core.models import User
    from zhaoshang.projects.models import Project, QuarterFigure
    from zhaoshang.projects.targets.stale import projects_mark_stale

    with translation.override("en"):
        url = reverse("projects-targets")
        export = reverse("projects-targets-xlsx")
    pages = [
        ("dashboard, province (province manager)", "province", url, PROVINCE),
        ("dashboard, Sihui (its manager)", "county", url, COUNTY),
        ("dashboard, Zhaoqing (province manager)", "province", url, "441200"),
        ("Excel export, province", "province", export, PROVINCE),
    ]
    print(f"{'page':<52}{'median ms':>10}{'p95 ms':>9}{'bytes':>10}")
    clients = {}
    for username in ("province", "county"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[username] = client
    for label, username, path, region in pages:
        client = clients[username]
        for _ in range(2):
            client.get(path, {"region": region})
        times, size = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(path, {"region": region})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
            size = len(response.content)
        report(label, times, f"{size:>10,}")
    # After a write: one figure of a Sihui project changes, the next read rebuilds Sihui.
    project = Project.objects.filter(lead__region_id=COUNTY).order_by("pk").first()
    assert project is not None
    figure = QuarterFigure.objects.filter(project=project).order_by("year", "quarter").first()
    assert figure is not None
    for label, username, region in (
        ("province, first read after a write in Sihui", "province", PROVINCE),
        ("Sihui, first read after a write in Sihui", "county", COUNTY),
    ):
        times = []
        for _n in range(max(repeat // 3, 5)):
            figure.actual_investment = (figure.actual_investment or 0) + 1
            figure.updated_at = timezone.now()
            figure.save()  # marks Sihui's rollup stale, as every service write does
            projects_mark_stale([project.pk])
            started = time.perf_counter()
            response = clients[username].get(url, {"region": region})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        report(label, times)


if __name__ == "__main__":
    main()
