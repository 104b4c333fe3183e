"""Reads of leads: the filtered list, the board, one lead's timeline, follow-ups due.
Every one starts from ``access.leads_visible_to``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from zhaoshang.core.models import AuditEvent, User
from zhaoshang.leads.access import leads_visible_to
from zhaoshang.leads.matching import company_key
from zhaoshang.leads.models import Activity, Lead, SavedFilter, StageChange, VisitAction
from zhaoshang.leads.stages import BOARD, QUIET_STAGES
from zhaoshang.registry.selectors import in_region

BOARD_CARDS = 20  # cards shown per column; the column's count says how many there are


@dataclass(frozen=True)
class LeadFilter:
    text: str = ""
    stages: tuple[str, ...] = ()
    officer: int | None = None
    region: str = ""  # a county, or a prefecture for all its counties
    industry: str = ""  # a section letter or a division number
    source: str = ""
    origin: str = ""
    amount_min: Decimal | None = None  # 10,000 yuan
    amount_max: Decimal | None = None
    stale: bool = False


def stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=getattr(settings, "LEADS_STALE_DAYS", 30))


def stale_q() -> Q:
    """Leads still worked with no activity since the stale limit."""
    cutoff = stale_before()
    return ~Q(stage__in=QUIET_STAGES) & (
        Q(last_activity_at__lt=cutoff) | Q(last_activity_at__isnull=True, created_at__lt=cutoff)
    )


def leads_filtered(user: User, where: LeadFilter) -> QuerySet[Lead]:
    found = leads_visible_to(user)
    text = where.text.strip()
    if text:
        found = found.filter(
            Q(company__icontains=text)
            | Q(company_key__contains=company_key(text) or text)
            | Q(product__icontains=text)
        )
    if where.stages:
        found = found.filter(stage__in=where.stages)
    if where.officer:
        found = found.filter(officers__id=where.officer)
    if where.region:
        found = found.filter(in_region(where.region))
    if where.industry:
        if where.industry.isalpha():
            found = found.filter(industry__parent_id=where.industry.upper())
        else:
            found = found.filter(industry_id=where.industry)
    if where.source:
        found = found.filter(source=where.source)
    if where.origin:
        found = found.filter(origin=where.origin)
    if where.amount_min is not None:
        found = found.filter(investment_yuan__gte=where.amount_min * 10_000)
    if where.amount_max is not None:
        found = found.filter(investment_yuan__lte=where.amount_max * 10_000)
    if where.stale:
        found = found.filter(stale_q())
    return found


def lead_list(user: User, where: LeadFilter) -> QuerySet[Lead]:
    return (
        leads_filtered(user, where)
        .select_related("region", "industry")
        .prefetch_related(Prefetch("officers", queryset=User.objects.order_by("username")))
        .order_by("-stage_changed_at", "-id")
    )


@dataclass
class Column:
    stage: str
    label: str
    count: int
    cards: list[Lead] = field(default_factory=list)
    html: list[SafeString] = field(default_factory=list)


def board(user: User, where: LeadFilter) -> list[Column]:
    """One column per stage with its count and its most recently moved cards."""
    found = leads_filtered(user, LeadFilter(**{**where.__dict__, "stages": ()}))
    # One pass of conditional counts: cheaper than GROUP BY, which sorts every visible lead.
    counts = found.aggregate(**{s.value: Count("id", filter=Q(stage=s.value)) for s in BOARD})
    columns = [
        Column(stage=stage.value, label=str(stage.label), count=counts.get(stage, 0))
        for stage in BOARD
        if not where.stages or stage.value in where.stages
    ]
    latest = [
        found.filter(stage=column.stage)
        .select_related("region")
        .order_by("-stage_changed_at", "-id")[:BOARD_CARDS]
        for column in columns
        if column.count
    ]
    if connection.features.supports_slicing_ordering_in_compound and len(latest) > 1:
        # PostgreSQL: every column's latest cards in one round trip.
        first, *rest = latest
        cards = list(first.union(*rest, all=True))
    else:
        cards = [lead for piece in latest for lead in piece]
    by_stage: dict[str, list[Lead]] = {}
    for lead in sorted(cards, key=lambda c: (c.stage_changed_at, c.pk), reverse=True):
        by_stage.setdefault(lead.stage, []).append(lead)
    for column in columns:
        column.cards = by_stage.get(column.stage, [])
    return columns


# --- one lead ---------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    at: datetime.datetime
    kind: str  # "activity", "stage" or "audit"
    item: Any


def lead_timeline(lead: Lead, *, limit: int = 200) -> list[TimelineEntry]:
    """Activities, stage changes and audited edits of ``lead``, newest first."""
    activities = lead.activities.select_related("owner").order_by("-occurred_on", "-id")[:limit]
    changes = lead.stage_changes.select_related("actor").order_by("-at", "-id")[:limit]
    lead_type = ContentType.objects.get_for_model(Lead)
    events = list(
        AuditEvent.objects.filter(content_type=lead_type, object_id=str(lead.pk)).order_by(
            "-at", "-id"
        )[:limit]
    )
    # The creation, and the officers recorded with it, show as the first stage entry.
    created = next((e.at for e in events if e.action == AuditEvent.Action.CREATE), None)
    events = [e for e in events if e.action != AuditEvent.Action.CREATE]
    if created is not None:
        events = [e for e in events if not _officers_at_creation(e, created)]
    entries = chain(
        (TimelineEntry(at=activity_moment(a), kind="activity", item=a) for a in activities),
        (TimelineEntry(at=c.at, kind="stage", item=c) for c in changes),
        (TimelineEntry(at=e.at, kind="audit", item=e) for e in events if _edit_only(e)),
    )
    return sorted(entries, key=lambda e: e.at, reverse=True)[:limit]


def activity_moment(activity: Activity) -> datetime.datetime:
    """When an activity took place, for ordering: its recording time if recorded that day,
    else noon of its date."""
    if activity.occurred_on == timezone.localdate(activity.created_at):
        return activity.created_at
    noon = datetime.datetime.combine(activity.occurred_on, datetime.time(12))
    return timezone.make_aware(noon)


# Stage moves have their own entries; an audit event that only says so adds nothing.
_MOVE_FIELDS = {
    "stage",
    "stage_changed_at",
    "version",
    "furthest_rank",
    "signed_on",
    "investment_amount",
    "investment_currency",
    "investment_rate",
    "investment_yuan",
}


def _officers_at_creation(event: AuditEvent, created: datetime.datetime) -> bool:
    officers = event.changes.get("officers")
    return (
        set(event.changes) == {"officers"}
        and officers.get("old") == []
        and abs((event.at - created).total_seconds()) < 2
    )


def _edit_only(event: AuditEvent) -> bool:
    if "stage" not in event.changes:
        return True
    return bool(set(event.changes) - _MOVE_FIELDS)


# --- follow-ups -------------------------------------------------------------------------


@dataclass
class FollowUps:
    """The open follow-ups of one officer due by a day: the first ``limit`` of each kind."""

    due_today: list[Activity]
    overdue: list[Activity]
    due_today_count: int
    overdue_count: int


def follow_ups_due(user: User, *, day: datetime.date | None = None, limit: int = 100) -> FollowUps:
    """Open follow-ups of ``user`` due on ``day`` (today) or before, on leads they see;
    overdue ones oldest first."""
    day = day or timezone.localdate()
    # Read through the open-follow-up index first (small), then keep the visible leads';
    # one query joining both lets the planner walk every visible lead's activities.
    mine = list(
        Activity.objects.filter(owner=user, follow_up_on__lte=day, follow_up_done_at__isnull=True)
        .order_by("follow_up_on", "id")
        .values_list("pk", "lead_id", "follow_up_on")
    )
    visible = set(
        leads_visible_to(user)
        .filter(pk__in={lead_id for _pk, lead_id, _on in mine})
        .values_list("pk", flat=True)
    )
    today = [pk for pk, lead_id, on in mine if lead_id in visible and on == day]
    overdue = [pk for pk, lead_id, on in mine if lead_id in visible and on and on < day]
    shown = {
        a.pk: a
        for a in Activity.objects.filter(pk__in=today[:limit] + overdue[:limit]).select_related(
            "lead"
        )
    }
    return FollowUps(
        due_today=[shown[pk] for pk in today[:limit]],
        overdue=[shown[pk] for pk in overdue[:limit]],
        due_today_count=len(today),
        overdue_count=len(overdue),
    )


def stale_leads(user: User) -> QuerySet[Lead]:
    """Leads assigned to ``user`` with no activity since the stale limit."""
    return (
        leads_visible_to(user)
        .filter(stale_q(), officers=user)
        .select_related("region")
        .order_by("last_activity_at", "created_at")
    )


def actions_open(user: User) -> QuerySet[VisitAction]:
    return (
        VisitAction.objects.filter(owner=user)
        .exclude(status=VisitAction.Status.RESOLVED)
        .select_related("visit__enterprise")
        .order_by("due_on", "id")
    )


def saved_filters(user: User) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(user=user).order_by("name")


def stage_changes(lead: Lead) -> QuerySet[StageChange]:
    return lead.stage_changes.order_by("-at", "-id")
