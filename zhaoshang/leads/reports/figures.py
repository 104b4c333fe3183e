"""Managers' figures: the funnel, signed investment and jobs by month, region, industry and
origin, and each officer's workload. Computed over the leads the reader may see."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from zhaoshang.core.models import User
from zhaoshang.leads.access import leads_visible_to
from zhaoshang.leads.models import Activity, Lead, StageChange, VisitAction
from zhaoshang.leads.origins import origin_name
from zhaoshang.leads.selectors import stale_q
from zhaoshang.leads.stages import CLOSED_STAGES, PIPELINE, RANK, SIGNED_STAGES
from zhaoshang.registry.models import Industry, Region

TEN_THOUSAND = Decimal(10_000)


@dataclass
class FunnelRow:
    stage: str
    label: str
    now: int  # leads in this stage today
    reached: int  # leads that got at least this far
    conversion: float | None  # share of those that went on to the next stage
    median_days: float | None  # median time spent in this stage before moving on


@dataclass
class SignedRow:
    key: str
    label: str
    projects: int
    investment: Decimal  # 10,000 yuan
    jobs: int


@dataclass
class WorkloadRow:
    officer: User
    open_leads: int = 0
    activities_30_days: int = 0
    overdue_follow_ups: int = 0
    stale_leads: int = 0
    open_actions: int = 0


@dataclass
class Report:
    since: datetime.date
    until: datetime.date
    funnel: list[FunnelRow]
    by_month: list[SignedRow]
    by_region: list[SignedRow]
    by_industry: list[SignedRow]
    by_origin: list[SignedRow]
    workload: list[WorkloadRow] = field(default_factory=list)

    @property
    def signed_total(self) -> SignedRow:
        return SignedRow(
            key="",
            label="",
            projects=sum(r.projects for r in self.by_month),
            investment=sum((r.investment for r in self.by_month), Decimal(0)),
            jobs=sum(r.jobs for r in self.by_month),
        )


def funnel(leads: QuerySet[Lead]) -> list[FunnelRow]:
    now = dict(leads.values_list("stage").annotate(n=Count("id")).order_by())
    by_rank = dict(leads.values_list("furthest_rank").annotate(n=Count("id")).order_by())
    durations: dict[str, list[float]] = defaultdict(list)
    moves = StageChange.objects.filter(
        lead__in=leads.values("pk"), days_in_from_stage__isnull=False
    ).values_list("from_stage", "days_in_from_stage")
    for stage, days in moves.iterator(chunk_size=5000):
        if days is not None:
            durations[stage].append(days)
    rows = []
    for stage in PIPELINE:
        reached = sum(n for rank, n in by_rank.items() if rank >= RANK[stage])
        rows.append(
            FunnelRow(
                stage=stage.value,
                label=str(stage.label),
                now=now.get(stage.value, 0),
                reached=reached,
                conversion=None,
                median_days=round(statistics.median(durations[stage]), 1)
                if durations[stage]
                else None,
            )
        )
    for row, following in pairwise(rows):
        row.conversion = following.reached / row.reached if row.reached else None
    return rows


def _signed(leads: QuerySet[Lead], since: datetime.date, until: datetime.date) -> QuerySet[Lead]:
    return leads.filter(stage__in=SIGNED_STAGES, signed_on__gte=since, signed_on__lte=until)


def _rows(grouped: QuerySet, key: str, labels: dict[str, str]) -> list[SignedRow]:
    rows = [
        SignedRow(
            key=str(row[key] or ""),
            label=labels.get(row[key], str(row[key] or "—")),
            projects=row["projects"],
            investment=((row["yuan"] or Decimal(0)) / TEN_THOUSAND).quantize(Decimal("0.01")),
            jobs=row["jobs"] or 0,
        )
        for row in grouped
    ]
    return sorted(rows, key=lambda r: (-r.investment, r.key))


def _grouped(leads: QuerySet[Lead], key: str) -> QuerySet:
    return (
        leads.values(key)
        .annotate(projects=Count("id"), yuan=Sum("investment_yuan"), jobs=Sum("jobs"))
        .order_by()
    )


def report_build(
    user: User, *, since: datetime.date | None = None, until: datetime.date | None = None
) -> Report:
    today = timezone.localdate()
    until = until or today
    since = since or (until.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    leads = leads_visible_to(user)
    signed = _signed(leads, since, until)
    months = _grouped(signed.annotate(month=TruncMonth("signed_on")), "month")
    by_month = [
        SignedRow(
            key=f"{row['month']:%Y-%m}",
            label=f"{row['month']:%Y-%m}",
            projects=row["projects"],
            investment=((row["yuan"] or Decimal(0)) / TEN_THOUSAND).quantize(Decimal("0.01")),
            jobs=row["jobs"] or 0,
        )
        for row in months
    ]
    by_month.sort(key=lambda r: r.key)
    regions = {r.code: r.name for r in Region.objects.exclude(level=Region.Level.PROVINCE)}
    sections = {i.code: f"{i.code} {i.name}" for i in Industry.objects.filter(kind="section")}
    by_origin = _rows(_grouped(signed, "origin"), "origin", {})
    for row in by_origin:
        row.label = origin_name(row.key)
    return Report(
        since=since,
        until=until,
        funnel=funnel(leads),
        by_month=by_month,
        by_region=_rows(_grouped(signed, "region_id"), "region_id", regions),
        by_industry=_rows(_grouped(signed, "industry__parent_id"), "industry__parent_id", sections),
        by_origin=by_origin,
        workload=workload(leads),
    )


def workload(leads: QuerySet[Lead]) -> list[WorkloadRow]:
    """Per officer assigned to any of ``leads``: what is on their desk."""
    today = timezone.localdate()
    through = Lead.officers.through.objects.filter(lead__in=leads.values("pk"))
    rows: dict[int, WorkloadRow] = {}
    officer_ids = set(through.values_list("user_id", flat=True).distinct())
    for officer in User.objects.filter(pk__in=officer_ids).order_by("username"):
        rows[officer.pk] = WorkloadRow(officer=officer)
    for user_id, n in (
        through.exclude(lead__stage__in=CLOSED_STAGES)
        .values_list("user_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        rows[user_id].open_leads = n
    for user_id, n in (
        through.filter(lead__in=leads.filter(stale_q()).values("pk"))
        .values_list("user_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        rows[user_id].stale_leads = n
    activities = Activity.objects.filter(owner_id__in=rows, lead__in=leads.values("pk"))
    for user_id, recent, overdue in (
        activities.values_list("owner_id")
        .annotate(
            recent=Count("id", filter=Q(occurred_on__gte=today - datetime.timedelta(days=30))),
            overdue=Count("id", filter=Q(follow_up_on__lt=today, follow_up_done_at__isnull=True)),
        )
        .order_by()
    ):
        rows[user_id].activities_30_days = recent
        rows[user_id].overdue_follow_ups = overdue
    for user_id, n in (
        VisitAction.objects.filter(owner_id__in=rows)
        .exclude(status=VisitAction.Status.RESOLVED)
        .values_list("owner_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        rows[user_id].open_actions = n
    return list(rows.values())
